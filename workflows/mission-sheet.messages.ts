import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { BinomeRole, MissionSheetContent, MissionSheetState, Role } from '@grants/domain';

export interface MissionSheetActor {
  id: string;
  role: Role;
}

export const missionSheetStateQuery = defineQuery<MissionSheetState>('state');
/** Waits until the opening is recorded; returns the state. */
export const missionSheetOpenedUpdate = defineUpdate<MissionSheetState>('opened');
export const reviseMissionSheetUpdate = defineUpdate<MissionSheetState, [{ actor: MissionSheetActor; side: BinomeRole; content: MissionSheetContent }]>(
  'revise',
);
export const signMissionSheetUpdate = defineUpdate<MissionSheetState, [{ actor: MissionSheetActor; side: BinomeRole }]>('sign');
export const copilDecisionUpdate = defineUpdate<MissionSheetState, [{ actor: MissionSheetActor; adopted: boolean; comments?: string; decidedOn: string }]>(
  'copilDecision',
);
