import type { CohortState, IncubationPolicy, IncubationState } from '@grants/domain';

/** Input of incubationCohortWorkflow (workflow id cohort-<territory>-<year>). */
export interface CohortInput {
  territoryId: string;
  year: number;
  capacity: number;
  nominationDeadline: string;
  openedBy: string;
  openedAt: string;
  policy: IncubationPolicy;
  /** Updates a run takes before it continues as new (WORKFLOW_UPDATES_PER_RUN; absent: 500). */
  maxUpdatesPerRun?: number;
  /** Set by the cohort itself when it continues as new (with its event count since the recorder). */
  carried?: { state: CohortState & { lastSeq?: number } };
}

/** Input of incubationWorkflow, a child of the cohort started by a selection. */
export type IncubationInput = Pick<
  IncubationState,
  'cohortId' | 'territoryId' | 'year' | 'associationId' | 'projectTitle' | 'description' | 'themes' | 'qpv' | 'selectionReason' | 'selectedAt' | 'policy'
> & {
  incubationId: string;
  selectedBy: string;
  /** Updates a run takes before it continues as new (absent: 500). */
  maxUpdatesPerRun?: number;
  /**
   * Set by the project itself when it continues as new: its state and where its follow-up stands.
   * A run on the recorder carries its state alone (with its event count and next check-in); a run of
   * before also carried its counters and its next check-in in milliseconds.
   */
  carried?: { state: IncubationState & { lastSeq?: number; nextCheckInAt?: string }; mentors?: number; plans?: number; nextCheckInAt?: number };
};

export function incubationIdFor(cohortId: string, nominationId: string): string {
  return `inc-${cohortId.slice('cohort-'.length)}-${nominationId.slice('nom-'.length)}`;
}

export function isIncubationId(value: string): boolean {
  return /^inc-[a-z0-9-]{1,100}-\d{4}-[0-9a-f]{8}$/.test(value);
}
