import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification channels: per-account preferences (channels, language, daily digest), notifications in English too, the digests sent, and
 * signed webhooks (endpoints with their secret, one delivery per event and endpoint, every attempt).
 */
export class Webhooks1764600000000 implements MigrationInterface {
  name = 'Webhooks1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_preferences (
        account_id text PRIMARY KEY REFERENCES accounts(id),
        channels text NOT NULL DEFAULT 'both' CHECK (channels IN ('in_app', 'email', 'both')),
        language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
        daily_digest boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- Every notification in French (the default) and in English.
      ALTER TABLE notifications ADD COLUMN subject_en text, ADD COLUMN body_en text;
      CREATE TABLE notification_digests (
        account_id text NOT NULL REFERENCES accounts(id),
        day date NOT NULL,
        notifications int NOT NULL,
        sent_at timestamptz,
        PRIMARY KEY (account_id, day)
      );

      CREATE TABLE webhook_endpoints (
        id text PRIMARY KEY,
        org_id text NOT NULL,
        url text NOT NULL,
        event_types text[] NOT NULL,
        secret text NOT NULL,
        secret_version int NOT NULL DEFAULT 1,
        active boolean NOT NULL DEFAULT true,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz
      );
      CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id) WHERE active;
      CREATE TABLE webhook_deliveries (
        id text PRIMARY KEY,
        endpoint_id text NOT NULL REFERENCES webhook_endpoints(id),
        event_key text NOT NULL,
        event_type text NOT NULL,
        stream_id text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_status_code int,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        failed_at timestamptz,
        UNIQUE (endpoint_id, event_key)
      );
      CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);
      CREATE TABLE webhook_attempts (
        id bigserial PRIMARY KEY,
        delivery_id text NOT NULL REFERENCES webhook_deliveries(id),
        at timestamptz NOT NULL DEFAULT now(),
        status_code int,
        latency_ms int NOT NULL,
        error text,
        secret_version int NOT NULL
      );
      CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_attempts, webhook_deliveries, webhook_endpoints, notification_digests, notification_preferences');
    await q.query('ALTER TABLE notifications DROP COLUMN subject_en, DROP COLUMN body_en');
  }
}
