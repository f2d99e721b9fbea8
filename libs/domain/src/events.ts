import { Cents } from './money';
import { Role } from './roles';
import { EscalationCode } from './envelope';
import { DecisionVerdict, MicroGrantStatus } from './micro-grant';

export type GrantKind = 'micro_grant';

/** Who caused an event: a person (their token's subject and role) or the system (timers, the engine). */
export type Actor = { kind: 'user'; id: string; role: Role } | { kind: 'system'; id: 'engine' };

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'engine' };

/** Domain events, in the past tense. Payloads are plain JSON. */
export type GrantEventBody =
  | {
      type: 'MicroGrantRequested';
      payload: {
        binomeId: string;
        territoryId: string;
        year: number;
        associationId: string;
        title: string;
        purpose: string;
        amountCents: Cents;
        qpv?: string;
      };
    }
  | { type: 'MicroGrantEscalated'; payload: { code: EscalationCode; reason: string } }
  | { type: 'MicroGrantFundsReserved'; payload: { amountCents: Cents; decisionDeadlineAt: string } }
  | { type: 'MicroGrantDecisionRecorded'; payload: { role: Role; decision: DecisionVerdict; reason?: string } }
  | { type: 'MicroGrantApproved'; payload: { amountCents: Cents } }
  | { type: 'MicroGrantRejected'; payload: { role: Role; reason: string } }
  | { type: 'MicroGrantExpired'; payload: { decisionDeadlineAt: string } }
  | { type: 'PaymentOrdered'; payload: { paymentOrderId: string; amountCents: Cents; reportDueAt: string } }
  | { type: 'ReportReminderSent'; payload: { reportDueAt: string } }
  | { type: 'ReportOverdue'; payload: { reportDueAt: string } }
  | { type: 'ReportSubmitted'; payload: { summary: string } };

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
  status: MicroGrantStatus;
  title: string;
  associationId: string;
  territoryId: string;
  binomeId: string | null;
  amountCents: Cents;
  funderIds: string[];
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
  if (event.type === 'MicroGrantRequested') {
    const p = event.payload;
    return {
      id: event.grantId,
      kind: event.kind,
      status: 'requested',
      title: p.title,
      associationId: p.associationId,
      territoryId: p.territoryId,
      binomeId: p.binomeId,
      amountCents: p.amountCents,
      funderIds: [],
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
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}
