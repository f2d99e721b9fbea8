import type { ContributionEvent, ContributionSide, ContributionTerms } from './contribution.events';
import type { ContributionPolicy } from './contribution.policy';

export type ContributionStatus = 'negotiating' | 'agreed' | 'withdrawn' | 'expired';
export const CONTRIBUTION_STATUSES: readonly ContributionStatus[] = ['negotiating', 'agreed', 'withdrawn', 'expired'];

export interface Signature {
  by: string;
  at: string;
  version: number;
}

/** A contribution as its events made it: `evolveContribution` is the only way it changes. */
export interface ContributionState {
  id: string;
  terms: ContributionTerms;
  status: ContributionStatus;
  /** The version on the table (1 at the proposal, one more at each revision). */
  version: number;
  proposedBy: ContributionSide;
  /** Each side's signature of the version on the table (a revision clears the other side's). */
  signatures: Partial<Record<ContributionSide, Signature>>;
  /** The side whose signature is awaited, and by when. */
  awaiting?: ContributionSide;
  signBy?: string;
  remindedAt?: string;
  agreedAt?: string;
  withdrawal?: { side: ContributionSide; reason: string; at: string; by: string };
  policy: ContributionPolicy;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

export const otherSide = (side: ContributionSide): ContributionSide => (side === 'team' ? 'signatory' : 'team');

/** The state after one more event; pure and exhaustive over the event types. */
export function evolveContribution(state: ContributionState | null, event: ContributionEvent, seq = (state?.lastSeq ?? 0) + 1): ContributionState {
  const at = event.occurredAt;
  const by = event.actor.id;
  if (event.type === 'ContributionProposed') {
    const p = event.payload;
    return {
      id: event.grantId,
      terms: p.terms,
      status: 'negotiating',
      version: 1,
      proposedBy: p.side,
      signatures: { [p.side]: { by, at, version: 1 } },
      awaiting: otherSide(p.side),
      signBy: p.signBy,
      policy: p.policy,
      createdAt: at,
      updatedAt: at,
      lastSeq: seq,
    };
  }
  if (!state) throw new Error(`${event.grantId}: ${event.type} before ContributionProposed`);
  const next: ContributionState = JSON.parse(JSON.stringify(state));
  next.lastSeq = seq;
  next.updatedAt = at;
  switch (event.type) {
    case 'ContributionRevised':
      next.terms = event.payload.terms;
      next.version = event.payload.version;
      next.signatures = { [event.payload.side]: { by, at, version: event.payload.version } };
      next.awaiting = otherSide(event.payload.side);
      next.signBy = event.payload.signBy;
      delete next.remindedAt;
      break;
    case 'ContributionSigned':
      next.signatures[event.payload.side] = { by, at, version: event.payload.version };
      break;
    case 'ContributionAgreed':
      next.status = 'agreed';
      next.agreedAt = at;
      delete next.awaiting;
      delete next.signBy;
      break;
    case 'ContributionReminderSent':
      next.remindedAt = at;
      break;
    case 'ContributionExpired':
      next.status = 'expired';
      break;
    case 'ContributionWithdrawn':
      next.status = 'withdrawn';
      next.withdrawal = { side: event.payload.side, reason: event.payload.reason, at, by };
      delete next.awaiting;
      delete next.signBy;
      break;
    default: {
      const never: never = event;
      throw new Error(`unknown contribution event ${JSON.stringify(never)}`);
    }
  }
  return next;
}
