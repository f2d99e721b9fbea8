import { Cents, isCents } from '../money';
import { CallPolicy, splitByWeights } from './call.policy';

export interface Contribution {
  role: string;
  hours?: number;
  costsCents?: Cents;
}

export interface ProposalMember {
  associationId: string;
  shareCents: Cents;
  contribution: Contribution;
}

export interface Proposal {
  requestedAmountCents: Cents;
  members: ProposalMember[];
  targetPublicPlan: string;
  actionStart: string;
  actionEnd: string;
}

/** What the equity rules need to know of each member. */
export interface MemberFacts {
  associationId: string;
  name: string;
  proximity: 'local' | 'national';
}

/** A declared contribution valued in cents: costs plus hours at the policy's hourly rate. */
export function contributionValue(contribution: Contribution, policy: CallPolicy): number {
  return (contribution.costsCents ?? 0) + (contribution.hours ?? 0) * policy.hourlyRateCents;
}

/** The rules a proposal's split follows (see `proposalBreaks`). */
export const PROPOSAL_RULES = [
  'amount',
  'above_budget',
  'dates',
  'not_member',
  'twice',
  'no_share',
  'sum',
  'no_role',
  'no_contribution',
  'share_above_contributions',
  'share_below_contributions',
  'proximity_floor',
] as const;
export type ProposalRule = (typeof PROPOSAL_RULES)[number];

/**
 * One rule a proposal breaks: which, the member it names (if any), the figures behind it (so that a
 * reader can say it in its own language), and the sentence the API answers with.
 */
export interface ProposalBreak {
  rule: ProposalRule;
  associationId?: string;
  /** The member's share of the amount, and of the declared contributions (percent, one decimal). */
  sharePercent?: number;
  contributionPercent?: number;
  /** The bound broken: a ratio (0.5, 1.5) or the proximity floor (percent). */
  bound?: number;
  /** The shares' total, the amount requested, the call's budget (cents). */
  totalCents?: Cents;
  requestedCents?: Cents;
  budgetCents?: Cents;
  message: string;
}

/**
 * Every rule a proposal breaks, each naming the member and the rule: the members are the
 * consortium's, the shares add up to the amount, each share follows the declared contribution within
 * the policy's ratio bounds, and every local member gets at least the proximity floor.
 */
export function proposalProblems(proposal: Proposal, consortium: readonly MemberFacts[], policy: CallPolicy, budgetCents: Cents): string[] {
  return proposalBreaks(proposal, consortium, policy, budgetCents).map((b) => b.message);
}

