import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, Table } from '../components/data';
import { Button, ChoiceField, ErrorSummary, Field, Input, TextArea, TextsForm } from '../components/form';
import { ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { ORIENTATIONS } from './contributions';
import { Timeline } from './micro-grant';
import { NotFound } from './not-found';

type Need = Schemas['ReferralDto'];
const SUPPORT_KINDS = ['funding', 'staff', 'premises', 'expertise'] as const;
const TONE: Record<string, string> = {
  submitted: 'info',
  routed: 'info',
  supported: 'success',
  declined: 'warning',
  escalated: 'warning',
  withdrawn: 'neutral',
};

function NeedStatus({ status }: { status: Need['status'] }) {
  const { t } = useI18n();
  return <span className={`badge badge-${TONE[status] ?? 'neutral'}`}>{t(`need.status.${status}` as MessageKey)}</span>;
}

/** The needs this account may see (an association its own, the binôme its territory's, a signatory those routed to it), and an association's form. */
export function NeedsPage({ me }: { me: Me }) {
  const { t, date } = useI18n();
  const list = useQuery({ queryKey: ['needs'], queryFn: () => call(api.GET('/needs', { params: { query: { pageSize: 100 } } })) });
  return (
    <Page title={t('needs.title')} lead={t('needs.lead')}>
      {list.isPending && <Loading />}
      {list.error && <ErrorAlert error={list.error} />}
      {list.data && list.data.items.length === 0 && <p>{t('needs.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <Table
          caption={t('needs.caption', { count: list.data.total })}
          head={[t('need.description'), t('contribution.orientation'), t('need.supportKind'), t('grant.status'), t('need.answerBy')]}
        >
          {list.data.items.map((n) => (
            <tr key={n.id}>
              <td data-label={t('need.description')}>
                <Link to={`/besoins/${n.id}`}>{n.description}</Link>
              </td>
              <td data-label={t('contribution.orientation')}>{t(`orientation.${n.orientation}` as MessageKey)}</td>
              <td data-label={t('need.supportKind')}>{t(`need.kind.${n.supportKind}` as MessageKey)}</td>
              <td data-label={t('grant.status')}>
                <NeedStatus status={n.status} />
              </td>
              <td data-label={t('need.answerBy')}>{n.answerBy ? date(n.answerBy) : '—'}</td>
            </tr>
          ))}
        </Table>
      )}
      {me.role === 'association' && <NeedForm />}
    </Page>
  );
}

function NeedForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form, setForm] = useState({ orientation: 'cohesion_sociale', supportKind: 'funding', description: '' });
  const [error, setError] = useState<string>();
  const [key] = useState(() => crypto.randomUUID());
  const submit = useMutation({
    mutationFn: () =>
      call(
        api.POST('/needs', {
          params: { header: { 'idempotency-key': key } },
          body: {
            orientation: form.orientation as (typeof ORIENTATIONS)[number],
            supportKind: form.supportKind as (typeof SUPPORT_KINDS)[number],
            description: form.description.trim(),
          },
        }),
      ),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: ['needs'] });
      await navigate(`/besoins/${created.id}`);
    },
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!form.description.trim()) return setError(t('error.required'));
    setError(undefined);
    submit.mutate();
  }
  return (
    <section aria-labelledby="need-form" className="panel">
      <h2 id="need-form">{t('need.new.title')}</h2>
      <ErrorSummary errors={error ? [{ field: 'description', label: t('need.description'), message: error }] : []} />
      {submit.error && <ErrorAlert error={submit.error} />}
      <form onSubmit={onSubmit} noValidate>
        <ChoiceField
          name="orientation"
          label={t('contribution.orientation')}
          value={form.orientation}
          options={ORIENTATIONS.map((o) => ({ value: o, label: t(`orientation.${o}` as MessageKey) }))}
          onChange={(v) => setForm({ ...form, orientation: v })}
        />
        <ChoiceField
          name="supportKind"
          label={t('need.supportKind')}
          value={form.supportKind}
          options={SUPPORT_KINDS.map((k) => ({ value: k, label: t(`need.kind.${k}` as MessageKey) }))}
          onChange={(v) => setForm({ ...form, supportKind: v })}
        />
        <Field name="description" label={t('need.description')} hint={t('need.descriptionHint')} error={error}>
          {(props) => <TextArea {...props} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} maxLength={2000} />}
        </Field>
        <Button type="submit" disabled={submit.isPending}>
          {t('need.new.submit')}
        </Button>
      </form>
    </section>
  );
}

