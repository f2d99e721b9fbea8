import type { Actor } from '../events';
import type { CohortEventBody, IncubationEventBody } from './incubation.events';
import type { CohortState, IncubationState, Milestone } from './incubation.rules';

/** A cohort's event as its workflow records it. */
export type CohortEvent = CohortEventBody & { grantId: string; actor: Actor; occurredAt: string };

/** A cohort as its events made it, with how many it has had. */
export type RecordedCohort = CohortState & { lastSeq: number };

/** A cohort as its opening makes it, before its first event: open, no nomination. */
export function openedCohort(
  terms: Pick<CohortState, 'id' | 'territoryId' | 'year' | 'capacity' | 'nominationDeadline' | 'openedBy' | 'openedAt' | 'policy'>,
): RecordedCohort {
  return { ...terms, status: 'open', nominations: [], lastSeq: 0 };
}

/**
 * How each event changes a cohort: the only way its state changes in a workflow started since the
 * recorder (older runs set it by hand, see incubationCohortWorkflowV1). Exhaustive.
 */
export function evolveCohort(state: RecordedCohort, event: CohortEvent): RecordedCohort {
  const next: RecordedCohort = { ...state, lastSeq: state.lastSeq + 1 };
  switch (event.type) {
    case 'CohortOpened':
      return next;
    case 'ProjectNominated': {
      const p = event.payload;
      const nomination = {
        id: p.nominationId,
        associationId: p.associationId,
        projectTitle: p.projectTitle,
        description: p.description ?? '',
        themes: p.themes,
        qpv: p.qpv,
        nominatedBy: event.actor.id,
        nominatedAt: event.occurredAt,
        status: 'nominated' as const,
      };
      return { ...next, nominations: [...state.nominations, nomination] };
    }
    case 'ProjectSelected': {
      const p = event.payload;
      const selection = { reason: p.reason, selectedBy: event.actor.id, at: event.occurredAt, incubationId: p.incubationId };
      return { ...next, nominations: state.nominations.map((n) => (n.id === p.nominationId ? { ...n, status: 'selected' as const, selection } : n)) };
    }
    case 'CohortClosed':
      return { ...next, status: 'closed' };
    default: {
      const never: never = event;
      throw new Error(`unknown cohort event ${JSON.stringify(never)}`);
    }
  }
}

/** An incubated project's event as its workflow records it: the body, its stream, who and when. */
export type IncubationEvent = IncubationEventBody & { grantId: string; actor: Actor; occurredAt: string };

/**
 * An incubated project as its events made it, with how many it has had (the recorder names each
 * event's step by it) and when its next check-in reminder is due (set by the support plan).
 */
export type RecordedIncubation = IncubationState & { lastSeq: number; nextCheckInAt?: string };

/** What a selection gives a project before its first event: awaiting its mentor. */
export function openedIncubation(
  selection: Pick<
    IncubationState,
    | 'id'
    | 'cohortId'
    | 'territoryId'
    | 'year'
    | 'associationId'
    | 'projectTitle'
    | 'description'
    | 'themes'
    | 'qpv'
    | 'selectionReason'
    | 'selectedAt'
    | 'policy'
  >,
): RecordedIncubation {
  return { ...selection, status: 'awaiting_mentor', checkIns: [], fundingLeads: [], lastSeq: 0 };
}

const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * How each event changes an incubated project: the only way its state changes in a workflow started
 * since the recorder (older runs set it by hand, see incubationWorkflowV1). Exhaustive: a new event
 * type does not compile until it has its case here.
 */
