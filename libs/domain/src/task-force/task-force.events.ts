import type { Actor } from '../events';
import type { TaskForcePolicy } from './task-force.policy';

/** Who sits in a task force: its pilot (the project lead who proposed it), associations, signatories, services of the city or the EPT. */
export type MemberKind = 'pilot' | 'association' | 'signatory' | 'service';

/** A member as invited: an organisation of the directory (association, signatory), or a named service with its contact. */
export interface MemberInvitation {
  memberId: string;
  kind: MemberKind;
  /** The association's or the signatory's id in the directory; absent for a service and the pilot. */
  organisationId?: string;
  name: string;
  /** A service's contact (an e-mail address or a phone number); services have no account, the pilot answers for them. */
  contact?: string;
}

/** Events of one neighbourhood task force (its own stream, `tf-…`). */
export type TaskForceEventBody =
  | {
      type: 'TaskForceProposed';
      payload: {
        territoryId: string;
        qpv: string;
        title: string;
        problem: string;
        durationMonths: number;
        members: MemberInvitation[];
        policy: TaskForcePolicy;
      };
    }
  | { type: 'TaskForceMemberInvited'; payload: { member: MemberInvitation } }
  | { type: 'TaskForceInvitationAccepted'; payload: { memberId: string; recordedByPilot: boolean } }
  | { type: 'TaskForceInvitationDeclined'; payload: { memberId: string; reason: string; recordedByPilot: boolean } }
  | { type: 'TaskForceInvitationReminderSent'; payload: { memberIds: string[] } }
  | { type: 'TaskForceKickedOff'; payload: { heldOn: string; summary: string; endsAt: string; midTermDueAt: string; checkInsDue: string[] } }
  | { type: 'TaskForceActionLogged'; payload: { entryId: string; text: string; memberId: string } }
  | { type: 'TaskForceCheckInReminderSent'; payload: { n: number; dueAt: string } }
  | { type: 'TaskForceCheckInHeld'; payload: { n: number; summary: string } }
  | { type: 'TaskForceCheckInMissed'; payload: { n: number; dueAt: string } }
  | { type: 'TaskForceMidTermReviewReminderSent'; payload: { dueAt: string } }
  | { type: 'TaskForceMidTermReviewSubmitted'; payload: { assessment: string; adjustments: string } }
  | { type: 'TaskForceExtended'; payload: { months: number; reason: string; endsAt: string; checkInsDue: string[] } }
  | { type: 'TaskForceEndReminderSent'; payload: { endsAt: string } }
  | { type: 'TaskForceFinalReportDue'; payload: { endsAt: string } }
  | { type: 'TaskForceFinalReportOverdue'; payload: { endsAt: string } }
  | { type: 'TaskForceFinalReportSubmitted'; payload: { coordinated: string; scaleUp: string } }
  | { type: 'TaskForceCancelled'; payload: { reason: string } };

export type TaskForceEventType = TaskForceEventBody['type'];

/** An event as the log holds it: its stream, who caused it and when. */
export type TaskForceEvent = TaskForceEventBody & { grantId: string; actor: Actor; occurredAt: string };
