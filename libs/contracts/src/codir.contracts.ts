import type { CodirPolicy, CodirSchedule, Direction, Role } from '@grants/domain';

/** Input of codirWorkflow (workflow id codir-<territory>-<year>). */
export interface CodirInput {
  codirId: string;
  territoryId: string;
  year: number;
  meetingAt: string;
  directions: Direction[];
  /** Opened by the yearly Schedule (no person), or by the project lead. */
  openedBy: { id: string; role: Role } | null;
  policy: CodirPolicy;
}

/** Input of codirOpenerWorkflow, the action of a territory's yearly Schedule (schedule id codir-schedule-<territory>). */
export interface CodirOpenerInput {
  territoryId: string;
  schedule: CodirSchedule;
  /** The schedule's meetingAfterDays in this deployment's time (days are shorter in the tests and the demo). */
  meetingAfterMs: number;
  directions: Direction[];
  policy: CodirPolicy;
  /** The task queue the CODIR runs on (the opener's own). */
  taskQueue?: string;
}
