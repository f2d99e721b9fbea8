import type { Commitment, CodirEvent, Direction } from './codir.events';
import type { CodirPolicy } from './codir.policy';

/**
 * collecting (the directions' statements awaited until their due date) → preparing (the politique
 * de la ville team answers each as a resource) → following (the meeting held, its commitments
 * followed until the next CODIR) → closed.
 */
export type CodirStatus = 'collecting' | 'preparing' | 'following' | 'closed';
export const CODIR_STATUSES: readonly CodirStatus[] = ['collecting', 'preparing', 'following', 'closed'];

export interface DirectionFile extends Direction {
  invitedAt: string;
  statement?: { text: string; qpvs: string[]; at: string; by: string };
  answer?: { text: string; relays: string[]; coFunding: string[]; at: string; by: string };
  reminded: boolean;
}

export interface CommitmentFile extends Commitment {
  status: 'open' | 'done' | 'overdue';
  remindedAt?: string;
  done?: { note: string; at: string; by: string };
}

export interface CodirState {
  id: string;
  territoryId: string;
  year: number;
  status: CodirStatus;
  bySchedule: boolean;
  meetingAt: string;
  statementsDueAt: string;
  directions: DirectionFile[];
  /** Directions that had not stated when statements closed. */
  missing: string[];
  meeting?: { heldOn: string; minutes: string; attendees: string[]; followUpUntil: string; recordedBy: string };
  commitments: CommitmentFile[];
  policy: CodirPolicy;
  openedBy: string;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

/** The state after one more event; pure and exhaustive over the event types. */
export function evolveCodir(state: CodirState | null, event: CodirEvent, seq = (state?.lastSeq ?? 0) + 1): CodirState {
  const at = event.occurredAt;
  const by = event.actor.id;
  if (event.type === 'CodirOpened') {
    const p = event.payload;
    return {
      id: event.grantId,
      territoryId: p.territoryId,
      year: p.year,
      status: 'collecting',
      bySchedule: p.bySchedule,
      meetingAt: p.meetingAt,
      statementsDueAt: p.statementsDueAt,
      directions: p.directions.map((d) => ({ ...d, invitedAt: at, reminded: false })),
      missing: [],
      commitments: [],
      policy: p.policy,
      openedBy: by,
      createdAt: at,
      updatedAt: at,
      lastSeq: seq,
    };
  }
  if (!state) throw new Error(`${event.grantId}: ${event.type} before CodirOpened`);
  const next: CodirState = JSON.parse(JSON.stringify(state));
  next.lastSeq = seq;
  next.updatedAt = at;
  const direction = (id: string) => {
    const d = next.directions.find((x) => x.directionId === id);
    if (!d) throw new Error(`${next.id}: no direction ${id}`);
    return d;
  };
  const commitment = (id: string) => {
    const c = next.commitments.find((x) => x.commitmentId === id);
    if (!c) throw new Error(`${next.id}: no commitment ${id}`);
    return c;
  };
  switch (event.type) {
    case 'CodirDirectionInvited':
      next.directions.push({ ...event.payload.direction, invitedAt: at, reminded: false });
      break;
    case 'CodirStatementReminderSent':
      for (const id of event.payload.directionIds) direction(id).reminded = true;
      break;
    case 'CodirStatementRecorded': {
      const p = event.payload;
      direction(p.directionId).statement = { text: p.text, qpvs: p.qpvs, at, by };
      break;
    }
    case 'CodirStatementsClosed':
      next.missing = event.payload.missing;
      next.status = 'preparing';
      break;
    case 'CodirResourceAnswered': {
      const p = event.payload;
      direction(p.directionId).answer = { text: p.text, relays: p.relays, coFunding: p.coFunding, at, by };
      break;
    }
    case 'CodirMeetingHeld': {
      const p = event.payload;
      next.meeting = { heldOn: p.heldOn, minutes: p.minutes, attendees: p.attendees, followUpUntil: p.followUpUntil, recordedBy: by };
      next.commitments = p.commitments.map((c) => ({ ...c, status: 'open' }));
      next.status = 'following';
      break;
    }
    case 'CodirCommitmentReminderSent':
      commitment(event.payload.commitmentId).remindedAt = at;
      break;
    case 'CodirCommitmentDone': {
      const c = commitment(event.payload.commitmentId);
      c.status = 'done';
      c.done = { note: event.payload.note, at, by };
      break;
    }
    case 'CodirCommitmentOverdue':
      commitment(event.payload.commitmentId).status = 'overdue';
      break;
    case 'CodirClosed':
      next.status = 'closed';
      break;
    default: {
      const never: never = event;
      throw new Error(`unknown CODIR event ${JSON.stringify(never)}`);
    }
  }
  return next;
}
