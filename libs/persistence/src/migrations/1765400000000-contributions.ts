import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Associated signatories' contributions to the contrat de ville: one row per negotiation, its state
 * as its events made it (`state`) beside the columns lists and the yearly commitments filter on.
 */
export class Contributions1765400000000 implements MigrationInterface {
  name = 'Contributions1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contributions (
        id text PRIMARY KEY,
        territory_id text NOT NULL,
        signatory_id text NOT NULL,
        orientation text NOT NULL,
        year integer NOT NULL,
        nature text NOT NULL,
        amount_cents bigint,
        staff_count integer,
        status text NOT NULL,
        awaiting text,
        sign_by timestamptz,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq integer NOT NULL
      );
      CREATE INDEX contributions_signatory_year ON contributions (signatory_id, year);
      CREATE INDEX contributions_territory_year ON contributions (territory_id, year);
      CREATE INDEX payment_orders_funder_created ON payment_orders (funder_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX payment_orders_funder_created; DROP TABLE contributions');
  }
}
