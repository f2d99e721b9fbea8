import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The archiver's checkpoint per namespace: every run that closed before `complete_before` is archived.
 * Passes take closed runs oldest first and advance it only past what they archived, so a pass cut
 * short, or a backlog larger than one pass, never leaves an older run behind.
 */
export class ArchiverCheckpoints1765200000000 implements MigrationInterface {
  name = 'ArchiverCheckpoints1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE archiver_checkpoints (
        namespace text PRIMARY KEY,
        complete_before timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE archiver_checkpoints');
  }
}
