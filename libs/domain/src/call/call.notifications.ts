import { Audience, orgAudiences as orgs } from '../roles';
import { ApplicationEventBody, CallEventBody } from './call.events';

/** The parties of a call for projects and of one of its applications. */
export interface CallParties {
  territories: readonly string[];
  funderIds: readonly string[];
  /** Every association matched (invited) by the call. */
  invited: readonly string[];
  /** The members of the application (or consortium) the event is about. */
  members?: readonly string[];
}

/** Who steers a call: the project leads of its territories and its funders. */
export function callManagerAudiences(parties: CallParties): Audience[] {
  return [
    ...parties.territories.map((territory): Audience => ({ kind: 'territory_role', role: 'project_lead', territory })),
    ...parties.funderIds.map((org): Audience => ({ kind: 'org', org })),
  ];
}

/** Who hears of each call or application event. */
export function callAudiences(event: CallEventBody | ApplicationEventBody, parties: CallParties): Audience[] {
  const managers = callManagerAudiences(parties);
  switch (event.type) {
    case 'AssociationsInvited':
      return orgs(event.payload.associationIds);
    case 'MeetupScheduled':
      return orgs(parties.invited);
    case 'ConsortiumMemberInvited':
      return orgs([event.payload.associationId]);
    case 'ConsortiumInvitationAnswered':
      return orgs(parties.members);
    case 'ExpressionOfInterestReceived':
    case 'ProposalSubmitted':
    case 'DoubleFundingFlagged':
    case 'FinalReportSubmitted':
      return managers;
    case 'StipendOrdered':
    case 'ConsortiumTrancheOrdered':
      // The members are paid; the call's funders hear of every order made from their money.
      return [...orgs(parties.members), ...orgs(parties.funderIds)];
    case 'ApplicationOpened':
    case 'ApplicationShortlisted':
    case 'ApplicationNotShortlisted':
    case 'ProposalMissing':
    case 'ApplicationAwarded':
    case 'ApplicationNotAwarded':
    case 'FinalReportReminderSent':
      return orgs(parties.members);
    case 'FinalReportOverdue':
      return [...orgs(parties.members), ...managers];
    case 'CallLaunched':
      // The funders hear of a line put on their money: each accepts its own.
      return orgs(event.payload.awaitingFunders);
    case 'CallFundingLineAccepted':
      return managers;
    case 'MeetupRsvpRecorded':
    case 'MeetupAttendanceRecorded':
    case 'ConsortiumFormed':
    case 'ExpressionsClosed':
    case 'ShortlistDecided':
    case 'ProposalsClosed':
    case 'AwardsDecided':
      return [];
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}
