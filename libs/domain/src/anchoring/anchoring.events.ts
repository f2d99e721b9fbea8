import { eventsOf } from '../grant-row';
import { Cents } from '../money';
import { AgreementSide, AgreementTerms, PaymentLine } from './anchoring.rules';

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

/** Every an anchoring agreement event type (the compiler names one missing or unknown). */
const AGREEMENT_EVENT_TYPES: Record<AgreementEventBody['type'], true> = {
  AgreementProposed: true,
  AgreementAccepted: true,
  FundingLineAccepted: true,
  AgreementWithdrawn: true,
  OperatingTrancheOrdered: true,
  OperatingTrancheWithheld: true,
  CoordinationTokenCredited: true,
  CoordinationCompensationOrdered: true,
  ActivityReportReminderSent: true,
  ActivityReportOverdue: true,
  ActivityReportSubmitted: true,
  AmendmentProposed: true,
  AmendmentAgreed: true,
  AmendmentAccepted: true,
  TerminationRequested: true,
  AgreementTerminated: true,
  AgreementCompleted: true,
};

/** Whether an event belongs to an anchoring agreement's stream. */
export const isAgreementEvent = eventsOf(AGREEMENT_EVENT_TYPES);
