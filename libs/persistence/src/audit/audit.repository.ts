import { DataSource, EntityManager } from 'typeorm';

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
  startTime: Date | null;
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
    const rows: { run_id: string; workflow_type: string; status: string; history_gzip: Buffer; start_time: Date | null }[] = await this.db.query(
      'SELECT run_id, workflow_type, status, history_gzip, start_time FROM workflow_histories WHERE workflow_id = $1 ORDER BY start_time',
      [workflowId],
    );
    return rows.map((r) => ({ runId: r.run_id, workflowType: r.workflow_type, status: r.status, historyGzip: r.history_gzip, startTime: r.start_time }));
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
