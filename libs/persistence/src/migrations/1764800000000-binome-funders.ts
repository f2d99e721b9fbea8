import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The funder whose money a binôme's envelope is (it hears of the micro-grants' payment orders), and
 * the most one association may hold in a year's envelope (fair use; null: a third of it).
 */
export class BinomeFunders1764800000000 implements MigrationInterface {
  name = 'BinomeFunders1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE binomes ADD COLUMN funder_id text REFERENCES funders(id),
                   ADD COLUMN association_cap_cents bigint CHECK (association_cap_cents >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE binomes DROP COLUMN funder_id, DROP COLUMN association_cap_cents`);
  }
}
