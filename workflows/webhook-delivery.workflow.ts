import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { WebhookDeliveryInput, WebhookDeliveryResult } from '@grants/contracts';
import type { GrantActivities } from '../activities';

const bookkeeping = proxyActivities<GrantActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/**
 * One webhook delivery: signed POSTs retried with exponential backoff (the activity's retry policy)
 * until a 2xx, for up to `giveUpAfterMs` (24 hours by default); then marked failed. Its id is the
 * delivery id, so an event is delivered once per endpoint whatever the retries of the notifier.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<WebhookDeliveryResult> {
  const post = proxyActivities<GrantActivities>({
    startToCloseTimeout: '15 seconds',
    scheduleToCloseTimeout: input.retry.giveUpAfterMs,
    retry: {
      initialInterval: input.retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: input.retry.maximumIntervalMs,
      nonRetryableErrorTypes: ['gone', 'not_found'],
    },
  });
  try {
    const { attempts } = await post.postWebhook({ deliveryId: input.deliveryId });
    return { deliveryId: input.deliveryId, status: 'delivered', attempts };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause instanceof ApplicationFailure ? error.cause.message : (error.cause?.message ?? error.message);
    await bookkeeping.markWebhookFailed({ deliveryId: input.deliveryId, reason: `gave up: ${cause}` });
    return { deliveryId: input.deliveryId, status: 'failed', attempts: -1 };
  }
}
