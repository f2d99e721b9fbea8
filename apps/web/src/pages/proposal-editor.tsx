import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api, ApiError, call, Schemas } from '../api/client';
import { Button, ErrorSummary, Field, Input, TextArea } from '../components/form';
import { Alert, ErrorAlert } from '../components/page';
import { I18n, useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import type { Application } from './application';
import { centsOf } from './micro-grant-request';

type RuleBreak = Schemas['ProposalBreakDto'];

interface Row {
  associationId: string;
  share: string;
  role: string;
  hours: string;
  costs: string;
}

const euroText = (cents: number | undefined) => (cents === undefined ? '' : (cents / 100).toFixed(2).replace('.', ','));
const dayOf = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

/** A rule broken, said in the reader's language, naming the member. */
export function breakText(b: RuleBreak, name: (associationId: string) => string, { t, euros, language }: I18n): string {
  const number = (n: number | undefined) => (n ?? 0).toLocaleString(language === 'en' ? 'en-GB' : 'fr-FR');
  return t(`proposal.rule.${b.rule}` as MessageKey, {
    member: b.associationId ? name(b.associationId) : '',
    share: number(b.sharePercent),
    contribution: number(b.contributionPercent),
    bound: number(b.bound),
    total: euros(b.totalCents ?? 0),
    requested: euros(b.requestedCents ?? 0),
    budget: euros(b.budgetCents ?? 0),
  });
}

/**
 * The lead member's proposal: the amount asked, the action's dates and plan, and the split: each
 * member's share beside its role and declared contribution (hours, costs). The running total is
 * shown as the shares are typed; on sending, each rule the split breaks is listed and said again on
 * the row of the member it names. A proposal may be sent again until the deadline (the last stands).
 */
export function ProposalEditor({ view, done }: { view: Application; done: () => Promise<unknown> }) {
  const i18n = useI18n();
  const { t, euros } = i18n;
  const previous = view.proposal;
  const [requested, setRequested] = useState(euroText(previous?.requestedAmountCents));
  const [start, setStart] = useState(dayOf(previous?.actionStart));
  const [end, setEnd] = useState(dayOf(previous?.actionEnd));
  const [plan, setPlan] = useState(previous?.targetPublicPlan ?? '');
  const [rows, setRows] = useState<Row[]>(
    view.consortium.members.map((m) => {
      const before = previous?.members.find((p) => p.associationId === m.associationId);
      return {
        associationId: m.associationId,
        share: euroText(before?.shareCents),
        role: before?.role ?? '',
        hours: before?.hours ? String(before.hours) : '',
        costs: euroText(before?.costsCents),
      };
    }),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [breaks, setBreaks] = useState<RuleBreak[]>([]);
  const name = (associationId: string) => view.consortium.members.find((m) => m.associationId === associationId)?.name ?? associationId;
  const rules = view.splitRules;
  const send = useMutation({
    mutationFn: (body: Parameters<typeof submitProposal>[1]) => submitProposal(view.id, body),
    onSuccess: async () => {
      setBreaks([]);
      await done();
    },
    onError: (error) => {
      const found = error instanceof ApiError && Array.isArray(error.body.breaks) ? (error.body.breaks as RuleBreak[]) : [];
      setBreaks(found);
    },
  });
  const set = (i: number, change: Partial<Row>) => setRows(rows.map((row, j) => (j === i ? { ...row, ...change } : row)));
  const shares = rows.map((r) => centsOf(r.share) ?? 0);
  const total = shares.reduce((sum, s) => sum + s, 0);
  const requestedCents = centsOf(requested);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (requestedCents === null) found['proposal-amount'] = t('error.amount');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) found['proposal-start'] = t('error.required');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(end)) found['proposal-end'] = t('error.required');
    if (!plan.trim()) found['proposal-plan'] = t('error.required');
    rows.forEach((r, i) => {
      if (r.share.trim() && centsOf(r.share) === null) found[`share-${i}`] = t('error.amount');
      if (!r.role.trim()) found[`role-${i}`] = t('error.required');
      if (r.hours.trim() && !/^\d{1,6}$/.test(r.hours.trim())) found[`hours-${i}`] = t('proposal.hoursWhole');
      if (r.costs.trim() && centsOf(r.costs) === null) found[`costs-${i}`] = t('error.amount');
    });
    setErrors(found);
    setBreaks([]);
    if (Object.keys(found).length || requestedCents === null) return;
    send.mutate({
      requestedAmountCents: requestedCents,
      actionStart: start,
      actionEnd: end,
      targetPublicPlan: plan.trim(),
      members: rows.map((r) => ({
        associationId: r.associationId,
        shareCents: centsOf(r.share) ?? 0,
        contribution: {
          role: r.role.trim(),
          ...(r.hours.trim() ? { hours: Number(r.hours.trim()) } : {}),
          ...(r.costs.trim() ? { costsCents: centsOf(r.costs) ?? 0 } : {}),
        },
      })),
    });
  }

  const labels: Record<string, string> = {
    'proposal-amount': t('proposal.amount'),
    'proposal-start': t('proposal.start'),
    'proposal-end': t('proposal.end'),
    'proposal-plan': t('proposal.plan'),
    ...Object.fromEntries(
      rows.flatMap((r, i) => [
        [`share-${i}`, t('proposal.shareOf', { member: name(r.associationId) })],
        [`role-${i}`, t('proposal.roleOf', { member: name(r.associationId) })],
        [`hours-${i}`, t('proposal.hoursOf', { member: name(r.associationId) })],
        [`costs-${i}`, t('proposal.costsOf', { member: name(r.associationId) })],
      ]),
    ),
  };
  const general = breaks.filter((b) => !b.associationId);
  const ofMember = (associationId: string) => breaks.filter((b) => b.associationId === associationId).map((b) => breakText(b, name, i18n));
  const number = (n: number) => n.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'fr-FR');
  return (
    <section aria-labelledby="proposal-editor" className="panel">
      <h2 id="proposal-editor">{previous ? t('proposal.again') : t('proposal.title')}</h2>
      <p>
        {t('proposal.rules', {
          min: number(rules.minShareRatio),
          max: number(rules.maxShareRatio),
          rate: euros(rules.hourlyRateCents),
          floor: number(rules.proximityFloorPercent),
        })}
      </p>
      {send.isSuccess && <Alert kind="success">{t('proposal.sent')}</Alert>}
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {breaks.length > 0 && (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">{t('proposal.broken', { count: breaks.length })}</p>
          <ul>
            {breaks.map((b, i) => (
              <li key={i}>{breakText(b, name, i18n)}</li>
            ))}
          </ul>
        </div>
      )}
      {send.error && !breaks.length && <ErrorAlert error={send.error} />}
      <form onSubmit={onSubmit} noValidate>
        <Field
          name="proposal-amount"
          label={t('proposal.amount')}
          hint={t('proposal.amountHint')}
          error={errors['proposal-amount'] ?? general.filter((b) => b.rule === 'above_budget' || b.rule === 'amount').map((b) => breakText(b, name, i18n))[0]}
        >
          {(props) => <Input {...props} inputMode="decimal" autoComplete="off" value={requested} onChange={(e) => setRequested(e.target.value)} />}
        </Field>
        <Field
          name="proposal-start"
          label={t('proposal.start')}
          error={errors['proposal-start'] ?? general.filter((b) => b.rule === 'dates').map((b) => breakText(b, name, i18n))[0]}
        >
          {(props) => <Input {...props} type="date" value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field name="proposal-end" label={t('proposal.end')} error={errors['proposal-end']}>
          {(props) => <Input {...props} type="date" value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
        <Field name="proposal-plan" label={t('proposal.plan')} hint={t('proposal.planHint')} error={errors['proposal-plan']}>
          {(props) => <TextArea {...props} rows={4} maxLength={8000} value={plan} onChange={(e) => setPlan(e.target.value)} />}
        </Field>
        {rows.map((r, i) => {
          const broken = ofMember(r.associationId);
          return (
            <fieldset key={r.associationId} className={`member-fields${broken.length ? ' fieldset-error' : ''}`}>
              <legend>{name(r.associationId)}</legend>
              {broken.length > 0 && (
                <ul className="error-message" aria-label={t('proposal.brokenFor', { member: name(r.associationId) })}>
                  {broken.map((text) => (
                    <li key={text}>{text}</li>
                  ))}
                </ul>
              )}
              <Field name={`share-${i}`} label={t('proposal.shareOf', { member: name(r.associationId) })} error={errors[`share-${i}`]}>
                {(props) => <Input {...props} inputMode="decimal" autoComplete="off" value={r.share} onChange={(e) => set(i, { share: e.target.value })} />}
              </Field>
              <Field name={`role-${i}`} label={t('proposal.roleOf', { member: name(r.associationId) })} error={errors[`role-${i}`]}>
                {(props) => <Input {...props} maxLength={200} value={r.role} onChange={(e) => set(i, { role: e.target.value })} />}
              </Field>
              <Field name={`hours-${i}`} label={t('proposal.hoursOf', { member: name(r.associationId) })} error={errors[`hours-${i}`]}>
                {(props) => <Input {...props} inputMode="numeric" autoComplete="off" value={r.hours} onChange={(e) => set(i, { hours: e.target.value })} />}
              </Field>
              <Field name={`costs-${i}`} label={t('proposal.costsOf', { member: name(r.associationId) })} error={errors[`costs-${i}`]}>
                {(props) => <Input {...props} inputMode="decimal" autoComplete="off" value={r.costs} onChange={(e) => set(i, { costs: e.target.value })} />}
              </Field>
            </fieldset>
          );
        })}
        <p role="status" className={requestedCents !== null && total !== requestedCents ? 'warning-text' : undefined}>
          {requestedCents !== null
            ? t('proposal.total', { total: euros(total), requested: euros(requestedCents) })
            : t('proposal.totalOnly', { total: euros(total) })}
        </p>
        <Button type="submit" disabled={send.isPending}>
          {previous ? t('proposal.submitAgain') : t('proposal.submit')}
        </Button>
      </form>
    </section>
  );
}

function submitProposal(id: string, body: Schemas['ProposalDto']): Promise<Application> {
  return call(api.POST('/applications/{id}/proposal', { params: { path: { id } }, body }));
}
