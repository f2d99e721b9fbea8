import type { GrantEventDraft, GrantView } from '../events';
import { AgreementEventBody } from './anchoring.events';

/** An anchoring agreement event as the log holds it. */
export type AgreementEvent = Extract<GrantEventDraft, { type: AgreementEventBody['type'] }> & { seq: number };

/**
 * An anchoring agreement's read-model row, event by event (pure): proposed until the association and
 * every funder accepted, active, report overdue between, withdrawn, terminated or completed.
 */
export function projectAgreement(view: GrantView | null, event: AgreementEvent): GrantView {
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
    case 'AgreementCompleted':
      return { ...next, status: 'completed' };
    default: {
      const never: never = event;
      throw new Error(`unknown anchoring agreement event ${String((never as { type: string }).type)}`);
    }
  }
}
