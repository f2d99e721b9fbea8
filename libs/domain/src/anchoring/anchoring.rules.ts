import { Cents, isCents } from '../money';
import { DAY_MS, addCalendarYears } from '../duration';
import { DomainError } from '../errors';
import { Principal, Role } from '../roles';
import { FundingLine, splitByWeights } from '../call';

/** Durations of an anchoring agreement, in milliseconds; tests compress a year into seconds. */
export interface AnchoringPolicy {
  /** The association has this long to accept a proposal before it is withdrawn (default 30 days). */
  acceptanceDelayMs: number;
  /** One agreement year (default 365 days). */
  yearMs: number;
  /** The activity report is due this long after each year's end (default 6 months, as the State's financial report). */
  reportDueAfterYearEndMs: number;
  /** Reminders before the report is due (default 30 and 7 days). */
  reportRemindersBeforeMs: number[];
  /** Notice of a termination by the funder side (default 90 days). */
  terminationNoticeMs: number;
  /**
   * Years are calendar years from the start date (2027-01-01, 2028-01-01, 2029-01-01), each lasting
   * that calendar year divided by `timeScale` (1 in real time; more in the demo mode, where a year
   * lasts minutes). Absent (agreements proposed before, or a year set with ANCHORING_YEAR): blocks of
   * `yearMs`.
   */
  calendarYears?: { timeScale: number };
}

export const DEFAULT_ANCHORING_POLICY: AnchoringPolicy = {
  acceptanceDelayMs: 30 * DAY_MS,
  yearMs: 365 * DAY_MS,
  reportDueAfterYearEndMs: 182 * DAY_MS,
  reportRemindersBeforeMs: [30 * DAY_MS, 7 * DAY_MS],
  terminationNoticeMs: 90 * DAY_MS,
  calendarYears: { timeScale: 1 },
};

export function anchoringPolicyProblem(policy: AnchoringPolicy): string | null {
  for (const name of ['acceptanceDelayMs', 'yearMs', 'reportDueAfterYearEndMs', 'terminationNoticeMs'] as const) {
    if (!Number.isSafeInteger(policy[name]) || policy[name] <= 0) return `${name} must be a positive whole number of milliseconds`;
  }
  if (policy.calendarYears && !(policy.calendarYears.timeScale >= 1)) return 'calendarYears.timeScale must be at least 1';
  if (policy.reportRemindersBeforeMs.some((ms) => !Number.isSafeInteger(ms) || ms <= 0 || ms >= policy.reportDueAfterYearEndMs)) {
    return 'report reminders must come after the year end and before the report is due';
  }
  return null;
}

/** How coordination time is paid: a flat yearly envelope, or a token per meeting attended, capped per year. */
export type CoordinationMode = { mode: 'flat'; flatAmountCents: Cents } | { mode: 'tokens'; tokenValueCents: Cents; yearlyCapCents: Cents };

export interface AgreementTerms {
  associationId: string;
  territoryId: string;
  years: number;
  yearlyAmountCents: Cents;
  startDate: string;
  fundingPlan: FundingLine[];
  coordination: CoordinationMode;
}

export function agreementTermsProblems(terms: AgreementTerms, nowIso: string): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(terms.years) || terms.years < 1 || terms.years > 4) problems.push('years: from 1 to 4');
  if (!isCents(terms.yearlyAmountCents) || terms.yearlyAmountCents <= 0) problems.push('yearlyAmountCents: a positive whole number of cents');
  const start = Date.parse(terms.startDate);
  if (Number.isNaN(start)) problems.push('startDate: not a date');
  else if (start < Date.parse(nowIso) - DAY_MS) problems.push('startDate: an agreement starts today or later');
  const planned = terms.fundingPlan.reduce((sum, line) => sum + line.amountCents, 0);
  if (planned !== terms.yearlyAmountCents) {
    problems.push(`fundingPlan: the funders' yearly shares add up to ${planned} cents, not the yearly amount of ${terms.yearlyAmountCents} cents`);
  }
  const funders = terms.fundingPlan.map((line) => line.funderId);
  if (new Set(funders).size !== funders.length) problems.push('fundingPlan: a funder appears twice');
  const c = terms.coordination;
  if (c.mode === 'flat' && (!isCents(c.flatAmountCents) || c.flatAmountCents <= 0))
    problems.push('coordination.flatAmountCents: a positive whole number of cents');
  if (c.mode === 'tokens') {
    if (!isCents(c.tokenValueCents) || c.tokenValueCents <= 0) problems.push('coordination.tokenValueCents: a positive whole number of cents');
    if (!isCents(c.yearlyCapCents) || c.yearlyCapCents < c.tokenValueCents) problems.push('coordination.yearlyCapCents: at least one token');
  }
  return problems;
}

