import { Cents } from '../money';
import { parisYearMonth } from '../dates';
import { FundingLine, splitByWeights } from '../call';
import type { GrantKind } from '../events';
import type { AgreementEventBody } from '../anchoring';
import type { CohortEventBody, IncubationEventBody } from '../incubation';
import type { ApplicationEventBody, CallEventBody } from '../call';
import type { MicroGrantEventBody } from '../micro-grant';
import type { TaskForceEventBody } from '../task-force/task-force.events';
import type { ContributionEventBody, ContributionTerms } from '../contribution/contribution.events';
import type { CodirEventBody } from '../codir/codir.events';
import type { College, CopilEventBody, Vote } from '../copil/copil.events';

/**
 * The territory's annual report (the contrat de ville's proposal for the Copil and the CODIR): what
 * the year paid, by path, funder, QPV, theme and month, the envelope's use, the calls, agreements,
 * cohorts and task forces, and the signatories' commitments beside what they paid. Folded from the
 * event log only, cut at the year's last instant (Paris time): regenerated for a past year at any
 * later date, it gives the same figures.
 */

/** One lifecycle's events, in order, as the log holds them. */
export interface ReportStream {
  id: string;
  kind: GrantKind;
  events: { type: string; payload: unknown; occurredAt: string }[];
}

/** What the streams do not say: names and themes from the directory, the envelope, the calls' plans. */
export interface ReportContext {
  territory: { id: string; name: string };
  year: number;
  envelope: { totalCents: Cents; funderId: string | null } | null;
  associations: Record<string, { name: string; themes: string[] }>;
  funders: Record<string, string>;
  /** The funding plan and themes of each call whose applications are in the streams. */
  calls: Record<string, { themes: string[]; fundingPlan: FundingLine[] }>;
}

/** How a payment order came about. */
export const PAYMENT_PATHS = ['micro_grant', 'preselection_stipend', 'consortium_tranche', 'operating_tranche', 'coordination'] as const;
export type PaymentPath = (typeof PAYMENT_PATHS)[number];

/** The key under which money whose funder the engine does not know is counted (a binôme's envelope with no funder). */
export const UNATTRIBUTED = 'unattributed';
/** The key of payments whose lifecycle names no QPV. */
export const NO_QPV = 'unspecified';

/** One payment order of the year, as the report counts it. */
export interface ReportPayment {
  paymentOrderId: string;
  grantId: string;
  path: PaymentPath;
  amountCents: Cents;
  associationId: string;
  /** Each funder's part (one line, or the plan's split for calls and coordination). */
  funders: { funderId: string; amountCents: Cents }[];
  qpv: string;
  themes: string[];
  orderedAt: string;
}

export interface Amount {
  key: string;
  label: string;
  cents: Cents;
}

export interface CallSummary {
  id: string;
  title: string;
  launchedAt: string;
  budgetCents: Cents;
  consortia: number;
  applications: number;
  shortlisted: number;
  awards: number;
  awardedCents: Cents;
}

export interface AgreementSummary {
  id: string;
  title: string;
  associationId: string;
  associationName: string;
  status: 'proposed' | 'signed' | 'ended';
  yearlyAmountCents: Cents;
  /** Tranches ordered during the report's year (their agreement years). */
  ordered: { year: number; amountCents: Cents }[];
  withheld: { year: number; amountCents: Cents }[];
  coordinationPaidCents: Cents;
  tokensCredited: number;
}

export interface TaskForceSummary {
  id: string;
  title: string;
  qpv: string;
  status: 'proposed' | 'running' | 'closed' | 'cancelled';
  members: number;
  checkInsHeld: number;
  extended: boolean;
}

export interface SignatorySummary {
  signatoryId: string;
  name: string;
  /** Concluded contributions of the territory for the year. */
  committedCents: Cents;
  staff: number;
  premises: number;
  contributions: number;
  /** What it paid in the territory during the year through the funding paths. */
  paidCents: Cents;
}

/** The year's CODIR QPV as the year's end left it. */
export interface CodirSummary {
  id: string;
  meetingAt: string;
  heldOn: string | null;
  directions: number;
  stated: number;
  commitments: number;
  kept: number;
  overdue: number;
}

/** The year's Copil: who its colleges designated, the meetings held, the priority axes voted. */
export interface CopilSummary {
  id: string;
  designations: { college: College; holder: string; reason: string; on: string; endsAt: string }[];
  meetingsHeld: number;
  decisions: { title: string; adopted: boolean; votes: Record<College, Vote>; on: string }[];
}

