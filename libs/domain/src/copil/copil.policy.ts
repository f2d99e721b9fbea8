import { DAY_MS } from '../duration';

/** The Copil's clock: how long a mandate's year lasts, when its holder is reminded of its end. */
export interface CopilPolicy {
  /** A year of a mandate's term (365 days). */
  mandateYearMs: number;
  /** The holder and the project lead are reminded this long before a mandate ends (60 days). */
  mandateReminderBeforeMs: number;
}

export const DEFAULT_COPIL_POLICY: CopilPolicy = { mandateYearMs: 365 * DAY_MS, mandateReminderBeforeMs: 60 * DAY_MS };

/** Bounds of a Copil's year. */
export const COPIL_SEATS_MAX = 12;
export const COPIL_CANDIDACIES_MAX = 40;
export const COPIL_ROUNDS_MAX = 16;
export const COPIL_MEETINGS_MAX = 12;
export const COPIL_AGENDA_MAX = 20;
export const COPIL_DECISIONS_MAX = 20;
/** A mandate's term in years: 2 by default, 1 to 6. */
export const DEFAULT_TERM_YEARS = 2;
export const TERM_YEARS_MAX = 6;