export type AgreementStatus = 'proposed' | 'active' | 'report_overdue' | 'withdrawn' | 'terminated' | 'completed';
export const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['proposed', 'active', 'report_overdue', 'withdrawn', 'terminated', 'completed'];

export interface PaymentLine {
  funderId?: string;
  paymentOrderId: string;
  amountCents: Cents;
}

/** One year of an agreement: its tranche, its coordination time, its report. */
export interface AgreementYear {
  year: number;
  startsAt: string;
  endsAt: string;
  amountCents: Cents;
  fundingPlan: FundingLine[];
  tranche: 'upcoming' | 'paid' | 'withheld' | 'cancelled';
  trancheOrders: PaymentLine[];
  tokens: { meetingId: string; date: string }[];
  coordination: { status: 'upcoming' | 'paid' | 'cancelled'; paidCents: Cents; paymentOrderId?: string };
  report: { dueAt: string; status: 'not_due' | 'due' | 'overdue' | 'received'; submittedAt?: string; summary?: string; remindersSent: number };
}

export interface PendingAmendment {
  yearlyAmountCents: Cents;
  fromYear: number;
  proposedBy: string;
  proposedBySide: AgreementSide;
  proposedAt: string;
  /**
   * Who still has to agree: the funders whose line the amendment changes (each agrees for itself),
   * and whether the association has. Absent on amendments proposed before this rule (the other
   * side's acceptance alone applied them).
   */
  awaitingFunders?: string[];
  associationAgreed?: boolean;
}

export type AgreementSide = 'association' | 'funding';

export interface AgreementState extends AgreementTerms {
  id: string;
  proposedBy: { id: string; role: Role; org?: string };
  proposedAt: string;
  policy: AnchoringPolicy;
  status: AgreementStatus;
  acceptedAt?: string;
  /**
   * Each funder of the plan accepts its own line (nobody commits another's money): those who have, the
   * proposing funder's own line included. Absent on agreements proposed before this rule (they were
   * active on the association's acceptance alone).
   */
  fundersAccepted?: string[];
  /** When the association accepted, if the agreement still awaits a funder. */
  associationAcceptedAt?: string;
  currentYear: number;
  schedule: AgreementYear[];
  amendments: { yearlyAmountCents: Cents; fromYear: number; acceptedAt: string }[];
  pendingAmendment?: PendingAmendment;
  /**
   * `awaiting`, for a mutual termination: the parties still to agree ('association', and each funder
   * with a line still to pay). Absent on terminations requested before this rule.
   */
  termination?: { mode: 'notice' | 'mutual'; reason: string; requestedBy: AgreementSide; requestedAt: string; effectiveAt?: string; awaiting?: string[] };
  rejectedCredits: { meetingId: string; date: string; reason: string }[];
  /** Token credits received and not yet recorded (carried across continue-as-new). */
  pendingCredits: TokenCredit[];
  /** What has been paid and credited so far: derived from the schedule (see agreementTotals). */
  totals: AgreementTotals;
  endedAt?: string;
}

export interface AgreementTotals {
  operatingPaidCents: Cents;
  coordinationPaidCents: Cents;
  tokens: number;
}

/** What the agreement workflow holds (and carries across continue-as-new): everything but what derives. */
export type HeldAgreement = Omit<AgreementState, 'totals'>;

