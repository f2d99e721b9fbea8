import type { Actor } from '../events';
import type { ApplicationEventBody } from './call.events';
import type { ApplicationState } from './application.rules';

/** A consortium application's event as its workflow records it: the body, its stream, who and when. */
export type StampedApplicationEvent = ApplicationEventBody & { grantId: string; actor: Actor; occurredAt: string };

/** An application as its events made it, with how many it has had (the recorder names each event's step by it). */
export type RecordedApplication = ApplicationState & { lastSeq: number };

/** The application as expressed, before its first event: awaiting the shortlist, or open to its proposal. */
export function openedApplication(
  input: Pick<
    ApplicationState,
    'callId' | 'consortiumId' | 'consortiumName' | 'leadAssociationId' | 'members' | 'call' | 'paidPreselection' | 'policy' | 'summary' | 'expressedAt'
  > & { applicationId: string },
): RecordedApplication {
  return {
    id: input.applicationId,
    callId: input.callId,
    consortiumId: input.consortiumId,
    consortiumName: input.consortiumName,
    leadAssociationId: input.leadAssociationId,
    members: input.members,
    call: input.call,
    paidPreselection: input.paidPreselection,
    policy: input.policy,
    summary: input.summary,
    expressedAt: input.expressedAt,
    status: input.paidPreselection ? 'expressed' : 'proposal_open',
    doubleFundingFlags: [],
    lastSeq: 0,
  };
}

/**
 * How each event changes a consortium application: the only way its state changes in a workflow
 * started since the recorder (older runs set it by hand, see consortiumApplicationWorkflowV1).
 * Exhaustive: a new event type does not compile until it has its case here.
 */
export function evolveApplication(state: RecordedApplication, event: StampedApplicationEvent): RecordedApplication {
  const next: RecordedApplication = { ...state, lastSeq: state.lastSeq + 1 };
  switch (event.type) {
    case 'ApplicationOpened':
      return next;
    case 'ApplicationShortlisted':
      return { ...next, status: 'shortlisted', shortlistReason: event.payload.reason };
    case 'ApplicationNotShortlisted':
      return { ...next, status: 'not_shortlisted', shortlistReason: event.payload.reason };
    case 'StipendOrdered': {
      const { amountCents, split, paymentOrderId } = event.payload;
      return { ...next, stipend: { amountCents, split, paymentOrderId } };
    }
    case 'ProposalSubmitted': {
      const { proposal } = event.payload;
      if (!proposal) throw new Error(`${event.grantId}: a proposal recorded without its text (before the recorder) cannot make a state`);
      // The newest proposal stands; its double-funding check follows (DoubleFundingFlagged when it finds any).
      return {
        ...next,
        status: 'proposal_submitted',
        proposal: { ...proposal, submittedAt: event.occurredAt, submittedBy: event.actor.id },
        proposalVersions: (state.proposalVersions ?? 0) + 1,
        doubleFundingFlags: [],
      };
    }
    case 'DoubleFundingFlagged':
      return { ...next, doubleFundingFlags: event.payload.flags };
    case 'ProposalMissing':
      return { ...next, status: 'no_proposal' };
    case 'ApplicationAwarded': {
      const { amountCents, reason, payments, reportDueAt } = event.payload;
      return { ...next, status: 'awarded', decisionReason: reason, award: { amountCents, reason, awardedAt: event.occurredAt, payments }, reportDueAt };
    }
    case 'ApplicationNotAwarded':
      return { ...next, status: 'not_awarded', decisionReason: event.payload.reason };
    case 'ConsortiumTrancheOrdered':
      // The balance, ordered once the final report is in, closes the grant.
      return event.payload.tranche === 'final' ? { ...next, status: 'closed', closedAt: state.finalReport?.submittedAt ?? event.occurredAt } : next;
    case 'FinalReportReminderSent':
      return next;
    case 'FinalReportOverdue':
      return { ...next, status: 'report_overdue' };
    case 'FinalReportSubmitted':
      return { ...next, finalReport: { summary: event.payload.summary, submittedAt: event.occurredAt, submittedBy: event.actor.id } };
    default: {
      const never: never = event;
      throw new Error(`unknown consortium application event ${JSON.stringify(never)}`);
    }
  }
}
