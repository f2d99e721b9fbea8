import { proxyActivities } from '@temporalio/workflow';
import type { GrantActivities } from '../activities';

const { archiveClosedWorkflows, recordDailyDigests } = proxyActivities<GrantActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Run by a Temporal Schedule: archives the histories of closed workflows in PostgreSQL before the
 * namespace's retention deletes them, and records the daily digests of the event log.
 */
export async function auditArchiverWorkflow(): Promise<{ archived: number; alreadyArchived: number; digests: string[] }> {
  const { archived, alreadyArchived } = await archiveClosedWorkflows();
  const { days } = await recordDailyDigests();
  return { archived, alreadyArchived, digests: days };
}