export function evolveIncubation(state: RecordedIncubation, event: IncubationEvent): RecordedIncubation {
  const next: RecordedIncubation = { ...state, lastSeq: state.lastSeq + 1 };
  const milestones = (change: (m: Milestone) => Milestone, name: string): Milestone[] =>
    (state.plan?.milestones ?? []).map((m) => (m.name === name ? change(m) : m));
  switch (event.type) {
    case 'IncubationStarted':
      return next;
    case 'MentorAssigned':
      return {
        ...next,
        mentor: { associationId: event.payload.mentorAssociationId, assignedAt: event.occurredAt, assignedBy: event.actor.id },
        status: state.status === 'awaiting_mentor' ? 'awaiting_plan' : state.status,
      };
    case 'SupportPlanSet': {
      // A milestone already reached stays as it was; the others take their new due date.
      const plan = {
        supports: event.payload.supports,
        setAt: event.occurredAt,
        milestones: event.payload.milestones.map(({ name, dueAt }): Milestone => {
          const previous = state.plan?.milestones.find((m) => m.name === name);
          return previous?.completedAt ? previous : { name, dueAt, overdue: false };
        }),
      };
      return { ...next, plan, status: 'in_progress', nextCheckInAt: later(event.occurredAt, state.policy.checkInEveryMs) };
    }
    case 'CheckInReminderSent':
      return {
        ...next,
        checkIns: [...state.checkIns, { n: event.payload.n, at: event.occurredAt }],
        nextCheckInAt: state.nextCheckInAt && later(state.nextCheckInAt, state.policy.checkInEveryMs),
      };
    case 'MilestoneCompleted':
      return {
        ...next,
        plan: state.plan && {
          ...state.plan,
          milestones: milestones((m) => ({ ...m, completedAt: event.occurredAt, note: event.payload.note }), event.payload.milestone),
        },
      };
    case 'MilestoneOverdue':
      return { ...next, plan: state.plan && { ...state.plan, milestones: milestones((m) => ({ ...m, overdue: true }), event.payload.milestone) } };
    case 'FundingLeadRecorded': {
      const { leadId, kind, description, openedId } = event.payload;
      const lead = { id: leadId, kind, description, recordedBy: event.actor.id, recordedAt: event.occurredAt, ...(openedId ? { openedId } : {}) };
      return { ...next, fundingLeads: [...state.fundingLeads, lead] };
    }
    case 'ImpactReportSubmitted':
      return { ...next, impactReport: { summary: event.payload.summary, submittedAt: event.occurredAt, submittedBy: event.actor.id } };
    case 'IncubationGraduated':
      return { ...next, status: 'graduated' };
    case 'IncubationWithdrawn':
      return { ...next, status: 'withdrawn', withdrawal: { reason: event.payload.reason, at: event.occurredAt, by: event.actor.id } };
    default: {
      const never: never = event;
      throw new Error(`unknown incubation event ${JSON.stringify(never)}`);
    }
  }
}

/**
 * What the project's clock says at `nowMs`: the event due now (its graduation once the impact report
 * is in, a check-in reminder, a milestone overdue), or when to look again.
 */
export function incubationClock(state: RecordedIncubation, nowMs: number): { due: IncubationEventBody | null; nextAt?: number } {
  if (state.status === 'graduated' || state.status === 'withdrawn') return { due: null };
  if (state.impactReport) return { due: { type: 'IncubationGraduated', payload: { impactSummary: state.impactReport.summary } } };
  const checkInAt = state.nextCheckInAt ? Date.parse(state.nextCheckInAt) : undefined;
  if (checkInAt !== undefined && checkInAt <= nowMs) return { due: { type: 'CheckInReminderSent', payload: { n: state.checkIns.length + 1 } } };
  const pending = (state.plan?.milestones ?? []).filter((m) => !m.completedAt && !m.overdue);
  const late = pending.find((m) => Date.parse(m.dueAt) <= nowMs);
  if (late) return { due: { type: 'MilestoneOverdue', payload: { milestone: late.name, dueAt: late.dueAt } } };
  const moments = [...(checkInAt !== undefined ? [checkInAt] : []), ...pending.map((m) => Date.parse(m.dueAt))];
  return { due: null, ...(moments.length ? { nextAt: Math.min(...moments) } : {}) };
}
