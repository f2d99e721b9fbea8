import { Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DataSource } from 'typeorm';
import { availableParallelism } from 'node:os';
import { HistoryJson, WorkflowCode, compressHistory, merkleRoot } from '@grants/audit';
import { appendAnchor, readAnchors } from '@grants/audit/anchor';
import { ReplayPool } from '@grants/audit/replay-pool';
import { verifyArchive } from '@grants/audit/verify-archive';
import { AuditRepository, ReplayVerdictRepository, dayEventHashes } from '@grants/persistence';

export interface AuditDeps {
  dataSource: DataSource;
  client: Client;
  /** The append-only file where each day's Merkle root is also written (AUDIT_ANCHOR_FILE). */
  auditAnchorFile: string;
  /** The most histories one pass archives (ARCHIVE_PASS_LIMIT); the next pass goes on from there. */
  archivePassLimit?: number;
  /** Closed runs are listed again from this long before the checkpoint (visibility may lag). */
  archiveOverlapMs?: number;
  /** The workflow code the nightly verification replays the archive with: the worker's own. */
  workflowCode?: WorkflowCode;
  /** Replay processes of the nightly verification (one per core by default) and their --stack-trace-limit. */
  replayProcesses?: number;
  replayStackTraceLimit?: number;
}

/** What a nightly verification found (the first divergent histories, if any: all are in replay_verdicts). */
export interface HistoryVerificationSummary {
  bundleSha256: string;
  sdkVersion: string;
  histories: number;
  cached: number;
  replayed: number;
  events: number;
  seconds: number;
  divergentCount: number;
  divergent: { workflowId: string; runId: string; eventId?: number }[];
}

export const ARCHIVER_WORKFLOW_TYPE = 'auditArchiverWorkflow';

interface ClosedRun {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  startTime: Date;
  closeTime: Date;
}

