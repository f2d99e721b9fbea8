import { proxyActivities } from '@temporalio/workflow';
import type { GrantActivities } from '../activities';

const { verifyArchivedHistories } = proxyActivities<GrantActivities>({
  startToCloseTimeout: '4 hours',
  heartbeatTimeout: '5 minutes',
  retry: { initialInterval: '1 minute', maximumInterval: '15 minutes', maximumAttempts: 5 },
});

/**
 * Run by a Temporal Schedule every night: replays every archived history not yet verified with the
 * code deployed now (the verdicts already reached with it are kept), and records the verdicts. An
 * attempt cut short goes on where it stopped: what it verified is recorded.
 */
export async function historyVerificationWorkflow(): Promise<Awaited<ReturnType<GrantActivities['verifyArchivedHistories']>>> {
  return verifyArchivedHistories();
}
