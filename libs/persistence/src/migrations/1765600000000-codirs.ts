import { MigrationInterface, QueryRunner } from 'typeorm';

/** The yearly CODIR QPV of each local authority (proposal 9): one row per territory and year, its state beside the columns lists filter on. */
export class Codirs1765600000000 implements MigrationInterface {
  name = 'Codirs1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE codirs (
        id text PRIMARY KEY,
        territory_id text NOT NULL,
        year integer NOT NULL,
        status text NOT NULL,
        meeting_at timestamptz NOT NULL,
        next_due_at timestamptz,
        open_commitments integer NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq integer NOT NULL,
        UNIQUE (territory_id, year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE codirs');
  }
}
