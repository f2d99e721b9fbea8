import { DAY_MS } from '../duration';

/** A task force's rhythms; the demo mode and the tests compress them. */
export interface TaskForcePolicy {
  /** A month as the task force counts it (30 days). */
  monthMs: number;
  /** How long a task force runs from its kick-off unless proposed otherwise (6 months). */
  durationMonths: number;
  /** Its one extension, at most this many months (3). */
  maxExtensionMonths: number;
  /** Reminders before a check-in, the mid-term review and the end (3 days). */
  reminderBeforeMs: number;
  /** An invitation unanswered this long gets a reminder (7 days). */
  invitationReminderMs: number;
  /** A check-in not held this long after it was due is marked missed (7 days). */
  checkInGraceMs: number;
  /** A final report not in this long after the end is overdue: the binôme is told (14 days). */
  reportGraceMs: number;
}

export const DEFAULT_TASK_FORCE_POLICY: TaskForcePolicy = {
  monthMs: 30 * DAY_MS,
  durationMonths: 6,
  maxExtensionMonths: 3,
  reminderBeforeMs: 3 * DAY_MS,
  invitationReminderMs: 7 * DAY_MS,
  checkInGraceMs: 7 * DAY_MS,
  reportGraceMs: 14 * DAY_MS,
};

/** A small group: 6 to 8 members, its pilot included. */
export const TASK_FORCE_MIN_MEMBERS = 6;
export const TASK_FORCE_MAX_MEMBERS = 8;
/** Proposed for 1 to 6 months. */
export const TASK_FORCE_MAX_DURATION_MONTHS = 6;
/** The action log's bound: a task force's history stays far below Temporal's limits without continuing as new. */
export const TASK_FORCE_ACTIONS_MAX = 200;
/** Answers to invitations (invitations of replacements included) a task force takes at most. */
export const TASK_FORCE_INVITATIONS_MAX = 16;
