import { useI18n } from '../i18n';
import { centsOf } from '../pages/micro-grant-request';
import { Button, Field, Input, Select } from './form';

/** A line of a funding plan as typed: the funder, and its amount in euros as written. */
export interface PlanRow {
  funderId: string;
  amount: string;
}

type Translate = ReturnType<typeof useI18n>['t'];
type Euros = ReturnType<typeof useI18n>['euros'];

/** The plan's total in cents (lines not yet a valid amount count for nothing). */
export const planTotal = (plan: PlanRow[]) => plan.reduce((sum, row) => sum + (centsOf(row.amount) ?? 0), 0);

/** The plan as the API takes it (call once `planErrors` found nothing). */
export const planLines = (plan: PlanRow[]) => plan.map((row) => ({ funderId: row.funderId, amountCents: centsOf(row.amount)! }));

/**
 * What is wrong with the plan, on the field at fault: a line without its funder, an amount that is
 * not one, the same funder twice, lines that do not add up to the amount they split.
 */
export function planErrors(plan: PlanRow[], totalCents: number | null, t: Translate, euros: Euros): Record<string, string> {
  const found: Record<string, string> = {};
  plan.forEach((row, i) => {
    if (!row.funderId) found[`plan-funder-${i}`] = t('error.required');
    else if (plan.findIndex((other) => other.funderId === row.funderId) < i) found[`plan-funder-${i}`] = t('plan.twice');
    if (centsOf(row.amount) === null) found[`plan-amount-${i}`] = t('error.amount');
  });
  const sum = planTotal(plan);
  if (totalCents !== null && plan.every((row) => centsOf(row.amount) !== null) && sum !== totalCents) {
    found['plan-amount-0'] = t('launch.planTotal', { total: euros(sum), budget: euros(totalCents) });
  }
  return found;
}

/** The labels of the plan's fields, for the error summary. */
export const planLabels = (plan: PlanRow[], t: Translate): Record<string, string> =>
  Object.fromEntries(
    plan.flatMap((_, i) => [
      [`plan-funder-${i}`, t('launch.funderN', { n: i + 1 })],
      [`plan-amount-${i}`, t('launch.amountN', { n: i + 1 })],
    ]),
  );

/**
 * The funding plan's lines: each funder and its amount, a line added or removed, the running total
 * announced. Each funder accepts its own line afterwards (nobody commits another's money).
 */
export function FundingPlanFields({
  plan,
  onChange,
  errors,
  funders,
  hint,
}: {
  plan: PlanRow[];
  onChange: (plan: PlanRow[]) => void;
  errors: Record<string, string>;
  funders: { id: string; name: string }[];
  hint: string;
}) {
  const { t, euros } = useI18n();
  const setLine = (i: number, change: Partial<PlanRow>) => onChange(plan.map((row, j) => (j === i ? { ...row, ...change } : row)));
  return (
    <fieldset>
      <legend>{t('launch.plan')}</legend>
      <p className="hint">{hint}</p>
      {plan.map((row, i) => (
        <div key={i} className="member-fields">
          <Field name={`plan-funder-${i}`} label={t('launch.funderN', { n: i + 1 })} error={errors[`plan-funder-${i}`]}>
            {(props) => (
              <Select {...props} value={row.funderId} onChange={(e) => setLine(i, { funderId: e.target.value })}>
                <option value="">{t('launch.choose')}</option>
                {funders.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field name={`plan-amount-${i}`} label={t('launch.amountN', { n: i + 1 })} error={errors[`plan-amount-${i}`]}>
            {(props) => <Input {...props} inputMode="decimal" autoComplete="off" value={row.amount} onChange={(e) => setLine(i, { amount: e.target.value })} />}
          </Field>
          {plan.length > 1 && (
            <p>
              <Button variant="secondary" onClick={() => onChange(plan.filter((_, j) => j !== i))}>
                {t('launch.removeLine', { n: i + 1 })}
              </Button>
            </p>
          )}
        </div>
      ))}
      <p className="actions">
        <Button variant="secondary" onClick={() => onChange([...plan, { funderId: '', amount: '' }])}>
          {t('launch.addLine')}
        </Button>
        <span role="status">{t('launch.planSum', { total: euros(planTotal(plan)) })}</span>
      </p>
    </fieldset>
  );
}