/** What the rules read of an agreement: all but its token credits' inbox. */
export type AgreementCore = Omit<HeldAgreement, 'pendingCredits' | 'rejectedCredits'>;

/** Operating tranches paid, coordination paid and tokens credited, from the schedule alone. */
export function agreementTotals(schedule: readonly AgreementYear[]): AgreementTotals {
  return schedule.reduce(
    (t, y) => ({
      operatingPaidCents: t.operatingPaidCents + (y.tranche === 'paid' ? y.amountCents : 0),
      coordinationPaidCents: t.coordinationPaidCents + y.coordination.paidCents,
      tokens: t.tokens + y.tokens.length,
    }),
    { operatingPaidCents: 0, coordinationPaidCents: 0, tokens: 0 },
  );
}

/** The years of an agreement, computed from its terms (each year's amount and funders' shares). */
export function agreementSchedule(terms: AgreementTerms, policy: AnchoringPolicy): AgreementYear[] {
  const start = Date.parse(terms.startDate);
  const boundary = (i: number): number => {
    if (!policy.calendarYears) return start + i * policy.yearMs;
    return start + Math.round((addCalendarYears(start, i) - start) / policy.calendarYears.timeScale);
  };
  return Array.from({ length: terms.years }, (_, i) => {
    const startsAt = boundary(i);
    const endsAt = boundary(i + 1);
    return {
      year: i + 1,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      amountCents: terms.yearlyAmountCents,
      fundingPlan: terms.fundingPlan.map((line) => ({ ...line })),
      tranche: 'upcoming',
      trancheOrders: [],
      tokens: [],
      coordination: { status: 'upcoming', paidCents: 0 },
      report: { dueAt: new Date(endsAt + policy.reportDueAfterYearEndMs).toISOString(), status: 'not_due', remindersSent: 0 },
    };
  });
}

/** Coordination compensation owed for a year: the flat amount (pro rata if cut short), or tokens × value up to the cap. */
export function coordinationOwed(coordination: CoordinationMode, year: AgreementYear, untilMs?: number): Cents {
  if (coordination.mode === 'tokens') return Math.min(year.tokens.length * coordination.tokenValueCents, coordination.yearlyCapCents);
  const start = Date.parse(year.startsAt);
  const end = Date.parse(year.endsAt);
  if (untilMs === undefined || untilMs >= end) return coordination.flatAmountCents;
  if (untilMs <= start) return 0;
  return Math.floor((coordination.flatAmountCents * (untilMs - start)) / (end - start));
}

/** A year's funding plan scaled to a new yearly amount (the funders keep their proportions). */
export function scalePlan(plan: readonly FundingLine[], amountCents: Cents): FundingLine[] {
  const parts = splitByWeights(
    amountCents,
    plan.map((line) => line.amountCents),
  );
  return plan.map((line, i) => ({ funderId: line.funderId, amountCents: parts[i] }));
}

/** Reports whose due date has passed without them: they hold back the next tranche. */
export function missingReports(state: Pick<HeldAgreement, 'schedule'>, nowMs: number): number[] {
  return state.schedule.filter((y) => y.report.status !== 'received' && Date.parse(y.report.dueAt) <= nowMs).map((y) => y.year);
}

// ---- commands ----

export interface AcceptAgreementCommand {
  actorId: string;
  associationId: string;
}
export interface ActivityReportCommand {
  actorId: string;
  associationId: string;
  year: number;
  summary: string;
}
/** `funderId`: the funder an actor of the funding side speaks for (absent for a project lead or an admin). */
export interface AmendmentCommand {
  actorId: string;
  side: AgreementSide;
  funderId?: string;
  yearlyAmountCents: Cents;
  fromYear: number;
}
export interface AcceptAmendmentCommand {
  actorId: string;
  side: AgreementSide;
  funderId?: string;
}
export interface TerminationCommand {
  actorId: string;
  side: AgreementSide;
  funderId?: string;
  mode: 'notice' | 'mutual';
  reason: string;
}
export interface TokenCredit {
  meetingId: string;
  date: string;
  topic: string;
}

