import { DAY_MS } from '../duration';

/** How long a signatory has to answer a need routed to it, and when it is reminded. */
export interface ReferralPolicy {
  /** From the routing (21 days). */
  answerWithinMs: number;
  /** A reminder this long before (5 days). */
  reminderBeforeMs: number;
}

export const DEFAULT_REFERRAL_POLICY: ReferralPolicy = { answerWithinMs: 21 * DAY_MS, reminderBeforeMs: 5 * DAY_MS };

/** A need is routed at most this many times (after a decline or an escalation). */
export const REFERRAL_ROUTINGS_MAX = 5;
