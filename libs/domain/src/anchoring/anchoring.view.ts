import type { GrantEventDraft, GrantView } from '../events';
import { nextRow, openedRow } from '../grant-row';
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
    return openedRow(event, {
      status: 'proposed',
      title: p.title,
      associationId: p.associationId,
      territoryId: p.territoryId,
      amountCents: p.yearlyAmountCents * p.years,
      funderIds: p.fundingPlan.map((line) => line.funderId),
      memberIds: [p.associationId],
    });
  }
  const next = nextRow(view, event);
  switch (event.type) {
    case 'AgreementAccepted':
      return { ...next, status: event.payload.awaitingFunders?.length ? 'proposed' : 'active' };
    case 'FundingLineAccepted':
      return { ...next, status: event.payload.associationAccepted && !event.payload.awaitingFunders.length ? 'active' : 'proposed' };
    case 'AgreementWithdrawn':
      return { ...next, status: 'withdrawn' };
    case 'OperatingTrancheOrdered':
      return { ...next, paymentOrderId: event.payload.orders[0]?.paymentOrderId ?? next.paymentOrderId };
    case 'OperatingTrancheWithheld':
    case 'ActivityReportOverdue':
      return { ...next, status: 'report_overdue', reportDueAt: event.type === 'ActivityReportOverdue' ? event.payload.dueAt : next.reportDueAt };
    case 'ActivityReportSubmitted':
      return { ...next, status: next.status === 'report_overdue' ? 'active' : next.status };
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
