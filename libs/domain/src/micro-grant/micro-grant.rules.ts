import { Cents } from '../money';
import { DAY_MS } from '../duration';
import { BinomeRole } from '../roles';
import { DomainError } from '../errors';
import { EscalationCode } from './envelope.rules';
import type { TargetPublic } from '../target-public';

/** Durations of the micro-grant lifecycle, in milliseconds; tests compress them. */
export interface MicroGrantPolicy {
  /** Time the binôme has to decide before the request expires (default 14 days). */
  decisionDeadlineMs: number;
  /** Time after payment before the short report is due (default 90 days). */
  reportDueMs: number;
  /** How long before the due date the association is reminded (default 14 days). */
  reportReminderBeforeMs: number;
}

export const DEFAULT_MICRO_GRANT_POLICY: MicroGrantPolicy = {
  decisionDeadlineMs: 14 * DAY_MS,
  reportDueMs: 90 * DAY_MS,
  reportReminderBeforeMs: 14 * DAY_MS,
};

export function policyProblem(policy: MicroGrantPolicy): string | null {
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isSafeInteger(value) || value <= 0) return `${name} must be a positive whole number of milliseconds`;
  }
  if (policy.reportReminderBeforeMs >= policy.reportDueMs) return 'the report reminder must come before the report is due';
  return null;
}

export const MICRO_GRANT_STATUSES = [
  'requested',
  'escalated',
  'awaiting_decisions',
  'approved',
  'paid',
  'report_overdue',
  'closed',
  'rejected',
  'expired',
] as const;
export type MicroGrantStatus = (typeof MICRO_GRANT_STATUSES)[number];

/** Statuses after which nothing more happens to the grant. */
export const FINAL_MICRO_GRANT_STATUSES: readonly MicroGrantStatus[] = ['escalated', 'closed', 'rejected', 'expired'];

export type DecisionVerdict = 'approve' | 'reject';

export interface DecisionCommand {
  role: BinomeRole;
  actorId: string;
  decision: DecisionVerdict;
  reason?: string;
}

export interface RecordedDecision extends DecisionCommand {
  at: string;
}

export interface ReportCommand {
  actorId: string;
  summary: string;
}

export interface MicroGrantState {
  id: string;
  status: MicroGrantStatus;
  binomeId: string;
  territoryId: string;
  year: number;
  associationId: string;
  requestedBy: string;
  title: string;
  purpose: string;
  amountCents: Cents;
  qpv?: string;
  /** Whom the action is for: a pre-set eligible public or a self-assessed non-take-up (absent on requests made before it was asked). */
  targetPublic?: TargetPublic;
  requestedAt: string;
  decisionDeadlineAt?: string;
  decisions: RecordedDecision[];
  escalation?: { code: EscalationCode; reason: string };
  paymentOrderId?: string;
  paidAt?: string;
  reportDueAt?: string;
  report?: { summary: string; submittedAt: string; submittedBy: string };
  closedAt?: string;
}

/** Why this decision cannot be taken now, or null. Throws nothing: validators turn it into a failure. */
export function decisionProblem(state: MicroGrantState, command: DecisionCommand): DomainError | null {
  if (command.decision !== 'approve' && command.decision !== 'reject') {
    return new DomainError('validation', 'decision must be "approve" or "reject"');
  }
  if (command.decision === 'reject' && !command.reason?.trim()) {
    return new DomainError('validation', 'a rejection needs a reason');
  }
  if (state.status !== 'awaiting_decisions') {
    return new DomainError('conflict', `the grant is ${state.status}: it no longer takes decisions`);
  }
  if (state.decisions.some((d) => d.role === command.role)) {
    return new DomainError('conflict', `the ${command.role} has already decided on this grant`);
  }
  return null;
}

/** The outcome of the decisions so far: both approvals approve, one rejection rejects. */
export function decisionOutcome(decisions: readonly RecordedDecision[]): 'pending' | 'approved' | 'rejected' {
  if (decisions.some((d) => d.decision === 'reject')) return 'rejected';
  const approvedBy = new Set(decisions.filter((d) => d.decision === 'approve').map((d) => d.role));
  return approvedBy.has('project_lead') && approvedBy.has('prefect_delegate') ? 'approved' : 'pending';
}

export function reportProblem(state: MicroGrantState, command: ReportCommand): DomainError | null {
  if (!command.summary?.trim()) return new DomainError('validation', 'the report needs a summary');
  if (state.status === 'paid' || state.status === 'report_overdue') return null;
  if (state.status === 'closed') return new DomainError('conflict', 'the report has already been submitted');
  return new DomainError('conflict', `no report is expected while the grant is ${state.status}: it is due after payment`);
}

/** The year an envelope is charged for a request made at this instant (French civil year). */
export function envelopeYearOf(isoInstant: string): number {
  const year = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date(isoInstant));
  return Number(year);
}
