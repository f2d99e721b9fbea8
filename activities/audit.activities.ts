import { Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DataSource } from 'typeorm';
import { HistoryJson, compressHistory, merkleRoot } from '../libs/audit/src';
import { appendAnchor, readAnchors } from '../libs/audit/src/anchor';
import { dayEventHashes } from '../libs/persistence/src';

export interface AuditDeps {
  dataSource: DataSource;
  client: Client;
  /** The append-only file where each day's Merkle root is also written (AUDIT_ANCHOR_FILE). */
  auditAnchorFile: string;
}

export const ARCHIVER_WORKFLOW_TYPE = 'auditArchiverWorkflow';

/** Closed workflows are listed again from this long before the newest archived close time. */
const OVERLAP_MS = 3_600_000;

export function createAuditActivities({ dataSource, client, auditAnchorFile }: AuditDeps) {
  return {
    /**
     * Stores in PostgreSQL, gzip-compressed, the complete history of every closed workflow run not
     * archived yet (each run of a continue-as-new chain is its own closed run). Idempotent, and it
     * never deletes anything, here or in Temporal.
     */
    async archiveClosedWorkflows(): Promise<{ archived: number; alreadyArchived: number }> {
      const [{ watermark }]: { watermark: Date | null }[] = await dataSource.query(
        'SELECT max(close_time) AS watermark FROM workflow_histories',
      );
      let query = `ExecutionStatus != 'Running' AND WorkflowType != '${ARCHIVER_WORKFLOW_TYPE}'`;
      if (watermark) query += ` AND CloseTime >= '${new Date(watermark.getTime() - OVERLAP_MS).toISOString()}'`;
      let archived = 0;
      let alreadyArchived = 0;
      for await (const info of client.workflow.list({ query })) {
        Context.current().heartbeat({ archived, alreadyArchived });
        const exists: unknown[] = await dataSource.query('SELECT 1 FROM workflow_histories WHERE workflow_id = $1 AND run_id = $2', [
          info.workflowId,
          info.runId,
        ]);
        if (exists.length) {
          alreadyArchived++;
          continue;
        }
        const history = JSON.parse(historyToJSON(await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory())) as HistoryJson;
        const { gzip, sha256 } = compressHistory(history);
        await dataSource.query(
          `INSERT INTO workflow_histories (workflow_id, run_id, workflow_type, status, start_time, close_time, event_count, history_gzip, sha256)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workflow_id, run_id) DO NOTHING`,
          [info.workflowId, info.runId, info.type, info.status.name, info.startTime, info.closeTime ?? null, history.events.length, gzip, sha256],
        );
        archived++;
      }
      return { archived, alreadyArchived };
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
