import { MigrationInterface, QueryRunner } from 'typeorm';

/** Associations' needs routed to signatories (proposal 7): one row per need, its state beside the columns lists and statistics filter on. */
export class Referrals1765500000000 implements MigrationInterface {
  name = 'Referrals1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referrals (
        id text PRIMARY KEY,
        territory_id text NOT NULL,
        association_id text NOT NULL,
        orientation text NOT NULL,
        support_kind text NOT NULL,
        status text NOT NULL,
        signatory_id text,
        signatory_ids text[] NOT NULL DEFAULT '{}',
        answer_by timestamptz,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq integer NOT NULL
      );
      CREATE INDEX referrals_territory ON referrals (territory_id, created_at DESC);
      CREATE INDEX referrals_association ON referrals (association_id, created_at DESC);
      CREATE INDEX referrals_signatories ON referrals USING gin (signatory_ids);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE referrals');
  }
}