export interface AnnualReport {
  territory: { id: string; name: string };
  year: number;
  /** The last event counted (none: the year holds no event of the territory). */
  lastEventAt: string | null;
  payments: {
    totalCents: Cents;
    orders: number;
    byPath: Amount[];
    byFunder: Amount[];
    byQpv: Amount[];
    /** A payment counts under each theme of its lifecycle: these do not add up to the total. */
    byTheme: Amount[];
    /** January to December. */
    byMonth: Cents[];
  };
  envelope: {
    totalCents: Cents;
    requested: number;
    escalated: number;
    approved: number;
    rejected: number;
    expired: number;
    committedCents: Cents;
    paidCents: Cents;
    availableCents: Cents;
  };
  calls: CallSummary[];
  agreements: AgreementSummary[];
  incubation: { capacity: number; nominations: number; selected: number; graduated: number; withdrawn: number; cohortId: string | null };
  taskForces: TaskForceSummary[];
  signatories: SignatorySummary[];
  codir: CodirSummary | null;
  copil: CopilSummary | null;
}

/** What is wrong with a report's year, or null. */
export function reportYearProblem(year: number): string | null {
  return Number.isSafeInteger(year) && year >= 2000 && year <= 2100 ? null : 'year: a year between 2000 and 2100';
}

const yearOf = (iso: string) => parisYearMonth(iso).year;

/** Splits an amount between a plan's funders in proportion to their lines (no plan: unattributed). */
function byPlan(amount: Cents, plan: readonly FundingLine[]): { funderId: string; amountCents: Cents }[] {
  const lines = plan.filter((l) => l.amountCents > 0);
  if (lines.length === 0) return [{ funderId: UNATTRIBUTED, amountCents: amount }];
  const parts = splitByWeights(
    amount,
    lines.map((l) => l.amountCents),
  );
  return lines.map((l, i) => ({ funderId: l.funderId, amountCents: parts[i] })).filter((p) => p.amountCents > 0);
}

/** The year's payment orders of one stream (events up to the year's end only, orders of the year). */
export function paymentsOf(stream: ReportStream, context: ReportContext): ReportPayment[] {
  const payments: ReportPayment[] = [];
  const inYear = stream.events.filter((e) => yearOf(e.occurredAt) <= context.year);
  const themesOf = (associationId: string) => context.associations[associationId]?.themes ?? [];
  if (stream.kind === 'micro_grant') {
    let requested: Extract<MicroGrantEventBody, { type: 'MicroGrantRequested' }>['payload'] | undefined;
    for (const e of inYear) {
      const body = e as unknown as MicroGrantEventBody;
      if (body.type === 'MicroGrantRequested') requested = body.payload;
      if (body.type === 'PaymentOrdered' && requested && yearOf(e.occurredAt) === context.year) {
        payments.push({
          paymentOrderId: body.payload.paymentOrderId,
          grantId: stream.id,
          path: 'micro_grant',
          amountCents: body.payload.amountCents,
          associationId: requested.associationId,
          funders: [{ funderId: context.envelope?.funderId ?? UNATTRIBUTED, amountCents: body.payload.amountCents }],
          qpv: requested.qpv || NO_QPV,
          themes: themesOf(requested.associationId),
          orderedAt: e.occurredAt,
        });
      }
    }
  } else if (stream.kind === 'consortium_application') {
    let opened: Extract<ApplicationEventBody, { type: 'ApplicationOpened' }>['payload'] | undefined;
    for (const e of inYear) {
      const body = e as unknown as ApplicationEventBody;
      if (body.type === 'ApplicationOpened') opened = body.payload;
      if (!opened || yearOf(e.occurredAt) !== context.year) continue;
      const call = context.calls[opened.callId];
      const plan = call?.fundingPlan ?? opened.funderIds.map((funderId) => ({ funderId, amountCents: 1 }));
      const base = { grantId: stream.id, qpv: NO_QPV, themes: call?.themes ?? [], orderedAt: e.occurredAt };
      if (body.type === 'StipendOrdered') {
        const { paymentOrderId, amountCents } = body.payload;
        payments.push({
          ...base,
          paymentOrderId,
          path: 'preselection_stipend',
          amountCents,
          associationId: opened.leadAssociationId,
          funders: byPlan(amountCents, plan),
        });
      }
      if (body.type === 'ConsortiumTrancheOrdered') {
        for (const order of body.payload.orders) {
          payments.push({
            ...base,
            paymentOrderId: order.paymentOrderId,
            path: 'consortium_tranche',
            amountCents: order.amountCents,
            associationId: order.associationId,
            funders: byPlan(order.amountCents, plan),
          });
        }
      }
    }
  } else if (stream.kind === 'anchoring_agreement') {
    let proposed: Extract<AgreementEventBody, { type: 'AgreementProposed' }>['payload'] | undefined;
    for (const e of inYear) {
      const body = e as unknown as AgreementEventBody;
      if (body.type === 'AgreementProposed') proposed = body.payload;
      if (!proposed || yearOf(e.occurredAt) !== context.year) continue;
      const base = {
        grantId: stream.id,
        associationId: proposed.associationId,
        qpv: NO_QPV,
        themes: themesOf(proposed.associationId),
        orderedAt: e.occurredAt,
      };
      if (body.type === 'OperatingTrancheOrdered') {
        for (const order of body.payload.orders) {
          payments.push({
            ...base,
            paymentOrderId: order.paymentOrderId,
            path: 'operating_tranche',
            amountCents: order.amountCents,
            funders: order.funderId ? [{ funderId: order.funderId, amountCents: order.amountCents }] : byPlan(order.amountCents, proposed.fundingPlan),
          });
        }
      }
      if (body.type === 'CoordinationCompensationOrdered' && body.payload.paymentOrderId && body.payload.amountCents > 0) {
        payments.push({
          ...base,
          paymentOrderId: body.payload.paymentOrderId,
          path: 'coordination',
          amountCents: body.payload.amountCents,
          funders: byPlan(body.payload.amountCents, proposed.fundingPlan),
        });
      }
    }
  }
  return payments;
}

