import { GrantEventType } from './events';
import type { TaskForceEventType } from './task-force/task-force.events';
import type { ContributionEventType } from './contribution/contribution.events';
import type { ReferralEventType } from './referral/referral.events';
import type { CodirEventType } from './codir/codir.events';
import type { MissionSheetEventType } from './mission-sheet/mission-sheet.events';
import type { CopilEventType } from './copil/copil.events';

/** Who receives each event, in words (the audiences functions decide; this is what people read). */
export interface CatalogueEntry {
  path:
    | 'micro_grant'
    | 'call'
    | 'consortium_application'
    | 'anchoring_agreement'
    | 'incubation_cohort'
    | 'incubation'
    | 'task_force'
    | 'contribution'
    | 'referral'
    | 'codir'
    | 'mission_sheet'
    | 'copil';
  recipients: string;
}

const ASSOCIATION = 'the association';
const BINOME = "the territory's binôme (project lead, prefect delegate)";
const MANAGERS = "the call's managers (project leads of its territories, its funders)";
const MEMBERS = "the consortium's members";
const FUNDING = "the funder side (the territory's project lead, the agreement's funders)";
const PROJECT = "the incubated project's association";
const MENTOR = 'its mentor';
const LEAD = "the territory's project lead";
const INVITED = 'the organisations invited to the task force';
const ACCEPTED = 'the organisations that accepted';
const DELEGATE = "the territory's prefect delegate";

/**
 * The notification catalogue: every event type, and who hears of it (in-app, e-mail as each
 * account prefers, and the webhooks of the organisations concerned). A Record over the event union:
 * a new event type does not compile until it is catalogued.
 */
export const NOTIFICATION_CATALOGUE: Record<
  GrantEventType | TaskForceEventType | ContributionEventType | ReferralEventType | CodirEventType | MissionSheetEventType | CopilEventType,
  CatalogueEntry
