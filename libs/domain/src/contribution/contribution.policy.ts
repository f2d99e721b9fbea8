import { DAY_MS } from '../duration';

/** How long the other side has to sign a version, and when it is reminded. */
export interface ContributionPolicy {
  /** From each proposal or revision (30 days). */
  signWithinMs: number;
  /** A reminder this long before (7 days). */
  reminderBeforeMs: number;
}

export const DEFAULT_CONTRIBUTION_POLICY: ContributionPolicy = { signWithinMs: 30 * DAY_MS, reminderBeforeMs: 7 * DAY_MS };

/** Revisions a negotiation takes at most: its history stays small. */
export const CONTRIBUTION_REVISIONS_MAX = 10;