function add(map: Map<string, Cents>, key: string, cents: Cents): void {
  map.set(key, (map.get(key) ?? 0) + cents);
}

function amounts(map: Map<string, Cents>, label: (key: string) => string, order?: readonly string[]): Amount[] {
  const rows = [...map].map(([key, cents]) => ({ key, label: label(key), cents }));
  if (order) return rows.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  return rows.sort((a, b) => b.cents - a.cents || a.label.localeCompare(b.label, 'fr'));
}

/** The annual report of a territory's streams for the context's year. */
export function annualReport(streams: readonly ReportStream[], context: ReportContext): AnnualReport {
  const { year } = context;
  const upToYear = (s: ReportStream) => s.events.filter((e) => yearOf(e.occurredAt) <= year);
  const lastEvent = streams
    .flatMap((s) => upToYear(s).map((e) => e.occurredAt))
    .reduce<string | null>((last, at) => (last === null || at > last ? at : last), null);

  const payments = streams.flatMap((s) => paymentsOf(s, context));
  const byPath = new Map<string, Cents>();
  const byFunder = new Map<string, Cents>();
  const byQpv = new Map<string, Cents>();
  const byTheme = new Map<string, Cents>();
  const byMonth: Cents[] = Array.from({ length: 12 }, () => 0);
  for (const p of payments) {
    add(byPath, p.path, p.amountCents);
    for (const f of p.funders) add(byFunder, f.funderId, f.amountCents);
    add(byQpv, p.qpv, p.amountCents);
    for (const theme of new Set(p.themes)) add(byTheme, theme, p.amountCents);
    byMonth[parisYearMonth(p.orderedAt).month - 1] += p.amountCents;
  }
  const funderName = (id: string) => (id === UNATTRIBUTED ? UNATTRIBUTED : (context.funders[id] ?? id));
  const totalCents = payments.reduce((sum, p) => sum + p.amountCents, 0);

  return {
    territory: context.territory,
    year,
    lastEventAt: lastEvent,
    payments: {
      totalCents,
      orders: new Set(payments.map((p) => p.paymentOrderId)).size,
      byPath: amounts(byPath, (k) => k, PAYMENT_PATHS),
      byFunder: amounts(byFunder, funderName),
      byQpv: amounts(byQpv, (k) => k),
      byTheme: amounts(byTheme, (k) => k),
      byMonth,
    },
    envelope: envelopeOf(streams, context, payments),
    calls: streams.filter((s) => s.kind === 'call').flatMap((s) => callOf(s, context)),
    agreements: streams.filter((s) => s.kind === 'anchoring_agreement').flatMap((s) => agreementOf(s, context)),
    incubation: incubationOf(streams, context),
    taskForces: streams.filter((s) => s.kind === 'task_force').flatMap((s) => taskForceOf(s, context)),
    signatories: signatoriesOf(streams, context, payments),
    codir: streams.filter((s) => s.kind === 'codir').flatMap((s) => codirOf(s, context))[0] ?? null,
    copil: streams.filter((s) => s.kind === 'copil').flatMap((s) => copilOf(s, context))[0] ?? null,
  };
}