> = {
  MicroGrantRequested: { path: 'micro_grant', recipients: 'nobody (the request is answered at once)' },
  MicroGrantEscalated: { path: 'micro_grant', recipients: `${ASSOCIATION}, ${BINOME}` },
  MicroGrantFundsReserved: { path: 'micro_grant', recipients: `${ASSOCIATION}, ${BINOME}` },
  MicroGrantDecisionRecorded: { path: 'micro_grant', recipients: `${ASSOCIATION}, ${BINOME}` },
  MicroGrantApproved: { path: 'micro_grant', recipients: `${ASSOCIATION}, ${BINOME}` },
  MicroGrantRejected: { path: 'micro_grant', recipients: `${ASSOCIATION}, ${BINOME}` },
  MicroGrantExpired: { path: 'micro_grant', recipients: `${ASSOCIATION}, ${BINOME}` },
  PaymentOrdered: { path: 'micro_grant', recipients: `${ASSOCIATION}, the funder of the binôme's envelope` },
  ReportReminderSent: { path: 'micro_grant', recipients: ASSOCIATION },
  ReportOverdue: { path: 'micro_grant', recipients: `${ASSOCIATION}, ${BINOME}` },
  ReportSubmitted: { path: 'micro_grant', recipients: BINOME },
  CallLaunched: { path: 'call', recipients: 'the funders whose line of the funding plan awaits their acceptance (the invitations follow)' },
  CallFundingLineAccepted: { path: 'call', recipients: "the call's project leads and funders" },
  AssociationsInvited: { path: 'call', recipients: 'every association matched by theme and territory' },
  MeetupScheduled: { path: 'call', recipients: 'the invited associations' },
  MeetupRsvpRecorded: { path: 'call', recipients: 'nobody' },
  MeetupAttendanceRecorded: { path: 'call', recipients: 'nobody' },
  ConsortiumFormed: { path: 'call', recipients: 'nobody' },
  ConsortiumMemberInvited: { path: 'call', recipients: 'the invited association' },
  ConsortiumInvitationAnswered: { path: 'call', recipients: "the consortium's lead member" },
  ExpressionOfInterestReceived: { path: 'call', recipients: MANAGERS },
  ExpressionsClosed: { path: 'call', recipients: 'nobody' },
  ShortlistDecided: { path: 'call', recipients: 'nobody (each application is told its own decision)' },
  ProposalsClosed: { path: 'call', recipients: 'nobody' },
  AwardsDecided: { path: 'call', recipients: 'nobody (each application is told its own decision)' },
  ApplicationOpened: { path: 'consortium_application', recipients: MEMBERS },
  ApplicationShortlisted: { path: 'consortium_application', recipients: MEMBERS },
  ApplicationNotShortlisted: { path: 'consortium_application', recipients: `${MEMBERS}, with the reason` },
  StipendOrdered: { path: 'consortium_application', recipients: `${MEMBERS}, the call's funders` },
  ProposalSubmitted: { path: 'consortium_application', recipients: MANAGERS },
  DoubleFundingFlagged: { path: 'consortium_application', recipients: `${MANAGERS}, with the other grant's id` },
  ProposalMissing: { path: 'consortium_application', recipients: MEMBERS },
  ApplicationAwarded: { path: 'consortium_application', recipients: MEMBERS },
  ApplicationNotAwarded: { path: 'consortium_application', recipients: `${MEMBERS}, with the reason` },
  ConsortiumTrancheOrdered: { path: 'consortium_application', recipients: `${MEMBERS}, the call's funders` },
  FinalReportReminderSent: { path: 'consortium_application', recipients: MEMBERS },
  FinalReportOverdue: { path: 'consortium_application', recipients: `${MEMBERS}, ${MANAGERS}` },
  FinalReportSubmitted: { path: 'consortium_application', recipients: MANAGERS },
  AgreementProposed: { path: 'anchoring_agreement', recipients: `${ASSOCIATION}, the funders of the plan (each accepts its line)` },
  AgreementAccepted: { path: 'anchoring_agreement', recipients: FUNDING },
  FundingLineAccepted: { path: 'anchoring_agreement', recipients: `${ASSOCIATION}, ${FUNDING}` },
  AgreementWithdrawn: { path: 'anchoring_agreement', recipients: `${ASSOCIATION}, ${FUNDING}` },
  OperatingTrancheOrdered: { path: 'anchoring_agreement', recipients: `${ASSOCIATION}, each funder of a line ordered` },
  OperatingTrancheWithheld: { path: 'anchoring_agreement', recipients: `${ASSOCIATION}, ${FUNDING}` },
  CoordinationTokenCredited: { path: 'anchoring_agreement', recipients: 'nobody (in the yearly compensation)' },
  CoordinationCompensationOrdered: { path: 'anchoring_agreement', recipients: ASSOCIATION },
  ActivityReportReminderSent: { path: 'anchoring_agreement', recipients: ASSOCIATION },
  ActivityReportOverdue: { path: 'anchoring_agreement', recipients: `${ASSOCIATION}, ${FUNDING}` },
  ActivityReportSubmitted: { path: 'anchoring_agreement', recipients: FUNDING },
  AmendmentProposed: { path: 'anchoring_agreement', recipients: `the other party; the funders, each agreeing for its own line` },
  AmendmentAgreed: { path: 'anchoring_agreement', recipients: `${ASSOCIATION}, ${FUNDING}` },
  AmendmentAccepted: { path: 'anchoring_agreement', recipients: `${ASSOCIATION}, ${FUNDING}` },
  TerminationRequested: { path: 'anchoring_agreement', recipients: 'the other party (a mutual termination: every party, each agreeing for itself)' },
  AgreementTerminated: { path: 'anchoring_agreement', recipients: `${ASSOCIATION}, ${FUNDING}` },
  AgreementCompleted: { path: 'anchoring_agreement', recipients: `${ASSOCIATION}, ${FUNDING}` },
  CohortOpened: { path: 'incubation_cohort', recipients: 'nobody' },
  ProjectNominated: { path: 'incubation_cohort', recipients: `${PROJECT}, ${LEAD}` },
  ProjectSelected: { path: 'incubation_cohort', recipients: PROJECT },
  CohortClosed: { path: 'incubation_cohort', recipients: LEAD },
  IncubationStarted: { path: 'incubation', recipients: PROJECT },
  MentorAssigned: { path: 'incubation', recipients: `${PROJECT}, ${MENTOR}` },
  SupportPlanSet: { path: 'incubation', recipients: `${PROJECT}, ${MENTOR}` },
  CheckInReminderSent: { path: 'incubation', recipients: `${PROJECT}, ${MENTOR}` },
  MilestoneCompleted: { path: 'incubation', recipients: `${MENTOR}, ${LEAD}` },
  MilestoneOverdue: { path: 'incubation', recipients: `${PROJECT}, ${MENTOR}, ${LEAD}` },
  FundingLeadRecorded: { path: 'incubation', recipients: `${PROJECT}, ${MENTOR}` },
  ImpactReportSubmitted: { path: 'incubation', recipients: `${PROJECT}, ${MENTOR}, ${LEAD}` },
  IncubationGraduated: { path: 'incubation', recipients: `${PROJECT}, ${MENTOR}, ${LEAD}` },
  IncubationWithdrawn: { path: 'incubation', recipients: `${PROJECT}, ${MENTOR}, ${LEAD}` },
  TaskForceProposed: { path: 'task_force', recipients: `${INVITED}, ${DELEGATE}` },
  TaskForceMemberInvited: { path: 'task_force', recipients: 'the organisation invited' },
  TaskForceInvitationAccepted: { path: 'task_force', recipients: LEAD },
  TaskForceInvitationDeclined: { path: 'task_force', recipients: `${LEAD}, with the reason` },
  TaskForceInvitationReminderSent: { path: 'task_force', recipients: 'the organisations that have not answered' },
  TaskForceKickedOff: { path: 'task_force', recipients: `${ACCEPTED}, ${DELEGATE}` },
  TaskForceActionLogged: { path: 'task_force', recipients: 'nobody (in the action log)' },
  TaskForceCheckInReminderSent: { path: 'task_force', recipients: `${ACCEPTED}, ${LEAD}` },
  TaskForceCheckInHeld: { path: 'task_force', recipients: ACCEPTED },
  TaskForceCheckInMissed: { path: 'task_force', recipients: BINOME },
  TaskForceMidTermReviewReminderSent: { path: 'task_force', recipients: LEAD },
  TaskForceMidTermReviewSubmitted: { path: 'task_force', recipients: `${ACCEPTED}, ${DELEGATE}` },
  TaskForceExtended: { path: 'task_force', recipients: `${ACCEPTED}, ${DELEGATE}, with the reason` },
  TaskForceEndReminderSent: { path: 'task_force', recipients: LEAD },
  TaskForceFinalReportDue: { path: 'task_force', recipients: LEAD },
  TaskForceFinalReportOverdue: { path: 'task_force', recipients: BINOME },
  TaskForceFinalReportSubmitted: { path: 'task_force', recipients: `${ACCEPTED}, ${DELEGATE}` },
  ContributionProposed: { path: 'contribution', recipients: "the other side (the territory's project lead, or the signatory)" },
  ContributionRevised: { path: 'contribution', recipients: 'the other side, to sign the new version or revise it' },
  ContributionSigned: { path: 'contribution', recipients: 'nobody (the agreement follows the second signature)' },
  ContributionAgreed: { path: 'contribution', recipients: `both sides, ${DELEGATE}` },
  ContributionReminderSent: { path: 'contribution', recipients: 'the side whose signature is awaited' },
  ContributionExpired: { path: 'contribution', recipients: 'both sides' },
  ContributionWithdrawn: { path: 'contribution', recipients: 'the other side, with the reason' },
  ReferralSubmitted: { path: 'referral', recipients: BINOME },
  ReferralRouted: { path: 'referral', recipients: `the signatory it is routed to, ${ASSOCIATION}` },
  ReferralReminderSent: { path: 'referral', recipients: 'the signatory whose answer is awaited' },
  ReferralEscalated: { path: 'referral', recipients: `${BINOME}, ${ASSOCIATION}` },
  ReferralSupported: { path: 'referral', recipients: `${ASSOCIATION}, ${BINOME}` },
  ReferralDeclined: { path: 'referral', recipients: `${ASSOCIATION}, ${BINOME}, with the reason` },
  ReferralWithdrawn: { path: 'referral', recipients: `${BINOME}, the signatory awaited` },
  TaskForceCancelled: { path: 'task_force', recipients: `${INVITED} (but those that declined), ${DELEGATE}, with the reason` },
  CodirOpened: { path: 'codir', recipients: BINOME },
  CodirDirectionInvited: { path: 'codir', recipients: LEAD },
  CodirStatementReminderSent: { path: 'codir', recipients: `${LEAD}, naming the directions to chase` },
  CodirStatementRecorded: { path: 'codir', recipients: LEAD },
  CodirStatementsClosed: { path: 'codir', recipients: `${BINOME}, naming the directions that did not state` },
  CodirResourceAnswered: { path: 'codir', recipients: BINOME },
  CodirMeetingHeld: { path: 'codir', recipients: BINOME },
  CodirCommitmentReminderSent: { path: 'codir', recipients: LEAD },
  CodirCommitmentDone: { path: 'codir', recipients: BINOME },
  CodirCommitmentOverdue: { path: 'codir', recipients: BINOME },
  CodirClosed: { path: 'codir', recipients: BINOME },
  MissionSheetOpened: { path: 'mission_sheet', recipients: BINOME },
  MissionSheetRevised: { path: 'mission_sheet', recipients: 'the other member of the binôme' },
  MissionSheetSigned: { path: 'mission_sheet', recipients: 'the other member of the binôme' },
  MissionSheetReminderSent: { path: 'mission_sheet', recipients: 'the members of the binôme whose signature is awaited' },
  MissionSheetAdopted: { path: 'mission_sheet', recipients: BINOME },
  MissionSheetSentBack: { path: 'mission_sheet', recipients: `${BINOME}, with the Copil's comments` },
  MissionSheetLapsed: { path: 'mission_sheet', recipients: BINOME },
  CopilOpened: { path: 'copil', recipients: BINOME },
  CopilRoundOpened: { path: 'copil', recipients: `${BINOME}; for the associations' college, the associations acting in the territory` },
  CopilCandidacyFiled: { path: 'copil', recipients: `${LEAD}, the candidate association` },
  CopilRoundClosed: { path: 'copil', recipients: LEAD },
  CopilSeatDesignated: { path: 'copil', recipients: `${BINOME}, the designated association` },
  CopilMandateReminderSent: { path: 'copil', recipients: `${LEAD}, the association holding the seat` },
  CopilMandateEnded: { path: 'copil', recipients: `${LEAD}, the association that held the seat` },
  CopilMeetingScheduled: { path: 'copil', recipients: `${BINOME}, the associations holding a seat` },
  CopilMeetingHeld: { path: 'copil', recipients: `${BINOME}, the associations invited` },
  CopilAxisDecided: { path: 'copil', recipients: BINOME },
  CopilTokensCredited: { path: 'copil', recipients: LEAD },
  CopilYearEnded: { path: 'copil', recipients: BINOME },
  CopilClosed: { path: 'copil', recipients: LEAD },
};

export const EVENT_TYPES = Object.keys(NOTIFICATION_CATALOGUE) as (
  GrantEventType | TaskForceEventType | ContributionEventType | ReferralEventType | CodirEventType | MissionSheetEventType | CopilEventType
)[];
