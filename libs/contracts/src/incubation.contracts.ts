import type { IncubationPolicy, IncubationState } from '../../domain/src';

/** Input of incubationCohortWorkflow (workflow id cohort-<territory>-<year>). */
export interface CohortInput {
  territoryId: string;
  year: number;
  capacity: number;
  nominationDeadline: string;
  openedBy: string;
  openedAt: string;
  policy: IncubationPolicy;
}

/** Input of incubationWorkflow, a child of the cohort started by a selection. */
export type IncubationInput = Pick<
  IncubationState,
  'cohortId' | 'territoryId' | 'year' | 'associationId' | 'projectTitle' | 'description' | 'themes' | 'qpv' | 'selectionReason' | 'selectedAt' | 'policy'
> & {
  incubationId: string;
  selectedBy: string;
};

export function incubationIdFor(cohortId: string, nominationId: string): string {
  return `inc-${cohortId.slice('cohort-'.length)}-${nominationId.slice('nom-'.length)}`;
}

export function isIncubationId(value: string): boolean {
  return /^inc-[a-z0-9-]{1,100}-\d{4}-[0-9a-f]{8}$/.test(value);
}
