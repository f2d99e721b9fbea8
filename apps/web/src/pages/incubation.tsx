import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, StatusBadge, Table } from '../components/data';
import { Button, Field, Select, SummaryForm } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { NotFound } from './not-found';
import { Timeline } from './micro-grant';

type Incubation = Schemas['IncubationViewDto'];
type Support = Incubation['plan'] extends infer P ? (P extends { supports: (infer S)[] } ? S : never) : never;
const SUPPORTS: Support[] = ['mentoring', 'project_management', 'funding_search', 'impact_analysis'];

/**
 * An incubated project: its mentor (the project lead picks one among the suggestions), its support
 * plan and milestones (marked reached by the project, its mentor or the project lead), its funding
 * leads, the impact report that ends it, and its timeline.
 */
export function IncubationPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, date } = useI18n();
  const associations = useQuery({ queryKey: ['associations'], queryFn: () => call(api.GET('/associations')) });
  const project = useQuery({
    queryKey: ['incubation', id],
    queryFn: () => call(api.GET('/incubations/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  if (project.error instanceof ApiError && (project.error.status === 404 || project.error.status === 403)) {
    return <NotFound title={t('incubation.notFound')} body={t('grant.notFoundBody')} />;
  }
  if (project.isPending) return <Loading />;
  if (project.error) return <ErrorAlert error={project.error} />;
  const view = project.data;
  const name = (associationId: string) => associations.data?.find((a) => a.id === associationId)?.name ?? associationId;
  const own = me.role === 'association' && me.organisation?.id === view.associationId;
  const mentor = me.role === 'association' && !!view.mentor && me.organisation?.id === view.mentor.associationId;
  const lead = (me.role === 'project_lead' && me.territory?.id === view.territoryId) || me.role === 'admin';
  const live = view.status !== 'graduated' && view.status !== 'withdrawn';
  return (
    <Page title={view.projectTitle}>
      <Facts
        items={[
          [t('grant.status'), <StatusBadge key="s" status={view.status} kind="incubation" />],
          [t('grant.association'), name(view.associationId)],
          [t('incubation.cohort'), t('incubation.cohortValue', { year: view.year })],
          [t('incubation.mentor'), view.mentor ? name(view.mentor.associationId) : t('incubation.noMentor')],
          [t('incubation.qpv'), view.qpv],
          [t('call.themes'), view.themes.join(', ')],
          [t('incubation.selection'), view.selectionReason],
          [
            t('incubation.checkIns'),
            view.checkIns.length
              ? t('incubation.checkInsValue', { count: view.checkIns.length, last: date(view.checkIns[view.checkIns.length - 1].at) })
              : t('incubation.noCheckIn'),
          ],
        ]}
      />
      <p>{view.description}</p>
      {lead && live && <MentorForm view={view} />}
      <PlanSection view={view} mayAct={live && (own || mentor || lead)} />
      <section aria-labelledby="leads">
        <h2 id="leads">{t('incubation.leads')}</h2>
        {view.fundingLeads.length === 0 ? (
          <p>{t('incubation.noLead')}</p>
        ) : (
          <ul>
            {view.fundingLeads.map((l) => (
              <li key={l.id}>
                {t(`incubation.lead.${l.kind}` as MessageKey)} : {l.description} ({date(l.recordedAt)})
                {l.openedId?.startsWith('mg-') && (
                  <>
                    {' — '}
                    <Link to={`/micro-subventions/${l.openedId}`}>{t('incubation.openedGrant')}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {view.impactReport && (
        <section aria-labelledby="impact">
          <h2 id="impact">{t('incubation.impact')}</h2>
          <p className="pre-line">{view.impactReport.summary}</p>
        </section>
      )}
      {view.withdrawal && <Alert kind="warning">{t('incubation.withdrawn', { reason: view.withdrawal.reason })}</Alert>}
      {own && view.status === 'in_progress' && <ImpactForm id={view.id} />}
      <Timeline id={view.id} />
    </Page>
  );
}

function MentorForm({ view }: { view: Incubation }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [choice, setChoice] = useState('');
  const suggestions = useQuery({
    queryKey: ['incubation', view.id, 'mentors'],
    queryFn: () => call(api.GET('/incubations/{id}/mentor-suggestions', { params: { path: { id: view.id } } })),
  });
  const assign = useMutation({
    mutationFn: (mentorAssociationId: string) =>
      call(api.POST('/incubations/{id}/mentor', { params: { path: { id: view.id } }, body: { mentorAssociationId } })),
    onSuccess: () =>
      Promise.all([queries.invalidateQueries({ queryKey: ['incubation', view.id] }), queries.invalidateQueries({ queryKey: ['events', view.id] })]),
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const picked = choice || suggestions.data?.[0]?.associationId;
    if (picked) assign.mutate(picked);
  }
  return (
    <section aria-labelledby="mentor" className="panel">
      <h2 id="mentor">{view.mentor ? t('incubation.changeMentor') : t('incubation.pickMentor')}</h2>
      {assign.isSuccess && <Alert kind="success">{t('agreement.recorded')}</Alert>}
      {assign.error && <ErrorAlert error={assign.error} />}
      {suggestions.data && suggestions.data.length === 0 && <p>{t('incubation.noSuggestion')}</p>}
      {suggestions.data && suggestions.data.length > 0 && (
        <form onSubmit={onSubmit} noValidate>
          <Field name="mentor" label={t('incubation.suggestions')} hint={t('incubation.suggestionsHint')}>
            {(props) => (
              <Select {...props} value={choice || suggestions.data[0].associationId} onChange={(e) => setChoice(e.target.value)}>
                {suggestions.data.map((s) => (
                  <option key={s.associationId} value={s.associationId}>
                    {t('incubation.suggestion', { name: s.name, themes: s.sharedThemes.join(', '), mentees: s.mentees })}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Button type="submit" disabled={assign.isPending}>
            {t('incubation.assign')}
          </Button>
        </form>
      )}
    </section>
  );
}

function PlanSection({ view, mayAct }: { view: Incubation; mayAct: boolean }) {
  const { t, date } = useI18n();
  const queries = useQueryClient();
  const [supports, setSupports] = useState<Support[]>(view.plan?.supports ?? ['mentoring']);
  const done = () =>
    Promise.all([queries.invalidateQueries({ queryKey: ['incubation', view.id] }), queries.invalidateQueries({ queryKey: ['events', view.id] })]);
  const setPlan = useMutation({
    mutationFn: () => call(api.POST('/incubations/{id}/plan', { params: { path: { id: view.id } }, body: { supports } })),
    onSuccess: done,
  });
  const complete = useMutation({
    mutationFn: (milestone: 'design' | 'launch' | 'impact_review') =>
      call(api.POST('/incubations/{id}/milestones/{milestone}/complete', { params: { path: { id: view.id, milestone } }, body: {} })),
    onSuccess: done,
  });
  return (
    <section aria-labelledby="plan">
      <h2 id="plan">{t('incubation.plan')}</h2>
      {(setPlan.isSuccess || complete.isSuccess) && <Alert kind="success">{t('agreement.recorded')}</Alert>}
      {setPlan.error && <ErrorAlert error={setPlan.error} />}
      {complete.error && <ErrorAlert error={complete.error} />}
      {view.plan ? (
        <>
          <p>{t('incubation.supports', { supports: view.plan.supports.map((s) => t(`incubation.support.${s}` as MessageKey)).join(', ') })}</p>
          <Table caption={t('incubation.milestones')} head={[t('incubation.milestone'), t('incubation.due'), t('grant.status'), '']}>
            {view.plan.milestones.map((m) => (
              <tr key={m.name}>
                <td data-label={t('incubation.milestone')}>{t(`incubation.milestone.${m.name}` as MessageKey)}</td>
                <td data-label={t('incubation.due')}>{date(m.dueAt)}</td>
                <td data-label={t('grant.status')}>
                  {m.completedAt ? t('incubation.reached', { date: date(m.completedAt) }) : m.overdue ? t('incubation.late') : t('incubation.upcoming')}
                </td>
                <td data-label="">
                  {mayAct && !m.completedAt && (
                    <Button variant="secondary" onClick={() => complete.mutate(m.name)} disabled={complete.isPending}>
                      {t('incubation.markReached', { milestone: t(`incubation.milestone.${m.name}` as MessageKey) })}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </>
      ) : (
        <p>{view.mentor ? t('incubation.noPlan') : t('incubation.planAfterMentor')}</p>
      )}
      {mayAct && view.mentor && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setPlan.mutate();
          }}
          noValidate
        >
          <fieldset>
            <legend>{view.plan ? t('incubation.revisePlan') : t('incubation.setPlan')}</legend>
            {SUPPORTS.map((s) => (
              <div key={s} className="checkbox-field">
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={supports.includes(s)}
                    onChange={(e) => setSupports(e.target.checked ? [...supports, s] : supports.filter((x) => x !== s))}
                  />{' '}
                  {t(`incubation.support.${s}` as MessageKey)}
                </label>
              </div>
            ))}
          </fieldset>
          <Button type="submit" disabled={setPlan.isPending || supports.length === 0}>
            {t('incubation.savePlan')}
          </Button>
        </form>
      )}
    </section>
  );
}

function ImpactForm({ id }: { id: string }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  return (
    <SummaryForm
      title={t('incubation.impactTitle')}
      label={t('incubation.impactSummary')}
      hint={t('incubation.impactHint')}
      submitLabel={t('incubation.impactSubmit')}
      submit={async (summary) => {
        await call(api.POST('/incubations/{id}/impact-report', { params: { path: { id } }, body: { summary } }));
        await Promise.all([queries.invalidateQueries({ queryKey: ['incubation', id] }), queries.invalidateQueries({ queryKey: ['events', id] })]);
      }}
    />
  );
}
