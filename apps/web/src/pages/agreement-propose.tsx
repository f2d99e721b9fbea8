import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Button, ErrorSummary, Field, Input, Select } from '../components/form';
import { FundingPlanFields, planErrors, planLabels, planLines, PlanRow } from '../components/funding-plan';
import { ErrorAlert, Loading, Page } from '../components/page';
import { parisDay } from '../dates';
import { useI18n } from '../i18n';
import { centsOf } from './micro-grant-request';

/** The API's field names, as the form's (its refusals name the field at fault). */
const FIELD_OF: Record<string, string> = {
  associationId: 'association',
  years: 'years',
  yearlyAmountCents: 'yearly',
  startDate: 'start',
  fundingPlan: 'plan-amount-0',
  'coordination.flatAmountCents': 'flat',
  'coordination.tokenValueCents': 'token',
  'coordination.yearlyCapCents': 'cap',
};

/**
 * Proposing a multi-year anchoring agreement to an association (the funder side: a project lead for
 * its territory's associations, a funder that carries a line of the plan, an admin): its length, the
 * yearly operating amount split between funders, and how coordination time is paid (a yearly flat
 * amount, or a token per meeting attended, capped). The association and each funder then accept.
 */
export function ProposeAgreementPage({ me }: { me: Me }) {
  const { t, euros } = useI18n();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const funders = useQuery({ queryKey: ['funders'], queryFn: () => call(api.GET('/funders')) });
  const associations = useQuery({ queryKey: ['associations'], queryFn: () => call(api.GET('/associations')) });
  const [form, setForm] = useState({ association: '', years: '3', yearly: '', start: '', mode: 'tokens' as 'flat' | 'tokens', flat: '', token: '', cap: '' });
  const [plan, setPlan] = useState<PlanRow[]>([{ funderId: me.role === 'funder' ? (me.organisation?.id ?? '') : '', amount: '' }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // One key for this form: a double submit or a retry after a lost answer proposes one agreement.
  const [key] = useState(() => crypto.randomUUID());
  const propose = useMutation({
    mutationFn: (body: Schemas['ProposeAgreementDto']) => call(api.POST('/anchoring-agreements', { params: { header: { 'idempotency-key': key } }, body })),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: ['grants'] });
      await navigate(`/conventions/${created.id}`);
    },
    onError: (error) => {
      if (!(error instanceof ApiError) || error.status !== 400) return;
      const problems = Array.isArray(error.body.problems) ? (error.body.problems as string[]) : [error.message];
      const found: Record<string, string> = {};
      for (const problem of problems) {
        const [field] = problem.split(':');
        const key = FIELD_OF[field] ?? FIELD_OF[error.fields[0] ?? ''];
        if (key) found[key] = found[key] ?? (field === 'startDate' ? t('propose.startPast') : problem.slice(field.length + 1).trim() || problem);
      }
      setErrors(found);
    },
  });
  if (me.role !== 'project_lead' && me.role !== 'funder' && me.role !== 'admin') return <ErrorAlert error={new Error(t('propose.notYours'))} />;
  if (funders.isPending || associations.isPending) return <Loading />;
  const territory = me.role === 'project_lead' ? me.territory?.id : undefined;
  const choices = (associations.data ?? []).filter((a) => !territory || a.territories.includes(territory));
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const yearly = centsOf(form.yearly);
    const found: Record<string, string> = {};
    if (!form.association) found.association = t('error.required');
    if (yearly === null) found.yearly = t('error.amount');
    if (form.start && form.start < parisDay()) found.start = t('propose.startPast');
    Object.assign(found, planErrors(plan, yearly, t, euros));
    const flat = centsOf(form.flat);
    const token = centsOf(form.token);
    const cap = centsOf(form.cap);
    if (form.mode === 'flat' && flat === null) found.flat = t('error.amount');
    if (form.mode === 'tokens') {
      if (token === null) found.token = t('error.amount');
      if (cap === null) found.cap = t('error.amount');
      else if (token !== null && cap < token) found.cap = t('propose.capBelowToken');
    }
    setErrors(found);
    if (Object.keys(found).length || yearly === null) return;
    propose.mutate({
      associationId: form.association,
      years: Number(form.years),
      yearlyAmountCents: yearly,
      ...(form.start ? { startDate: form.start } : {}),
      fundingPlan: planLines(plan),
      coordination: form.mode === 'flat' ? { mode: 'flat', flatAmountCents: flat! } : { mode: 'tokens', tokenValueCents: token!, yearlyCapCents: cap! },
    });
  }

  const labels: Record<string, string> = {
    association: t('grant.association'),
    years: t('agreement.years'),
    yearly: t('propose.yearly'),
    start: t('propose.start'),
    flat: t('propose.flat'),
    token: t('propose.token'),
    cap: t('propose.cap'),
    ...planLabels(plan, t),
  };
  return (
    <Page title={t('propose.title')} lead={t('propose.lead')}>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field] ?? field, message }))} />
      {propose.error && !(propose.error instanceof ApiError && propose.error.status === 400 && Object.keys(errors).length) && (
        <ErrorAlert error={propose.error} />
      )}
      <form onSubmit={onSubmit} noValidate className="form">
        <Field name="association" label={t('grant.association')} hint={territory ? t('propose.associationHint') : undefined} error={errors.association}>
          {(props) => (
            <Select {...props} value={form.association} onChange={set('association')}>
              <option value="">{t('launch.choose')}</option>
              {choices.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field name="years" label={t('agreement.years')} error={errors.years}>
          {(props) => (
            <Select {...props} value={form.years} onChange={set('years')}>
              {[1, 2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {t(n === 1 ? 'propose.oneYear' : 'propose.nYears', { n })}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field name="yearly" label={t('propose.yearly')} hint={t('propose.yearlyHint')} error={errors.yearly}>
          {(props) => <Input {...props} inputMode="decimal" autoComplete="off" value={form.yearly} onChange={set('yearly')} />}
        </Field>
        <Field name="start" label={t('propose.start')} hint={t('propose.startHint')} error={errors.start}>
          {(props) => <Input {...props} type="date" value={form.start} onChange={set('start')} />}
        </Field>
        <FundingPlanFields plan={plan} onChange={setPlan} errors={errors} funders={funders.data ?? []} hint={t('propose.planHint')} />
        <fieldset>
          <legend>{t('agreement.coordination')}</legend>
          <p className="hint">{t('propose.coordinationHint')}</p>
          {(['tokens', 'flat'] as const).map((mode) => (
            <div key={mode} className="checkbox-field">
              <input type="radio" name="mode" id={`mode-${mode}`} checked={form.mode === mode} onChange={() => setForm({ ...form, mode })} />
              <label htmlFor={`mode-${mode}`}>{t(mode === 'flat' ? 'propose.modeFlat' : 'propose.modeTokens')}</label>
            </div>
          ))}
          {form.mode === 'flat' ? (
            <Field name="flat" label={t('propose.flat')} error={errors.flat}>
              {(props) => <Input {...props} inputMode="decimal" autoComplete="off" value={form.flat} onChange={set('flat')} />}
            </Field>
          ) : (
            <>
              <Field name="token" label={t('propose.token')} error={errors.token}>
                {(props) => <Input {...props} inputMode="decimal" autoComplete="off" value={form.token} onChange={set('token')} />}
              </Field>
              <Field name="cap" label={t('propose.cap')} error={errors.cap}>
                {(props) => <Input {...props} inputMode="decimal" autoComplete="off" value={form.cap} onChange={set('cap')} />}
              </Field>
            </>
          )}
        </fieldset>
        <Button type="submit" disabled={propose.isPending}>
          {t('propose.submit')}
        </Button>
      </form>
    </Page>
  );
}
