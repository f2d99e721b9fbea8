/** How a webhook delivery is retried: exponential backoff, then marked failed. */
export interface WebhookRetryPolicy {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  /** After this long without a 2xx answer, the delivery is marked failed (default 24 hours). */
  giveUpAfterMs: number;
}

export interface WebhookDeliveryInput {
  deliveryId: string;
  retry: WebhookRetryPolicy;
}

export interface WebhookDeliveryResult {
  deliveryId: string;
  status: 'delivered' | 'failed';
  attempts: number;
}

/** Headers of every webhook POST. The signature is HMAC-SHA256(secret, `${id}.${timestamp}.${body}`), hex. */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;
