import { DAY_MS } from '../duration';

/** When the binôme is reminded before the Copil that is to adopt the sheet. */
export interface MissionSheetPolicy {
  /** Reminders this long before the Copil, to the members whose signature of the current version is awaited (14 and 3 days). */
  remindersBeforeCopilMs: number[];
}

export const DEFAULT_MISSION_SHEET_POLICY: MissionSheetPolicy = { remindersBeforeCopilMs: [14 * DAY_MS, 3 * DAY_MS] };
