import { Cents } from './money';
import { Role } from './roles';
import { MicroGrantEventBody, MicroGrantStatus, isMicroGrantEvent, projectMicroGrant } from './micro-grant';
import { ApplicationEventBody, ApplicationStatus, CallEventBody, isApplicationEvent, projectApplication } from './call';
import { AgreementSide, AgreementStatus, AgreementTerms, PaymentLine } from './anchoring';
import { FundingLead, IncubationStatus, MilestoneName, Support } from './incubation';

/** What a stream of events is about: a micro-grant, a call for projects, or one consortium's application. */
export type GrantKind =
  | 'micro_grant'
  | 'call'
  | 'consortium_application'
  | 'anchoring_agreement'
  | 'incubation_cohort'
  | 'incubation'
  | 'open_data'
  | 'task_force'
  | 'contribution'
  | 'referral'
  | 'codir'
  | 'mission_sheet'
  | 'copil';

/** Who caused an event: a person (their token's subject and role) or the system (timers, the engine). */
export type Actor = { kind: 'user'; id: string; role: Role } | { kind: 'system'; id: 'engine' };

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'engine' };

/** Domain events, in the past tense. Payloads are plain JSON. */
export type GrantEventBody = MicroGrantEventBody | CallEventBody | ApplicationEventBody | AgreementEventBody | CohortEventBody | IncubationEventBody;

/** Events of a territory's yearly incubation cohort (its own stream). */
export type CohortEventBody =
  | { type: 'CohortOpened'; payload: { territoryId: string; year: number; capacity: number; nominationDeadline: string } }
  | { type: 'ProjectNominated'; payload: { nominationId: string; associationId: string; projectTitle: string; themes: string[]; qpv: string } }
  | {
      type: 'ProjectSelected';
      payload: { nominationId: string; incubationId: string; associationId: string; projectTitle: string; reason: string; selected: number; capacity: number };
    }
  | { type: 'CohortClosed'; payload: { selected: number; nominations: number } };

/** Events of one incubated project. */
export type IncubationEventBody =
  | {
      type: 'IncubationStarted';
      payload: {
        cohortId: string;
        associationId: string;
        projectTitle: string;
        territoryId: string;
        year: number;
        themes: string[];
        qpv: string;
        reason: string;
      };
    }
  | { type: 'MentorAssigned'; payload: { mentorAssociationId: string } }
  | { type: 'SupportPlanSet'; payload: { supports: Support[]; milestones: { name: MilestoneName; dueAt: string }[] } }
  | { type: 'CheckInReminderSent'; payload: { n: number } }
  | { type: 'MilestoneCompleted'; payload: { milestone: MilestoneName; note?: string } }
  | { type: 'MilestoneOverdue'; payload: { milestone: MilestoneName; dueAt: string } }
  | { type: 'FundingLeadRecorded'; payload: { leadId: string; kind: FundingLead['kind']; description: string; openedId?: string } }
  | { type: 'ImpactReportSubmitted'; payload: { summary: string } }
  | { type: 'IncubationGraduated'; payload: { impactSummary: string } }
  | { type: 'IncubationWithdrawn'; payload: { reason: string } };

