import type { GrantEventDraft, GrantView } from '../events';
import { nextRow, openedRow } from '../grant-row';
import { IncubationEventBody } from './incubation.events';

/** One row of the incubation cohorts read model. */
export interface CohortView {
  id: string;
  territoryId: string;
  year: number;
  capacity: number;
  status: 'open' | 'closed';
  nominationDeadline: string;
  nominations: number;
  selected: number;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

export function projectCohort(view: CohortView | null, event: GrantEventDraft & { seq: number }): CohortView {
  if (event.type === 'CohortOpened') {
    const p = event.payload;
    return {
      id: event.grantId,
      territoryId: p.territoryId,
      year: p.year,
      capacity: p.capacity,
      status: 'open',
      nominationDeadline: p.nominationDeadline,
      nominations: 0,
      selected: 0,
      createdAt: event.occurredAt,
      updatedAt: event.occurredAt,
      lastSeq: event.seq,
    };
  }
  if (!view) throw new Error(`event ${event.type} #${event.seq} of ${event.grantId} comes before the cohort was opened`);
  const next: CohortView = { ...view, updatedAt: event.occurredAt, lastSeq: event.seq };
  switch (event.type) {
    case 'ProjectNominated':
      return { ...next, nominations: view.nominations + 1 };
    case 'ProjectSelected':
      return { ...next, selected: view.selected + 1 };
    case 'CohortClosed':
      return { ...next, status: 'closed' };
    default:
      throw new Error(`${event.type} does not belong to a cohort's stream`);
  }
}

/** An incubated project event as the log holds it. */
export type StoredIncubationEvent = Extract<GrantEventDraft, { type: IncubationEventBody['type'] }> & { seq: number };

/**
 * An incubated project's read-model row, event by event (pure): awaiting a mentor, then a plan, in
 * progress, graduated or withdrawn.
 */
export function projectIncubation(view: GrantView | null, event: StoredIncubationEvent): GrantView {
  if (event.type === 'IncubationStarted') {
    const p = event.payload;
    return openedRow(event, {
      status: 'awaiting_mentor',
      title: p.projectTitle,
      associationId: p.associationId,
      territoryId: p.territoryId,
      amountCents: 0,
      funderIds: [],
      memberIds: [p.associationId],
    });
  }
  const next = nextRow(view, event);
  switch (event.type) {
    case 'MentorAssigned':
      return {
        ...next,
        status: next.status === 'awaiting_mentor' ? 'awaiting_plan' : next.status,
        memberIds: [next.associationId, event.payload.mentorAssociationId],
      };
    case 'SupportPlanSet':
      return { ...next, status: 'in_progress' };
    case 'IncubationGraduated':
      return { ...next, status: 'graduated' };
    case 'IncubationWithdrawn':
      return { ...next, status: 'withdrawn' };
    case 'CheckInReminderSent':
    case 'MilestoneCompleted':
    case 'MilestoneOverdue':
    case 'FundingLeadRecorded':
    case 'ImpactReportSubmitted':
      return next;
    default: {
      const never: never = event;
      throw new Error(`unknown incubated project event ${String((never as { type: string }).type)}`);
    }
  }
}
