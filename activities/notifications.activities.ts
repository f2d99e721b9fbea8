import { DataSource, EntityManager } from 'typeorm';
import type { WebhookEvent } from './webhooks.activities';
import {
  AgreementEventBody,
  ApplicationEventBody,
  Audience,
  OpenDataEventBody,
  TaskForceEvent,
  taskForceAudiences,
  ContributionEvent,
  contributionAudiences,
  ReferralEvent,
  referralAudiences,
  CodirEvent,
  codirAudiences,
  MissionSheetEvent,
  missionSheetAudiences,
  CopilEvent,
  copilAudiences,
  openDataStreamId,
  CallEventBody,
  CohortEventBody,
  IncubationEventBody,
  Role,
  audienceKeysOf,
  MicroGrantEventBody,
  CallFacts,
  audienceKey,
  microGrantAudiences,
} from '@grants/domain';
import {
  GrantFacts,
  renderAgreementNotification,
  renderCallNotification,
  renderDigest,
  renderIncubationNotification,
  renderMicroGrantNotification,
  renderOpenDataNotification,
  RenderedNotification,
  renderContributionNotification,
  renderReferralNotification,
  renderCodirNotification,
  renderMissionSheetNotification,
  renderCopilNotification,
  renderTaskForceNotification,
  toHtml,
} from './notification-templates';
import {
  appendCodirEvent,
  appendCopilEvent,
  appendMissionSheetEvent,
  appendContributionEvent,
  appendReferralEvent,
  appendTaskForceEvent,
} from '@grants/persistence';
import { renderOpenDataNotificationEn } from './notification-templates.en';

/** Sends one e-mail. The SMTP implementation lives in the worker; tests may pass their own. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string; html?: string }): Promise<void>;
}

export interface NotificationDeps {
  dataSource: DataSource;
  mailer?: Mailer;
  publicUrl: string;
  /** Queues the event for the signed webhooks of the organisations it concerns. */
  queueWebhooks?: (event: WebhookEvent) => Promise<unknown>;
  /** When a failed e-mail is tried again, and given up (EMAIL_RETRY_*). */
  emailRetry?: EmailRetryPolicy;
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
      return { where: 'a.org_id = $1', params: [audience.org] };
    case 'territory_role':
      return { where: 'a.role = $1 AND a.territory_id = $2', params: [audience.role, audience.territory] };
    case 'role':
      return { where: 'a.role = $1', params: [audience.role] };
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
  payload: unknown;
  audiences: Audience[];
  /** The texts in French (the default) and in English. */
  fr: RenderedNotification;
  en: RenderedNotification;
  occurredAt: string;
}

/** The language of the account an e-mail address (an SQL column) belongs to (French by default). */
const languageOf = (address: string) => `coalesce((SELECT p.language FROM accounts a JOIN notification_preferences p ON p.account_id = a.id
                                        WHERE a.email = ${address} ORDER BY a.id LIMIT 1), 'fr')`;

/** When a failed e-mail is tried again: 30 s after the first failure by default, doubling up to an hour. */
export interface EmailRetryPolicy {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  giveUpAfterMs: number;
}

export const DEFAULT_EMAIL_RETRY: EmailRetryPolicy = { initialIntervalMs: 30_000, maximumIntervalMs: 3_600_000, giveUpAfterMs: 24 * 3_600_000 };

/**
 * Sends one e-mail delivery and records the outcome: sent, or its attempt counted with the error and
 * its next attempt set (marked failed once it has been tried for `giveUpAfterMs`). Never throws.
 */
