import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE territories (
        id text PRIMARY KEY,
        name text NOT NULL,
        department text NOT NULL
      );
      CREATE TABLE associations (
        id text PRIMARY KEY,
        name text NOT NULL,
        siret char(14) NOT NULL UNIQUE CHECK (siret ~ '^[0-9]{14}$'),
        themes text[] NOT NULL,
        territories text[] NOT NULL,
        proximity text NOT NULL CHECK (proximity IN ('local', 'national'))
      );
      CREATE TABLE funders (
        id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL
      );
      CREATE TABLE binomes (
        id text PRIMARY KEY,
        territory_id text NOT NULL UNIQUE REFERENCES territories(id),
        envelope_total_cents bigint NOT NULL CHECK (envelope_total_cents >= 0),
        ceiling_cents bigint NOT NULL CHECK (ceiling_cents >= 0)
      );
      CREATE TABLE accounts (
        id text PRIMARY KEY,
        role text NOT NULL,
        org_id text,
        territory_id text REFERENCES territories(id),
        display_name text NOT NULL,
        email text
      );
      CREATE INDEX accounts_org ON accounts (org_id);
      CREATE INDEX accounts_role_territory ON accounts (role, territory_id);

      CREATE TABLE grants (
        id text PRIMARY KEY,
        kind text NOT NULL,
        status text NOT NULL,
        title text NOT NULL,
        association_id text NOT NULL,
        territory_id text NOT NULL,
        binome_id text,
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        funder_ids text[] NOT NULL DEFAULT '{}',
        payment_order_id text,
        report_due_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq int NOT NULL
      );
      CREATE INDEX grants_created ON grants (created_at DESC, id);
      CREATE INDEX grants_association ON grants (association_id, created_at DESC);
      CREATE INDEX grants_territory ON grants (territory_id, created_at DESC);
      CREATE INDEX grants_status ON grants (status);
      CREATE INDEX grants_funders ON grants USING gin (funder_ids);

      CREATE TABLE grant_events (
        id bigserial PRIMARY KEY,
        grant_id text NOT NULL,
        seq int NOT NULL CHECK (seq > 0),
        kind text NOT NULL,
        type text NOT NULL,
        actor jsonb NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        idempotency_key text NOT NULL UNIQUE,
        UNIQUE (grant_id, seq)
      );
      CREATE FUNCTION grant_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'grant_events is append-only: % refused', TG_OP;
      END $$;
      CREATE TRIGGER grant_events_no_update BEFORE UPDATE OR DELETE ON grant_events
        FOR EACH ROW EXECUTE FUNCTION grant_events_append_only();
      CREATE TRIGGER grant_events_no_truncate BEFORE TRUNCATE ON grant_events
        FOR EACH STATEMENT EXECUTE FUNCTION grant_events_append_only();

      CREATE TABLE payment_orders (
        id text PRIMARY KEY,
        grant_id text NOT NULL UNIQUE,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        payee_association_id text NOT NULL,
        binome_id text,
        year int,
        status text NOT NULL DEFAULT 'ordered',
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        grant_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );

      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        audience text NOT NULL,
        grant_id text,
        event_type text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dedupe_key text NOT NULL UNIQUE
      );
      CREATE INDEX notifications_audience ON notifications (audience, created_at DESC);
      CREATE TABLE notification_reads (
        notification_id bigint NOT NULL REFERENCES notifications(id),
        account_id text NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (notification_id, account_id)
      );
      CREATE TABLE email_deliveries (
        id bigserial PRIMARY KEY,
        notification_id bigint NOT NULL REFERENCES notifications(id),
        address text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz,
        UNIQUE (notification_id, address)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE email_deliveries, notification_reads, notifications, idempotency_keys, payment_orders;
      DROP TABLE grant_events; DROP FUNCTION grant_events_append_only();
      DROP TABLE grants, accounts, binomes, funders, associations, territories;
    `);
  }
}
