import { ApplicationFailure, RetryPolicy, proxyActivities } from '@temporalio/workflow';
import type { DomainError } from '../libs/domain/src';
import type { GrantActivities } from '../activities';

/**
 * Short timeouts: these activities take milliseconds, and a worker that dies mid-activity should
 * not hold a lifecycle for long before another worker retries it.
 */
export const ACTIVITY_RETRY: RetryPolicy = { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' };

/** The activities of the funding paths (event log, payments, notifications, directory look-ups). */
export const acts = proxyActivities<GrantActivities>({ startToCloseTimeout: '10 seconds', retry: ACTIVITY_RETRY });

/** An update validator's refusal: a domain error, before anything enters history. */
export function refuse(problem: DomainError | null): void {
  if (problem) throw ApplicationFailure.nonRetryable(problem.message, problem.code, ...(problem.details ? [problem.details] : []));
}

/** Workflow time (deterministic in the sandbox), as an ISO instant. */
export function nowIso(): string {
  return new Date().toISOString();
}