const conflict = (message: string) => new DomainError('conflict', message);
const invalid = (message: string) => new DomainError('validation', message);
const LIVE: AgreementStatus[] = ['active', 'report_overdue'];

export function acceptAgreementProblem(state: AgreementCore, c: AcceptAgreementCommand): DomainError | null {
  if (c.associationId !== state.associationId) return new DomainError('forbidden', 'only the association the agreement is proposed to accepts it');
  if (state.status !== 'proposed') return conflict(`the agreement is ${state.status}: there is nothing to accept`);
  if (state.associationAcceptedAt) return conflict('the association has already accepted: the agreement awaits its funders');
  return null;
}

export interface AcceptFundingLineCommand {
  actorId: string;
  funderId: string;
}

/** A funder accepts its own line of the plan, while the agreement is proposed. */
export function acceptFundingLineProblem(state: AgreementCore, c: AcceptFundingLineCommand): DomainError | null {
  if (!state.fundingPlan.some((line) => line.funderId === c.funderId))
    return new DomainError('forbidden', `${c.funderId} has no line in this agreement's funding plan`);
  if (state.status !== 'proposed') return conflict(`the agreement is ${state.status}: there is nothing to accept`);
  if (!state.fundersAccepted || state.fundersAccepted.includes(c.funderId)) return conflict(`${c.funderId} has already accepted its line`);
  return null;
}

export function activityReportProblem(state: AgreementCore, c: ActivityReportCommand, nowMs: number): DomainError | null {
  if (!c.summary?.trim()) return invalid('summary: the activity report needs a summary');
  if (c.associationId !== state.associationId) return new DomainError('forbidden', 'only the association reports on its agreement');
  const year = state.schedule.find((y) => y.year === c.year);
  if (!year) return invalid(`year: the agreement has years 1 to ${state.years}`);
  if (state.status === 'proposed' || state.status === 'withdrawn') return conflict(`the agreement is ${state.status}: no report is expected`);
  if (year.report.status === 'received') return conflict(`the report for year ${c.year} has already been received`);
  if (Date.parse(year.endsAt) > nowMs) return conflict(`year ${c.year} ends at ${year.endsAt}: its report comes after`);
  return null;
}

export function amendmentProblem(state: AgreementCore, c: AmendmentCommand, nowMs: number): DomainError | null {
  if (!LIVE.includes(state.status)) return conflict(`the agreement is ${state.status}: it cannot be amended`);
  if (state.termination) return conflict('the agreement is being terminated');
  if (!isCents(c.yearlyAmountCents) || c.yearlyAmountCents <= 0) return invalid('yearlyAmountCents: a positive whole number of cents');
  const year = state.schedule.find((y) => y.year === c.fromYear);
  if (!year) return invalid(`fromYear: the agreement has years 1 to ${state.years}`);
  if (year.tranche !== 'upcoming' || Date.parse(year.startsAt) <= nowMs) {
    return conflict(`year ${c.fromYear} has started: an amendment applies to the years to come`);
  }
  if (state.pendingAmendment) return conflict('an amendment is already waiting for the other party');
  return null;
}

/** The funders whose line an amendment changes: in the years it applies to, each line scaled to the new amount. */
export function amendmentChangedFunders(state: Pick<HeldAgreement, 'schedule'>, fromYear: number, yearlyAmountCents: Cents): string[] {
  const changed = new Set<string>();
  for (const year of state.schedule.filter((y) => y.year >= fromYear && y.tranche === 'upcoming')) {
    const scaled = scalePlan(year.fundingPlan, yearlyAmountCents);
    year.fundingPlan.forEach((line, i) => {
      if (scaled[i].amountCents !== line.amountCents) changed.add(line.funderId);
    });
  }
  return [...changed];
}

/** Who must still agree to an amendment when it is proposed: the proposer has. */
export function amendmentAgreement(state: Pick<HeldAgreement, 'schedule'>, c: AmendmentCommand): { awaitingFunders: string[]; associationAgreed: boolean } {
  return {
    awaitingFunders: amendmentChangedFunders(state, c.fromYear, c.yearlyAmountCents).filter((funderId) => funderId !== c.funderId),
    associationAgreed: c.side === 'association',
  };
}

