import { Cents, isCents } from './money';
import { DAY_MS } from './duration';
import { DomainError } from './errors';
import { Principal, Role } from './roles';

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

// ---- the consortium proposal and its equity rules ----

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

// ---- the call's state, held by its workflow ----

export type CallPhase = 'open' | 'preselection' | 'proposals' | 'deciding' | 'awarded' | 'closed_without_award';

export interface Meetup {
  id: string;
  at: string;
  place: string;
  /** Each invitee's answer; `changes` counts the answers it gave (absent: one, for answers of before). */
  rsvps: { associationId: string; attending: boolean; at: string; changes?: number }[];
  attendees?: string[];
}

export interface Consortium {
  id: string;
  name: string;
  leadAssociationId: string;
  members: string[];
  invitations: { associationId: string; status: 'pending' | 'accepted' | 'declined' }[];
  applicationId?: string;
}

export const APPLICATION_STATUSES = [
  'expressed',
  'shortlisted',
  'not_shortlisted',
  'proposal_open',
  'proposal_submitted',
  'no_proposal',
  'awarded',
  'not_awarded',
  'report_overdue',
  'closed',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface ApplicationSummary {
  id: string;
  consortiumId: string;
  members: string[];
  status: ApplicationStatus;
  requestedAmountCents?: Cents;
  awardCents?: Cents;
  doubleFundingFlags?: DoubleFundingFlag[];
}

export interface CallState extends CallTerms {
  id: string;
  launchedBy: string;
  launchedAt: string;
  policy: CallPolicy;
  paidPreselection: boolean;
  phase: CallPhase;
  invited: string[];
  meetups: Meetup[];
  consortia: Consortium[];
  applications: ApplicationSummary[];
  shortlist?: { applicationId: string; shortlisted: boolean; reason: string }[];
  awards?: { applicationId: string; amountCents: Cents }[];
  decisionReason?: string;
  /**
   * The funders of the plan who have accepted their own line, and those still awaited: no stipend
   * and no award is ordered before every funder has accepted. Absent for calls launched before
   * funders accepted their lines.
   */
  fundersAccepted?: string[];
  awaitingFunders?: string[];
}

/**
 * The funders of a plan (a call's, an agreement's) that have not accepted their own line yet; none
 * on calls and agreements from before funders accepted their lines (`fundersAccepted` absent).
 */
export function awaitingFunders(plan: { fundingPlan: readonly FundingLine[]; fundersAccepted?: readonly string[] }): string[] {
  const accepted = plan.fundersAccepted;
  if (!accepted) return [];
  return plan.fundingPlan.map((line) => line.funderId).filter((funderId) => !accepted.includes(funderId));
}

/** A funder accepting its own line of the call's funding plan. */
export interface AcceptCallLineCommand {
  actorId: string;
  funderId: string;
}

export function acceptCallLineProblem(state: CallState, c: AcceptCallLineCommand): DomainError | null {
  if (!state.fundingPlan.some((line) => line.funderId === c.funderId))
    return new DomainError('forbidden', `${c.funderId} has no line in this call's funding plan`);
  if (!state.fundersAccepted || state.fundersAccepted.includes(c.funderId)) return conflict(`${c.funderId} has already accepted its line`);
  if (state.awards) return conflict('the awards have already been decided');
  return null;
}

/** Money of the call (stipends, awards) is ordered only once every funder has accepted its line. */
function fundersProblem(state: CallState, what: string): DomainError | null {
  const awaiting = awaitingFunders(state);
  if (!awaiting.length) return null;
  return conflict(
    `${what} orders money of the funding plan, which still awaits ${awaiting.join(', ')} accepting ${awaiting.length > 1 ? 'their lines' : 'its line'}`,
  );
}

/** The consortium an association belongs to in this call (as a member), if any. */
export function consortiumOf(state: CallState, associationId: string): Consortium | undefined {
  return state.consortia.find((c) => c.members.includes(associationId));
}

/** Commands of the call's managers carry the role they act in (recorded with the event). */
export interface ManagerCommand {
  actorId: string;
  actorRole: Role;
}

export interface ScheduleMeetupCommand extends ManagerCommand {
  meetupId: string;
  at: string;
  place: string;
}
export interface RsvpCommand {
  actorId: string;
  meetupId: string;
  associationId: string;
  attending: boolean;
}
export interface AttendanceCommand extends ManagerCommand {
  meetupId: string;
  attendeeIds: string[];
}
export interface CreateConsortiumCommand {
  actorId: string;
  consortiumId: string;
  name: string;
  associationId: string;
}
export interface InviteCommand {
  actorId: string;
  consortiumId: string;
  byAssociationId: string;
  associationId: string;
}
export interface AnswerInvitationCommand {
  actorId: string;
  consortiumId: string;
  associationId: string;
  accept: boolean;
}
export interface ExpressInterestCommand {
  actorId: string;
  associationId: string;
  /** Absent: the association applies alone (a consortium of one is formed). */
  consortiumId?: string;
  /** The id and name a consortium of one takes. */
  soloConsortiumId: string;
  soloConsortiumName: string;
  summary: string;
  /** How the members split a stipend, in percent; equal shares when absent. */
  stipendSplit?: { associationId: string; percent: number }[];
}
export interface ShortlistCommand extends ManagerCommand {
  decisions: { applicationId: string; shortlisted: boolean; reason: string }[];
}
export interface AwardCommand extends ManagerCommand {
  awards: { applicationId: string; amountCents: Cents }[];
  reason: string;
}

const conflict = (message: string) => new DomainError('conflict', message);
const invalid = (message: string) => new DomainError('validation', message);

function inPhase(state: CallState, phases: CallPhase[], what: string): DomainError | null {
  return phases.includes(state.phase) ? null : conflict(`the call is in phase "${state.phase}": ${what}`);
}

export function scheduleMeetupProblem(state: CallState, c: ScheduleMeetupCommand): DomainError | null {
  if (!c.place?.trim()) return invalid('place: say where the meetup happens (an address or a link)');
  const at = Date.parse(c.at);
  if (Number.isNaN(at)) return invalid('at: not a date');
  if (at < Date.parse(state.meetupWindow.startsAt) || at > Date.parse(state.meetupWindow.endsAt)) {
    return invalid(`at: meetups take place within the meetup window (${state.meetupWindow.startsAt} to ${state.meetupWindow.endsAt})`);
  }
  if (state.meetups.some((m) => m.id === c.meetupId)) return conflict(`meetup ${c.meetupId} already exists`);
  return inPhase(state, ['open'], 'meetups are scheduled before the expression-of-interest deadline');
}

function meetupOf(state: CallState, meetupId: string): Meetup | DomainError {
  return state.meetups.find((m) => m.id === meetupId) ?? new DomainError('not_found', `no meetup ${meetupId} in this call`);
}

function notInvited(state: CallState, associationId: string): DomainError | null {
  return state.invited.includes(associationId)
    ? null
    : new DomainError('forbidden', `${associationId} is not among the associations invited to this call (themes and territories)`);
}

/** An invitee changes its answer to a meetup at most this many times: toggling cannot grow a call's history without end. */
export const RSVP_ANSWERS_MAX = 10;

export function rsvpProblem(state: CallState, c: RsvpCommand): DomainError | null {
  const meetup = meetupOf(state, c.meetupId);
  if (meetup instanceof DomainError) return meetup;
  const refused = notInvited(state, c.associationId) ?? inPhase(state, ['open'], 'the meetups are over');
  if (refused) return refused;
  const previous = meetup.rsvps.find((r) => r.associationId === c.associationId);
  // The same answer again records nothing (the API answers with the call as it is).
  if (previous && previous.attending === c.attending) return new DomainError('conflict', 'this answer is already recorded', { unchanged: true });
  if (previous && (previous.changes ?? 1) >= RSVP_ANSWERS_MAX) {
    // Final: no later command changes it (`answersExhausted` lets the API answer repeats without the engine).
    return new DomainError(
      'conflict',
      `an invitee answers a meetup at most ${RSVP_ANSWERS_MAX} times: the answer stays "${previous.attending ? 'attending' : 'not attending'}"`,
      {
        answersExhausted: true,
      },
    );
  }
  return null;
}

export function attendanceProblem(state: CallState, c: AttendanceCommand, nowMs: number): DomainError | null {
  const meetup = meetupOf(state, c.meetupId);
  if (meetup instanceof DomainError) return meetup;
  if (Date.parse(meetup.at) > nowMs) return conflict(`the meetup takes place at ${meetup.at}: attendance is recorded once it has started`);
  for (const id of c.attendeeIds) {
    const problem = notInvited(state, id);
    if (problem) return invalid(`attendeeIds: ${problem.message}`);
  }
  if (new Set(c.attendeeIds).size !== c.attendeeIds.length) return invalid('attendeeIds: an association appears twice');
  return null;
}

export function createConsortiumProblem(state: CallState, c: CreateConsortiumCommand, nowMs: number): DomainError | null {
  if (!c.name?.trim()) return invalid('name: a consortium needs a name');
  const problem = notInvited(state, c.associationId) ?? eoiOpen(state, nowMs);
  if (problem) return problem;
  const existing = consortiumOf(state, c.associationId);
  if (existing) return conflict(`${c.associationId} already belongs to consortium ${existing.id} in this call`);
  return null;
}

function eoiOpen(state: CallState, nowMs: number): DomainError | null {
  if (state.phase !== 'open' || nowMs >= Date.parse(state.eoiDeadline)) {
    return conflict(`the expression-of-interest deadline (${state.eoiDeadline}) has passed`);
  }
  return null;
}

function consortiumById(state: CallState, id: string): Consortium | DomainError {
  return state.consortia.find((c) => c.id === id) ?? new DomainError('not_found', `no consortium ${id}`);
}

export function inviteProblem(state: CallState, c: InviteCommand, nowMs: number): DomainError | null {
  const consortium = consortiumById(state, c.consortiumId);
  if (consortium instanceof DomainError) return consortium;
  if (consortium.leadAssociationId !== c.byAssociationId) return new DomainError('forbidden', 'only the lead member invites others');
  if (consortium.applicationId) return conflict('the consortium has already expressed its interest: its members are fixed');
  const problem = notInvited(state, c.associationId) ?? eoiOpen(state, nowMs);
  if (problem) return problem;
  if (consortium.members.includes(c.associationId)) return conflict(`${c.associationId} is already a member`);
  if (consortium.invitations.some((i) => i.associationId === c.associationId && i.status === 'pending')) {
    return conflict(`${c.associationId} is already invited`);
  }
  const other = consortiumOf(state, c.associationId);
  if (other) return conflict(`${c.associationId} already belongs to consortium ${other.id} in this call`);
  return null;
}

export function answerInvitationProblem(state: CallState, c: AnswerInvitationCommand, nowMs: number): DomainError | null {
  const consortium = consortiumById(state, c.consortiumId);
  if (consortium instanceof DomainError) return consortium;
  const invitation = consortium.invitations.find((i) => i.associationId === c.associationId && i.status === 'pending');
  if (!invitation) return new DomainError('not_found', `${c.associationId} has no pending invitation to ${c.consortiumId}`);
  if (consortium.applicationId) return conflict('the consortium has already expressed its interest: its members are fixed');
  const problem = eoiOpen(state, nowMs);
  if (problem) return problem;
  const other = consortiumOf(state, c.associationId);
  if (c.accept && other) return conflict(`${c.associationId} already belongs to consortium ${other.id} in this call`);
  return null;
}

export function expressInterestProblem(state: CallState, c: ExpressInterestCommand, nowMs: number): DomainError | null {
  if (!c.summary?.trim()) return invalid('summary: say in a few lines what the consortium intends to do');
  const problem = notInvited(state, c.associationId) ?? eoiOpen(state, nowMs);
  if (problem) return problem;
  const mine = consortiumOf(state, c.associationId);
  let members: string[];
  if (c.consortiumId) {
    const consortium = consortiumById(state, c.consortiumId);
    if (consortium instanceof DomainError) return consortium;
    if (consortium.leadAssociationId !== c.associationId) return new DomainError('forbidden', 'only the lead member expresses the interest');
    if (consortium.applicationId) return conflict(`the consortium has already expressed its interest (${consortium.applicationId})`);
    members = consortium.members;
  } else {
    if (mine) return conflict(`${c.associationId} belongs to consortium ${mine.id}: its lead member expresses the interest`);
    members = [c.associationId];
  }
  if (c.stipendSplit) {
    const ids = c.stipendSplit.map((s) => s.associationId);
    if (ids.length !== members.length || !members.every((m) => ids.includes(m))) {
      return invalid(`stipendSplit: name every member exactly once (${members.join(', ')})`);
    }
    const total = c.stipendSplit.reduce((sum, s) => sum + s.percent, 0);
    if (total !== 100 || c.stipendSplit.some((s) => !Number.isSafeInteger(s.percent) || s.percent < 0)) {
      return invalid(`stipendSplit: whole percentages adding up to 100 (they add up to ${total})`);
    }
  }
  return null;
}

export function shortlistProblem(state: CallState, c: ShortlistCommand): DomainError | null {
  if (!state.paidPreselection) {
    return conflict(
      `the budget is below the paid pre-selection threshold (${state.policy.preselectionThresholdCents} cents): every expression goes straight to proposals`,
    );
  }
  if (state.shortlist) return conflict('the shortlist has already been decided');
  const phase = inPhase(state, ['preselection'], 'the shortlist is decided after the expression-of-interest deadline and before the proposal deadline');
  if (phase) return phase;
  const expected = state.applications.map((a) => a.id).sort();
  const given = c.decisions.map((d) => d.applicationId).sort();
  if (JSON.stringify(expected) !== JSON.stringify(given)) {
    return invalid(`decisions: decide on every application exactly once (${expected.join(', ') || 'none'})`);
  }
  const unexplained = c.decisions.find((d) => !d.reason?.trim());
  if (unexplained) return invalid(`decisions: the decision on ${unexplained.applicationId} needs a reason`);
  const count = c.decisions.filter((d) => d.shortlisted).length;
  if (count > state.policy.shortlistMax) {
    return conflict(`at most ${state.policy.shortlistMax} applications can be shortlisted; ${count} were`);
  }
  return count && state.policy.stipendCents > 0 ? fundersProblem(state, 'a shortlist with stipends') : null;
}

export function awardProblem(state: CallState, c: AwardCommand): DomainError | null {
  if (state.awards) return conflict('the awards have already been decided');
  const phase = inPhase(state, ['deciding'], 'awards are decided after the proposal deadline');
  if (phase) return phase;
  if (!c.reason?.trim()) return invalid('reason: explain the decision (it is sent to every applicant)');
  const seen = new Set<string>();
  let total = 0;
  for (const award of c.awards) {
    const application = state.applications.find((a) => a.id === award.applicationId);
    if (!application) return new DomainError('not_found', `no application ${award.applicationId} in this call`);
    if (seen.has(award.applicationId)) return invalid(`awards: ${award.applicationId} appears twice`);
    seen.add(award.applicationId);
    if (application.status !== 'proposal_submitted' || application.requestedAmountCents === undefined) {
      return conflict(`${award.applicationId} has no proposal to award (it is ${application.status})`);
    }
    if (!isCents(award.amountCents) || award.amountCents <= 0) return invalid(`awards: the amount for ${award.applicationId} must be positive cents`);
    if (award.amountCents > application.requestedAmountCents) {
      return conflict(`${award.applicationId} asked for ${application.requestedAmountCents} cents; it cannot be awarded ${award.amountCents}`);
    }
    total += award.amountCents;
  }
  if (total > state.budgetCents) return conflict(`the awards add up to ${total} cents, above the call's budget of ${state.budgetCents} cents`);
  const stipends = stipendsCommitted(state);
  if (total + stipends > state.budgetCents) {
    return conflict(
      `the awards add up to ${total} cents; with the ${stipends} cents of pre-selection stipends paid, that is above the call's budget of ${state.budgetCents} cents`,
    );
  }
  return total > 0 ? fundersProblem(state, 'an award') : null;
}

/** Who steers a call: the project leads of its territories and its funders (and admins). */
export function callManagerProblem(principal: Principal, call: { territories: string[]; fundingPlan: FundingLine[] }): DomainError | null {
  if (principal.role === 'admin') return null;
  if (principal.role === 'project_lead' && principal.territory && call.territories.includes(principal.territory)) return null;
  if (principal.role === 'funder' && call.fundingPlan.some((line) => line.funderId === principal.org)) return null;
  return new DomainError('forbidden', "only the call's project leads and funders steer it");
}

/** The next step an application's members must take, in words, with its deadline. */
export function nextStepOf(status: ApplicationStatus, paid: boolean): string {
  switch (status) {
    case 'expressed':
      return paid ? 'wait for the pre-selection (shortlist)' : 'submit the proposal';
    case 'shortlisted':
    case 'proposal_open':
      return 'submit the proposal';
    case 'proposal_submitted':
      return 'wait for the award decision';
    case 'awarded':
      return 'submit the final report';
    case 'report_overdue':
      return 'submit the final report (overdue)';
    case 'not_shortlisted':
    case 'no_proposal':
    case 'not_awarded':
    case 'closed':
      return 'none: the application is over';
    default: {
      const never: never = status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

// ---- one consortium's application, held by its child workflow ----

export interface ApplicationCallFacts {
  title: string;
  territories: string[];
  funderIds: string[];
  budgetCents: Cents;
  targetPublic: string;
  eoiDeadline: string;
  proposalDeadline: string;
}

export interface ApplicationMember extends MemberFacts {
  siret: string;
}

export interface ApplicationState {
  id: string;
  callId: string;
  consortiumId: string;
  consortiumName: string;
  leadAssociationId: string;
  members: ApplicationMember[];
  call: ApplicationCallFacts;
  paidPreselection: boolean;
  policy: CallPolicy;
  summary: string;
  expressedAt: string;
  status: ApplicationStatus;
  shortlistReason?: string;
  stipend?: { amountCents: Cents; split: { associationId: string; amountCents: Cents }[]; paymentOrderId: string };
  proposal?: Proposal & { submittedAt: string; submittedBy: string };
  /** How many versions of the proposal were submitted (absent before they were counted). */
  proposalVersions?: number;
  doubleFundingFlags: DoubleFundingFlag[];
  award?: { amountCents: Cents; reason: string; awardedAt: string; payments: MemberPayments[] };
  decisionReason?: string;
  reportDueAt?: string;
  finalReport?: { summary: string; submittedAt: string; submittedBy: string };
  closedAt?: string;
}

export interface ProposalCommand {
  actorId: string;
  byAssociationId: string;
  proposal: Proposal;
}

export interface FinalReportCommand {
  actorId: string;
  byAssociationId: string;
  summary: string;
}

export interface ShortlistOutcome {
  shortlisted: boolean;
  reason: string;
}

export interface AwardOutcome {
  amountCents: Cents;
  reason: string;
}

/** Versions of its proposal a consortium may submit: revising cannot grow an application's history without end. */
export const PROPOSAL_VERSIONS_MAX = 20;

export function proposalCommandProblem(state: ApplicationState, c: ProposalCommand, nowMs: number, policy: CallPolicy): DomainError | null {
  if (c.byAssociationId !== state.leadAssociationId) return new DomainError('forbidden', 'only the lead member submits the proposal');
  if (nowMs >= Date.parse(state.call.proposalDeadline)) {
    return conflict(`the proposal deadline (${state.call.proposalDeadline}) has passed`);
  }
  if (state.status !== 'proposal_open' && state.status !== 'shortlisted' && state.status !== 'proposal_submitted') {
    return conflict(
      state.status === 'expressed' ? 'proposals open once the application is shortlisted' : `the application is ${state.status}: it takes no proposal`,
    );
  }
  if ((state.proposalVersions ?? 0) >= PROPOSAL_VERSIONS_MAX) {
    return conflict(`a consortium submits its proposal at most ${PROPOSAL_VERSIONS_MAX} times: the last one stands`);
  }
  const problems = proposalProblems(c.proposal, state.members, policy, state.call.budgetCents);
  if (problems.length) return new DomainError('validation', problems.join('; '), { problems });
  return null;
}

export function finalReportProblem(state: ApplicationState, c: FinalReportCommand): DomainError | null {
  if (!c.summary?.trim()) return invalid('summary: the final report needs a summary');
  if (!state.members.some((m) => m.associationId === c.byAssociationId)) {
    return new DomainError('forbidden', 'only a member of the consortium reports');
  }
  if (state.status === 'awarded' || state.status === 'report_overdue') return null;
  if (state.status === 'closed') return conflict('the final report has already been submitted');
  return conflict(`no final report is expected while the application is ${state.status}`);
}

/** May this principal see this application? Its members, the call's managers, auditors, admins. */
export function applicationReadProblem(
  principal: Principal,
  app: { id: string; members: readonly { associationId: string }[]; call: { territories: string[]; funderIds: string[] } },
): DomainError | null {
  switch (principal.role) {
    case 'admin':
    case 'auditor':
      return null;
    case 'association':
      return app.members.some((m) => m.associationId === principal.org) ? null : new DomainError('not_found', `no application ${app.id}`);
    case 'funder':
      return principal.org && app.call.funderIds.includes(principal.org) ? null : new DomainError('not_found', `no application ${app.id}`);
    case 'project_lead':
    case 'prefect_delegate':
      return principal.territory && app.call.territories.includes(principal.territory)
        ? null
        : new DomainError('forbidden', `application ${app.id} belongs to a call of another territory`);
    default: {
      const never: never = principal.role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
}
