import type { Actor } from '../events';
import type { MicroGrantEventBody } from './micro-grant.events';
import type { MicroGrantState } from './micro-grant.rules';

/** A micro-grant event as its workflow records it: the body, its stream, who and when. */
export type MicroGrantEvent = MicroGrantEventBody & { grantId: string; actor: Actor; occurredAt: string };

/** A micro-grant as its events made it, with how many it has had (the recorder names each event's step by it). */
export type RecordedMicroGrant = MicroGrantState & { lastSeq: number };

/**
 * How each event changes a micro-grant: the only way its state changes in a workflow started since
 * the recorder (older runs set it by hand, see microGrantWorkflowV1). Exhaustive: a new event type
 * does not compile until it has its case here.
 */
export function evolveMicroGrant(state: RecordedMicroGrant | null, event: MicroGrantEvent): RecordedMicroGrant {
  if (event.type === 'MicroGrantRequested') {
    if (state) throw new Error(`${event.grantId}: requested twice`);
    const p = event.payload;
    return {
      id: event.grantId,
      status: 'requested',
      binomeId: p.binomeId,
      territoryId: p.territoryId,
      year: p.year,
      associationId: p.associationId,
      requestedBy: event.actor.id,
      title: p.title,
      purpose: p.purpose,
      amountCents: p.amountCents,
      ...(p.qpv !== undefined ? { qpv: p.qpv } : {}),
      ...(p.targetPublic ? { targetPublic: p.targetPublic } : {}),
      requestedAt: event.occurredAt,
      decisions: [],
      lastSeq: 1,
    };
  }
  if (!state) throw new Error(`${event.grantId}: ${event.type} before the request`);
  const next: RecordedMicroGrant = { ...state, lastSeq: state.lastSeq + 1 };
  switch (event.type) {
    case 'MicroGrantEscalated':
      return { ...next, status: 'escalated', escalation: { code: event.payload.code, reason: event.payload.reason } };
    case 'MicroGrantFundsReserved':
      return { ...next, status: 'awaiting_decisions', decisionDeadlineAt: event.payload.decisionDeadlineAt };
    case 'MicroGrantDecisionRecorded': {
      const { role, decision, reason } = event.payload;
      if (role !== 'project_lead' && role !== 'prefect_delegate') throw new Error(`${event.grantId}: a decision by ${role}`);
      return { ...next, decisions: [...state.decisions, { role, actorId: event.actor.id, decision, ...(reason ? { reason } : {}), at: event.occurredAt }] };
    }
    case 'MicroGrantApproved':
      return { ...next, status: 'approved' };
    case 'MicroGrantRejected':
      return { ...next, status: 'rejected' };
    case 'MicroGrantExpired':
      return { ...next, status: 'expired' };
    case 'PaymentOrdered':
      return { ...next, status: 'paid', paymentOrderId: event.payload.paymentOrderId, paidAt: event.occurredAt, reportDueAt: event.payload.reportDueAt };
    case 'ReportReminderSent':
      return next;
    case 'ReportOverdue':
      return { ...next, status: 'report_overdue' };
    case 'ReportSubmitted':
      return {
        ...next,
        status: 'closed',
        report: { summary: event.payload.summary, submittedAt: event.occurredAt, submittedBy: event.actor.id },
        closedAt: event.occurredAt,
      };
    default: {
      const never: never = event;
      throw new Error(`unknown micro-grant event ${JSON.stringify(never)}`);
    }
  }
}