export function createAuditActivities({
  dataSource,
  client,
  auditAnchorFile,
  archivePassLimit = 10_000,
  archiveOverlapMs = 3_600_000,
  workflowCode,
  replayProcesses = availableParallelism(),
  replayStackTraceLimit,
}: AuditDeps) {
  const namespace = client.options.namespace;
  return {
    /**
     * Stores in PostgreSQL, gzip-compressed, the complete history of every closed workflow run not
     * archived yet (each run of a continue-as-new chain is its own closed run), oldest first, at most
     * `archivePassLimit` a pass; the checkpoint moves only past what is archived, so nothing older is
     * ever left behind, whatever the order Temporal lists them in or the size of a backlog. Idempotent,
     * and it never deletes anything, here or in Temporal.
     */
    async archiveClosedWorkflows(): Promise<{ archived: number; alreadyArchived: number; remaining: number }> {
      const [checkpoint]: { complete_before: Date }[] = await dataSource.query('SELECT complete_before FROM archiver_checkpoints WHERE namespace = $1', [
        namespace,
      ]);
      let query = `ExecutionStatus != 'Running' AND WorkflowType != '${ARCHIVER_WORKFLOW_TYPE}'`;
      if (checkpoint) query += ` AND CloseTime >= '${new Date(checkpoint.complete_before.getTime() - archiveOverlapMs).toISOString()}'`;
      const closed: ClosedRun[] = [];
      for await (const info of client.workflow.list({ query })) {
        if (!info.closeTime) continue;
        closed.push({
          workflowId: info.workflowId,
          runId: info.runId,
          type: info.type,
          status: info.status.name,
          startTime: info.startTime,
          closeTime: info.closeTime,
        });
        if (closed.length % 1000 === 0) Context.current().heartbeat({ listed: closed.length });
      }
      closed.sort((a, b) => a.closeTime.getTime() - b.closeTime.getTime() || a.workflowId.localeCompare(b.workflowId) || a.runId.localeCompare(b.runId));
      const archivedAlready = new Set<string>();
      for (let i = 0; i < closed.length; i += 1000) {
        const chunk = closed.slice(i, i + 1000);
        const rows: { workflow_id: string; run_id: string }[] = await dataSource.query(
          'SELECT workflow_id, run_id FROM workflow_histories WHERE (workflow_id, run_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
          [chunk.map((c) => c.workflowId), chunk.map((c) => c.runId)],
        );
        for (const row of rows) archivedAlready.add(`${row.workflow_id}\n${row.run_id}`);
      }
      const todo = closed.filter((c) => !archivedAlready.has(`${c.workflowId}\n${c.runId}`));
      const pass = todo.slice(0, archivePassLimit);
      let archived = 0;
      for (const run of pass) {
        Context.current().heartbeat({ archived });
        const history = JSON.parse(historyToJSON(await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory())) as HistoryJson;
        const { gzip, sha256 } = compressHistory(history);
        await dataSource.query(
          `INSERT INTO workflow_histories (workflow_id, run_id, workflow_type, status, start_time, close_time, event_count, history_gzip, sha256)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workflow_id, run_id) DO NOTHING`,
          [run.workflowId, run.runId, run.type, run.status, run.startTime, run.closeTime, history.events.length, gzip, sha256],
        );
        archived++;
      }
      // Every run that closed before the oldest one still to archive is archived now: the next pass starts there.
      const next = todo[pass.length]?.closeTime ?? closed.at(-1)?.closeTime;
      if (next) {
        await dataSource.query(
          `INSERT INTO archiver_checkpoints (namespace, complete_before) VALUES ($1, $2)
           ON CONFLICT (namespace) DO UPDATE SET complete_before = greatest(archiver_checkpoints.complete_before, EXCLUDED.complete_before), updated_at = now()`,
          [namespace, next],
        );
      }
      return { archived, alreadyArchived: closed.length - todo.length, remaining: todo.length - pass.length };
    },

    /**
     * Verifies every archived history with the worker's workflow code (warm replay processes, one per
     * core), skipping those already verified with it, and records the verdicts: idempotent, and a
     * retry goes on where the attempt stopped.
     */
    async verifyArchivedHistories(): Promise<HistoryVerificationSummary> {
      if (!workflowCode) throw new Error('verifyArchivedHistories: no workflow code given to the activities');
      const pool = await ReplayPool.load(workflowCode, { processes: replayProcesses, stackTraceLimit: replayStackTraceLimit });
      try {
        Context.current().heartbeat({ replayed: 0 });
        const report = await verifyArchive({
          audit: new AuditRepository(dataSource),
          verdicts: new ReplayVerdictRepository(dataSource),
          pool,
          verifiedBy: 'nightly',
          onProgress: (progress) => Context.current().heartbeat({ replayed: progress.replayed }),
        });
        return {
          ...pool.identity,
          histories: report.histories,
          cached: report.cached,
          replayed: report.replayed,
          events: report.events,
          seconds: Math.round(report.seconds * 10) / 10,
          divergentCount: report.divergent.length,
          divergent: report.divergent.slice(0, 20).map(({ workflowId, runId, eventId }) => ({ workflowId, runId, eventId })),
        };
      } finally {
        await pool.close();
      }
    },

    /** Records the Merkle root of each finished day's events (UTC days) that has none yet. */
    async recordDailyDigests(): Promise<{ days: string[] }> {
      const days: { day: string }[] = await dataSource.query(
        `SELECT DISTINCT to_char((recorded_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day FROM grant_events
         WHERE (recorded_at AT TIME ZONE 'UTC')::date < (now() AT TIME ZONE 'UTC')::date
           AND (recorded_at AT TIME ZONE 'UTC')::date NOT IN (SELECT day FROM audit_digests)
         ORDER BY day`,
      );
      const anchored = readAnchors(auditAnchorFile);
      const anchor = (a: { day: string; merkleRoot: string; events: number }) => {
        if (anchored.has(a.day)) return;
        appendAnchor(auditAnchorFile, a);
        anchored.set(a.day, { ...a, at: '' });
      };
      for (const { day } of days) {
        const hashes = await dayEventHashes(dataSource, day);
        const root = merkleRoot(hashes);
        // Outside the database first: a crash in between anchors nothing twice (the file keeps a day's first line).
        anchor({ day, merkleRoot: root, events: hashes.length });
        await dataSource.query(`INSERT INTO audit_digests (day, merkle_root, event_count) VALUES ($1, $2, $3) ON CONFLICT (day) DO NOTHING`, [
          day,
          root,
          hashes.length,
        ]);
      }
      // Days recorded before the file existed (or on a lost disk) are anchored from what the database recorded.
      const recorded: { day: string; merkle_root: string; event_count: number }[] = await dataSource.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, merkle_root, event_count FROM audit_digests ORDER BY day`,
      );
      for (const row of recorded) anchor({ day: row.day, merkleRoot: row.merkle_root, events: row.event_count });
      return { days: days.map((d) => d.day) };
    },
  };
}
