import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each territory's steering committee (Copil) by colleges, one row per territory and year (proposal 1). */
export class Copils1765800000000 implements MigrationInterface {
  name = 'Copils1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE copils (
        id text PRIMARY KEY,
        territory_id text NOT NULL,
        year integer NOT NULL,
        status text NOT NULL,
        running_mandates integer NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq integer NOT NULL,
        UNIQUE (territory_id, year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE copils');
  }
}
