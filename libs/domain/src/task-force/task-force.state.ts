import type { MemberInvitation, TaskForceEvent } from './task-force.events';
import type { TaskForcePolicy } from './task-force.policy';

export type TaskForceStatus = 'forming' | 'active' | 'reporting' | 'closed' | 'cancelled';
export const TASK_FORCE_STATUSES: readonly TaskForceStatus[] = ['forming', 'active', 'reporting', 'closed', 'cancelled'];

export interface TaskForceMember extends MemberInvitation {
  status: 'invited' | 'accepted' | 'declined';
  invitedAt: string;
  answeredAt?: string;
  declineReason?: string;
  remindedAt?: string;
}

export interface CheckIn {
  n: number;
  dueAt: string;
  remindedAt?: string;
  heldAt?: string;
  summary?: string;
  missed: boolean;
}

export interface ActionEntry {
  entryId: string;
  text: string;
  memberId: string;
  by: string;
  at: string;
}

/** A task force as its events made it: `evolve` is the only way it changes. */
export interface TaskForceState {
  id: string;
  territoryId: string;
  qpv: string;
  title: string;
  problem: string;
  durationMonths: number;
  pilotId: string;
  proposedAt: string;
  status: TaskForceStatus;
  members: TaskForceMember[];
  kickOff?: { heldOn: string; summary: string; at: string };
  endsAt?: string;
  midTermDueAt?: string;
  checkIns: CheckIn[];
  actions: ActionEntry[];
  midTermReview?: { assessment: string; adjustments: string; at: string; by: string };
  midTermRemindedAt?: string;
  extension?: { months: number; reason: string; at: string };
  endRemindedAt?: string;
  finalReportOverdueAt?: string;
  finalReport?: { coordinated: string; scaleUp: string; at: string; by: string };
  cancellation?: { reason: string; at: string; by: string };
  policy: TaskForcePolicy;
  lastSeq: number;
  updatedAt: string;
}

const checkInsOf = (dueDates: string[], first: number): CheckIn[] => dueDates.map((dueAt, i) => ({ n: first + i, dueAt, missed: false }));

function member(state: TaskForceState, memberId: string): TaskForceMember {
  const found = state.members.find((m) => m.memberId === memberId);
  if (!found) throw new Error(`${state.id}: no member ${memberId}`);
  return found;
}

function checkIn(state: TaskForceState, n: number): CheckIn {
  const found = state.checkIns.find((c) => c.n === n);
  if (!found) throw new Error(`${state.id}: no check-in ${n}`);
  return found;
}

/**
 * The state after one more event. Pure, exhaustive over the event types (the compiler names a type
 * left out); the workflow, the read model and the rebuild all fold the same events with it.
 */
export function evolveTaskForce(state: TaskForceState | null, event: TaskForceEvent, seq = (state?.lastSeq ?? 0) + 1): TaskForceState {
  const at = event.occurredAt;
  const by = event.actor.id;
  if (event.type === 'TaskForceProposed') {
    const p = event.payload;
    return {
      id: event.grantId,
      territoryId: p.territoryId,
      qpv: p.qpv,
      title: p.title,
      problem: p.problem,
      durationMonths: p.durationMonths,
      pilotId: by,
      proposedAt: at,
      status: 'forming',
      members: p.members.map((m) => ({
        ...m,
        status: m.kind === 'pilot' ? 'accepted' : 'invited',
        invitedAt: at,
        ...(m.kind === 'pilot' ? { answeredAt: at } : {}),
      })),
      checkIns: [],
      actions: [],
      policy: p.policy,
      lastSeq: seq,
      updatedAt: at,
    };
  }
  if (!state) throw new Error(`${event.grantId}: ${event.type} before TaskForceProposed`);
  // A deep copy through JSON: the state is plain JSON, and the workflow sandbox has no structuredClone.
  const next: TaskForceState = JSON.parse(JSON.stringify(state));
  next.lastSeq = seq;
  next.updatedAt = at;
  switch (event.type) {
    case 'TaskForceMemberInvited':
      next.members.push({ ...event.payload.member, status: 'invited', invitedAt: at });
      break;
    case 'TaskForceInvitationAccepted':
      Object.assign(member(next, event.payload.memberId), { status: 'accepted', answeredAt: at });
      break;
    case 'TaskForceInvitationDeclined':
      Object.assign(member(next, event.payload.memberId), { status: 'declined', answeredAt: at, declineReason: event.payload.reason });
      break;
    case 'TaskForceInvitationReminderSent':
      for (const id of event.payload.memberIds) member(next, id).remindedAt = at;
      break;
    case 'TaskForceKickedOff': {
      const p = event.payload;
      next.kickOff = { heldOn: p.heldOn, summary: p.summary, at };
      next.endsAt = p.endsAt;
      next.midTermDueAt = p.midTermDueAt;
      next.checkIns = checkInsOf(p.checkInsDue, 1);
      next.status = 'active';
      break;
    }
    case 'TaskForceActionLogged':
      next.actions.push({ entryId: event.payload.entryId, text: event.payload.text, memberId: event.payload.memberId, by, at });
      break;
    case 'TaskForceCheckInReminderSent':
      checkIn(next, event.payload.n).remindedAt = at;
      break;
    case 'TaskForceCheckInHeld':
      Object.assign(checkIn(next, event.payload.n), { heldAt: at, summary: event.payload.summary });
      break;
    case 'TaskForceCheckInMissed':
      checkIn(next, event.payload.n).missed = true;
      break;
    case 'TaskForceMidTermReviewReminderSent':
      next.midTermRemindedAt = at;
      break;
    case 'TaskForceMidTermReviewSubmitted':
      next.midTermReview = { assessment: event.payload.assessment, adjustments: event.payload.adjustments, at, by };
      break;
    case 'TaskForceExtended':
      next.extension = { months: event.payload.months, reason: event.payload.reason, at };
      next.endsAt = event.payload.endsAt;
      next.checkIns.push(...checkInsOf(event.payload.checkInsDue, next.checkIns.length + 1));
      // Extended while its report was due: it is active again, the end reminder and the overdue flag start over.
      next.status = 'active';
      delete next.endRemindedAt;
      delete next.finalReportOverdueAt;
      break;
    case 'TaskForceEndReminderSent':
      next.endRemindedAt = at;
      break;
    case 'TaskForceFinalReportDue':
      next.status = 'reporting';
      break;
    case 'TaskForceFinalReportOverdue':
      next.finalReportOverdueAt = at;
      break;
    case 'TaskForceFinalReportSubmitted':
      next.finalReport = { coordinated: event.payload.coordinated, scaleUp: event.payload.scaleUp, at, by };
      next.status = 'closed';
      break;
    case 'TaskForceCancelled':
      next.cancellation = { reason: event.payload.reason, at, by };
      next.status = 'cancelled';
      break;
    default: {
      const never: never = event;
      throw new Error(`unknown task force event ${JSON.stringify(never)}`);
    }
  }
  return next;
}

/** The state a stream of events leads to (null for none). */
export function foldTaskForce(events: readonly TaskForceEvent[]): TaskForceState | null {
  return events.reduce<TaskForceState | null>((state, event) => evolveTaskForce(state, event), null);
}