async function sendOnce(
  dataSource: DataSource,
  mailer: Mailer,
  deliveryId: number,
  message: { to: string; subject: string; text: string; html: string },
  retry: EmailRetryPolicy,
): Promise<boolean> {
  try {
    await mailer.send(message);
  } catch (error) {
    await dataSource.query(
      `UPDATE email_deliveries
          SET attempts = attempts + 1, last_error = $2,
              next_attempt_at = now() + make_interval(secs => least($3::float8 * power(2, attempts), $4::float8) / 1000),
              status = CASE WHEN created_at + make_interval(secs => $5::float8 / 1000) <= now() THEN 'failed' ELSE status END,
              failed_at = CASE WHEN created_at + make_interval(secs => $5::float8 / 1000) <= now() THEN now() ELSE failed_at END
        WHERE id = $1`,
      [deliveryId, (error as Error).message.slice(0, 500), retry.initialIntervalMs, retry.maximumIntervalMs, retry.giveUpAfterMs],
    );
    return false;
  }
  await dataSource.query(`UPDATE email_deliveries SET status = 'sent', attempts = attempts + 1, sent_at = now(), next_attempt_at = NULL WHERE id = $1`, [
    deliveryId,
  ]);
  return true;
}

/**
 * The e-mails whose attempt failed and whose next attempt is due, sent again (the worker calls this
 * every few seconds). Each is claimed with SKIP LOCKED and a lease, so two workers never send the same.
 */
export async function retryDueEmails(
  dataSource: DataSource,
  mailer: Mailer,
  publicUrl: string,
  retry: EmailRetryPolicy = DEFAULT_EMAIL_RETRY,
): Promise<number> {
  const due: { id: number; address: string; language: 'fr' | 'en'; subject: string; body: string; subject_en: string | null; body_en: string | null }[] =
    await dataSource.query(
      `WITH due AS (
         SELECT id FROM email_deliveries WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT 50 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE email_deliveries e SET next_attempt_at = now() + interval '5 minutes' FROM due WHERE e.id = due.id RETURNING e.id, e.address, e.notification_id
       )
       SELECT c.id, c.address, n.subject, n.body, n.subject_en, n.body_en, ${languageOf('c.address')} AS language
         FROM claimed c JOIN notifications n ON n.id = c.notification_id ORDER BY c.id`,
    );
  let sent = 0;
  for (const d of due) {
    const subject = d.language === 'en' ? (d.subject_en ?? d.subject) : d.subject;
    const text = d.language === 'en' ? (d.body_en ?? d.body) : d.body;
    if (
      await sendOnce(dataSource, mailer, d.id, { to: d.address, subject, text, html: toHtml(subject, text, d.language, publicUrl.replace(/\/$/, '')) }, retry)
    )
      sent++;
  }
  return sent;
}

