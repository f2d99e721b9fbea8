import type { Actor } from '../events';
import type { CopilPolicy } from './copil.policy';

/** The four colleges of a territory's steering committee (proposal 1). */
export const COLLEGES = ['state', 'local_authorities', 'associations', 'citizens'] as const;
export type College = (typeof COLLEGES)[number];

/** A college's vote on a decision. */
export const VOTES = ['for', 'against', 'abstain'] as const;
export type Vote = (typeof VOTES)[number];

/** Who stands for a seat: an association of the directory (associations' college), or a named organisation or person. */
export interface Candidate {
  name: string;
  /** Set for an association of the directory: it is told of the round's course and, designated, of its mandate. */
  associationId?: string;
}

/** A seat held at a meeting's scheduling: the mandate, its college, its holder. */
export interface InvitedSeat {
  mandateId: string;
  copilId: string;
  college: College;
  holder: string;
  associationId?: string;
}

/** A decision of a meeting: one of the territory's priority axes of the year, with each college's vote. */
export interface AxisDecision {
  axisId: string;
  title: string;
  votes: Record<College, Vote>;
  adopted: boolean;
}

/** Events of one year of a territory's Copil (its own stream, `copil-<territory>-<year>`). */
export type CopilEventBody =
  | { type: 'CopilOpened'; payload: { territoryId: string; year: number; policy: CopilPolicy } }
  | {
      type: 'CopilRoundOpened';
      payload: { roundId: string; college: College; seats: number; candidaciesDueAt: string; termYears: number; toldAssociationIds: string[] };
    }
  | { type: 'CopilCandidacyFiled'; payload: { roundId: string; candidacyId: string; candidate: Candidate; statement: string } }
  | { type: 'CopilRoundClosed'; payload: { roundId: string; candidacies: number } }
  | { type: 'CopilSeatDesignated'; payload: { roundId: string; candidacyId: string; mandateId: string; reason: string; startsAt: string; endsAt: string } }
  | { type: 'CopilMandateReminderSent'; payload: { mandateId: string; endsAt: string } }
  | { type: 'CopilMandateEnded'; payload: { mandateId: string } }
  | { type: 'CopilMeetingScheduled'; payload: { meetingId: string; at: string; agenda: string[]; invited: InvitedSeat[] } }
  | { type: 'CopilMeetingHeld'; payload: { meetingId: string; heldOn: string; minutes: string; attendees: string[] } }
  | { type: 'CopilAxisDecided'; payload: { meetingId: string } & AxisDecision }
  | { type: 'CopilTokensCredited'; payload: { meetingId: string; agreementIds: string[] } }
  | { type: 'CopilYearEnded'; payload: { unfilledRounds: string[]; unheldMeetings: string[] } }
  | { type: 'CopilClosed'; payload: { mandates: number; meetings: number; decisions: number } };

export type CopilEventType = CopilEventBody['type'];

/** An event as the log holds it: its stream, who caused it and when. */
export type CopilEvent = CopilEventBody & { grantId: string; actor: Actor; occurredAt: string };
