import { DAY_MS } from '../duration';

/** The CODIR's clock: when statements are due and reminded, how commitments are followed. */
export interface CodirPolicy {
  /** Statements are due this long before the meeting (14 days). */
  statementsBeforeMeetingMs: number;
  /** Directions that have not stated are reminded this long before that (5 days). */
  statementReminderBeforeMs: number;
  /** A commitment is reminded this long before its due date (14 days). */
  commitmentReminderBeforeMs: number;
  /** Commitments are followed this long after the meeting: until the next CODIR (365 days). */
  followUpMs: number;
}

export const DEFAULT_CODIR_POLICY: CodirPolicy = {
  statementsBeforeMeetingMs: 14 * DAY_MS,
  statementReminderBeforeMs: 5 * DAY_MS,
  commitmentReminderBeforeMs: 14 * DAY_MS,
  followUpMs: 365 * DAY_MS,
};

/** Bounds of a CODIR: directions invited, commitments recorded at its meeting. */
export const CODIR_DIRECTIONS_MAX = 20;
export const CODIR_COMMITMENTS_MAX = 50;

/** When the yearly Schedule opens the CODIR, and how long before its meeting. */
export interface CodirSchedule {
  /** Day of the year the CODIR opens (Paris): month 1-12, day 1-28. */
  month: number;
  day: number;
  /** The meeting is this many days after the opening (15 to 120). */
  meetingAfterDays: number;
}