/** The micro-grants requested during the year on the territory's envelope, and what became of them by its end. */
function envelopeOf(streams: readonly ReportStream[], context: ReportContext, payments: readonly ReportPayment[]): AnnualReport['envelope'] {
  const e = { requested: 0, escalated: 0, approved: 0, rejected: 0, expired: 0, committedCents: 0 };
  for (const stream of streams.filter((s) => s.kind === 'micro_grant')) {
    const events = stream.events.filter((ev) => yearOf(ev.occurredAt) <= context.year).map((ev) => ev as unknown as MicroGrantEventBody);
    const requested = events.find((b) => b.type === 'MicroGrantRequested');
    if (requested?.type !== 'MicroGrantRequested' || requested.payload.year !== context.year) continue;
    e.requested += 1;
    for (const body of events) {
      if (body.type === 'MicroGrantEscalated') e.escalated += 1;
      if (body.type === 'MicroGrantApproved') {
        e.approved += 1;
        e.committedCents += body.payload.amountCents;
      }
      if (body.type === 'MicroGrantRejected') e.rejected += 1;
      if (body.type === 'MicroGrantExpired') e.expired += 1;
    }
  }
  const totalCents = context.envelope?.totalCents ?? 0;
  const paidCents = payments.filter((p) => p.path === 'micro_grant').reduce((sum, p) => sum + p.amountCents, 0);
  return { totalCents, ...e, paidCents, availableCents: Math.max(totalCents - e.committedCents, 0) };
}

function callOf(stream: ReportStream, context: ReportContext): CallSummary[] {
  const events = stream.events.filter((e) => yearOf(e.occurredAt) <= context.year);
  const launched = events.find((e) => e.type === 'CallLaunched');
  if (!launched || yearOf(launched.occurredAt) !== context.year) return [];
  const terms = (launched as unknown as Extract<CallEventBody, { type: 'CallLaunched' }>).payload;
  const summary: CallSummary = {
    id: stream.id,
    title: terms.title,
    launchedAt: launched.occurredAt,
    budgetCents: terms.budgetCents,
    consortia: 0,
    applications: 0,
    shortlisted: 0,
    awards: 0,
    awardedCents: 0,
  };
  for (const e of events) {
    const body = e as unknown as CallEventBody;
    if (body.type === 'ConsortiumFormed') summary.consortia += 1;
    if (body.type === 'ExpressionOfInterestReceived') summary.applications += 1;
    if (body.type === 'ShortlistDecided') summary.shortlisted = body.payload.decisions.filter((d) => d.shortlisted).length;
    if (body.type === 'AwardsDecided') {
      summary.awards = body.payload.awards.length;
      summary.awardedCents = body.payload.totalCents;
    }
  }
  return [summary];
}

