import { DataSource } from 'typeorm';
import { AgreementEventBody, ApplicationEventBody, Audience, CallEventBody, CohortEventBody, IncubationEventBody, MicroGrantEventBody, audienceKey, microGrantAudiences } from '../libs/domain/src';
import {
  CallFacts,
  GrantFacts,
  renderAgreementNotification,
  renderCallNotification,
  renderIncubationNotification,
  renderMicroGrantNotification,
} from './notification-templates';

/** Sends one e-mail. The SMTP implementation lives in the worker; tests may pass their own. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

export interface NotificationDeps {
  dataSource: DataSource;
  mailer?: Mailer;
  publicUrl: string;
}

export interface NotifyRequest {
  grantId: string;
  step: string;
  event: MicroGrantEventBody;
  grant: GrantFacts;
  occurredAt: string;
}

function accountsOf(audience: Audience): { where: string; params: string[] } {
  switch (audience.kind) {
    case 'org':
      return { where: 'org_id = $1', params: [audience.org] };
    case 'territory_role':
      return { where: 'role = $1 AND territory_id = $2', params: [audience.role, audience.territory] };
    case 'role':
      return { where: 'role = $1', params: [audience.role] };
    default: {
      const never: never = audience;
      throw new Error(`unknown audience ${JSON.stringify(never)}`);
    }
  }
}

export interface NotifyCallRequest {
  /** The stream the event belongs to (a call or an application). */
  streamId: string;
  step: string;
  event: CallEventBody | ApplicationEventBody;
  audiences: Audience[];
  facts: CallFacts;
  /** Path of the resource, e.g. /applications/app-… */
  path: string;
  occurredAt: string;
}

export interface NotifyAgreementRequest {
  agreementId: string;
  title: string;
  step: string;
  event: AgreementEventBody;
  audiences: Audience[];
  occurredAt: string;
}

export interface NotifyIncubationRequest {
  streamId: string;
  title: string;
  /** Path of the resource, e.g. /incubations/inc-… */
  path: string;
  step: string;
  event: CohortEventBody | IncubationEventBody;
  audiences: Audience[];
  occurredAt: string;
}

interface Delivery {
  streamId: string;
  step: string;
  eventType: string;
  audiences: Audience[];
  subject: string;
  text: string;
  occurredAt: string;
}

export function createNotificationActivities({ dataSource, mailer, publicUrl }: NotificationDeps) {
  const base = publicUrl.replace(/\/$/, '');

  /**
   * One in-app notification per audience, and an e-mail to each of its accounts when SMTP is
   * configured. Idempotent: a retry finds the notifications and the e-mails already sent, keyed by
   * stream, step, audience and address.
   */
  async function deliver(d: Delivery): Promise<{ notifications: number; emails: number }> {
    let emails = 0;
    for (const audience of d.audiences) {
      const key = audienceKey(audience);
      const dedupeKey = `${d.streamId}:${d.step}:${key}`;
      await dataSource.query(
        `INSERT INTO notifications (audience, grant_id, event_type, subject, body, created_at, dedupe_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING`,
        [key, d.streamId, d.eventType, d.subject, d.text, d.occurredAt, dedupeKey],
      );
      if (!mailer) continue;
      const [{ id }]: { id: number }[] = await dataSource.query('SELECT id FROM notifications WHERE dedupe_key = $1', [dedupeKey]);
      const { where, params } = accountsOf(audience);
      await dataSource.query(
        `INSERT INTO email_deliveries (notification_id, address, status)
         SELECT $${params.length + 1}, email, 'pending' FROM accounts WHERE email IS NOT NULL AND ${where}
         ON CONFLICT (notification_id, address) DO NOTHING`,
        [...params, id],
      );
      const pending: { id: number; address: string }[] = await dataSource.query(
        `SELECT id, address FROM email_deliveries WHERE notification_id = $1 AND status = 'pending' ORDER BY id`,
        [id],
      );
      for (const delivery of pending) {
        try {
          await mailer.send({ to: delivery.address, subject: d.subject, text: d.text });
        } catch (error) {
          await dataSource.query(`UPDATE email_deliveries SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
            delivery.id,
            (error as Error).message,
          ]);
          throw error; // the activity retries; deliveries already sent are not sent again
        }
        await dataSource.query(`UPDATE email_deliveries SET status = 'sent', attempts = attempts + 1, sent_at = now() WHERE id = $1`, [
          delivery.id,
        ]);
        emails++;
      }
    }
    return { notifications: d.audiences.length, emails };
  }

  return {
    /** Tells everyone a micro-grant event concerns (see microGrantAudiences). */
    async notifyStakeholders(request: NotifyRequest): Promise<{ notifications: number; emails: number }> {
      const audiences = microGrantAudiences(request.event.type, request.grant);
      if (!audiences.length) return { notifications: 0, emails: 0 };
      const { subject, text } = renderMicroGrantNotification(request.event, request.grant, `${base}/micro-grants/${request.grantId}`);
      return deliver({ ...request, streamId: request.grantId, eventType: request.event.type, audiences, subject, text });
    },

    /** Tells the audiences a call or application event concerns (chosen by the workflow with callAudiences). */
    async notifyCallParties(request: NotifyCallRequest): Promise<{ notifications: number; emails: number }> {
      if (!request.audiences.length) return { notifications: 0, emails: 0 };
      const { subject, text } = renderCallNotification(request.event, request.facts, `${base}${request.path}`);
      return deliver({ ...request, eventType: request.event.type, subject, text });
    },

    /** Tells the audiences an anchoring-agreement event concerns (chosen by the workflow with agreementAudiences). */
    async notifyAgreementParties(request: NotifyAgreementRequest): Promise<{ notifications: number; emails: number }> {
      if (!request.audiences.length) return { notifications: 0, emails: 0 };
      const link = `${base}/anchoring-agreements/${request.agreementId}`;
      const { subject, text } = renderAgreementNotification(request.event, request.title, link);
      return deliver({ ...request, streamId: request.agreementId, eventType: request.event.type, subject, text });
    },

    /** Tells the audiences an incubation event concerns (chosen by the workflow with incubationAudiences). */
    async notifyIncubationParties(request: NotifyIncubationRequest): Promise<{ notifications: number; emails: number }> {
      if (!request.audiences.length) return { notifications: 0, emails: 0 };
      const { subject, text } = renderIncubationNotification(request.event, request.title, `${base}${request.path}`);
      return deliver({ ...request, eventType: request.event.type, subject, text });
    },
  };
}
