import type { GrantEventDraft, GrantView } from '../events';
import { nextRow, openedRow } from '../grant-row';
import { MicroGrantEventBody } from './micro-grant.events';

/** A micro-grant's event as the log holds it. */
export type StoredMicroGrantEvent = Extract<GrantEventDraft, { type: MicroGrantEventBody['type'] }> & { seq: number };

/**
 * A micro-grant's read-model row, event by event (pure: the same events give the same row). Its
 * status follows the workflow's: requested, escalated or awaiting decisions, approved or rejected or
 * expired, paid, report overdue, closed.
 */
export function projectMicroGrant(view: GrantView | null, event: StoredMicroGrantEvent): GrantView {
  if (event.type === 'MicroGrantRequested') {
    const p = event.payload;
    return openedRow(event, {
      status: 'requested',
      title: p.title,
      associationId: p.associationId,
      territoryId: p.territoryId,
      binomeId: p.binomeId,
      amountCents: p.amountCents,
      funderIds: [],
      memberIds: [p.associationId],
    });
  }
  const next = nextRow(view, event);
  switch (event.type) {
    case 'MicroGrantEscalated':
      return { ...next, status: 'escalated' };
    case 'MicroGrantFundsReserved':
      return { ...next, status: 'awaiting_decisions' };
    case 'MicroGrantDecisionRecorded':
      return next;
    case 'MicroGrantApproved':
      return { ...next, status: 'approved' };
    case 'MicroGrantRejected':
      return { ...next, status: 'rejected' };
    case 'MicroGrantExpired':
      return { ...next, status: 'expired' };
    case 'PaymentOrdered':
      return { ...next, status: 'paid', paymentOrderId: event.payload.paymentOrderId, reportDueAt: event.payload.reportDueAt };
    case 'ReportReminderSent':
      return next;
    case 'ReportOverdue':
      return { ...next, status: 'report_overdue' };
    case 'ReportSubmitted':
      return { ...next, status: 'closed' };
    default: {
      const never: never = event;
      throw new Error(`unknown micro-grant event ${String((never as { type: string }).type)}`);
    }
  }
}
