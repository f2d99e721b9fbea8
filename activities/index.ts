import { AuditDeps, createAuditActivities } from './audit.activities';
import { createCallActivities } from './calls.activities';
import { createCoordinationActivities } from './coordination.activities';
import { createEnvelopeActivities, EnvelopeDeps } from './envelope.activities';
import { createGrantEventActivities, GrantEventDeps } from './grant-events.activities';
import { createRecorderActivities } from './recorders.activities';
import { createNotificationActivities, NotificationDeps } from './notifications.activities';
import { createOpenDataActivities } from './open-data.activities';
import { createPaymentActivities } from './payments.activities';
import { createWebhookActivities, WebhookDeps } from './webhooks.activities';

export type GrantActivityDeps = EnvelopeDeps & NotificationDeps & WebhookDeps & AuditDeps & GrantEventDeps;

/** Every activity the worker registers, built from its dependencies. */
export function createGrantActivities(deps: GrantActivityDeps) {
  const webhooks = createWebhookActivities(deps);
  const grantEvents = createGrantEventActivities(deps);
  const notifications = createNotificationActivities({ ...deps, queueWebhooks: webhooks.queueWebhooks });
  return {
    ...grantEvents,
    ...createPaymentActivities(deps),
    ...notifications,
    ...createRecorderActivities({ ...grantEvents, ...notifications }),
    ...createEnvelopeActivities(deps),
    ...createAuditActivities(deps),
    ...createCallActivities(deps),
    ...createCoordinationActivities(deps),
    ...createOpenDataActivities(deps),
    postWebhook: webhooks.postWebhook,
    markWebhookFailed: webhooks.markWebhookFailed,
  };
}

export type GrantActivities = ReturnType<typeof createGrantActivities>;
export type { Mailer } from './notifications.activities';
