import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What replaying a history with some workflow code said, kept so that a history is verified again
 * only when the code (the bundle's hash) or the Temporal SDK changes. One row per run and code: a
 * running workflow's newer, longer history replaces the verdict on its shorter one.
 */
export class ReplayVerdicts1765900000000 implements MigrationInterface {
  name = 'ReplayVerdicts1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE replay_verdicts (
        history_sha256 text NOT NULL,
        bundle_sha256 text NOT NULL,
        sdk_version text NOT NULL,
        workflow_id text NOT NULL,
        run_id text NOT NULL,
        events integer NOT NULL,
        deterministic boolean NOT NULL,
        divergence jsonb,
        verified_at timestamptz NOT NULL DEFAULT now(),
        verified_by text NOT NULL CHECK (verified_by IN ('api', 'cli', 'nightly')),
        requested_by text,
        PRIMARY KEY (history_sha256, bundle_sha256, sdk_version)
      );
      CREATE UNIQUE INDEX replay_verdicts_run ON replay_verdicts (run_id, bundle_sha256, sdk_version);
      CREATE INDEX replay_verdicts_workflow ON replay_verdicts (workflow_id, verified_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE replay_verdicts');
  }
}
