import { eventsOf } from '../grant-row';
import { Cents } from '../money';
import { Role } from '../roles';
import type { TargetPublic } from '../target-public';
import { EscalationCode } from './envelope.rules';
import { DecisionVerdict } from './micro-grant.rules';

/** Events of a micro-grant's stream. */
export type MicroGrantEventBody =
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
        targetPublic?: TargetPublic;
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

/** Every micro-grant event type (the compiler names one missing or unknown). */
const MICRO_GRANT_EVENT_TYPES: Record<MicroGrantEventBody['type'], true> = {
  MicroGrantRequested: true,
  MicroGrantEscalated: true,
  MicroGrantFundsReserved: true,
  MicroGrantDecisionRecorded: true,
  MicroGrantApproved: true,
  MicroGrantRejected: true,
  MicroGrantExpired: true,
  PaymentOrdered: true,
  ReportReminderSent: true,
  ReportOverdue: true,
  ReportSubmitted: true,
};

/** Whether an event belongs to a micro-grant's stream. */
export const isMicroGrantEvent = eventsOf(MICRO_GRANT_EVENT_TYPES);
