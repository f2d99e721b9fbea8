import { proxyActivities } from '@temporalio/workflow';
import type { GrantActivities } from '../activities';

const { sendDailyDigests } = proxyActivities<GrantActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Run by a daily Temporal Schedule: one e-mail per account that asked for a digest, with the day's notifications. */
export async function notificationDigestWorkflow(input: { day?: string } = {}): Promise<{ day: string; digests: number }> {
  return sendDailyDigests({ day: input.day });
}
