import type { IncubationPolicy } from '../../domain/src';

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
export interface IncubationInput {
  incubationId: string;
  cohortId: string;
  territoryId: string;
  year: number;
  associationId: string;
  projectTitle: string;
  description: string;
  themes: string[];
  qpv: string;
  selectionReason: string;
  selectedBy: string;
  selectedAt: string;
  policy: IncubationPolicy;
}

export function incubationIdFor(cohortId: string, nominationId: string): string {
  return `inc-${cohortId.slice('cohort-'.length)}-${nominationId.slice('nom-'.length)}`;
}

export function isIncubationId(value: string): boolean {
  return /^inc-[a-z0-9-]{1,100}-\d{4}-[0-9a-f]{8}$/.test(value);
}