/** `proposalProblems`, each with its rule, member and figures. */
export function proposalBreaks(proposal: Proposal, consortium: readonly MemberFacts[], policy: CallPolicy, budgetCents: Cents): ProposalBreak[] {
  const breaks: ProposalBreak[] = [];
  const amount = proposal.requestedAmountCents;
  if (!isCents(amount) || amount <= 0) return [{ rule: 'amount', message: 'requestedAmountCents: must be a positive whole number of cents' }];
  if (amount > budgetCents) {
    breaks.push({
      rule: 'above_budget',
      requestedCents: amount,
      budgetCents,
      message: `requestedAmountCents: ${amount} cents is above the call's budget of ${budgetCents} cents`,
    });
  }
  if (!(Date.parse(proposal.actionStart) < Date.parse(proposal.actionEnd))) {
    breaks.push({ rule: 'dates', message: 'actionStart: the action must start before it ends' });
  }
  const byId = new Map(consortium.map((m) => [m.associationId, m]));
  const named = new Set<string>();
  for (const member of proposal.members) {
    const associationId = member.associationId;
    if (!byId.has(associationId)) breaks.push({ rule: 'not_member', associationId, message: `${associationId}: is not a member of this consortium` });
    if (named.has(associationId)) breaks.push({ rule: 'twice', associationId, message: `${associationId}: appears twice in the split` });
    named.add(associationId);
  }
  for (const member of consortium) {
    if (!named.has(member.associationId)) {
      breaks.push({ rule: 'no_share', associationId: member.associationId, message: `${member.name} (${member.associationId}): has no share in the split` });
    }
  }
  if (breaks.length) return breaks;

  const total = proposal.members.reduce((sum, m) => sum + m.shareCents, 0);
  if (total !== amount) {
    breaks.push({
      rule: 'sum',
      totalCents: total,
      requestedCents: amount,
      message: `shares: they add up to ${total} cents, not the requested ${amount} cents`,
    });
  }
  const values = proposal.members.map((m) => contributionValue(m.contribution, policy));
  const totalValue = values.reduce((sum, v) => sum + v, 0);
  proposal.members.forEach((member, i) => {
    const associationId = member.associationId;
    const facts = byId.get(associationId)!;
    const who = `${facts.name} (${associationId})`;
    if (!member.contribution.role?.trim()) breaks.push({ rule: 'no_role', associationId, message: `${who}: declares no role in the action` });
    const sharePercent = percentOf(member.shareCents, amount);
    if (values[i] <= 0) {
      breaks.push({ rule: 'no_contribution', associationId, message: `${who}: declares no contribution (hours or costs) to justify its share` });
    } else if (totalValue > 0 && amount > 0) {
      const ratio = member.shareCents / amount / (values[i] / totalValue);
      const contributionPercent = percentOf(values[i], totalValue);
      if (ratio > policy.maxShareRatio) {
        breaks.push({
          rule: 'share_above_contributions',
          associationId,
          sharePercent,
          contributionPercent,
          bound: policy.maxShareRatio,
          message: `${who}: its share (${sharePercent} % of the amount) exceeds ${policy.maxShareRatio}× its share of the declared contributions (${contributionPercent} %)`,
        });
      } else if (ratio < policy.minShareRatio) {
        breaks.push({
          rule: 'share_below_contributions',
          associationId,
          sharePercent,
          contributionPercent,
          bound: policy.minShareRatio,
          message: `${who}: its share (${sharePercent} % of the amount) is below ${policy.minShareRatio}× its share of the declared contributions (${contributionPercent} %)`,
        });
      }
    }
    if (facts.proximity === 'local' && member.shareCents * 100 < amount * policy.proximityFloorPercent) {
      breaks.push({
        rule: 'proximity_floor',
        associationId,
        sharePercent,
        bound: policy.proximityFloorPercent,
        message: `${who}: a proximity (local) member must receive at least ${policy.proximityFloorPercent} % of the amount; it gets ${sharePercent} %`,
      });
    }
  });
  return breaks;
}

/** A part of a whole in percent, to one decimal. */
function percentOf(part: number, whole: number): number {
  return Math.round((part / whole) * 1000) / 10;
}

/** A possible double funding: the same association (SIRET) funded by another grant for an overlapping period. */
export interface DoubleFundingFlag {
  associationId: string;
  siret: string;
  conflictingGrantId: string;
  conflictingTitle: string;
  periodStart: string;
  periodEnd: string;
}

/** Whether two periods [start, end] overlap (ends inclusive, ISO dates or instants). */
export function periodsOverlap(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return Date.parse(a.start) <= Date.parse(b.end) && Date.parse(b.start) <= Date.parse(a.end);
}

/** Each member's payments for an award: the first tranche at once, the rest on the final report. */
export interface MemberPayments {
  associationId: string;
  awardCents: Cents;
  firstTrancheCents: Cents;
  finalTrancheCents: Cents;
}

/** Splits an award between members in proportion to their proposed shares, then into two tranches. */
export function awardPayments(awardCents: Cents, members: readonly ProposalMember[], policy: CallPolicy): MemberPayments[] {
  const parts = splitByWeights(
    awardCents,
    members.map((m) => m.shareCents),
  );
  return members.map((member, i) => {
    const first = Math.floor((parts[i] * policy.awardTranchePercent) / 100);
    return { associationId: member.associationId, awardCents: parts[i], firstTrancheCents: first, finalTrancheCents: parts[i] - first };
  });
}
