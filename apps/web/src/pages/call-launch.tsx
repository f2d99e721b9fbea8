import { useMutation, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Button, ErrorSummary, Field, Input, Select, TextArea } from '../components/form';
import { FundingPlanFields, planErrors, planLabels, planLines, PlanRow } from '../components/funding-plan';
import { ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import { centsOf } from './micro-grant-request';

/** A day and a time of the form, as the instant they mean in the browser's time zone. */
const instant = (day: string, time: string) => new Date(`${day}T${time || '00:00'}:00`).toISOString();
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Launching a call for projects (a project lead for its territory, a funder, an admin): its title,
 * themes and territories (every association matching both is invited), the public it aims at, the
 * budget and each funder's line, the meetup window and the two deadlines. The call's page opens once
 * it runs.
 */
export function LaunchCallPage({ me }: { me: Me }) {
  const { t, euros } = useI18n();
  const navigate = useNavigate();
  const funders = useQuery({ queryKey: ['funders'], queryFn: () => call(api.GET('/funders')) });
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const own = me.role === 'project_lead' ? me.territory?.id : undefined;
  const [form, setForm] = useState({
    title: '',
    themes: '',
    territory: '',
    targetPublic: '',
    budget: '',
    meetupsFrom: '',
    meetupsTo: '',
    eoiDay: '',
    eoiTime: '18:00',
    proposalDay: '',
    proposalTime: '18:00',
  });
  const [plan, setPlan] = useState<PlanRow[]>([{ funderId: me.role === 'funder' ? (me.organisation?.id ?? '') : '', amount: '' }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const launch = useMutation({
    mutationFn: (body: Schemas['LaunchCallDto']) => call(api.POST('/calls', { body })),
    onSuccess: (state) => navigate(`/appels/${state.id}`),
    onError: (error) => {
      if (error instanceof ApiError && error.fields.length) setErrors(Object.fromEntries(error.fields.map((f) => [`call-${f}`, error.message])));
    },
  });
  if (me.role !== 'project_lead' && me.role !== 'funder' && me.role !== 'admin') return <ErrorAlert error={new Error(t('launch.notYours'))} />;
  if (funders.isPending || territories.isPending) return <Loading />;
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const territory = own ?? form.territory;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const themes = form.themes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const budgetCents = centsOf(form.budget);
    if (!form.title.trim()) found['call-title'] = t('error.required');
    if (!themes.length) found['call-themes'] = t('error.required');
    if (!territory) found['call-territory'] = t('error.required');
    if (!form.targetPublic.trim()) found['call-targetPublic'] = t('error.required');
    if (budgetCents === null) found['call-budget'] = t('error.amount');
    Object.assign(found, planErrors(plan, budgetCents, t, euros));
    for (const key of ['meetupsFrom', 'meetupsTo', 'eoiDay', 'proposalDay'] as const) if (!DAY.test(form[key])) found[`call-${key}`] = t('error.required');
    setErrors(found);
    if (Object.keys(found).length || budgetCents === null) return;
    launch.mutate({
      title: form.title.trim(),
      themes,
      territories: [territory],
      targetPublic: form.targetPublic.trim(),
      budgetCents,
      fundingPlan: planLines(plan),
      meetupWindow: { startsAt: instant(form.meetupsFrom, '00:00'), endsAt: instant(form.meetupsTo, '23:59') },
      eoiDeadline: instant(form.eoiDay, form.eoiTime),
      proposalDeadline: instant(form.proposalDay, form.proposalTime),
    });
  }

  const labels: Record<string, string> = {
    'call-title': t('launch.title'),
    'call-themes': t('launch.themes'),
    'call-territory': t('launch.territory'),
    'call-territories': t('launch.territory'),
    'call-targetPublic': t('call.targetPublic'),
    'call-budget': t('call.budget'),
    'call-budgetCents': t('call.budget'),
    'call-meetupsFrom': t('launch.meetupsFrom'),
    'call-meetupsTo': t('launch.meetupsTo'),
    'call-meetupWindow': t('launch.meetupsFrom'),
    'call-eoiDay': t('call.eoiDeadline'),
    'call-eoiDeadline': t('call.eoiDeadline'),
    'call-proposalDay': t('call.proposalDeadline'),
    'call-proposalDeadline': t('call.proposalDeadline'),
    'call-fundingPlan': t('launch.plan'),
    ...planLabels(plan, t),
  };
  return (
    <Page title={t('launch.pageTitle')} lead={t('launch.lead')}>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field] ?? field, message }))} />
      {launch.error && !(launch.error instanceof ApiError && launch.error.fields.length) && <ErrorAlert error={launch.error} />}
      <form onSubmit={onSubmit} noValidate className="form">
        <Field name="call-title" label={t('launch.title')} error={errors['call-title']}>
          {(props) => <Input {...props} maxLength={200} value={form.title} onChange={set('title')} />}
        </Field>
        <Field name="call-themes" label={t('launch.themes')} hint={t('launch.themesHint')} error={errors['call-themes']}>
          {(props) => <Input {...props} value={form.themes} onChange={set('themes')} />}
        </Field>
        {own ? (
          <p>{t('launch.ownTerritory', { territory: territories.data?.find((x) => x.id === own)?.name ?? own })}</p>
        ) : (
          <Field name="call-territory" label={t('launch.territory')} error={errors['call-territory']}>
            {(props) => (
              <Select {...props} value={form.territory} onChange={set('territory')}>
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
        <Field name="call-targetPublic" label={t('call.targetPublic')} error={errors['call-targetPublic']}>
          {(props) => <TextArea {...props} rows={3} maxLength={2000} value={form.targetPublic} onChange={set('targetPublic')} />}
        </Field>
        <Field name="call-budget" label={t('call.budget')} hint={t('launch.budgetHint')} error={errors['call-budget']}>
          {(props) => <Input {...props} inputMode="decimal" autoComplete="off" value={form.budget} onChange={set('budget')} />}
        </Field>
        <FundingPlanFields plan={plan} onChange={setPlan} errors={errors} funders={funders.data ?? []} hint={t('launch.planHint')} />
        <Field name="call-meetupsFrom" label={t('launch.meetupsFrom')} error={errors['call-meetupsFrom']}>
          {(props) => <Input {...props} type="date" value={form.meetupsFrom} onChange={set('meetupsFrom')} />}
        </Field>
        <Field name="call-meetupsTo" label={t('launch.meetupsTo')} error={errors['call-meetupsTo']}>
          {(props) => <Input {...props} type="date" value={form.meetupsTo} onChange={set('meetupsTo')} />}
        </Field>
        <Field name="call-eoiDay" label={t('call.eoiDeadline')} hint={t('launch.eoiHint')} error={errors['call-eoiDay'] ?? errors['call-eoiDeadline']}>
          {(props) => <Input {...props} type="date" value={form.eoiDay} onChange={set('eoiDay')} />}
        </Field>
        <Field name="call-eoiTime" label={t('launch.eoiTime')}>
          {(props) => <Input {...props} type="time" value={form.eoiTime} onChange={set('eoiTime')} />}
        </Field>
        <Field name="call-proposalDay" label={t('call.proposalDeadline')} error={errors['call-proposalDay'] ?? errors['call-proposalDeadline']}>
          {(props) => <Input {...props} type="date" value={form.proposalDay} onChange={set('proposalDay')} />}
        </Field>
        <Field name="call-proposalTime" label={t('launch.proposalTime')}>
          {(props) => <Input {...props} type="time" value={form.proposalTime} onChange={set('proposalTime')} />}
        </Field>
        <Button type="submit" disabled={launch.isPending}>
          {t('launch.submit')}
        </Button>
      </form>
    </Page>
  );
}