export function createNotificationActivities({ dataSource, mailer, publicUrl, queueWebhooks, emailRetry }: NotificationDeps) {
  const retry = emailRetry ?? DEFAULT_EMAIL_RETRY;
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
        `INSERT INTO notifications (audience, grant_id, event_type, subject, body, subject_en, body_en, created_at, dedupe_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING`,
        [key, d.streamId, d.eventType, d.fr.subject, d.fr.text, d.en.subject, d.en.text, d.occurredAt, dedupeKey],
      );
      if (!mailer) continue;
      const [{ id }]: { id: number }[] = await dataSource.query('SELECT id FROM notifications WHERE dedupe_key = $1', [dedupeKey]);
      const { where, params } = accountsOf(audience);
      // Accounts that want e-mail now: not in-app only, not gathering the day into a digest.
      await dataSource.query(
        `INSERT INTO email_deliveries (notification_id, address, status)
         SELECT $${params.length + 1}, a.email, 'pending' FROM accounts a
           LEFT JOIN notification_preferences p ON p.account_id = a.id
          WHERE a.email IS NOT NULL AND a.status <> 'disabled' AND ${where}
            AND coalesce(p.channels, 'both') <> 'in_app' AND NOT coalesce(p.daily_digest, false)
         ON CONFLICT (notification_id, address) DO NOTHING`,
        [...params, id],
      );
      const pending: { id: number; address: string; language: 'fr' | 'en' }[] = await dataSource.query(
        `SELECT e.id, e.address, ${languageOf('e.address')} AS language
           FROM email_deliveries e WHERE e.notification_id = $1 AND e.status = 'pending' AND e.next_attempt_at IS NULL ORDER BY e.id`,
        [id],
      );
      for (const delivery of pending) {
        const { subject, text } = d[delivery.language];
        // A failure never fails the step (the lifecycle goes on to its payment order): the worker retries the e-mail later.
        if (
          await sendOnce(dataSource, mailer, delivery.id, { to: delivery.address, subject, text, html: toHtml(subject, text, delivery.language, base) }, retry)
        )
          emails++;
      }
    }
    if (queueWebhooks) {
      const orgs = d.audiences.flatMap((a) => (a.kind === 'org' ? [a.org] : []));
      await queueWebhooks({ streamId: d.streamId, step: d.step, eventType: d.eventType, payload: d.payload, occurredAt: d.occurredAt, orgs });
    }
    return { notifications: d.audiences.length, emails };
  }

  /** A module path's event (libs/domain/src/<path>/): appended and projected in one transaction, then delivered to its audiences. */
  async function recordModuleEvent<
    S,
    E extends { grantId: string; type: string; payload: unknown; occurredAt: string },
    B extends { type: string; payload: unknown },
  >(
    request: { event: E; step: string },
    path: {
      append: (em: EntityManager, event: E, key: string) => Promise<{ seq: number; state: S }>;
      audiences: (state: S, body: B) => Audience[];
      render: (body: B, state: S, link: string, language: 'fr' | 'en') => RenderedNotification;
      link: (id: string) => string;
    },
  ): Promise<{ seq: number; notifications: number; emails: number }> {
    const { event, step } = request;
    const { seq, state } = await dataSource.transaction((em) => path.append(em, event, `${event.grantId}:${step}`));
    const body = { type: event.type, payload: event.payload } as B;
    const audiences = path.audiences(state, body);
    if (!audiences.length) return { seq, notifications: 0, emails: 0 };
    const link = path.link(event.grantId);
    const sent = await deliver({
      streamId: event.grantId,
      step,
      eventType: event.type,
      payload: event.payload,
      audiences,
      fr: path.render(body, state, link, 'fr'),
      en: path.render(body, state, link, 'en'),
      occurredAt: event.occurredAt,
    });
    return { seq, ...sent };
  }

  return {
    /** Tells everyone a micro-grant event concerns (see microGrantAudiences). */
    async notifyStakeholders(request: NotifyRequest): Promise<{ notifications: number; emails: number }> {
      // The envelope's funder is looked up for the events it hears of only (payment orders).
      const [binome]: { funder_id: string | null }[] =
        request.event.type === 'PaymentOrdered'
          ? await dataSource.query('SELECT funder_id FROM binomes WHERE territory_id = $1', [request.grant.territoryId])
          : [];
      const audiences = microGrantAudiences(request.event.type, { ...request.grant, funderId: binome?.funder_id ?? undefined });
      if (!audiences.length) return { notifications: 0, emails: 0 };
      // The web app's page of the grant (through sign-in when needed).
      const link = `${base}/app/micro-subventions/${request.grantId}`;
      const fr = renderMicroGrantNotification(request.event, request.grant, link, 'fr');
      const en = renderMicroGrantNotification(request.event, request.grant, link, 'en');
      return deliver({ ...request, streamId: request.grantId, eventType: request.event.type, payload: request.event.payload, audiences, fr, en });
    },

    /** Tells the audiences a call or application event concerns (chosen by the workflow with callAudiences). */
    async notifyCallParties(request: NotifyCallRequest): Promise<{ notifications: number; emails: number }> {
      if (!request.audiences.length) return { notifications: 0, emails: 0 };
      const link = webLink(base, request.path);
      const fr = renderCallNotification(request.event, request.facts, link, 'fr');
      const en = renderCallNotification(request.event, request.facts, link, 'en');
      return deliver({ ...request, eventType: request.event.type, payload: request.event.payload, fr, en });
    },

    /** Tells the audiences an anchoring-agreement event concerns (chosen by the workflow with agreementAudiences). */
    async notifyAgreementParties(request: NotifyAgreementRequest): Promise<{ notifications: number; emails: number }> {
      if (!request.audiences.length) return { notifications: 0, emails: 0 };
      const link = webLink(base, `/anchoring-agreements/${request.agreementId}`);
      const fr = renderAgreementNotification(request.event, request.title, link, 'fr');
      const en = renderAgreementNotification(request.event, request.title, link, 'en');
      return deliver({ ...request, streamId: request.agreementId, eventType: request.event.type, payload: request.event.payload, fr, en });
    },

    /**
     * The daily digest: for every account that asked for one, the day's notifications (Paris day) of
     * its audiences in one e-mail. Idempotent per account and day.
     */
    async sendDailyDigests(input: { day?: string }): Promise<{ day: string; digests: number }> {
      const day = input.day ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
      const accounts: { id: string; role: Role; org_id: string | null; territory_id: string | null; email: string; language: 'fr' | 'en' }[] =
        await dataSource.query(
          `SELECT a.id, a.role, a.org_id, a.territory_id, a.email, p.language FROM accounts a JOIN notification_preferences p ON p.account_id = a.id
          WHERE p.daily_digest AND p.channels <> 'in_app' AND a.email IS NOT NULL AND a.status <> 'disabled' ORDER BY a.id`,
        );
      let digests = 0;
      for (const account of accounts) {
        const keys = audienceKeysOf({ sub: account.id, role: account.role, org: account.org_id ?? undefined, territory: account.territory_id ?? undefined });
        const items: { subject: string; body: string; created_at: Date }[] = await dataSource.query(
          `SELECT CASE WHEN $3 = 'en' THEN coalesce(subject_en, subject) ELSE subject END AS subject,
                  CASE WHEN $3 = 'en' THEN coalesce(body_en, body) ELSE body END AS body, created_at
             FROM notifications
            WHERE audience = ANY($1) AND (created_at AT TIME ZONE 'Europe/Paris')::date = $2::date ORDER BY created_at, id`,
          [keys, day, account.language],
        );
        if (!items.length) continue;
        const [claimed]: { sent_at: Date | null }[] = await dataSource.query(
          `INSERT INTO notification_digests (account_id, day, notifications) VALUES ($1, $2, $3)
           ON CONFLICT (account_id, day) DO UPDATE SET notifications = EXCLUDED.notifications RETURNING sent_at`,
          [account.id, day, items.length],
        );
        if (claimed.sent_at || !mailer) continue;
        const { subject, text } = renderDigest(day, items, account.language);
        await mailer.send({ to: account.email, subject, text, html: toHtml(subject, text, account.language, base) });
        await dataSource.query('UPDATE notification_digests SET sent_at = now() WHERE account_id = $1 AND day = $2', [account.id, day]);
        digests++;
      }
      return { day, digests };
    },

    /** Tells a funder's accounts of its open data: a publication made for it, a deadline coming, a blocked publication. */
    async notifyOpenDataFunder(request: {
      funderId: string;
      step: string;
      event: OpenDataEventBody;
      occurredAt: string;
    }): Promise<{ notifications: number; emails: number }> {
      const [funder]: { name: string }[] = await dataSource.query('SELECT name FROM funders WHERE id = $1', [request.funderId]);
      const link = `${base}/open-data/subventions.csv?funder=${encodeURIComponent(request.funderId)}`;
      const name = funder?.name ?? request.funderId;
      return deliver({
        streamId: openDataStreamId(request.funderId),
        step: request.step,
        eventType: request.event.type,
        payload: request.event.payload,
        audiences: [{ kind: 'org', org: request.funderId }],
        fr: renderOpenDataNotification(request.event, name, link),
        en: renderOpenDataNotificationEn(request.event, name, link),
        occurredAt: request.occurredAt,
      });
    },

    /**
     * Records a task force's event: appended to the hash-chained log with its read-model row evolved
     * (one transaction), then told to its audiences (TASK_FORCE_NOTICES), as the event left the task
     * force. One activity per event; (task force, step) keys the append, the notifications and the
     * e-mails, so a retry records and sends nothing twice.
     */
    recordTaskForceEvent(request: { event: TaskForceEvent; step: string }): Promise<{ seq: number; notifications: number; emails: number }> {
      return recordModuleEvent(request, {
        append: appendTaskForceEvent,
        audiences: taskForceAudiences,
        render: renderTaskForceNotification,
        link: (id) => `${base}/app/task-forces/${id}`,
      });
    },

    /** Records a contribution's event, as recordTaskForceEvent does (CONTRIBUTION_NOTICES). */
    recordContributionEvent(request: { event: ContributionEvent; step: string }): Promise<{ seq: number; notifications: number; emails: number }> {
      return recordModuleEvent(request, {
        append: appendContributionEvent,
        audiences: contributionAudiences,
        render: renderContributionNotification,
        link: (id) => `${base}/app/contributions/${id}`,
      });
    },

    /** Records a routed need's event, as recordTaskForceEvent does (REFERRAL_NOTICES). */
    recordReferralEvent(request: { event: ReferralEvent; step: string }): Promise<{ seq: number; notifications: number; emails: number }> {
      return recordModuleEvent(request, {
        append: appendReferralEvent,
        audiences: referralAudiences,
        render: renderReferralNotification,
        link: (id) => `${base}/app/besoins/${id}`,
      });
    },

    /** Records a CODIR's event, as recordTaskForceEvent does (CODIR_NOTICES). */
    recordCodirEvent(request: { event: CodirEvent; step: string }): Promise<{ seq: number; notifications: number; emails: number }> {
      return recordModuleEvent(request, {
        append: appendCodirEvent,
        audiences: codirAudiences,
        render: renderCodirNotification,
        link: (id) => `${base}/app/codir/${id}`,
      });
    },

    /** Records a mission sheet's event, as recordTaskForceEvent does (MISSION_SHEET_NOTICES). */
    recordMissionSheetEvent(request: { event: MissionSheetEvent; step: string }): Promise<{ seq: number; notifications: number; emails: number }> {
      return recordModuleEvent(request, {
        append: appendMissionSheetEvent,
        audiences: missionSheetAudiences,
        render: renderMissionSheetNotification,
        link: (id) => `${base}/app/feuilles-de-mission/${id}`,
      });
    },

    /** Records a Copil's event, as recordTaskForceEvent does (COPIL_NOTICES). */
    recordCopilEvent(request: { event: CopilEvent; step: string }): Promise<{ seq: number; notifications: number; emails: number }> {
      return recordModuleEvent(request, {
        append: appendCopilEvent,
        audiences: copilAudiences,
        render: renderCopilNotification,
        link: (id) => `${base}/app/copil/${id}`,
      });
    },

    /** Tells the audiences an incubation event concerns (chosen by the workflow with incubationAudiences). */
    async notifyIncubationParties(request: NotifyIncubationRequest): Promise<{ notifications: number; emails: number }> {
      if (!request.audiences.length) return { notifications: 0, emails: 0 };
      const link = webLink(base, request.path);
      const fr = renderIncubationNotification(request.event, request.title, link, 'fr');
      const en = renderIncubationNotification(request.event, request.title, link, 'en');
      return deliver({ ...request, eventType: request.event.type, payload: request.event.payload, fr, en });
    },
  };
}

/** A file's page in the web app (through sign-in when needed) where it has one; the API's path otherwise. */
function webLink(base: string, path: string): string {
  for (const [api, web] of [
    ['/calls/', '/app/appels/'],
    ['/applications/', '/app/candidatures/'],
    ['/incubations/', '/app/incubations/'],
    ['/incubation-cohorts/', '/app/cohortes/'],
    ['/anchoring-agreements/', '/app/conventions/'],
  ]) {
    if (path.startsWith(api)) return `${base}${web}${path.slice(api.length)}`;
  }
  return `${base}${path}`;
}
