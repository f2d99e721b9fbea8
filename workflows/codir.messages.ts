import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CodirState, Direction, Role } from '@grants/domain';

export interface CodirActor {
  id: string;
  role: Role;
}

export const codirStateQuery = defineQuery<CodirState>('state');
/** Waits until the opening is recorded; returns the state. */
export const codirOpenedUpdate = defineUpdate<CodirState>('opened');
export const inviteDirectionUpdate = defineUpdate<CodirState, [{ actor: CodirActor; direction: Direction }]>('inviteDirection');
export const recordStatementUpdate = defineUpdate<CodirState, [{ actor: CodirActor; directionId: string; text: string; qpvs: string[] }]>('recordStatement');
export const answerDirectionUpdate = defineUpdate<
  CodirState,
  [{ actor: CodirActor; directionId: string; text: string; relays: string[]; coFunding: string[] }]
>('answerDirection');
export const recordMeetingUpdate = defineUpdate<
  CodirState,
  [{ actor: CodirActor; heldOn: string; minutes: string; attendees: string[]; commitments: { directionId: string; text: string; dueAt: string }[] }]
>('recordMeeting');
export const commitmentDoneUpdate = defineUpdate<CodirState, [{ actor: CodirActor; commitmentId: string; note: string }]>('commitmentDone');
