import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Candidate, College, CopilState, InvitedSeat, Role, Vote } from '@grants/domain';

export interface CopilActor {
  id: string;
  role: Role;
}

export const copilStateQuery = defineQuery<CopilState>('state');
/** Waits until the opening is recorded; returns the state. */
export const copilOpenedUpdate = defineUpdate<CopilState>('opened');
export const openRoundUpdate = defineUpdate<
  CopilState,
  [{ actor: CopilActor; college: College; seats: number; candidaciesDueAt: string; termYears: number; toldAssociationIds: string[] }]
>('openRound');
export const fileCandidacyUpdate = defineUpdate<CopilState, [{ actor: CopilActor; roundId: string; candidate: Candidate; statement: string }]>('fileCandidacy');
export const designateUpdate = defineUpdate<CopilState, [{ actor: CopilActor; roundId: string; candidacyId: string; reason: string }]>('designate');
export const scheduleMeetingUpdate = defineUpdate<CopilState, [{ actor: CopilActor; at: string; agenda: string[]; invited: InvitedSeat[] }]>('scheduleMeeting');
export const recordCopilMeetingUpdate = defineUpdate<
  CopilState,
  [{ actor: CopilActor; meetingId: string; heldOn: string; minutes: string; attendees: string[]; decisions: { title: string; votes: Record<College, Vote> }[] }]
>('recordMeeting');
