import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Neighbourhood task forces: one row per task force, its state as its events made it (`state`, folded
 * with evolveTaskForce) and the columns lists filter on. Rebuilt from grant_events like every read model.
 */
export class TaskForces1765300000000 implements MigrationInterface {
  name = 'TaskForces1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_forces (
        id text PRIMARY KEY,
        territory_id text NOT NULL,
        qpv text NOT NULL,
        title text NOT NULL,
        status text NOT NULL,
        pilot_id text NOT NULL,
        organisation_ids text[] NOT NULL DEFAULT '{}',
        accepted integer NOT NULL,
        seated integer NOT NULL,
        ends_at timestamptz,
        next_step jsonb,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq integer NOT NULL
      );
      CREATE INDEX task_forces_territory ON task_forces (territory_id, created_at DESC);
      CREATE INDEX task_forces_organisations ON task_forces USING gin (organisation_ids);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE task_forces');
  }
}
