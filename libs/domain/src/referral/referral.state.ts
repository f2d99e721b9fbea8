import type { Need, ReferralEvent } from './referral.events';
import type { ReferralPolicy } from './referral.policy';

/**
 * submitted (awaiting the binôme's routing) → routed (awaiting the signatory's answer) → supported;
 * declined or escalated (unanswered in time) go back to the binôme, which routes it again; withdrawn
 * by the association at any time before support.
 */
export type ReferralStatus = 'submitted' | 'routed' | 'supported' | 'declined' | 'escalated' | 'withdrawn';
export const REFERRAL_STATUSES: readonly ReferralStatus[] = ['submitted', 'routed', 'supported', 'declined', 'escalated', 'withdrawn'];

export interface Routing {
  n: number;
  signatoryId: string;
  contactName: string;
  suggested: boolean;
  routedAt: string;
  routedBy: string;
  answerBy: string;
  remindedAt?: string;
  outcome?: { kind: 'supported' | 'declined' | 'escalated'; at: string; support?: string; reason?: string };
}

export interface ReferralState {
  id: string;
  need: Need;
  status: ReferralStatus;
  submittedBy: string;
  routings: Routing[];
  withdrawal?: { reason: string; at: string; by: string };
  policy: ReferralPolicy;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

/** The routing awaiting an answer, if any. */
export function currentRouting(state: ReferralState): Routing | undefined {
  const last = state.routings.at(-1);
  return last && !last.outcome ? last : undefined;
}

/** The state after one more event; pure and exhaustive over the event types. */
export function evolveReferral(state: ReferralState | null, event: ReferralEvent, seq = (state?.lastSeq ?? 0) + 1): ReferralState {
  const at = event.occurredAt;
  const by = event.actor.id;
  if (event.type === 'ReferralSubmitted') {
    return {
      id: event.grantId,
      need: event.payload.need,
      status: 'submitted',
      submittedBy: by,
      routings: [],
      policy: event.payload.policy,
      createdAt: at,
      updatedAt: at,
      lastSeq: seq,
    };
  }
  if (!state) throw new Error(`${event.grantId}: ${event.type} before ReferralSubmitted`);
  const next: ReferralState = JSON.parse(JSON.stringify(state));
  next.lastSeq = seq;
  next.updatedAt = at;
  const open = () => {
    const routing = currentRouting(next);
    if (!routing) throw new Error(`${next.id}: ${event.type} without a routing awaiting an answer`);
    return routing;
  };
  switch (event.type) {
    case 'ReferralRouted': {
      const p = event.payload;
      next.routings.push({
        n: p.routing,
        signatoryId: p.signatoryId,
        contactName: p.contactName,
        suggested: p.suggested,
        routedAt: at,
        routedBy: by,
        answerBy: p.answerBy,
      });
      next.status = 'routed';
      break;
    }
    case 'ReferralReminderSent':
      open().remindedAt = at;
      break;
    case 'ReferralEscalated':
      open().outcome = { kind: 'escalated', at };
      next.status = 'escalated';
      break;
    case 'ReferralSupported':
      open().outcome = { kind: 'supported', at, support: event.payload.support };
      next.status = 'supported';
      break;
    case 'ReferralDeclined':
      open().outcome = { kind: 'declined', at, reason: event.payload.reason };
      next.status = 'declined';
      break;
    case 'ReferralWithdrawn':
      next.withdrawal = { reason: event.payload.reason, at, by };
      next.status = 'withdrawn';
      break;
    default: {
      const never: never = event;
      throw new Error(`unknown referral event ${JSON.stringify(never)}`);
    }
  }
  return next;
}
