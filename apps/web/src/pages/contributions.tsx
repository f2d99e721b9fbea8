import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, Pagination, Table } from '../components/data';
import { Button, ChoiceField, ErrorSummary, Field, Input, TextArea } from '../components/form';
import { ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { centsOf } from './micro-grant-request';

type Contribution = Schemas['ContributionListItemDto'];
export const ORIENTATIONS = ['cohesion_sociale', 'cadre_de_vie', 'emploi_economie', 'jeunesse', 'egalite_femmes_hommes', 'lutte_discriminations'] as const;
const NATURES = ['funding', 'staff', 'premises'] as const;
const TONE: Record<string, string> = { negotiating: 'info', agreed: 'success', withdrawn: 'neutral', expired: 'error' };
const PAGE_SIZE = 20;
const thisYear = () => Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));

export function ContributionStatus({ status, awaiting }: { status: Contribution['status']; awaiting?: 'team' | 'signatory' | null }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${TONE[status] ?? 'neutral'}`}>
      {t(`contribution.status.${status}` as MessageKey)}
      {status === 'negotiating' && awaiting ? ` — ${t(`contribution.awaiting.${awaiting}` as MessageKey)}` : ''}
    </span>
  );
}

/** "50 000,00 €", "3 personnes", "des locaux": what a contribution brings. */
export function useWhat() {
  const { t, euros } = useI18n();
  return (c: { nature: string; amountCents?: number | null; staffCount?: number | null }) =>
    c.nature === 'funding'
      ? euros(c.amountCents ?? 0)
      : c.nature === 'staff'
        ? t('contribution.staffValue', { count: c.staffCount ?? 0 })
        : t('contribution.premisesValue');
}

/**
 * The contributions of the associated signatories (every account reads them), each signatory's year
 * (committed beside paid), and the proposal form for the two sides (a project lead, a signatory).
 */
export function ContributionsPage({ me }: { me: Me }) {
  const { t, date } = useI18n();
  const what = useWhat();
  const [page, setPage] = useState(1);
  const [year, setYear] = useState(thisYear());
  const funders = useQuery({ queryKey: ['funders'], queryFn: () => call(api.GET('/funders')) });
  const list = useQuery({
    queryKey: ['contributions', year, page],
    queryFn: () => call(api.GET('/contributions', { params: { query: { year, page, pageSize: PAGE_SIZE } } })),
  });
  const name = (id: string) => funders.data?.find((f) => f.id === id)?.name ?? id;
  const proposes = me.role === 'project_lead' || me.role === 'funder';
  return (
    <Page title={t('contributions.title')} lead={t('contributions.lead')}>
      <ChoiceField
        name="year"
        label={t('contributions.year')}
        value={year}
        options={[thisYear() + 1, thisYear(), thisYear() - 1, thisYear() - 2].map((y) => ({ value: y, label: String(y) }))}
        onChange={(v) => (setYear(Number(v)), setPage(1))}
      />
      {list.isPending && <Loading />}
      {list.error && <ErrorAlert error={list.error} />}
      {list.data && list.data.items.length === 0 && <p>{t('contributions.none', { year })}</p>}
      {list.data && list.data.items.length > 0 && (
        <>
          <Table
            caption={t('contributions.caption', { count: list.data.total, year })}
            head={[t('contribution.signatory'), t('contribution.orientation'), t('contribution.what'), t('grant.status'), t('contribution.signBy')]}
          >
            {list.data.items.map((c) => (
              <tr key={c.id}>
                <td data-label={t('contribution.signatory')}>
                  <Link to={`/contributions/${c.id}`}>{name(c.signatoryId)}</Link>
                </td>
                <td data-label={t('contribution.orientation')}>{t(`orientation.${c.orientation}` as MessageKey)}</td>
                <td data-label={t('contribution.what')}>{what(c)}</td>
                <td data-label={t('grant.status')}>
                  <ContributionStatus status={c.status} awaiting={c.awaiting} />
                </td>
                <td data-label={t('contribution.signBy')}>{c.signBy ? date(c.signBy) : '—'}</td>
              </tr>
            ))}
          </Table>
          <Pagination page={page} pages={Math.ceil(list.data.total / PAGE_SIZE)} onPage={setPage} />
        </>
      )}
      <SignatoryYear year={year} funders={funders.data ?? []} initial={me.role === 'funder' ? me.organisation?.id : undefined} />
      {proposes && <ProposalForm me={me} year={year} funders={funders.data ?? []} />}
    </Page>
  );
}

/** What a signatory's concluded contributions commit for the year, beside what it paid. */
function SignatoryYear({ year, funders, initial }: { year: number; funders: { id: string; name: string }[]; initial?: string }) {
  const { t, euros } = useI18n();
  const [signatory, setSignatory] = useState(initial ?? '');
  const chosen = signatory || funders[0]?.id || '';
  const summary = useQuery({
    queryKey: ['signatory-year', chosen, year],
    enabled: Boolean(chosen),
    queryFn: () => call(api.GET('/signatories/{id}/years/{year}', { params: { path: { id: chosen, year } } })),
  });
  return (
    <section aria-labelledby="signatory-year">
      <h2 id="signatory-year">{t('contributions.yearTitle', { year })}</h2>
      <ChoiceField
        name="signatory"
        label={t('contribution.signatory')}
        value={chosen}
        options={funders.map((f) => ({ value: f.id, label: f.name }))}
        onChange={setSignatory}
      />
      {summary.error && <ErrorAlert error={summary.error} />}
      {summary.data && (
        <>
          <Facts
            items={[
              [t('contributions.committedFunding'), euros(summary.data.committed.fundingCents)],
              [t('contributions.paid'), t('contributions.paidValue', { amount: euros(summary.data.paid.cents), orders: summary.data.paid.orders })],
              [t('contributions.committedStaff'), String(summary.data.committed.staff)],
              [t('contributions.committedPremises'), String(summary.data.committed.premises)],
              [t('contributions.negotiating'), String(summary.data.negotiating)],
            ]}
          />
          {summary.data.committed.byOrientation.length > 0 && (
            <Table
              caption={t('contributions.byOrientation', { name: summary.data.name, year })}
              head={[
                t('contribution.orientation'),
                t('contributions.committedFunding'),
                t('contributions.committedStaff'),
                t('contributions.committedPremises'),
              ]}
            >
              {summary.data.committed.byOrientation.map((o) => (
                <tr key={o.orientation}>
                  <td data-label={t('contribution.orientation')}>{t(`orientation.${o.orientation}` as MessageKey)}</td>
                  <td data-label={t('contributions.committedFunding')} className="number">
                    {euros(o.fundingCents)}
                  </td>
                  <td data-label={t('contributions.committedStaff')} className="number">
                    {o.staff}
                  </td>
                  <td data-label={t('contributions.committedPremises')} className="number">
                    {o.premises}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
    </section>
  );
}

type Errors = Partial<Record<'territory' | 'signatoryId' | 'amount' | 'staffCount' | 'description', string>>;

/** Either side proposes: the project lead for its territory, a signatory for itself. Its proposal is its signature. */
function ProposalForm({ me, year, funders }: { me: Me; year: number; funders: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const lead = me.role === 'project_lead';
  const [form, setForm] = useState({
    territory: '',
    signatoryId: '',
    orientation: 'cohesion_sociale',
    nature: 'funding',
    amount: '',
    staffCount: '',
    description: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [key] = useState(() => crypto.randomUUID());
  const territory = lead ? (me.territory?.id ?? '') : form.territory || territories.data?.[0]?.id || '';
  const signatoryId = lead ? form.signatoryId || funders[0]?.id || '' : (me.organisation?.id ?? '');
  const propose = useMutation({
    mutationFn: (body: Schemas['ContributionTermsDto']) => call(api.POST('/contributions', { params: { header: { 'idempotency-key': key } }, body })),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: ['contributions'] });
      await navigate(`/contributions/${created.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) setErrors({ description: error.message });
    },
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    const amountCents = form.nature === 'funding' ? centsOf(form.amount) : null;
    const staffCount = form.nature === 'staff' ? Number(form.staffCount) : undefined;
    if (form.nature === 'funding' && amountCents === null) found.amount = t('error.amount');
    if (form.nature === 'staff' && !(Number.isInteger(staffCount) && staffCount! >= 1 && staffCount! <= 1000))
      found.staffCount = t('contribution.new.staffError');
    if (!form.description.trim()) found.description = t('error.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    propose.mutate({
      territory,
      signatoryId,
      orientation: form.orientation as (typeof ORIENTATIONS)[number],
      year,
      nature: form.nature as (typeof NATURES)[number],
      ...(amountCents !== null ? { amountCents } : {}),
      ...(staffCount !== undefined ? { staffCount } : {}),
      description: form.description.trim(),
    });
  }
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  const labels: Record<keyof Errors, string> = {
    territory: t('contribution.territory'),
    signatoryId: t('contribution.signatory'),
    amount: t('contribution.amount'),
    staffCount: t('contribution.staffCount'),
    description: t('contribution.description'),
  };
  const summary = (Object.entries(errors) as [keyof Errors, string][]).map(([field, message]) => ({ field, label: labels[field], message }));
  return (
    <section aria-labelledby="propose" className="panel">
      <h2 id="propose">{t('contribution.new.title', { year })}</h2>
      <p>{lead ? t('contribution.new.leadTeam') : t('contribution.new.leadSignatory')}</p>
      <ErrorSummary errors={summary} />
      {propose.error && !(propose.error instanceof ApiError && propose.error.status === 400) && <ErrorAlert error={propose.error} />}
      <form onSubmit={onSubmit} noValidate>
        {lead ? (
          <ChoiceField
            name="signatoryId"
            label={t('contribution.signatory')}
            value={signatoryId}
            options={funders.map((f) => ({ value: f.id, label: f.name }))}
            onChange={(v) => setForm({ ...form, signatoryId: v })}
          />
        ) : (
          <ChoiceField
            name="territory"
            label={t('contribution.territory')}
            value={territory}
            options={(territories.data ?? []).map((tr) => ({ value: tr.id, label: tr.name }))}
            onChange={(v) => setForm({ ...form, territory: v })}
          />
        )}
        <ChoiceField
          name="orientation"
          label={t('contribution.orientation')}
          value={form.orientation}
          options={ORIENTATIONS.map((o) => ({ value: o, label: t(`orientation.${o}` as MessageKey) }))}
          onChange={(v) => setForm({ ...form, orientation: v })}
        />
        <ChoiceField
          name="nature"
          label={t('contribution.nature')}
          value={form.nature}
          options={NATURES.map((n) => ({ value: n, label: t(`contribution.nature.${n}` as MessageKey) }))}
          onChange={(v) => setForm({ ...form, nature: v })}
        />
        {form.nature === 'funding' && (
          <Field name="amount" label={t('contribution.amount')} hint={t('request.amountHint')} error={errors.amount}>
            {(props) => <Input {...props} value={form.amount} onChange={set('amount')} inputMode="decimal" autoComplete="off" />}
          </Field>
        )}
        {form.nature === 'staff' && (
          <Field name="staffCount" label={t('contribution.staffCount')} error={errors.staffCount}>
            {(props) => <Input {...props} value={form.staffCount} onChange={set('staffCount')} inputMode="numeric" autoComplete="off" />}
          </Field>
        )}
        <Field name="description" label={t('contribution.description')} hint={t('contribution.descriptionHint')} error={errors.description}>
          {(props) => <TextArea {...props} value={form.description} onChange={set('description')} maxLength={2000} />}
        </Field>
        <Button type="submit" disabled={propose.isPending}>
          {t('contribution.new.submit')}
        </Button>
      </form>
    </section>
  );
}
