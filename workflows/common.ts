import { ApplicationFailure, RetryPolicy, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { DomainError } from '@grants/domain';
import type { GrantActivities } from '../activities';

/**
 * Short timeouts: these activities take milliseconds, and a worker that dies mid-activity should
 * not hold a lifecycle for long before another worker retries it.
 */
export const ACTIVITY_RETRY: RetryPolicy = { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' };

/** The activities of the funding paths (event log, payments, notifications, directory look-ups). */
export const acts = proxyActivities<GrantActivities>({ startToCloseTimeout: '10 seconds', retry: ACTIVITY_RETRY });

/**
 * The same activities run as local activities: in the worker that runs the workflow task, within
 * that task, recorded as one marker event each instead of three events and a workflow task of their
 * own. For the short database steps of a path (recording an event, ordering a payment), idempotent
 * by their key, so that a retry after a crash records nothing twice.
 */
export const localActs = proxyLocalActivities<GrantActivities>({ startToCloseTimeout: '10 seconds', retry: ACTIVITY_RETRY });

/** The envelope's answer may wait behind other reservations: a longer timeout than the other activities. */
export const envelopeActs = proxyActivities<GrantActivities>({ startToCloseTimeout: '30 seconds', retry: ACTIVITY_RETRY });

/** An update validator's refusal: a domain error, before anything enters history. */
export function refuse(problem: DomainError | null): void {
  if (problem) throw ApplicationFailure.nonRetryable(problem.message, problem.code, ...(problem.details ? [problem.details] : []));
}

/** Workflow time (deterministic in the sandbox), as an ISO instant. */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * Updates a run of a long-lived workflow (a call, a cohort, an incubation) takes before it continues
 * as new, well under Temporal's 2,000 updates a run; the run also ends early when Temporal suggests
 * it (a history growing towards its size limits).
 */
export const UPDATES_PER_RUN = 500;

/** Counts the updates a run has taken; `full()` once the run should hand over to a new one. */
export function runBudget(maxUpdates = UPDATES_PER_RUN): { count(): void; full(): boolean } {
  let updates = 0;
  return {
    count: () => void updates++,
    full: () => updates >= maxUpdates || workflowInfo().continueAsNewSuggested,
  };
}
