import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calls for projects: a calls read model; grants that fund several associations (a consortium's
 * members); payment orders keyed by step (a consortium grant has several: stipend, tranches per
 * member), a micro-grant's key staying its id so that it still has exactly one; and the funded
 * periods that the double-funding check reads.
 */
export class Calls1764300000000 implements MigrationInterface {
  name = 'Calls1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE grants ADD COLUMN member_ids text[] NOT NULL DEFAULT '{}';
      UPDATE grants SET member_ids = ARRAY[association_id];
      CREATE INDEX grants_members ON grants USING gin (member_ids);

      ALTER TABLE payment_orders ADD COLUMN order_key text;
      UPDATE payment_orders SET order_key = grant_id;
      ALTER TABLE payment_orders ALTER COLUMN order_key SET NOT NULL;
      ALTER TABLE payment_orders ADD CONSTRAINT payment_orders_order_key UNIQUE (order_key);
      ALTER TABLE payment_orders ADD COLUMN purpose text NOT NULL DEFAULT 'grant'
        CHECK (purpose IN ('grant', 'stipend', 'award_tranche', 'final_tranche'));
      ALTER TABLE payment_orders ADD COLUMN split jsonb;
      ALTER TABLE payment_orders DROP CONSTRAINT payment_orders_grant_id_key;
      CREATE INDEX payment_orders_grant ON payment_orders (grant_id);
      -- a micro-grant is still paid once: its one order is keyed by its id
      ALTER TABLE payment_orders ADD CONSTRAINT payment_orders_one_per_micro_grant
        CHECK (grant_id NOT LIKE 'mg-%' OR order_key = grant_id);

      CREATE TABLE calls (
        id text PRIMARY KEY,
        title text NOT NULL,
        phase text NOT NULL,
        themes text[] NOT NULL,
        territories text[] NOT NULL,
        funder_ids text[] NOT NULL,
        budget_cents bigint NOT NULL CHECK (budget_cents > 0),
        paid_preselection boolean NOT NULL,
        eoi_deadline timestamptz NOT NULL,
        proposal_deadline timestamptz NOT NULL,
        applications int NOT NULL,
        awarded_cents bigint NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq int NOT NULL
      );
      CREATE INDEX calls_created ON calls (created_at DESC, id);
      CREATE INDEX calls_territories ON calls USING gin (territories);

      CREATE TABLE funded_periods (
        grant_id text NOT NULL,
        association_id text NOT NULL REFERENCES associations(id),
        title text NOT NULL,
        amount_cents bigint NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        PRIMARY KEY (grant_id, association_id)
      );
      CREATE INDEX funded_periods_association ON funded_periods (association_id, period_start);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE funded_periods, calls;
      ALTER TABLE payment_orders DROP CONSTRAINT payment_orders_one_per_micro_grant;
      DROP INDEX payment_orders_grant;
      ALTER TABLE payment_orders ADD CONSTRAINT payment_orders_grant_id_key UNIQUE (grant_id);
      ALTER TABLE payment_orders DROP COLUMN split, DROP COLUMN purpose, DROP CONSTRAINT payment_orders_order_key, DROP COLUMN order_key;
      DROP INDEX grants_members;
      ALTER TABLE grants DROP COLUMN member_ids;
    `);
  }
}
