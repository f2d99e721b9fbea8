import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, Table } from '../components/data';
import { Button, ErrorSummary, Field, Input, Select, TextArea } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { NotFound } from './not-found';

type Cohort = Schemas['CohortViewDto'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function useCohort(territory: string, year: number) {
  return useQuery({
    queryKey: ['cohort', territory, year],
    enabled: Boolean(territory),
    queryFn: () => call(api.GET('/incubation-cohorts/{territory}/{year}', { params: { path: { territory, year } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

/**
 * The incubation cohorts of a territory: this year's and next year's, each opened by the project
 * lead (10 to 15 places, nominations until a date); an association sees those of the territories it
 * acts in.
 */
export function CohortsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const associations = useQuery({ queryKey: ['associations'], enabled: me.role === 'association', queryFn: () => call(api.GET('/associations')) });
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const own =
    me.role === 'association' ? (associations.data?.find((a) => a.id === me.organisation?.id)?.territories ?? []) : me.territory ? [me.territory.id] : [];
  const [chosen, setChosen] = useState('');
  const shown = own.length ? own : chosen ? [chosen] : [];
  const year = new Date().getFullYear();
  const name = (id: string) => territories.data?.find((x) => x.id === id)?.name ?? id;
  return (
    <Page title={t('cohorts.title')} lead={t('cohorts.lead')}>
      {!own.length && (
        <Field name="cohorts-territory" label={t('launch.territory')}>
          {(props) => (
            <Select {...props} value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">{t('launch.choose')}</option>
              {territories.data?.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      {shown.flatMap((territory) =>
        [year, year + 1].map((y) => <CohortCard key={`${territory}-${y}`} me={me} territory={territory} territoryName={name(territory)} year={y} />),
      )}
    </Page>
  );
}

function CohortCard({ me, territory, territoryName, year }: { me: Me; territory: string; territoryName: string; year: number }) {
  const { t, dateTime } = useI18n();
  const cohort = useCohort(territory, year);
  const headingId = `cohort-${territory}-${year}`;
  const missing = cohort.error instanceof ApiError && cohort.error.status === 404;
  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId}>{t('cohorts.cohortOf', { territory: territoryName, year })}</h2>
      {cohort.isPending && <Loading />}
      {cohort.error && !missing && <ErrorAlert error={cohort.error} />}
      {cohort.data && (
        <>
          <p>
            {t('cohorts.summary', {
              selected: cohort.data.nominations.filter((n) => n.status === 'selected').length,
              capacity: cohort.data.capacity,
              deadline: dateTime(cohort.data.nominationDeadline),
            })}
          </p>
          <p>
            <Link to={`/cohortes/${territory}/${year}`}>{t('cohorts.open', { year })}</Link>
          </p>
        </>
      )}
      {missing &&
        (me.role === 'project_lead' && me.territory?.id === territory ? <OpenCohortForm territory={territory} year={year} /> : <p>{t('cohorts.notOpen')}</p>)}
    </section>
  );
}

function OpenCohortForm({ territory, year }: { territory: string; year: number }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [capacity, setCapacity] = useState('12');
  const [deadline, setDeadline] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const open = useMutation({
    mutationFn: () =>
      call(
        api.POST('/incubation-cohorts', {
          body: { territory, year, capacity: Number(capacity), nominationDeadline: new Date(`${deadline}T18:00:00`).toISOString() },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['cohort', territory, year] }),
  });
  const id = `open-${year}`;
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^\d{1,2}$/.test(capacity) || Number(capacity) < 10 || Number(capacity) > 15) found[`${id}-capacity`] = t('cohorts.capacityRange');
    if (!DAY.test(deadline)) found[`${id}-deadline`] = t('error.required');
    setErrors(found);
    if (!Object.keys(found).length) open.mutate();
  }
  const labels = { [`${id}-capacity`]: t('cohorts.capacity'), [`${id}-deadline`]: t('cohorts.deadline') };
  return (
    <>
      <p>{t('cohorts.notOpen')}</p>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {open.error && <ErrorAlert error={open.error} />}
      <form onSubmit={submit} noValidate>
        <Field name={`${id}-capacity`} label={t('cohorts.capacity')} hint={t('cohorts.capacityHint')} error={errors[`${id}-capacity`]}>
          {(props) => <Input {...props} inputMode="numeric" value={capacity} onChange={(e) => setCapacity(e.target.value)} />}
        </Field>
        <Field name={`${id}-deadline`} label={t('cohorts.deadline')} hint={t('cohorts.deadlineHint')} error={errors[`${id}-deadline`]}>
          {(props) => <Input {...props} type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />}
        </Field>
        <Button type="submit" disabled={open.isPending}>
          {t('cohorts.openSubmit', { year })}
        </Button>
      </form>
    </>
  );
}

/**
 * A cohort: its places and deadline; the nominations (an association: its own), each with its
 * selection and reason; the project lead selects with a reason (never beyond the places); a project
 * is nominated by the project lead (for an association of the territory) or by an association for
 * itself; the selected projects' progress, each opening its page (where the mentor is chosen among
 * the suggestions).
 */
export function CohortPage({ me }: { me: Me }) {
  const { territory = '', year = '' } = useParams();
  const { t, date, dateTime } = useI18n();
  const cohort = useCohort(territory, Number(year));
  const associations = useQuery({ queryKey: ['associations'], queryFn: () => call(api.GET('/associations')) });
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  if (cohort.error instanceof ApiError && (cohort.error.status === 404 || cohort.error.status === 403 || cohort.error.status === 400)) {
    return <NotFound title={t('cohorts.notFound')} body={t('grant.notFoundBody')} />;
  }
  if (cohort.isPending) return <Loading />;
  if (cohort.error) return <ErrorAlert error={cohort.error} />;
  const view = cohort.data;
  const name = (id: string) => associations.data?.find((a) => a.id === id)?.name ?? id;
  const lead = (me.role === 'project_lead' && me.territory?.id === view.territoryId) || me.role === 'admin';
  const open = view.status === 'open' && Date.parse(view.nominationDeadline) > Date.now();
  const selected = view.nominations.filter((n) => n.status === 'selected').length;
  return (
    <Page title={t('cohorts.cohortOf', { territory: territories.data?.find((x) => x.id === view.territoryId)?.name ?? view.territoryId, year: view.year })}>
      <Facts
        items={[
          [t('cohorts.places'), t('cohorts.placesValue', { selected, capacity: view.capacity })],
          [t('cohorts.deadline'), dateTime(view.nominationDeadline)],
          [t('grant.status'), open ? t('cohorts.statusOpen') : t('cohorts.statusClosed')],
          [t('cohorts.nominations'), String(view.nominations.length)],
        ]}
      />
      <section aria-labelledby="nominations">
        <h2 id="nominations">{t('cohorts.nominations')}</h2>
        {view.nominations.length === 0 ? (
          <p>{t('cohorts.noNomination')}</p>
        ) : (
          <Table caption={t('cohorts.nominationsCaption')} head={[t('cohorts.project'), t('grant.association'), t('grant.status'), '']}>
            {view.nominations.map((n) => (
              <tr key={n.id}>
                <td data-label={t('cohorts.project')}>
                  {n.selection ? <Link to={`/incubations/${n.selection.incubationId}`}>{n.projectTitle}</Link> : n.projectTitle}
                  <br />
                  <span className="hint">
                    {n.qpv} · {n.themes.join(', ')} · {date(n.nominatedAt)}
                  </span>
                </td>
                <td data-label={t('grant.association')}>{name(n.associationId)}</td>
                <td data-label={t('grant.status')}>{n.selection ? t('cohorts.selectedBecause', { reason: n.selection.reason }) : t('cohorts.nominated')}</td>
                <td data-label="">{lead && open && !n.selection && selected < view.capacity && <SelectForm view={view} nomination={n} />}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>
      {view.projects && view.projects.length > 0 && (
        <section aria-labelledby="progress">
          <h2 id="progress">{t('cohorts.progress')}</h2>
          <Table caption={t('cohorts.progressCaption')} head={[t('cohorts.project'), t('grant.status'), t('incubation.mentor'), t('incubation.milestones')]}>
            {view.projects.map((p) => (
              <tr key={p.incubationId}>
                <td data-label={t('cohorts.project')}>
                  <Link to={`/incubations/${p.incubationId}`}>{p.projectTitle}</Link>
                </td>
                <td data-label={t('grant.status')}>{t(`incubation.status.${p.status}` as MessageKey)}</td>
                <td data-label={t('incubation.mentor')}>{p.mentorAssociationId ? name(p.mentorAssociationId) : t('incubation.noMentor')}</td>
                <td data-label={t('incubation.milestones')}>
                  {t('cohorts.milestonesValue', { done: p.milestones.filter((m) => m.completedAt).length, total: p.milestones.length })}
                </td>
              </tr>
            ))}
          </Table>
        </section>
      )}
      {open && (lead || me.role === 'association') && <NominateForm view={view} me={me} associations={associations.data ?? []} />}
    </Page>
  );
}

function SelectForm({ view, nomination }: { view: Cohort; nomination: Cohort['nominations'][number] }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const select = useMutation({
    mutationFn: () =>
      call(
        api.POST('/incubation-cohorts/{territory}/{year}/selections', {
          params: { path: { territory: view.territoryId, year: view.year } },
          body: { nominationId: nomination.id, reason: reason.trim() },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['cohort', view.territoryId, view.year] }),
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!reason.trim()) return setError(t('cohorts.reasonRequired'));
        setError(undefined);
        select.mutate();
      }}
      noValidate
    >
      {select.error && <ErrorAlert error={select.error} />}
      <Field name={`reason-${nomination.id}`} label={t('cohorts.reasonFor', { project: nomination.projectTitle })} error={error}>
        {(props) => <TextArea {...props} rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <Button type="submit" disabled={select.isPending}>
        {t('cohorts.select')}
      </Button>
    </form>
  );
}

function NominateForm({ view, me, associations }: { view: Cohort; me: Me; associations: Schemas['AssociationDto'][] }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const inTerritory = associations.filter((a) => a.territories.includes(view.territoryId));
  const [form, setForm] = useState({ associationId: '', projectTitle: '', description: '', themes: '', qpv: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const nominate = useMutation({
    mutationFn: (body: Schemas['NominationDto']) =>
      call(api.POST('/incubation-cohorts/{territory}/{year}/nominations', { params: { path: { territory: view.territoryId, year: view.year } }, body })),
    onSuccess: async () => {
      setForm({ associationId: '', projectTitle: '', description: '', themes: '', qpv: '' });
      await queries.invalidateQueries({ queryKey: ['cohort', view.territoryId, view.year] });
    },
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  function submit(event: FormEvent) {
    event.preventDefault();
    const themes = form.themes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const found: Record<string, string> = {};
    if (me.role !== 'association' && !form.associationId) found['nominate-association'] = t('error.required');
    if (!form.projectTitle.trim()) found['nominate-title'] = t('error.required');
    if (!form.description.trim()) found['nominate-description'] = t('error.required');
    if (!themes.length) found['nominate-themes'] = t('error.required');
    if (!form.qpv.trim()) found['nominate-qpv'] = t('error.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    nominate.mutate({
      ...(me.role === 'association' ? {} : { associationId: form.associationId }),
      projectTitle: form.projectTitle.trim(),
      description: form.description.trim(),
      themes,
      qpv: form.qpv.trim(),
    });
  }
  const labels: Record<string, string> = {
    'nominate-association': t('grant.association'),
    'nominate-title': t('cohorts.projectTitle'),
    'nominate-description': t('cohorts.description'),
    'nominate-themes': t('launch.themes'),
    'nominate-qpv': t('incubation.qpv'),
  };
  return (
    <section aria-labelledby="nominate" className="panel">
      <h2 id="nominate">{me.role === 'association' ? t('cohorts.nominateOwn') : t('cohorts.nominate')}</h2>
      {nominate.isSuccess && <Alert kind="success">{t('cohorts.nominatedDone')}</Alert>}
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {nominate.error && <ErrorAlert error={nominate.error} />}
      <form onSubmit={submit} noValidate>
        {me.role !== 'association' && (
          <Field name="nominate-association" label={t('grant.association')} error={errors['nominate-association']}>
            {(props) => (
              <Select {...props} value={form.associationId} onChange={set('associationId')}>
                <option value="">{t('launch.choose')}</option>
                {inTerritory.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
        <Field name="nominate-title" label={t('cohorts.projectTitle')} error={errors['nominate-title']}>
          {(props) => <Input {...props} maxLength={200} value={form.projectTitle} onChange={set('projectTitle')} />}
        </Field>
        <Field name="nominate-description" label={t('cohorts.description')} error={errors['nominate-description']}>
          {(props) => <TextArea {...props} rows={3} maxLength={4000} value={form.description} onChange={set('description')} />}
        </Field>
        <Field name="nominate-themes" label={t('launch.themes')} hint={t('launch.themesHint')} error={errors['nominate-themes']}>
          {(props) => <Input {...props} value={form.themes} onChange={set('themes')} />}
        </Field>
        <Field name="nominate-qpv" label={t('incubation.qpv')} error={errors['nominate-qpv']}>
          {(props) => <Input {...props} maxLength={120} value={form.qpv} onChange={set('qpv')} />}
        </Field>
        <Button type="submit" disabled={nominate.isPending}>
          {t('cohorts.nominateSubmit')}
        </Button>
      </form>
    </section>
  );
}
