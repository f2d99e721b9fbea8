import type { Actor } from '../events';
import type { CodirPolicy } from './codir.policy';

/** The sectoral directions of a local authority a CODIR QPV gathers. */
export const SECTORS = ['education', 'sport', 'culture', 'housing', 'employment', 'health', 'social_action', 'public_space'] as const;
export type Sector = (typeof SECTORS)[number];

/** A direction invited: its sector, its name, whom to write to (directions have no account: the project lead records for them). */
export interface Direction {
  directionId: string;
  sector: Sector;
  name: string;
  contact: string;
}

/** A commitment a direction made at the meeting, followed until its due date. */
export interface Commitment {
  commitmentId: string;
  directionId: string;
  text: string;
  dueAt: string;
}

/** Events of one yearly CODIR QPV of a local authority (its own stream, `codir-<territory>-<year>`). */
export type CodirEventBody =
  | {
      type: 'CodirOpened';
      payload: {
        territoryId: string;
        year: number;
        meetingAt: string;
        statementsDueAt: string;
        directions: Direction[];
        bySchedule: boolean;
        policy: CodirPolicy;
      };
    }
  | { type: 'CodirDirectionInvited'; payload: { direction: Direction } }
  | { type: 'CodirStatementReminderSent'; payload: { directionIds: string[]; dueAt: string } }
  | { type: 'CodirStatementRecorded'; payload: { directionId: string; text: string; qpvs: string[] } }
  | { type: 'CodirStatementsClosed'; payload: { missing: string[] } }
  | { type: 'CodirResourceAnswered'; payload: { directionId: string; text: string; relays: string[]; coFunding: string[] } }
  | { type: 'CodirMeetingHeld'; payload: { heldOn: string; minutes: string; attendees: string[]; commitments: Commitment[]; followUpUntil: string } }
  | { type: 'CodirCommitmentReminderSent'; payload: { commitmentId: string; dueAt: string } }
  | { type: 'CodirCommitmentDone'; payload: { commitmentId: string; note: string } }
  | { type: 'CodirCommitmentOverdue'; payload: { commitmentId: string; dueAt: string } }
  | { type: 'CodirClosed'; payload: { done: number; overdue: number } };

export type CodirEventType = CodirEventBody['type'];

/** An event as the log holds it: its stream, who caused it and when. */
export type CodirEvent = CodirEventBody & { grantId: string; actor: Actor; occurredAt: string };
