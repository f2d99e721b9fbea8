import { MigrationInterface, QueryRunner } from 'typeorm';

/** Incubation: the cohorts read model (one row per territory and year). Incubated projects are grants rows. */
export class Incubation1764500000000 implements MigrationInterface {
  name = 'Incubation1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incubation_cohorts (
        id text PRIMARY KEY,
        territory_id text NOT NULL REFERENCES territories(id),
        year int NOT NULL,
        capacity int NOT NULL CHECK (capacity > 0),
        status text NOT NULL CHECK (status IN ('open', 'closed')),
        nomination_deadline timestamptz NOT NULL,
        nominations int NOT NULL,
        selected int NOT NULL CHECK (selected <= capacity),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq int NOT NULL,
        UNIQUE (territory_id, year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE incubation_cohorts');
  }
}
