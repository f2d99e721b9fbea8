import { DataSource, EntityManager } from 'typeorm';
import { GrantEventEntity } from '../entities';

/** An audit read: who looked at which grant, how, and when. */
export interface AuditRead {
  accountId: string;
  role: string;
  grantId: string | null;
  action: string;
  at: string;
}

/** A closed workflow run as the archiver stored it (its history gzip-compressed, payloads still encrypted). */
export interface ArchivedRun {
  runId: string;
  workflowType: string;
  status: string;
  historyGzip: Buffer;
  /** SHA-256 of the stored (uncompressed) bytes. */
  sha256: string;
  startTime: Date | null;
}

/** An archived history as the verification reads it: its key and hash first, its bytes when they must be replayed. */
export interface ArchivedHistoryRef {
  workflowId: string;
  runId: string;
  events: number;
  sha256: string;
}

/** A day's Merkle root as the archiver recorded it. */
export interface RecordedDigest {
  merkleRoot: string;
  events: number;
  computedAt: Date;
}

/** What the audit reads and keeps: the log of audit reads, the archived histories, the recorded daily digests. */
export class AuditRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** A stream's events as the log holds them, in order. */
  events(grantId: string): Promise<GrantEventEntity[]> {
    return this.db.getRepository(GrantEventEntity).find({ where: { grantId }, order: { seq: 'ASC' } });
  }

  async recordRead(read: Omit<AuditRead, 'at'>): Promise<void> {
    await this.db.query('INSERT INTO audit_reads (account_id, role, grant_id, action) VALUES ($1, $2, $3, $4)', [
      read.accountId,
      read.role,
      read.grantId,
      read.action,
    ]);
  }

  /** The audit reads, newest first (of one grant, or all). */
  async reads(grantId: string | undefined, page: number, pageSize: number): Promise<AuditRead[]> {
    const rows: { account_id: string; role: string; grant_id: string | null; action: string; at: Date }[] = await this.db.query(
      `SELECT account_id, role, grant_id, action, at FROM audit_reads
       WHERE ($1::text IS NULL OR grant_id = $1) ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`,
      [grantId ?? null, pageSize, (page - 1) * pageSize],
    );
    return rows.map((r) => ({ accountId: r.account_id, role: r.role, grantId: r.grant_id, action: r.action, at: r.at.toISOString() }));
  }

  /** The archived runs of a workflow, oldest first. */
  async archivedRuns(workflowId: string): Promise<ArchivedRun[]> {
    const rows: { run_id: string; workflow_type: string; status: string; history_gzip: Buffer; sha256: string; start_time: Date | null }[] =
      await this.db.query(
        'SELECT run_id, workflow_type, status, history_gzip, sha256, start_time FROM workflow_histories WHERE workflow_id = $1 ORDER BY start_time',
        [workflowId],
      );
    return rows.map((r) => ({
      runId: r.run_id,
      workflowType: r.workflow_type,
      status: r.status,
      historyGzip: r.history_gzip,
      sha256: r.sha256,
      startTime: r.start_time,
    }));
  }

  /** A page of the archive in key order, after the given key (every archived history, page by page). */
  async archivedPage(after: { workflowId: string; runId: string } | undefined, limit: number): Promise<ArchivedHistoryRef[]> {
    const rows: { workflow_id: string; run_id: string; event_count: number; sha256: string }[] = await this.db.query(
      `SELECT workflow_id, run_id, event_count, sha256 FROM workflow_histories
       WHERE ($1::text IS NULL OR (workflow_id, run_id) > ($1, $2)) ORDER BY workflow_id, run_id LIMIT $3`,
      [after?.workflowId ?? null, after?.runId ?? null, limit],
    );
    return rows.map((r) => ({ workflowId: r.workflow_id, runId: r.run_id, events: r.event_count, sha256: r.sha256 }));
  }

  /** The stored bytes (gzip, payloads encrypted) of these archived runs, by run id. */
  async archivedGzips(runs: { workflowId: string; runId: string }[]): Promise<Map<string, Buffer>> {
    if (!runs.length) return new Map();
    const rows: { run_id: string; history_gzip: Buffer }[] = await this.db.query(
      `SELECT run_id, history_gzip FROM workflow_histories WHERE (workflow_id, run_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [runs.map((r) => r.workflowId), runs.map((r) => r.runId)],
    );
    return new Map(rows.map((r) => [r.run_id, r.history_gzip]));
  }

  /** The digest recorded for a day (YYYY-MM-DD), if any. */
  async recordedDigest(day: string): Promise<RecordedDigest | undefined> {
    const [row]: { merkle_root: string; event_count: number; computed_at: Date }[] = await this.db.query(
      'SELECT merkle_root, event_count, computed_at FROM audit_digests WHERE day = $1',
      [day],
    );
    return row && { merkleRoot: row.merkle_root, events: row.event_count, computedAt: row.computed_at };
  }
}
