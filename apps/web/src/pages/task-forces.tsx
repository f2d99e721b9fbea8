import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Pagination, Table } from '../components/data';
import { Button, ErrorSummary, Field, Input, Select, TextArea } from '../components/form';
import { ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

export const TASK_FORCE_TONE: Record<string, string> = { forming: 'info', active: 'success', reporting: 'warning', closed: 'neutral', cancelled: 'error' };
const PAGE_SIZE = 20;

export function TaskForceStatus({ status }: { status: Schemas['TaskForceDto']['status'] }) {
  const { t } = useI18n();
  return <span className={`badge badge-${TASK_FORCE_TONE[status] ?? 'neutral'}`}>{t(`taskForce.status.${status}` as MessageKey)}</span>;
}

/** The task forces this account may see: its territory's (binôme), those it is invited to (associations, signatories), all (audit). */
export function TaskForcesPage({ me }: { me: Me }) {
  const { t, date } = useI18n();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['task-forces', page],
    queryFn: () => call(api.GET('/task-forces', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  return (
    <Page title={t('taskForces.title')} lead={t('taskForces.lead')}>
      {me.role === 'project_lead' && (
        <p>
          <Link className="button button-primary" to="/task-forces/nouvelle">
            {t('taskForces.propose')}
          </Link>
        </p>
      )}
      {list.isPending && <Loading />}
      {list.error && <ErrorAlert error={list.error} />}
      {list.data && list.data.items.length === 0 && <p>{t('taskForces.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <>
          <Table
            caption={t('taskForces.caption', { count: list.data.total })}
            head={[t('files.col.title'), t('taskForce.qpv'), t('grant.status'), t('taskForce.members'), t('taskForce.nextStep')]}
          >
            {list.data.items.map((tf) => (
              <tr key={tf.id}>
                <td data-label={t('files.col.title')}>
                  <Link to={`/task-forces/${tf.id}`}>{tf.title}</Link>
                </td>
                <td data-label={t('taskForce.qpv')}>{tf.qpv}</td>
                <td data-label={t('grant.status')}>
                  <TaskForceStatus status={tf.status} />
                </td>
                <td data-label={t('taskForce.members')}>{t('taskForce.membersValue', { accepted: tf.accepted, seated: tf.seated })}</td>
                <td data-label={t('taskForce.nextStep')}>
                  {tf.nextStep ? `${t(`taskForce.step.${tf.nextStep.step}` as MessageKey)}${tf.nextStep.dueAt ? ` — ${date(tf.nextStep.dueAt)}` : ''}` : '—'}
                </td>
              </tr>
            ))}
          </Table>
          <Pagination page={page} pages={Math.ceil(list.data.total / PAGE_SIZE)} onPage={setPage} />
        </>
      )}
    </Page>
  );
}

type Errors = Partial<Record<'qpv' | 'title' | 'problem' | 'members', string>>;

/** A project lead proposes a task force in its territory: one problem, one QPV, 6 to 8 members with itself. */
export function TaskForceProposalPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const territory = me.territory?.id ?? '';
  const associations = useQuery({ queryKey: ['associations', territory], queryFn: () => call(api.GET('/associations', { params: { query: { territory } } })) });
  const funders = useQuery({ queryKey: ['funders'], queryFn: () => call(api.GET('/funders')) });
  const [form, setForm] = useState({ qpv: '', title: '', problem: '', durationMonths: '6' });
  const [organisations, setOrganisations] = useState<{ kind: 'association' | 'signatory'; organisationId: string }[]>([]);
  const [services, setServices] = useState(['', '']);
  const [errors, setErrors] = useState<Errors>({});
  const [key] = useState(() => crypto.randomUUID());
  const members = [...organisations, ...services.filter((s) => s.trim()).map((name) => ({ kind: 'service' as const, name: name.trim() }))];
  const propose = useMutation({
    mutationFn: () =>
      call(
        api.POST('/task-forces', {
          params: { header: { 'idempotency-key': key } },
          body: {
            territory,
            qpv: form.qpv.trim(),
            title: form.title.trim(),
            problem: form.problem.trim(),
            durationMonths: Number(form.durationMonths),
            members,
          },
        }),
      ),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: ['task-forces'] });
      await navigate(`/task-forces/${created.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400)
        setErrors({ [/members/.test(error.message) ? 'members' : ((error.fields[0] as keyof Errors) ?? 'title')]: error.message });
    },
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (!form.qpv.trim()) found.qpv = t('error.required');
    if (!form.title.trim()) found.title = t('error.required');
    if (!form.problem.trim()) found.problem = t('error.required');
    if (members.length < 5 || members.length > 7) found.members = t('taskForce.new.size', { count: members.length + 1 });
    setErrors(found);
    if (!Object.keys(found).length) propose.mutate();
  }
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  const toggle = (kind: 'association' | 'signatory', organisationId: string, on: boolean) =>
    setOrganisations(on ? [...organisations, { kind, organisationId }] : organisations.filter((o) => o.organisationId !== organisationId));
  const labels: Record<keyof Errors, string> = {
    qpv: t('taskForce.qpv'),
    title: t('taskForce.new.titleField'),
    problem: t('taskForce.problem'),
    members: t('taskForce.members'),
  };
  const summary = (Object.entries(errors) as [keyof Errors, string][]).map(([field, message]) => ({ field, label: labels[field], message }));
  if (me.role !== 'project_lead')
    return (
      <Page title={t('taskForce.new.title')}>
        <p>{t('taskForce.new.onlyLead')}</p>
      </Page>
    );
  return (
    <Page title={t('taskForce.new.title')} lead={t('taskForce.new.lead')}>
      <ErrorSummary errors={summary} />
      {propose.error && !(propose.error instanceof ApiError && propose.error.status === 400) && <ErrorAlert error={propose.error} />}
      <form onSubmit={onSubmit} noValidate className="form">
        <Field name="title" label={t('taskForce.new.titleField')} error={errors.title}>
          {(props) => <Input {...props} value={form.title} onChange={set('title')} maxLength={200} autoComplete="off" />}
        </Field>
        <Field name="qpv" label={t('taskForce.qpv')} hint={t('taskForce.new.qpvHint')} error={errors.qpv}>
          {(props) => <Input {...props} value={form.qpv} onChange={set('qpv')} maxLength={120} autoComplete="off" />}
        </Field>
        <Field name="problem" label={t('taskForce.problem')} hint={t('taskForce.new.problemHint')} error={errors.problem}>
          {(props) => <TextArea {...props} value={form.problem} onChange={set('problem')} maxLength={2000} />}
        </Field>
        <Field name="durationMonths" label={t('taskForce.new.duration')}>
          {(props) => (
            <Select {...props} value={form.durationMonths} onChange={set('durationMonths')}>
              {[6, 5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {t('taskForce.months', { count: n })}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <fieldset
          className={`field-group${errors.members ? ' field-group-error' : ''}`}
          id="field-members"
          tabIndex={-1}
          aria-describedby={`members-hint${errors.members ? ' members-error' : ''}`}
        >
          <legend className="legend-large">{t('taskForce.members')}</legend>
          <p className="hint" id="members-hint" aria-live="polite">
            {t('taskForce.new.membersHint', { count: members.length + 1 })}
          </p>
          {errors.members && (
            <p className="error-message" id="members-error">
              {errors.members}
            </p>
          )}
          {(
            [
              ['association', t('taskForce.new.associations'), associations.data],
              ['signatory', t('taskForce.new.signatories'), funders.data],
            ] as const
          ).map(([kind, legend, choices]) => (
            <fieldset key={kind}>
              <legend>{legend}</legend>
              {!choices && <Loading />}
              {choices?.map((o) => (
                <div key={o.id} className="checkbox-field">
                  <label className="choice">
                    <input
                      type="checkbox"
                      checked={organisations.some((x) => x.organisationId === o.id)}
                      onChange={(e) => toggle(kind, o.id, e.target.checked)}
                    />{' '}
                    {o.name}
                  </label>
                </div>
              ))}
            </fieldset>
          ))}
          <fieldset>
            <legend>{t('taskForce.new.services')}</legend>
            {services.map((s, i) => (
              <Field key={i} name={`service-${i}`} label={t('taskForce.new.service', { n: i + 1 })}>
                {(props) => (
                  <Input
                    {...props}
                    value={s}
                    onChange={(e) => setServices(services.map((x, j) => (j === i ? e.target.value : x)))}
                    maxLength={200}
                    autoComplete="off"
                  />
                )}
              </Field>
            ))}
            {services.length < 3 && (
              <Button variant="secondary" onClick={() => setServices([...services, ''])}>
                {t('taskForce.new.addService')}
              </Button>
            )}
          </fieldset>
        </fieldset>
        <Button type="submit" disabled={propose.isPending}>
          {t('taskForce.new.submit')}
        </Button>
      </form>
    </Page>
  );
}