/** A need: where it stands and each routing; the binôme routes it, the signatory answers, the association may withdraw it. */
export function NeedPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, date } = useI18n();
  const queries = useQueryClient();
  const funders = useQuery({ queryKey: ['funders'], queryFn: () => call(api.GET('/funders')) });
  const associations = useQuery({ queryKey: ['associations'], queryFn: () => call(api.GET('/associations')) });
  const need = useQuery({
    queryKey: ['need', id],
    queryFn: () => call(api.GET('/needs/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const refresh = () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['need', id] }),
      queries.invalidateQueries({ queryKey: ['needs'] }),
      queries.invalidateQueries({ queryKey: ['events', id] }),
    ]);
  if (need.error instanceof ApiError && need.error.status === 404) return <NotFound title={t('need.notFound')} body={t('grant.notFoundBody')} />;
  if (need.isPending) return <Loading />;
  if (need.error) return <ErrorAlert error={need.error} />;
  const n = need.data;
  const name = (org: string) => funders.data?.find((f) => f.id === org)?.name ?? org;
  const binome = me.role === 'project_lead' || me.role === 'prefect_delegate' || me.role === 'admin';
  const current = n.status === 'routed' ? n.routings.at(-1) : undefined;
  const path = { params: { path: { id } } };
  return (
    <Page title={n.need.description}>
      <Facts
        items={[
          [t('grant.status'), <NeedStatus key="s" status={n.status} />],
          [t('contribution.orientation'), t(`orientation.${n.need.orientation}` as MessageKey)],
          [t('need.supportKind'), t(`need.kind.${n.need.supportKind}` as MessageKey)],
          [t('grant.association'), associations.data?.find((a) => a.id === n.need.associationId)?.name ?? n.need.associationId],
          [t('need.answerBy'), current ? date(current.answerBy) : '—'],
        ]}
      />
      {n.routings.length > 0 && (
        <Table caption={t('need.routings')} head={[t('contribution.signatory'), t('need.contact'), t('need.answerBy'), t('need.answer')]}>
          {n.routings.map((r) => (
            <tr key={r.n}>
              <td data-label={t('contribution.signatory')}>{name(r.signatoryId)}</td>
              <td data-label={t('need.contact')}>{r.contactName}</td>
              <td data-label={t('need.answerBy')}>{date(r.answerBy)}</td>
              <td data-label={t('need.answer')}>
                {r.outcome
                  ? t(`need.outcome.${r.outcome.kind}` as MessageKey, { text: r.outcome.support ?? r.outcome.reason ?? '' })
                  : t('need.awaitingAnswer')}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {binome && ['submitted', 'declined', 'escalated'].includes(n.status) && <RouteForm n={n} funders={funders.data ?? []} done={refresh} />}
      {me.role === 'funder' && current?.signatoryId === me.organisation?.id && (
        <>
          <TextsForm
            id="support"
            title={t('need.supportTitle')}
            fields={[{ name: 'text', label: t('need.supportText'), hint: t('need.supportHint'), required: true }]}
            submitLabel={t('need.offer')}
            submit={async ({ text }) => {
              await call(api.POST('/needs/{id}/answer', { ...path, body: { supported: true, text } }));
              await refresh();
            }}
          />
          <TextsForm
            id="decline"
            title={t('need.declineTitle')}
            collapsed
            fields={[{ name: 'text', label: t('need.declineReason'), required: true }]}
            submitLabel={t('need.decline')}
            variant="secondary"
            submit={async ({ text }) => {
              await call(api.POST('/needs/{id}/answer', { ...path, body: { supported: false, text } }));
              await refresh();
            }}
          />
        </>
      )}
      {me.role === 'association' && n.status !== 'supported' && n.status !== 'withdrawn' && (
        <TextsForm
          id="withdraw"
          title={t('need.withdrawTitle')}
          collapsed
          fields={[{ name: 'reason', label: t('need.withdrawReason'), required: true, maxLength: 2000 }]}
          submitLabel={t('need.withdraw')}
          variant="danger"
          submit={async (v) => {
            await call(api.POST('/needs/{id}/withdraw', { ...path, body: v }));
            await refresh();
          }}
        />
      )}
      <Timeline id={n.id} />
    </Page>
  );
}

function RouteForm({ n, funders, done }: { n: Need; funders: { id: string; name: string }[]; done: () => Promise<unknown> }) {
  const { t, euros } = useI18n();
  const suggestions = useQuery({
    queryKey: ['need', n.id, 'suggestions'],
    queryFn: () => call(api.GET('/needs/{id}/suggestions', { params: { path: { id: n.id } } })),
  });
  const declined = new Set(n.routings.filter((r) => r.outcome?.kind === 'declined').map((r) => r.signatoryId));
  const suggested = suggestions.data ?? [];
  const others = funders.filter((f) => !declined.has(f.id) && !suggested.some((s) => s.signatoryId === f.id));
  const options = [
    ...suggested.map((s) => ({ value: s.signatoryId, label: t('need.suggested', { name: s.name, count: s.contributions, amount: euros(s.fundingCents) }) })),
    ...others.map((f) => ({ value: f.id, label: f.name })),
  ];
  const [signatory, setSignatory] = useState('');
  const [contact, setContact] = useState('');
  const [error, setError] = useState<string>();
  const route = useMutation({
    mutationFn: () =>
      call(
        api.POST('/needs/{id}/routing', { params: { path: { id: n.id } }, body: { signatoryId: signatory || options[0]?.value, contactName: contact.trim() } }),
      ),
    onSuccess: done,
  });
  return (
    <section aria-labelledby="route" className="panel">
      <h2 id="route">{t('need.routeTitle')}</h2>
      {suggestions.data && <p>{suggested.length ? t('need.suggestionsLead') : t('need.noSuggestion')}</p>}
      {route.error && <ErrorAlert error={route.error} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!contact.trim()) return setError(t('error.required'));
          setError(undefined);
          route.mutate();
        }}
        noValidate
      >
        <ChoiceField
          name="route-signatory"
          label={t('contribution.signatory')}
          value={signatory || options[0]?.value || ''}
          options={options}
          onChange={setSignatory}
        />
        <Field name="route-contact" label={t('need.contact')} hint={t('need.contactHint')} error={error}>
          {(props) => <Input {...props} value={contact} onChange={(e) => setContact(e.target.value)} maxLength={200} autoComplete="off" />}
        </Field>
        <Button type="submit" disabled={route.isPending}>
          {t('need.route')}
        </Button>
      </form>
    </section>
  );
}