function agreementOf(stream: ReportStream, context: ReportContext): AgreementSummary[] {
  const events = stream.events.filter((e) => yearOf(e.occurredAt) <= context.year);
  const first = events[0] as unknown as AgreementEventBody | undefined;
  if (first?.type !== 'AgreementProposed') return [];
  const terms = first.payload;
  const summary: AgreementSummary = {
    id: stream.id,
    title: terms.title,
    associationId: terms.associationId,
    associationName: context.associations[terms.associationId]?.name ?? terms.associationId,
    status: 'proposed',
    yearlyAmountCents: terms.yearlyAmountCents,
    ordered: [],
    withheld: [],
    coordinationPaidCents: 0,
    tokensCredited: 0,
  };
  let endedBefore = false;
  for (const e of events) {
    const body = e as unknown as AgreementEventBody;
    const thisYear = yearOf(e.occurredAt) === context.year;
    if (body.type === 'AgreementAccepted' && !body.payload.awaitingFunders?.length) summary.status = 'signed';
    if (body.type === 'FundingLineAccepted' && body.payload.awaitingFunders.length === 0 && body.payload.associationAccepted) summary.status = 'signed';
    if (body.type === 'AgreementTerminated' || body.type === 'AgreementCompleted' || body.type === 'AgreementWithdrawn') {
      summary.status = 'ended';
      endedBefore = !thisYear;
    }
    if (body.type === 'AmendmentAccepted' || (body.type === 'AmendmentAgreed' && body.payload.awaitingFunders.length === 0 && body.payload.associationAgreed)) {
      summary.yearlyAmountCents = body.payload.yearlyAmountCents;
    }
    if (!thisYear) continue;
    if (body.type === 'OperatingTrancheOrdered') summary.ordered.push({ year: body.payload.year, amountCents: body.payload.amountCents });
    if (body.type === 'OperatingTrancheWithheld') summary.withheld.push({ year: body.payload.year, amountCents: body.payload.amountCents });
    if (body.type === 'CoordinationCompensationOrdered') summary.coordinationPaidCents += body.payload.amountCents;
    if (body.type === 'CoordinationTokenCredited') summary.tokensCredited += 1;
  }
  // An agreement that ended in an earlier year has nothing to say about this one.
  return endedBefore ? [] : [summary];
}

function incubationOf(streams: readonly ReportStream[], context: ReportContext): AnnualReport['incubation'] {
  const result: AnnualReport['incubation'] = { capacity: 0, nominations: 0, selected: 0, graduated: 0, withdrawn: 0, cohortId: null };
  for (const stream of streams) {
    const events = stream.events.filter((e) => yearOf(e.occurredAt) <= context.year);
    if (stream.kind === 'incubation_cohort') {
      const opened = events[0] as unknown as CohortEventBody | undefined;
      if (opened?.type !== 'CohortOpened' || opened.payload.year !== context.year) continue;
      result.cohortId = stream.id;
      result.capacity = opened.payload.capacity;
      for (const e of events) {
        const body = e as unknown as CohortEventBody;
        if (body.type === 'ProjectNominated') result.nominations += 1;
        if (body.type === 'ProjectSelected') result.selected += 1;
      }
    }
    if (stream.kind === 'incubation') {
      for (const e of events.filter((ev) => yearOf(ev.occurredAt) === context.year)) {
        const body = e as unknown as IncubationEventBody;
        if (body.type === 'IncubationGraduated') result.graduated += 1;
        if (body.type === 'IncubationWithdrawn') result.withdrawn += 1;
      }
    }
  }
  return result;
}

function taskForceOf(stream: ReportStream, context: ReportContext): TaskForceSummary[] {
  const events = stream.events.filter((e) => yearOf(e.occurredAt) <= context.year);
  const first = events[0] as unknown as TaskForceEventBody | undefined;
  if (first?.type !== 'TaskForceProposed') return [];
  const summary: TaskForceSummary = {
    id: stream.id,
    title: first.payload.title,
    qpv: first.payload.qpv,
    status: 'proposed',
    members: 1,
    checkInsHeld: 0,
    extended: false,
  };
  let activeThisYear = false;
  for (const e of events) {
    const body = e as unknown as TaskForceEventBody;
    if (yearOf(e.occurredAt) === context.year) activeThisYear = true;
    if (body.type === 'TaskForceInvitationAccepted') summary.members += 1;
    if (body.type === 'TaskForceKickedOff') summary.status = 'running';
    if (body.type === 'TaskForceCheckInHeld') summary.checkInsHeld += 1;
    if (body.type === 'TaskForceExtended') summary.extended = true;
    if (body.type === 'TaskForceFinalReportSubmitted') summary.status = 'closed';
    if (body.type === 'TaskForceCancelled') summary.status = 'cancelled';
  }
  // Running across the year counts, even with no event in it; closed earlier, it does not.
  const open = summary.status === 'proposed' || summary.status === 'running';
  return activeThisYear || open ? [summary] : [];
}

