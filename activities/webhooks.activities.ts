import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ApplicationFailure } from '@temporalio/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { WEBHOOK_HEADERS, WebhookDeliveryInput, WebhookRetryPolicy } from '@grants/contracts';
import { postToPublicTarget } from '@grants/webhooks/public-target';
import { KeyRing, unseal } from '@grants/webhooks/secret-box';

export interface WebhookDeps {
  dataSource: DataSource;
  client: Client;
  taskQueue: string;
  /** From the configuration (WEBHOOK_RETRY_*, WEBHOOK_GIVE_UP_AFTER). */
  webhookRetry: WebhookRetryPolicy;
  /** Deliveries may reach private addresses (development and tests only). */
  allowPrivateTargets: boolean;
  /** Opens the endpoints' secrets, kept encrypted (ENCRYPTION_KEYS). */
  keyRing?: KeyRing;
}

/**
 * The signature of a webhook body as the Standard Webhooks specification has it (receivers verify
 * it with the reference `standardwebhooks` library or any of its ports): `v1,` and the base64
 * HMAC-SHA256 of `<id>.<timestamp>.<body>` under the secret's bytes (what follows `whsec_`, base64).
 */
export function webhookSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface WebhookEvent {
  streamId: string;
  step: string;
  eventType: string;
  payload: unknown;
  occurredAt: string;
  /** The organisations the event concerns: their endpoints subscribed to it receive it. */
  orgs: string[];
}

/** Starts a delivery's workflow once (its id is the delivery id; a second start finds the first). */
async function startDelivery(
  { client, taskQueue, webhookRetry }: Pick<WebhookDeps, 'client' | 'taskQueue' | 'webhookRetry'>,
  deliveryId: string,
): Promise<void> {
  const input: WebhookDeliveryInput = { deliveryId, retry: webhookRetry };
  await client.workflow
    .start('webhookDeliveryWorkflow', {
      workflowId: deliveryId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    })
    .catch((error: Error) => {
      if (error.name !== 'WorkflowExecutionAlreadyStartedError') throw error;
    });
}

/**
 * Starts the workflows of the deliveries queued and not started yet (oldest first, a batch at a
 * time, claimed with SKIP LOCKED so that two workers never start the same twice; starting is
 * idempotent anyway: the workflow id is the delivery id). The worker calls it every second.
 */
export async function dispatchWebhooks(deps: Pick<WebhookDeps, 'dataSource' | 'client' | 'taskQueue' | 'webhookRetry'>, batch = 100): Promise<number> {
  return deps.dataSource.transaction(async (em) => {
    const due: { id: string }[] = await em.query(
      `SELECT id FROM webhook_deliveries WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batch],
    );
    for (const { id } of due) {
      await startDelivery(deps, id);
      await em.query('UPDATE webhook_deliveries SET dispatched_at = now() WHERE id = $1', [id]);
    }
    return due.length;
  });
}

export function createWebhookActivities({ dataSource, allowPrivateTargets, keyRing }: WebhookDeps) {
  return {
    /**
     * Queues the event for every active endpoint of the concerned organisations that subscribed to
     * its type: one delivery per event and endpoint (a retry finds it), in one statement whatever
     * the number of endpoints. The worker's dispatcher starts each delivery's workflow, apart from
     * the lifecycle's step (see dispatchWebhooks).
     */
    async queueWebhooks(event: WebhookEvent): Promise<{ deliveries: number }> {
      if (!event.orgs.length) return { deliveries: 0 };
      const eventKey = `${event.streamId}:${event.step}`;
      const queued: unknown[] = await dataSource.query(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event_key, event_type, stream_id, payload, occurred_at, status)
         SELECT 'dlv-' || substr(encode(sha256(convert_to(e.id || E'\\n' || $3, 'UTF8')), 'hex'), 1, 32), e.id, $3, $2, $4, $5, $6, 'pending'
           FROM webhook_endpoints e
          WHERE e.active AND e.org_id = ANY($1) AND ($2 = ANY(e.event_types) OR '*' = ANY(e.event_types))
         ON CONFLICT (endpoint_id, event_key) DO NOTHING RETURNING id`,
        [event.orgs, event.eventType, eventKey, event.streamId, JSON.stringify(event.payload ?? {}), event.occurredAt],
      );
      return { deliveries: queued.length };
    },

    /**
     * One signed POST of a delivery. A 2xx marks it delivered; anything else is a retryable failure
     * (the workflow's retry policy spaces the attempts). Each attempt is logged with its latency.
     */
    async postWebhook(input: { deliveryId: string }): Promise<{ status: 'delivered'; attempts: number }> {
      const [d]: {
        id: string;
        status: string;
        event_type: string;
        stream_id: string;
        payload: unknown;
        occurred_at: Date;
        url: string;
        secret: string;
        secret_version: number;
        active: boolean;
        attempts: number;
      }[] = await dataSource.query(
        `SELECT d.id, d.status, d.event_type, d.stream_id, d.payload, d.occurred_at, d.attempts, e.url, e.secret, e.secret_version, e.active
           FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1`,
        [input.deliveryId],
      );
      if (!d) throw ApplicationFailure.nonRetryable(`no delivery ${input.deliveryId}`, 'not_found');
      if (d.status === 'delivered') return { status: 'delivered', attempts: d.attempts };
      if (!d.active) throw ApplicationFailure.nonRetryable('the endpoint was removed', 'gone');
      const body = JSON.stringify({ id: d.id, type: d.event_type, streamId: d.stream_id, occurredAt: d.occurred_at.toISOString(), data: d.payload });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const started = performance.now();
      // To a public address only, checked on the address actually connected to; no redirect followed.
      const { statusCode, error } = await postToPublicTarget(
        d.url,
        {
          'content-type': 'application/json',
          'user-agent': 'grants-engine-webhooks/1',
          [WEBHOOK_HEADERS.id]: d.id,
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.signature]: webhookSignature(unseal(keyRing, d.secret), d.id, timestamp, body),
        },
        body,
        { allowPrivate: allowPrivateTargets, timeoutMs: 10_000 },
      );
      const latency = Math.round(performance.now() - started);
      const delivered = statusCode !== null && statusCode >= 200 && statusCode < 300;
      await dataSource.transaction(async (em) => {
        await em.query(`INSERT INTO webhook_attempts (delivery_id, status_code, latency_ms, error, secret_version) VALUES ($1, $2, $3, $4, $5)`, [
          d.id,
          statusCode,
          latency,
          error,
          d.secret_version,
        ]);
        await em.query(
          `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = $2, last_error = $3,
             status = CASE WHEN $4 THEN 'delivered' ELSE status END, delivered_at = CASE WHEN $4 THEN now() ELSE delivered_at END
           WHERE id = $1`,
          [d.id, statusCode, error, delivered],
        );
      });
      if (!delivered) throw ApplicationFailure.retryable(error ?? `the endpoint answered ${statusCode}`, 'webhook_refused');
      return { status: 'delivered', attempts: d.attempts + 1 };
    },

    async markWebhookFailed(input: { deliveryId: string; reason: string }): Promise<void> {
      await dataSource.query(
        `UPDATE webhook_deliveries SET status = 'failed', failed_at = now(), last_error = coalesce(last_error, $2) WHERE id = $1 AND status = 'pending'`,
        [input.deliveryId, input.reason],
      );
    },
  };
}
