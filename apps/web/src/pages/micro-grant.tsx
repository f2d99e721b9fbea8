import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, StatusBadge } from '../components/data';
import { Button, Field, SummaryForm, TextArea } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { NotFound } from './not-found';
import { eventLabel } from '../i18n/events';

type View = Schemas['MicroGrantViewDto'];

/** A micro-grant: its facts, the binôme's decisions, the decision or report form, its timeline. */
export function MicroGrantPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, euros, date } = useI18n();
  const location = useLocation() as { state?: { created?: boolean } };
  const associations = useQuery({ queryKey: ['associations'], queryFn: () => call(api.GET('/associations')) });
  const grant = useQuery({
    queryKey: ['micro-grant', id],
    queryFn: () => call(api.GET('/micro-grants/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    refetchInterval: (query) => (query.state.data && ['requested', 'approved'].includes(query.state.data.status) ? 1000 : false),
  });
  if (grant.error instanceof ApiError && (grant.error.status === 404 || grant.error.status === 403)) {
    return <NotFound title={t('grant.notFound')} body={t('grant.notFoundBody')} />;
  }
  if (grant.isPending) return <Loading />;
  if (grant.error) return <ErrorAlert error={grant.error} />;
  const view = grant.data;
  const binome = (me.role === 'project_lead' || me.role === 'prefect_delegate') && me.territory?.id === view.territoryId;
  const mine = me.role === 'association' && me.organisation?.id === view.associationId;
  return (
    <Page title={view.title}>
      {location.state?.created && view.status !== 'escalated' && <Alert kind="success">{t('request.sent')}</Alert>}
      {view.escalationReason && <Alert kind="warning">{t('request.escalated', { reason: view.escalationReason })}</Alert>}
      <Facts
        items={[
          [t('grant.status'), <StatusBadge key="s" status={view.status} />],
          [t('grant.association'), associations.data?.find((a) => a.id === view.associationId)?.name ?? view.associationId],
          [t('grant.amount'), euros(view.amountCents)],
          [t('grant.requestedAt'), date(view.requestedAt)],
          ...(view.decisionDeadlineAt && view.status === 'awaiting_decisions'
            ? [[t('grant.deadline'), date(view.decisionDeadlineAt)] as [string, string]]
            : []),
          ...(view.reportDueAt && view.status !== 'closed' ? [[t('grant.reportDue'), date(view.reportDueAt)] as [string, string]] : []),
          [t('grant.purpose'), view.purpose],
          ...(view.targetPublic?.basis === 'eligible'
            ? [[t('request.targetPublic'), (view.targetPublic.publics ?? []).map((p) => t(`request.public.${p}` as MessageKey)).join(', ')] as [string, string]]
            : []),
          ...(view.targetPublic?.basis === 'non_take_up' && view.targetPublic.assessment
            ? [
                [
                  t('request.targetPublic'),
                  t('grant.nonTakeUp', {
                    public: view.targetPublic.public ?? '',
                    rights: view.targetPublic.assessment.rights,
                    people: view.targetPublic.assessment.estimatedPeople,
                    evidence: view.targetPublic.assessment.evidence,
                  }),
                ] as [string, string],
              ]
            : []),
        ]}
      />
      <section aria-labelledby="decisions">
        <h2 id="decisions">{t('grant.decisions')}</h2>
        {view.decisions.length === 0 ? (
          <p>{t('grant.noDecision')}</p>
        ) : (
          <ul>
            {view.decisions.map((d) => (
              <li key={d.role}>
                <strong>{t(`decision.${d.role}` as MessageKey)}</strong> : {t(`decision.${d.decision}` as MessageKey)}, {date(d.at)}
                {d.reason ? ` — « ${d.reason} »` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      {binome && view.status === 'awaiting_decisions' && <DecisionForm view={view} role={me.role as 'project_lead' | 'prefect_delegate'} />}
      {mine && (view.status === 'paid' || view.status === 'report_overdue') && <ReportForm id={view.id} />}
      <Timeline id={view.id} />
    </Page>
  );
}

function DecisionForm({ view, role }: { view: View; role: 'project_lead' | 'prefect_delegate' }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const decide = useMutation({
    mutationFn: (body: { decision: 'approve' | 'reject'; reason?: string }) =>
      call(api.POST('/micro-grants/{id}/decisions', { params: { path: { id: view.id } }, body })),
    onSuccess: () =>
      Promise.all([queries.invalidateQueries({ queryKey: ['micro-grant', view.id] }), queries.invalidateQueries({ queryKey: ['events', view.id] })]),
  });
  if (view.decisions.some((d) => d.role === role)) return <Alert kind="info">{t('decision.yours')}</Alert>;
  function reject(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('decision.reasonRequired'));
      return;
    }
    setError(undefined);
    decide.mutate({ decision: 'reject', reason: reason.trim() });
  }
  return (
    <section aria-labelledby="decide" className="panel">
      <h2 id="decide">{t('decision.title')}</h2>
      {decide.isSuccess && <Alert kind="success">{t('decision.done')}</Alert>}
      {decide.error && <ErrorAlert error={decide.error} />}
      <p>
        <Button onClick={() => decide.mutate({ decision: 'approve' })} disabled={decide.isPending}>
          {t('decision.approve.button')}
        </Button>
      </p>
      <form onSubmit={reject} noValidate>
        <Field name="reason" label={t('decision.reason')} hint={t('decision.reasonHint')} error={error}>
          {(props) => <TextArea {...props} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />}
        </Field>
        <Button type="submit" variant="danger" disabled={decide.isPending}>
          {t('decision.reject.button')}
        </Button>
      </form>
    </section>
  );
}

function ReportForm({ id }: { id: string }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  return (
    <SummaryForm
      title={t('report.title')}
      label={t('report.summary')}
      submitLabel={t('report.submit')}
      doneText={t('report.done')}
      submit={async (summary) => {
        await call(api.POST('/micro-grants/{id}/report', { params: { path: { id } }, body: { summary } }));
        await Promise.all([queries.invalidateQueries({ queryKey: ['micro-grant', id] }), queries.invalidateQueries({ queryKey: ['events', id] })]);
      }}
    />
  );
}

/** A file's domain events in order, who did what and why (any path). */
export function Timeline({ id }: { id: string }) {
  const { t, dateTime, language } = useI18n();
  const events = useQuery({ queryKey: ['events', id], queryFn: () => call(api.GET('/grants/{id}/events', { params: { path: { id } } })) });
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{t('grant.timeline')}</h2>
      {events.isPending && <Loading />}
      {events.data && (
        <ol className="timeline">
          {events.data.map((event) => {
            const actor = event.actor as { role?: string; id?: string; kind?: string };
            const payload = event.payload as { reason?: string; role?: string; decision?: string };
            return (
              <li key={event.seq}>
                <time dateTime={event.occurredAt}>{dateTime(event.occurredAt)}</time> — {eventLabel(event.type, language)}
                {payload.decision ? ` : ${t(`decision.${payload.decision}` as MessageKey)}` : ''}
                {actor.role ? ` (${t('event.by', { who: t(`role.${actor.role}` as MessageKey) })})` : ''}
                {payload.reason ? ` — « ${payload.reason} »` : ''}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