/** Events of a multi-year anchoring agreement (one stream across every run of its workflow). */
export type AgreementEventBody =
  | {
      type: 'AgreementProposed';
      payload: AgreementTerms & { title: string };
    }
  /** The association accepted; `awaitingFunders`: the funders whose line is still to accept (absent or empty: signed). */
  | { type: 'AgreementAccepted'; payload: { awaitingFunders?: string[] } }
  /** A funder accepted its own line; signed once the association has accepted and no funder awaits. */
  | { type: 'FundingLineAccepted'; payload: { funderId: string; awaitingFunders: string[]; associationAccepted: boolean } }
  | { type: 'AgreementWithdrawn'; payload: { reason: string } }
  | { type: 'OperatingTrancheOrdered'; payload: { year: number; amountCents: Cents; orders: PaymentLine[]; released: boolean } }
  | { type: 'OperatingTrancheWithheld'; payload: { year: number; amountCents: Cents; missingReports: number[] } }
  | { type: 'CoordinationTokenCredited'; payload: { meetingId: string; date: string; topic: string; year: number; tokens: number } }
  | { type: 'CoordinationCompensationOrdered'; payload: { year: number; amountCents: Cents; tokens?: number; paymentOrderId?: string; proRata: boolean } }
  | { type: 'ActivityReportReminderSent'; payload: { year: number; dueAt: string } }
  | { type: 'ActivityReportOverdue'; payload: { year: number; dueAt: string } }
  | { type: 'ActivityReportSubmitted'; payload: { year: number; summary: string } }
  /** `awaitingFunders`: the funders whose line changes, each to agree for itself (absent before that rule). */
  | { type: 'AmendmentProposed'; payload: { fromYear: number; yearlyAmountCents: Cents; side: AgreementSide; funderId?: string; awaitingFunders?: string[] } }
  /** One party agreed to the pending amendment; others are still awaited. */
  | {
      type: 'AmendmentAgreed';
      payload: { fromYear: number; yearlyAmountCents: Cents; side: AgreementSide; funderId?: string; awaitingFunders: string[]; associationAgreed: boolean };
    }
  | { type: 'AmendmentAccepted'; payload: { fromYear: number; yearlyAmountCents: Cents; side: AgreementSide; funderId?: string } }
  /** `awaiting`, for a mutual termination: the parties still to agree ('association', funder ids); absent before that rule. */
  | {
      type: 'TerminationRequested';
      payload: { mode: 'notice' | 'mutual'; reason: string; side: AgreementSide; effectiveAt?: string; funderId?: string; awaiting?: string[] };
    }
  | { type: 'AgreementTerminated'; payload: { mode: 'notice' | 'mutual'; reason: string } }
  | { type: 'AgreementCompleted'; payload: { operatingPaidCents: Cents; coordinationPaidCents: Cents } };

export type GrantEventType = GrantEventBody['type'];

/** What a workflow asks the event log to append: the event, its actor, and when it happened. */
export type GrantEventDraft = GrantEventBody & {
  grantId: string;
  kind: GrantKind;
  actor: Actor;
  occurredAt: string;
};

