import { Cents, isCents } from '../money';
import { DAY_MS } from '../duration';
import type { CallState } from './call.rules';

/** Amounts, bounds and durations of a call for projects; a call may override any of them at launch. */
export interface CallPolicy {
  /** At or above this budget, shortlisted consortia are paid to co-produce their proposal (default 50,000 €). */
  preselectionThresholdCents: Cents;
  /** At most this many applications are shortlisted (default 5). */
  shortlistMax: number;
  /** Paid to each shortlisted consortium (default 2,000 €). */
  stipendCents: Cents;
  /** A proximity (local) member receives at least this percentage of the requested amount (default 20). */
  proximityFloorPercent: number;
  /**
   * A member's share of the amount, divided by its share of the declared contributions, stays within
   * these bounds (defaults 0.5 and 1.5): a split follows who does the work.
   */
  minShareRatio: number;
  maxShareRatio: number;
  /** Values the hours a member declares, to compare contributions (default 35 €/h). */
  hourlyRateCents: Cents;
  /** Percentage of an award ordered at once; the rest follows the final report (default 80). */
  awardTranchePercent: number;
  /** Time after the award before the final report is due (default 365 days), and its reminder (30 days before). */
  finalReportDueMs: number;
  finalReportReminderBeforeMs: number;
}

export const DEFAULT_CALL_POLICY: CallPolicy = {
  preselectionThresholdCents: 5_000_000,
  shortlistMax: 5,
  stipendCents: 200_000,
  proximityFloorPercent: 20,
  minShareRatio: 0.5,
  maxShareRatio: 1.5,
  hourlyRateCents: 3_500,
  awardTranchePercent: 80,
  finalReportDueMs: 365 * DAY_MS,
  finalReportReminderBeforeMs: 30 * DAY_MS,
};

export function callPolicyProblem(policy: CallPolicy): string | null {
  const cents: (keyof CallPolicy)[] = ['preselectionThresholdCents', 'stipendCents', 'hourlyRateCents'];
  for (const name of cents) if (!isCents(policy[name])) return `policy.${name} must be a whole number of cents`;
  if (!Number.isSafeInteger(policy.shortlistMax) || policy.shortlistMax < 1 || policy.shortlistMax > 100) {
    return 'policy.shortlistMax must be a whole number from 1 to 100';
  }
  for (const name of ['proximityFloorPercent', 'awardTranchePercent'] as const) {
    if (!Number.isSafeInteger(policy[name]) || policy[name] < 0 || policy[name] > 100) return `policy.${name} must be a whole percentage (0 to 100)`;
  }
  if (!(policy.minShareRatio > 0 && policy.minShareRatio <= 1)) return 'policy.minShareRatio must be above 0 and at most 1';
  if (!(policy.maxShareRatio >= 1 && policy.maxShareRatio <= 10)) return 'policy.maxShareRatio must be from 1 to 10';
  for (const name of ['finalReportDueMs', 'finalReportReminderBeforeMs'] as const) {
    if (!Number.isSafeInteger(policy[name]) || policy[name] <= 0) return `policy.${name} must be a positive number of milliseconds`;
  }
  if (policy.finalReportReminderBeforeMs >= policy.finalReportDueMs) return 'the final report reminder must come before it is due';
  return null;
}

export interface FundingLine {
  funderId: string;
  amountCents: Cents;
}

/** What the launcher of a call decides; dates are ISO instants. */
export interface CallTerms {
  title: string;
  themes: string[];
  territories: string[];
  targetPublic: string;
  budgetCents: Cents;
  fundingPlan: FundingLine[];
  meetupWindow: { startsAt: string; endsAt: string };
  eoiDeadline: string;
  proposalDeadline: string;
}

/** What is wrong with a call's terms at launch (every problem, by field), or an empty list. */
export function callTermsProblems(terms: CallTerms, nowIso: string): string[] {
  const problems: string[] = [];
  const at = (iso: string) => Date.parse(iso);
  const { startsAt, endsAt } = terms.meetupWindow;
  for (const [field, value] of [
    ['meetupWindow.startsAt', startsAt],
    ['meetupWindow.endsAt', endsAt],
    ['eoiDeadline', terms.eoiDeadline],
    ['proposalDeadline', terms.proposalDeadline],
  ] as const) {
    if (Number.isNaN(at(value))) problems.push(`${field}: not a date`);
  }
  if (problems.length) return problems;
  if (at(startsAt) >= at(endsAt)) problems.push('meetupWindow: the meetups must start before they end');
  if (at(endsAt) > at(terms.eoiDeadline)) problems.push('meetupWindow.endsAt: meetups must end before the expression-of-interest deadline');
  if (at(terms.eoiDeadline) >= at(terms.proposalDeadline)) problems.push('eoiDeadline: must come before the proposal deadline');
  if (at(terms.eoiDeadline) <= at(nowIso)) problems.push('eoiDeadline: must be in the future');
  const planned = terms.fundingPlan.reduce((sum, line) => sum + line.amountCents, 0);
  if (planned !== terms.budgetCents) {
    problems.push(`fundingPlan: the funders' shares add up to ${planned} cents, not the budget of ${terms.budgetCents} cents`);
  }
  const funders = terms.fundingPlan.map((line) => line.funderId);
  if (new Set(funders).size !== funders.length) problems.push('fundingPlan: a funder appears twice');
  return problems;
}

/**
 * Stipends are paid from the call's budget: the most the shortlist may cost (shortlistMax × stipend)
 * must leave room in it, or the call could pay out more than its funders committed.
 */
export function stipendsProblem(budgetCents: Cents, policy: CallPolicy): string | null {
  if (!hasPaidPreselection(budgetCents, policy)) return null;
  const most = policy.shortlistMax * policy.stipendCents;
  if (most >= budgetCents) {
    return `policy: ${policy.shortlistMax} stipends of ${policy.stipendCents} cents (${most} cents) would take the whole budget of ${budgetCents} cents; stipends are paid from it`;
  }
  return null;
}

/** What the stipends of the shortlisted consortia have taken from the budget. */
export function stipendsCommitted(state: Pick<CallState, 'paidPreselection' | 'shortlist' | 'policy'>): Cents {
  if (!state.paidPreselection) return 0;
  return (state.shortlist ?? []).filter((d) => d.shortlisted).length * state.policy.stipendCents;
}

/** Whether the call pays a pre-selection stipend to shortlisted consortia. */
export function hasPaidPreselection(budgetCents: Cents, policy: CallPolicy): boolean {
  return budgetCents >= policy.preselectionThresholdCents;
}

/**
 * Splits an amount in proportion to weights, to the cent, with no cent lost: the largest remainders
 * get the leftover cents (ties to the earlier entry). Weights are non-negative, not all zero.
 */
export function splitByWeights(amount: Cents, weights: readonly number[]): Cents[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0)) throw new RangeError('splitByWeights needs at least one positive weight');
  const exact = weights.map((w) => (amount * w) / total);
  const parts = exact.map((x) => Math.floor(x));
  let left = amount - parts.reduce((sum, p) => sum + p, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k].i]++;
  return parts;
}