function signatoriesOf(streams: readonly ReportStream[], context: ReportContext, payments: readonly ReportPayment[]): SignatorySummary[] {
  const rows = new Map<string, SignatorySummary>();
  const row = (signatoryId: string) => {
    let r = rows.get(signatoryId);
    if (!r)
      rows.set(
        signatoryId,
        (r = { signatoryId, name: context.funders[signatoryId] ?? signatoryId, committedCents: 0, staff: 0, premises: 0, contributions: 0, paidCents: 0 }),
      );
    return r;
  };
  for (const stream of streams.filter((s) => s.kind === 'contribution')) {
    let terms: ContributionTerms | undefined;
    let agreed = false;
    for (const e of stream.events.filter((ev) => yearOf(ev.occurredAt) <= context.year)) {
      const body = e as unknown as ContributionEventBody;
      if (body.type === 'ContributionProposed' || body.type === 'ContributionRevised') terms = body.payload.terms;
      if (body.type === 'ContributionAgreed') agreed = true;
      if (body.type === 'ContributionWithdrawn') agreed = false;
    }
    if (!terms || !agreed || terms.year !== context.year) continue;
    const r = row(terms.signatoryId);
    r.contributions += 1;
    if (terms.nature === 'funding') r.committedCents += terms.amountCents ?? 0;
    if (terms.nature === 'staff') r.staff += terms.staffCount ?? 0;
    if (terms.nature === 'premises') r.premises += 1;
  }
  // Every funder that paid in the territory is a signatory of its contract too: shown even with nothing committed.
  for (const p of payments) for (const f of p.funders) if (f.funderId !== UNATTRIBUTED) row(f.funderId).paidCents += f.amountCents;
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

function codirOf(stream: ReportStream, context: ReportContext): CodirSummary[] {
  const events = stream.events.filter((e) => yearOf(e.occurredAt) <= context.year).map((e) => e as unknown as CodirEventBody);
  const opened = events[0];
  if (opened?.type !== 'CodirOpened' || opened.payload.year !== context.year) return [];
  const summary: CodirSummary = {
    id: stream.id,
    meetingAt: opened.payload.meetingAt,
    heldOn: null,
    directions: opened.payload.directions.length,
    stated: 0,
    commitments: 0,
    kept: 0,
    overdue: 0,
  };
  const stated = new Set<string>();
  const status = new Map<string, 'open' | 'done' | 'overdue'>();
  for (const body of events) {
    if (body.type === 'CodirDirectionInvited') summary.directions += 1;
    if (body.type === 'CodirStatementRecorded') stated.add(body.payload.directionId);
    if (body.type === 'CodirMeetingHeld') {
      summary.heldOn = body.payload.heldOn;
      for (const c of body.payload.commitments) status.set(c.commitmentId, 'open');
    }
    if (body.type === 'CodirCommitmentDone') status.set(body.payload.commitmentId, 'done');
    if (body.type === 'CodirCommitmentOverdue' && status.get(body.payload.commitmentId) === 'open') status.set(body.payload.commitmentId, 'overdue');
  }
  summary.stated = stated.size;
  summary.commitments = status.size;
  summary.kept = [...status.values()].filter((v) => v === 'done').length;
  summary.overdue = [...status.values()].filter((v) => v === 'overdue').length;
  return [summary];
}

function copilOf(stream: ReportStream, context: ReportContext): CopilSummary[] {
  const events = stream.events.filter((e) => yearOf(e.occurredAt) <= context.year);
  const opened = events[0] as unknown as CopilEventBody | undefined;
  if (opened?.type !== 'CopilOpened' || opened.payload.year !== context.year) return [];
  const summary: CopilSummary = { id: stream.id, designations: [], meetingsHeld: 0, decisions: [] };
  const colleges = new Map<string, College>();
  const candidates = new Map<string, string>();
  for (const event of events) {
    const body = event as unknown as CopilEventBody;
    if (body.type === 'CopilRoundOpened') colleges.set(body.payload.roundId, body.payload.college);
    if (body.type === 'CopilCandidacyFiled') candidates.set(body.payload.candidacyId, body.payload.candidate.name);
    if (body.type === 'CopilSeatDesignated') {
      const p = body.payload;
      summary.designations.push({
        college: colleges.get(p.roundId)!,
        holder: candidates.get(p.candidacyId) ?? p.candidacyId,
        reason: p.reason,
        on: event.occurredAt,
        endsAt: p.endsAt,
      });
    }
    if (body.type === 'CopilMeetingHeld') summary.meetingsHeld += 1;
    if (body.type === 'CopilAxisDecided')
      summary.decisions.push({ title: body.payload.title, adopted: body.payload.adopted, votes: body.payload.votes, on: event.occurredAt });
  }
  return [summary];
}