/** One row of the read model: what lists and dashboards show. */
export interface GrantView {
  id: string;
  kind: GrantKind;
  status: MicroGrantStatus | ApplicationStatus | AgreementStatus | IncubationStatus;
  title: string;
  associationId: string;
  territoryId: string;
  binomeId: string | null;
  amountCents: Cents;
  funderIds: string[];
  /** Every association the grant funds (a consortium's members; the requester of a micro-grant). */
  memberIds: string[];
  paymentOrderId: string | null;
  reportDueAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

/**
 * Projects one event onto the read model. Pure: the same events always give the same rows, so the
 * read model can be rebuilt from grant_events at any time.
 */
export function projectGrant(view: GrantView | null, event: GrantEventDraft & { seq: number }): GrantView {
  if (isMicroGrantEvent(event)) return projectMicroGrant(view, event);
  if (isApplicationEvent(event)) return projectApplication(view, event);
  if (event.type === 'IncubationStarted') {
    const p = event.payload;
    return {
      id: event.grantId,
      kind: event.kind,
      status: 'awaiting_mentor',
      title: p.projectTitle,
      associationId: p.associationId,
      territoryId: p.territoryId,
      binomeId: null,
      amountCents: 0,
      funderIds: [],
      memberIds: [p.associationId],
      paymentOrderId: null,
      reportDueAt: null,
      createdAt: event.occurredAt,
      updatedAt: event.occurredAt,
      lastSeq: event.seq,
    };
  }
  if (event.type === 'AgreementProposed') {
    const p = event.payload;
    return {
      id: event.grantId,
      kind: event.kind,
      status: 'proposed',
      title: p.title,
      associationId: p.associationId,
      territoryId: p.territoryId,
      binomeId: null,
      amountCents: p.yearlyAmountCents * p.years,
      funderIds: p.fundingPlan.map((line) => line.funderId),
      memberIds: [p.associationId],
      paymentOrderId: null,
      reportDueAt: null,
      createdAt: event.occurredAt,
      updatedAt: event.occurredAt,
      lastSeq: event.seq,
    };
  }
  if (!view) throw new Error(`event ${event.type} #${event.seq} of ${event.grantId} comes before the grant was requested`);
  const next: GrantView = { ...view, updatedAt: event.occurredAt, lastSeq: event.seq };
  switch (event.type) {
    case 'AgreementAccepted':
      return { ...next, status: event.payload.awaitingFunders?.length ? 'proposed' : 'active' };
    case 'FundingLineAccepted':
      return { ...next, status: event.payload.associationAccepted && !event.payload.awaitingFunders.length ? 'active' : 'proposed' };
    case 'AgreementWithdrawn':
      return { ...next, status: 'withdrawn' };
    case 'OperatingTrancheOrdered':
      return { ...next, paymentOrderId: event.payload.orders[0]?.paymentOrderId ?? view.paymentOrderId };
    case 'OperatingTrancheWithheld':
    case 'ActivityReportOverdue':
      return { ...next, status: 'report_overdue', reportDueAt: event.type === 'ActivityReportOverdue' ? event.payload.dueAt : view.reportDueAt };
    case 'ActivityReportSubmitted':
      return { ...next, status: view.status === 'report_overdue' ? 'active' : view.status };
    case 'AmendmentAccepted':
    case 'CoordinationTokenCredited':
    case 'CoordinationCompensationOrdered':
    case 'ActivityReportReminderSent':
    case 'AmendmentProposed':
    case 'AmendmentAgreed':
    case 'TerminationRequested':
      return next;
    case 'AgreementTerminated':
      return { ...next, status: 'terminated' };
    case 'MentorAssigned':
      return {
        ...next,
        status: view.status === 'awaiting_mentor' ? 'awaiting_plan' : view.status,
        memberIds: [view.associationId, event.payload.mentorAssociationId],
      };
    case 'SupportPlanSet':
      return { ...next, status: 'in_progress' };
    case 'IncubationGraduated':
      return { ...next, status: 'graduated' };
    case 'IncubationWithdrawn':
      return { ...next, status: 'withdrawn' };
    case 'CheckInReminderSent':
    case 'MilestoneCompleted':
    case 'MilestoneOverdue':
    case 'FundingLeadRecorded':
    case 'ImpactReportSubmitted':
      return next;
    case 'CohortOpened':
    case 'ProjectNominated':
    case 'ProjectSelected':
    case 'CohortClosed':
      throw new Error(`${event.type} belongs to a cohort's stream, not a grant's: see projectCohort`);
    case 'AgreementCompleted':
      return { ...next, status: 'completed' };
    case 'CallLaunched':
    case 'CallFundingLineAccepted':
    case 'AssociationsInvited':
    case 'MeetupScheduled':
    case 'MeetupRsvpRecorded':
    case 'MeetupAttendanceRecorded':
    case 'ConsortiumFormed':
    case 'ConsortiumMemberInvited':
    case 'ConsortiumInvitationAnswered':
    case 'ExpressionOfInterestReceived':
    case 'ExpressionsClosed':
    case 'ShortlistDecided':
    case 'ProposalsClosed':
    case 'AwardsDecided':
      throw new Error(`${event.type} belongs to a call's stream, not a grant's: see projectCall`);
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

/** One row of the incubation cohorts read model. */
export interface CohortView {
  id: string;
  territoryId: string;
  year: number;
  capacity: number;
  status: 'open' | 'closed';
  nominationDeadline: string;
  nominations: number;
  selected: number;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

export function projectCohort(view: CohortView | null, event: GrantEventDraft & { seq: number }): CohortView {
  if (event.type === 'CohortOpened') {
    const p = event.payload;
    return {
      id: event.grantId,
      territoryId: p.territoryId,
      year: p.year,
      capacity: p.capacity,
      status: 'open',
      nominationDeadline: p.nominationDeadline,
      nominations: 0,
      selected: 0,
      createdAt: event.occurredAt,
      updatedAt: event.occurredAt,
      lastSeq: event.seq,
    };
  }
  if (!view) throw new Error(`event ${event.type} #${event.seq} of ${event.grantId} comes before the cohort was opened`);
  const next: CohortView = { ...view, updatedAt: event.occurredAt, lastSeq: event.seq };
  switch (event.type) {
    case 'ProjectNominated':
      return { ...next, nominations: view.nominations + 1 };
    case 'ProjectSelected':
      return { ...next, selected: view.selected + 1 };
    case 'CohortClosed':
      return { ...next, status: 'closed' };
    default:
      throw new Error(`${event.type} does not belong to a cohort's stream`);
  }
}
