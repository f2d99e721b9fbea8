import type { Actor } from '../events';
import { withoutSeq } from '../grant-row';
import type { AgreementEventBody } from './anchoring.events';
import {
  AgreementCore,
  AgreementState,
  AgreementTerms,
  AgreementYear,
  AnchoringPolicy,
  HeldAgreement,
  agreementSchedule,
  agreementTotals,
  missingReports,
  scalePlan,
} from './anchoring.rules';
import type { Role } from '../roles';

/** An anchoring agreement's event as its workflow records it: the body, its stream, who and when. */
export type StampedAgreementEvent = AgreementEventBody & { grantId: string; actor: Actor; occurredAt: string };

/**
 * An agreement as its events made it, with how many it has had in its workflow's runs (the recorder
 * names each event's step by it). The token credits a meeting sends and those refused are the
 * workflow's inbox, not events: they are kept beside it (see AgreementCredits).
 */
export type RecordedAgreement = AgreementCore & { lastSeq: number };

/** Token credits received from meetings and not yet dealt with, and those refused (with why). */
export type AgreementCredits = Pick<HeldAgreement, 'pendingCredits' | 'rejectedCredits'>;

/**
 * The agreement as proposed, before its first event: its years computed from the terms. On
 * agreements proposed since the rule, each funder of the plan accepts its own line, the proposing
 * funder's by its proposal (`fundersAcceptTheirLines`).
 */
export function proposedAgreement(input: {
  agreementId: string;
  proposedBy: { id: string; role: Role; org?: string };
  proposedAt: string;
  terms: AgreementTerms;
  policy: AnchoringPolicy;
}): RecordedAgreement {
  const own = input.proposedBy.role === 'funder' ? input.proposedBy.org : undefined;
  return {
    ...input.terms,
    id: input.agreementId,
    proposedBy: input.proposedBy,
    proposedAt: input.proposedAt,
    policy: input.policy,
    status: 'proposed',
    currentYear: 1,
    schedule: agreementSchedule(input.terms, input.policy),
    amendments: [],
    fundersAccepted: own && input.terms.fundingPlan.some((line) => line.funderId === own) ? [own] : [],
    lastSeq: 0,
  };
}

/** One year of the schedule changed, the others kept. */
function withYear(state: RecordedAgreement, year: number, change: (y: AgreementYear) => Partial<AgreementYear>): RecordedAgreement {
  return { ...state, schedule: state.schedule.map((y) => (y.year === year ? { ...y, ...change(y) } : y)) };
}

/**
 * How each event changes an agreement: the only way its state changes in a workflow started since
 * the recorder (older runs set it by hand, see anchoringAgreementWorkflowV1). Exhaustive: a new
 * event type does not compile until it has its case here.
 */
