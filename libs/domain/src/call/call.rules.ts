import { Cents, isCents } from '../money';
import { DomainError } from '../errors';
import { Principal, Role } from '../roles';
import { CallPolicy, CallTerms, FundingLine, stipendsCommitted } from './call.policy';
import { DoubleFundingFlag } from './proposal.rules';

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
