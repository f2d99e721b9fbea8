import { MigrationInterface, QueryRunner } from 'typeorm';

/** The binôme's yearly mission sheet of each territory (proposal 4): one row per territory and year. */
export class MissionSheets1765700000000 implements MigrationInterface {
  name = 'MissionSheets1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mission_sheets (
        id text PRIMARY KEY,
        territory_id text NOT NULL,
        year integer NOT NULL,
        status text NOT NULL,
        copil_at timestamptz NOT NULL,
        version integer NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq integer NOT NULL,
        UNIQUE (territory_id, year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mission_sheets');
  }
}
