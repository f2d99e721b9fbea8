import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { MemberInvitation, Role, TaskForceState } from '@grants/domain';

/** Who sends a command: the account's subject and role. */
export interface TaskForceActor {
  id: string;
  role: Role;
}

export interface AnswerCommand {
  actor: TaskForceActor;
  memberId: string;
  accept: boolean;
  reason?: string;
  /** A service has no account: the pilot records its answer. */
  recordedByPilot: boolean;
}

export const taskForceStateQuery = defineQuery<TaskForceState>('state');
/** Waits until the proposal is recorded; returns the state. */
export const proposedUpdate = defineUpdate<TaskForceState>('proposed');
export const answerUpdate = defineUpdate<TaskForceState, [AnswerCommand]>('answer');
export const inviteUpdate = defineUpdate<TaskForceState, [{ actor: TaskForceActor; member: Omit<MemberInvitation, 'memberId'> }]>('invite');
export const kickOffUpdate = defineUpdate<TaskForceState, [{ actor: TaskForceActor; heldOn: string; summary: string }]>('kickOff');
export const logActionUpdate = defineUpdate<TaskForceState, [{ actor: TaskForceActor; memberId: string; text: string }]>('logAction');
export const checkInUpdate = defineUpdate<TaskForceState, [{ actor: TaskForceActor; n: number; summary: string }]>('checkIn');
export const midTermReviewUpdate = defineUpdate<TaskForceState, [{ actor: TaskForceActor; assessment: string; adjustments: string }]>('midTermReview');
export const extendUpdate = defineUpdate<TaskForceState, [{ actor: TaskForceActor; months: number; reason: string }]>('extend');
export const finalReportUpdate = defineUpdate<TaskForceState, [{ actor: TaskForceActor; coordinated: string; scaleUp: string }]>('finalReport');
export const cancelUpdate = defineUpdate<TaskForceState, [{ actor: TaskForceActor; reason: string }]>('cancel');
