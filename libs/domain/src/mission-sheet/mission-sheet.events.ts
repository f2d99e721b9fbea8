import type { Actor } from '../events';
import type { BinomeRole } from '../roles';
import type { MissionSheetPolicy } from './mission-sheet.policy';

/** What the binôme writes together: the joint activity report of the past year and the mission sheet itself. */
export interface MissionSheetContent {
  activityReport: string;
  /** The territory's priorities for the year. */
  priorities: string;
  /** How the project lead and the prefect delegate split the work. */
  splitOfWork: string;
  /** How their actions complement each other. */
  complementarity: string;
}

/** The past year's figures the draft is written from, read from the engine's own data (the territory's annual report). */
export interface ActivityFigures {
  year: number;
  microGrantsRequested: number;
  microGrantsApproved: number;
  microGrantsRejected: number;
  envelopeTotalCents: number;
  envelopeCommittedCents: number;
  paidCents: number;
  paymentOrders: number;
  callsLaunched: number;
  agreementsFollowed: number;
  cohortSelected: number;
  graduations: number;
  taskForces: number;
  codirHeld: boolean;
}

/** Events of a territory's yearly mission sheet (its own stream, `ms-<territory>-<year>`). */
export type MissionSheetEventBody =
  | {
      type: 'MissionSheetOpened';
      payload: { territoryId: string; year: number; copilAt: string; figures: ActivityFigures; draft: MissionSheetContent; policy: MissionSheetPolicy };
    }
  | { type: 'MissionSheetRevised'; payload: { version: number; content: MissionSheetContent; side: BinomeRole } }
  | { type: 'MissionSheetSigned'; payload: { version: number; side: BinomeRole } }
  | { type: 'MissionSheetReminderSent'; payload: { copilAt: string; awaiting: BinomeRole[] } }
  | { type: 'MissionSheetAdopted'; payload: { version: number; decidedOn: string } }
  | { type: 'MissionSheetSentBack'; payload: { version: number; decidedOn: string; comments: string } }
  | { type: 'MissionSheetLapsed'; payload: { version: number } };

export type MissionSheetEventType = MissionSheetEventBody['type'];

export type MissionSheetEvent = MissionSheetEventBody & { grantId: string; actor: Actor; occurredAt: string };
