import { Cents } from '../money';
import type { GrantEventDraft, GrantView } from '../events';
import { nextRow, openedRow } from '../grant-row';
import type { CallPhase } from './call.rules';
import { ApplicationEventBody } from './call.events';

/** One row of the calls read model. */
export interface CallView {
  id: string;
  title: string;
  phase: CallPhase;
  themes: string[];
  territories: string[];
  funderIds: string[];
  budgetCents: Cents;
  paidPreselection: boolean;
  eoiDeadline: string;
  proposalDeadline: string;
  applications: number;
  awardedCents: Cents;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

/** Projects one event of a call's stream onto the calls read model (pure, like projectGrant). */
export function projectCall(view: CallView | null, event: GrantEventDraft & { seq: number }): CallView {
  if (event.type === 'CallLaunched') {
    const p = event.payload;
    return {
      id: event.grantId,
      title: p.title,
      phase: 'open',
      themes: p.themes,
      territories: p.territories,
      funderIds: p.fundingPlan.map((line) => line.funderId),
      budgetCents: p.budgetCents,
      paidPreselection: p.paidPreselection,
      eoiDeadline: p.eoiDeadline,
      proposalDeadline: p.proposalDeadline,
      applications: 0,
      awardedCents: 0,
      createdAt: event.occurredAt,
      updatedAt: event.occurredAt,
      lastSeq: event.seq,
    };
  }
  if (!view) throw new Error(`event ${event.type} #${event.seq} of ${event.grantId} comes before the call was launched`);
  const next: CallView = { ...view, updatedAt: event.occurredAt, lastSeq: event.seq };
  switch (event.type) {
    case 'ExpressionOfInterestReceived':
      return { ...next, applications: view.applications + 1 };
    case 'ExpressionsClosed':
      return { ...next, phase: event.payload.next };
    case 'ShortlistDecided':
      return { ...next, phase: 'proposals' };
    case 'ProposalsClosed':
      return { ...next, phase: 'deciding' };
    case 'AwardsDecided':
      return { ...next, phase: event.payload.awards.length ? 'awarded' : 'closed_without_award', awardedCents: event.payload.totalCents };
    case 'CallFundingLineAccepted':
    case 'AssociationsInvited':
    case 'MeetupScheduled':
    case 'MeetupRsvpRecorded':
    case 'MeetupAttendanceRecorded':
    case 'ConsortiumFormed':
    case 'ConsortiumMemberInvited':
    case 'ConsortiumInvitationAnswered':
      return next;
    default:
      throw new Error(`${event.type} does not belong to a call's stream`);
  }
}

/** A consortium application's event as the log holds it. */
export type ApplicationEvent = Extract<GrantEventDraft, { type: ApplicationEventBody['type'] }> & { seq: number };

/**
 * A consortium application's read-model row, event by event (pure): expressed or open to a
 * proposal, shortlisted or not, proposal submitted or missing, awarded or not, report overdue, closed.
 */
export function projectApplication(view: GrantView | null, event: ApplicationEvent): GrantView {
  if (event.type === 'ApplicationOpened') {
    const p = event.payload;
    return openedRow(event, {
      status: p.paidPreselection ? 'expressed' : 'proposal_open',
      title: `${p.callTitle} — ${p.consortiumName}`,
      associationId: p.leadAssociationId,
      territoryId: p.territoryId,
      amountCents: 0,
      funderIds: p.funderIds,
      memberIds: p.members,
    });
  }
  const next = nextRow(view, event);
  switch (event.type) {
    case 'ApplicationShortlisted':
      return { ...next, status: 'shortlisted' };
    case 'ApplicationNotShortlisted':
      return { ...next, status: 'not_shortlisted' };
    case 'ProposalSubmitted':
      return { ...next, status: 'proposal_submitted', amountCents: event.payload.requestedAmountCents };
    case 'ProposalMissing':
      return { ...next, status: 'no_proposal' };
    case 'ApplicationAwarded':
      return { ...next, status: 'awarded', amountCents: event.payload.amountCents, reportDueAt: event.payload.reportDueAt };
    case 'ApplicationNotAwarded':
      return { ...next, status: 'not_awarded' };
    case 'ConsortiumTrancheOrdered':
      return event.payload.tranche === 'award' ? { ...next, paymentOrderId: event.payload.orders[0]?.paymentOrderId ?? null } : next;
    case 'FinalReportOverdue':
      return { ...next, status: 'report_overdue' };
    case 'FinalReportSubmitted':
      return { ...next, status: 'closed' };
    case 'StipendOrdered':
    case 'DoubleFundingFlagged':
    case 'FinalReportReminderSent':
      return next;
    default: {
      const never: never = event;
      throw new Error(`unknown application event ${String((never as { type: string }).type)}`);
    }
  }
}
