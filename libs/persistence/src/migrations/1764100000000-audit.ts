import { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH, eventHash } from '@grants/audit/chain';

/**
 * Audit: a hash chain over each grant's events (existing events are chained in order), daily Merkle
 * digests, the archive of closed workflow histories, and the log of audit reads.
 */
export class Audit1764100000000 implements MigrationInterface {
  name = 'Audit1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grant_events ADD COLUMN prev_hash text, ADD COLUMN hash text`);
    await q.query(`ALTER TABLE grant_events DISABLE TRIGGER grant_events_no_update`);
    const rows: {
      id: number;
      grant_id: string;
      seq: number;
      kind: string;
      type: string;
      actor: unknown;
      payload: unknown;
      occurred_at: Date;
    }[] = await q.query(`SELECT id, grant_id, seq, kind, type, actor, payload, occurred_at FROM grant_events ORDER BY grant_id, seq`);
    let grant = '';
    let previous = GENESIS_HASH;
    for (const row of rows) {
      if (row.grant_id !== grant) {
        grant = row.grant_id;
        previous = GENESIS_HASH;
      }
      const hash = eventHash(previous, {
        grantId: row.grant_id,
        seq: row.seq,
        kind: row.kind,
        type: row.type,
        actor: row.actor,
        payload: row.payload,
        occurredAt: row.occurred_at.toISOString(),
      });
      await q.query(`UPDATE grant_events SET prev_hash = $2, hash = $3 WHERE id = $1`, [row.id, previous, hash]);
      previous = hash;
    }
    await q.query(`ALTER TABLE grant_events ENABLE TRIGGER grant_events_no_update`);
    await q.query(`
      ALTER TABLE grant_events ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
      CREATE INDEX grant_events_recorded ON grant_events (recorded_at, id);

      CREATE TABLE audit_digests (
        day date PRIMARY KEY,
        merkle_root text NOT NULL,
        event_count int NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE workflow_histories (
        workflow_id text NOT NULL,
        run_id text NOT NULL,
        workflow_type text NOT NULL,
        status text NOT NULL,
        start_time timestamptz,
        close_time timestamptz,
        event_count int NOT NULL,
        history_gzip bytea NOT NULL,
        sha256 text NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workflow_id, run_id)
      );
      CREATE INDEX workflow_histories_run ON workflow_histories (run_id);

      CREATE TABLE audit_reads (
        id bigserial PRIMARY KEY,
        account_id text NOT NULL,
        role text NOT NULL,
        grant_id text,
        action text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_reads_grant ON audit_reads (grant_id, at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_reads, workflow_histories, audit_digests;
      DROP INDEX grant_events_recorded;
      ALTER TABLE grant_events DROP COLUMN hash, DROP COLUMN prev_hash;
    `);
  }
}
