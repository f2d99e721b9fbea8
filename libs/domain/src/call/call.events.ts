import { eventsOf } from '../grant-row';
import { Cents } from '../money';
import { CallPolicy, CallTerms } from './call.policy';
import type { CallPhase } from './call.rules';
import { DoubleFundingFlag, MemberPayments, Proposal } from './proposal.rules';

/** Events of a call for projects (its own stream, under the call id). */
export type CallEventBody =
  | {
      type: 'CallLaunched';
      /** `awaitingFunders`: the funders of the plan whose acceptance of their line is awaited (absent before funders accepted their lines). */
      payload: CallTerms & { paidPreselection: boolean; policy: CallPolicy; awaitingFunders?: string[] };
    }
  | { type: 'CallFundingLineAccepted'; payload: { funderId: string; awaitingFunders: string[] } }
  | { type: 'AssociationsInvited'; payload: { associationIds: string[] } }
  | { type: 'MeetupScheduled'; payload: { meetupId: string; at: string; place: string } }
  | { type: 'MeetupRsvpRecorded'; payload: { meetupId: string; associationId: string; attending: boolean } }
  | { type: 'MeetupAttendanceRecorded'; payload: { meetupId: string; attendeeIds: string[] } }
  | { type: 'ConsortiumFormed'; payload: { consortiumId: string; name: string; leadAssociationId: string } }
  | { type: 'ConsortiumMemberInvited'; payload: { consortiumId: string; associationId: string } }
  | { type: 'ConsortiumInvitationAnswered'; payload: { consortiumId: string; associationId: string; accepted: boolean } }
  /** `consortiumName`, `leadAssociationId`: the consortium of one formed by the expression itself (since the recorder). */
  | {
      type: 'ExpressionOfInterestReceived';
      payload: { applicationId: string; consortiumId: string; members: string[]; summary: string; consortiumName?: string; leadAssociationId?: string };
    }
  | { type: 'ExpressionsClosed'; payload: { applications: number; next: CallPhase } }
  | { type: 'ShortlistDecided'; payload: { decisions: { applicationId: string; shortlisted: boolean; reason: string }[] } }
  | { type: 'ProposalsClosed'; payload: { proposals: number } }
  | { type: 'AwardsDecided'; payload: { awards: { applicationId: string; amountCents: Cents }[]; totalCents: Cents; reason: string } };

/** Events of one consortium's application (its own stream, under the application id: the grant to be). */
export type ApplicationEventBody =
  | {
      type: 'ApplicationOpened';
      payload: {
        callId: string;
        callTitle: string;
        consortiumId: string;
        consortiumName: string;
        leadAssociationId: string;
        members: string[];
        territoryId: string;
        funderIds: string[];
        paidPreselection: boolean;
        proposalDeadline: string;
        summary: string;
      };
    }
  | { type: 'ApplicationShortlisted'; payload: { reason: string } }
  | { type: 'ApplicationNotShortlisted'; payload: { reason: string } }
  | { type: 'StipendOrdered'; payload: { paymentOrderId: string; amountCents: Cents; split: { associationId: string; amountCents: Cents }[] } }
  | {
      type: 'ProposalSubmitted';
      payload: {
        requestedAmountCents: Cents;
        members: { associationId: string; shareCents: Cents; role: string }[];
        actionStart: string;
        actionEnd: string;
        /** The proposal as submitted, its contributions and target public plan (absent from events recorded before the recorder). */
        proposal?: Proposal;
      };
    }
  | { type: 'DoubleFundingFlagged'; payload: { flags: DoubleFundingFlag[] } }
  | { type: 'ProposalMissing'; payload: { proposalDeadline: string } }
  | {
      type: 'ApplicationAwarded';
      payload: { amountCents: Cents; reason: string; payments: MemberPayments[]; actionStart: string; actionEnd: string; reportDueAt: string };
    }
  | { type: 'ApplicationNotAwarded'; payload: { reason: string } }
  | {
      type: 'ConsortiumTrancheOrdered';
      payload: { tranche: 'award' | 'final'; orders: { associationId: string; paymentOrderId: string; amountCents: Cents }[] };
    }
  | { type: 'FinalReportReminderSent'; payload: { reportDueAt: string } }
  | { type: 'FinalReportOverdue'; payload: { reportDueAt: string } }
  | { type: 'FinalReportSubmitted'; payload: { summary: string } };

/** Every event type of a call's stream and of an application's (the compiler names one missing or unknown). */
const CALL_EVENT_TYPES: Record<CallEventBody['type'], true> = {
  CallLaunched: true,
  CallFundingLineAccepted: true,
  AssociationsInvited: true,
  MeetupScheduled: true,
  MeetupRsvpRecorded: true,
  MeetupAttendanceRecorded: true,
  ConsortiumFormed: true,
  ConsortiumMemberInvited: true,
  ConsortiumInvitationAnswered: true,
  ExpressionOfInterestReceived: true,
  ExpressionsClosed: true,
  ShortlistDecided: true,
  ProposalsClosed: true,
  AwardsDecided: true,
};
const APPLICATION_EVENT_TYPES: Record<ApplicationEventBody['type'], true> = {
  ApplicationOpened: true,
  ApplicationShortlisted: true,
  ApplicationNotShortlisted: true,
  StipendOrdered: true,
  ProposalSubmitted: true,
  DoubleFundingFlagged: true,
  ProposalMissing: true,
  ApplicationAwarded: true,
  ApplicationNotAwarded: true,
  ConsortiumTrancheOrdered: true,
  FinalReportReminderSent: true,
  FinalReportOverdue: true,
  FinalReportSubmitted: true,
};

/** Whether an event belongs to a call's stream. */
export const isCallEvent = eventsOf(CALL_EVENT_TYPES);

/** Whether an event belongs to a consortium application's stream. */
export const isApplicationEvent = eventsOf(APPLICATION_EVENT_TYPES);