export function evolveAgreement(state: RecordedAgreement, event: StampedAgreementEvent): RecordedAgreement {
  const next: RecordedAgreement = { ...state, lastSeq: state.lastSeq + 1 };
  const at = event.occurredAt;
  switch (event.type) {
    case 'AgreementProposed':
      return next;
    case 'AgreementAccepted':
      // Accepted by the association; signed (active) unless a funder's line is still to accept.
      if (event.payload.awaitingFunders?.length) return { ...next, associationAcceptedAt: at };
      return { ...next, status: 'active', acceptedAt: at, ...(state.fundersAccepted ? { associationAcceptedAt: at } : {}) };
    case 'FundingLineAccepted': {
      const { funderId, awaitingFunders, associationAccepted } = event.payload;
      const accepted = { ...next, fundersAccepted: [...(state.fundersAccepted ?? []), funderId] };
      return associationAccepted && !awaitingFunders.length ? { ...accepted, status: 'active', acceptedAt: at } : accepted;
    }
    case 'AgreementWithdrawn':
      return { ...next, status: 'withdrawn', endedAt: at };
    case 'OperatingTrancheOrdered':
      return withYear(next, event.payload.year, () => ({ tranche: 'paid', trancheOrders: event.payload.orders }));
    case 'OperatingTrancheWithheld':
      return { ...withYear(next, event.payload.year, () => ({ tranche: 'withheld' })), status: 'report_overdue' };
    case 'CoordinationTokenCredited': {
      const { meetingId, date } = event.payload;
      return withYear(next, event.payload.year, (y) => ({ tokens: [...y.tokens, { meetingId, date }] }));
    }
    case 'CoordinationCompensationOrdered': {
      const { year, amountCents, paymentOrderId, proRata } = event.payload;
      const paid = withYear(next, year, () => ({ coordination: { status: 'paid', paidCents: amountCents, ...(paymentOrderId ? { paymentOrderId } : {}) } }));
      // A year's compensation at its end closes it: the agreement moves on to the next year, if any.
      const moveOn = !proRata && year === state.currentYear && year < state.years;
      return moveOn ? { ...paid, currentYear: year + 1 } : paid;
    }
    case 'ActivityReportReminderSent':
      return withYear(next, event.payload.year, (y) => ({
        report: { ...y.report, status: y.report.status === 'not_due' ? 'due' : y.report.status, remindersSent: y.report.remindersSent + 1 },
      }));
    case 'ActivityReportOverdue':
      return { ...withYear(next, event.payload.year, (y) => ({ report: { ...y.report, status: 'overdue' } })), status: 'report_overdue' };
    case 'ActivityReportSubmitted': {
      const received = withYear(next, event.payload.year, (y) => ({
        report: { ...y.report, status: 'received', submittedAt: at, summary: event.payload.summary },
      }));
      // The last missing report puts an overdue agreement back on track.
      const backOnTrack = state.status === 'report_overdue' && missingReports(received, Date.parse(at)).length === 0;
      return backOnTrack ? { ...received, status: 'active' } : received;
    }
    case 'AmendmentProposed': {
      const { fromYear, yearlyAmountCents, side, awaitingFunders } = event.payload;
      return {
        ...next,
        pendingAmendment: {
          yearlyAmountCents,
          fromYear,
          proposedBy: event.actor.id,
          proposedBySide: side,
          proposedAt: at,
          // Since the rule, each funder whose line changes agrees for itself, and the association (the proposer has).
          ...(awaitingFunders ? { awaitingFunders, associationAgreed: side === 'association' } : {}),
        },
      };
    }
    case 'AmendmentAgreed': {
      const pending = state.pendingAmendment!;
      return { ...next, pendingAmendment: { ...pending, awaitingFunders: event.payload.awaitingFunders, associationAgreed: event.payload.associationAgreed } };
    }
    case 'AmendmentAccepted': {
      const { fromYear, yearlyAmountCents } = event.payload;
      const { pendingAmendment: _applied, ...rest } = next;
      return {
        ...rest,
        schedule: state.schedule.map((y) =>
          y.year >= fromYear && y.tranche === 'upcoming'
            ? { ...y, fundingPlan: scalePlan(y.fundingPlan, yearlyAmountCents), amountCents: yearlyAmountCents }
            : y,
        ),
        amendments: [...state.amendments, { yearlyAmountCents, fromYear, acceptedAt: at }],
      };
    }
    case 'TerminationRequested': {
      const { mode, reason, side, effectiveAt, awaiting } = event.payload;
      const before = state.termination;
      if (awaiting) {
        // A mutual termination each party agrees to for itself: the first request's reason and side stand.
        return {
          ...next,
          termination: {
            mode: 'mutual',
            reason: before?.reason ?? reason,
            requestedBy: before?.requestedBy ?? side,
            requestedAt: before?.requestedAt ?? at,
            effectiveAt,
            awaiting,
          },
        };
      }
      const agreed = mode === 'mutual' && before?.mode === 'mutual' && before.requestedBy !== side;
      return { ...next, termination: { mode, reason, requestedBy: agreed ? before.requestedBy : side, requestedAt: at, effectiveAt } };
    }
    case 'AgreementTerminated':
      // What was to come is cancelled (the coordination owed for the year under way was ordered before).
      return {
        ...next,
        schedule: state.schedule.map((y) => ({
          ...y,
          tranche: y.tranche === 'upcoming' ? 'cancelled' : y.tranche,
          coordination: y.coordination.status === 'upcoming' ? { status: 'cancelled', paidCents: 0 } : y.coordination,
        })),
        status: 'terminated',
        endedAt: at,
      };
    case 'AgreementCompleted':
      return { ...next, status: 'completed', endedAt: at };
    default: {
      const never: never = event;
      throw new Error(`unknown anchoring agreement event ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The agreement as readers see it at `nowMs`: with its token credits, the totals derived from the
 * schedule, and each ended year's report due (not yet reminded of: nothing is recorded at a year's end).
 */
export function agreementSnapshot(state: RecordedAgreement, credits: AgreementCredits, nowMs: number): AgreementState {
  const held = withoutSeq(state);
  const schedule = state.schedule.map((y) =>
    y.report.status === 'not_due' && Date.parse(y.endsAt) <= nowMs ? { ...y, report: { ...y.report, status: 'due' as const } } : y,
  );
  return { ...held, schedule, ...credits, totals: agreementTotals(schedule) };
}