/** The funders with money of the agreement still to come: a mutual termination cancels their lines. */
export function fundersWithLinesToCome(state: Pick<HeldAgreement, 'schedule'>): string[] {
  return [
    ...new Set(state.schedule.filter((y) => y.tranche === 'upcoming').flatMap((y) => y.fundingPlan.filter((l) => l.amountCents > 0).map((l) => l.funderId))),
  ];
}

/** The party a command speaks for in a mutual termination: the association, or a funder (none for a project lead or an admin). */
export function terminationParty(c: Pick<TerminationCommand, 'side' | 'funderId'>): string | undefined {
  return c.side === 'association' ? 'association' : c.funderId;
}

export function acceptAmendmentProblem(state: AgreementCore, c: AcceptAmendmentCommand, nowMs: number): DomainError | null {
  const pending = state.pendingAmendment;
  if (!pending) return new DomainError('not_found', 'no amendment is waiting');
  if (pending.awaitingFunders) {
    // Each funder whose line changes agrees for itself; nobody agrees for another's money.
    if (c.side === 'association') {
      if (pending.associationAgreed) return conflict('the association has already agreed to this amendment');
    } else if (!c.funderId) {
      return new DomainError(
        'forbidden',
        `each funder whose line the amendment changes accepts it for itself${pending.awaitingFunders.length ? ` (awaiting ${pending.awaitingFunders.join(', ')})` : ''}`,
      );
    } else if (!pending.awaitingFunders.includes(c.funderId)) {
      return conflict(`${c.funderId} has already agreed to this amendment, or its line does not change`);
    }
  } else if (pending.proposedBySide === c.side) {
    return new DomainError('forbidden', 'the other party accepts an amendment, not the one that proposed it');
  }
  const year = state.schedule.find((y) => y.year === pending.fromYear)!;
  if (year.tranche !== 'upcoming' || Date.parse(year.startsAt) <= nowMs)
    return conflict(`year ${pending.fromYear} has started meanwhile: propose the amendment again`);
  return null;
}

export function terminationProblem(state: AgreementCore, c: TerminationCommand): DomainError | null {
  if (!c.reason?.trim()) return invalid('reason: a termination needs a reason');
  if (!LIVE.includes(state.status)) return conflict(`the agreement is ${state.status}: it cannot be terminated`);
  if (state.termination?.effectiveAt) return conflict(`the agreement already ends at ${state.termination.effectiveAt}`);
  if (c.mode === 'notice' && c.side !== 'funding')
    return new DomainError('forbidden', "a termination with notice is the funder side's; the association may ask for a mutual termination");
  if (c.mode === 'mutual' && state.termination?.mode === 'mutual' && state.termination.awaiting) {
    const party = terminationParty(c);
    if (!party)
      return new DomainError('forbidden', `each funder agrees to the mutual termination for itself (awaiting ${state.termination.awaiting.join(', ')})`);
    if (!state.termination.awaiting.includes(party))
      return conflict(`${party === 'association' ? 'the association' : party} has already agreed to the mutual termination`);
    return null;
  }
  if (c.mode === 'mutual' && state.termination?.requestedBy === c.side) return conflict('the other party must agree to the mutual termination');
  return null;
}

/** Which side of an agreement a principal speaks for, or why it may not act on it. */
export function agreementSideOf(
  principal: Principal,
  agreement: { associationId: string; territoryId: string; fundingPlan: FundingLine[] },
): AgreementSide | DomainError {
  if (principal.role === 'association') {
    return principal.org === agreement.associationId ? 'association' : new DomainError('not_found', 'no such agreement');
  }
  if (principal.role === 'admin') return 'funding';
  if (principal.role === 'project_lead' && principal.territory === agreement.territoryId) return 'funding';
  if (principal.role === 'funder' && agreement.fundingPlan.some((line) => line.funderId === principal.org)) return 'funding';
  return new DomainError('forbidden', "only the association, the territory's project lead and the agreement's funders act on it");
}
