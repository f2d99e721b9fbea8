import { DataSource, EntityManager } from 'typeorm';

/** Who asked for a verification: an auditor through the API, `npm run replay -- --all`, or the nightly schedule. */
export type VerifiedBy = 'api' | 'cli' | 'nightly';

/** A replay's verdict on one history, with the code it was reached with and when. */
export interface StoredReplayVerdict {
  historySha256: string;
  bundleSha256: string;
  sdkVersion: string;
  workflowId: string;
  runId: string;
  events: number;
  deterministic: boolean;
  divergence: { runId?: string; eventId?: number; message: string } | null;
  verifiedAt: string;
  verifiedBy: VerifiedBy;
  requestedBy: string | null;
}

export type VerdictToRecord = Omit<StoredReplayVerdict, 'verifiedAt' | 'bundleSha256' | 'sdkVersion'>;

interface Row {
  history_sha256: string;
  bundle_sha256: string;
  sdk_version: string;
  workflow_id: string;
  run_id: string;
  events: number;
  deterministic: boolean;
  divergence: StoredReplayVerdict['divergence'];
  verified_at: Date;
  verified_by: VerifiedBy;
  requested_by: string | null;
}

const COLUMNS = 'history_sha256, bundle_sha256, sdk_version, workflow_id, run_id, events, deterministic, divergence, verified_at, verified_by, requested_by';

function fromRow(r: Row): StoredReplayVerdict {
  return {
    historySha256: r.history_sha256,
    bundleSha256: r.bundle_sha256,
    sdkVersion: r.sdk_version,
    workflowId: r.workflow_id,
    runId: r.run_id,
    events: r.events,
    deterministic: r.deterministic,
    divergence: r.divergence,
    verifiedAt: r.verified_at.toISOString(),
    verifiedBy: r.verified_by,
    requestedBy: r.requested_by,
  };
}

/**
 * The replay verdicts, keyed by what decides them: the history's bytes, the workflow bundle, the SDK.
 * One verdict per run and code: recording a run's longer history replaces its shorter one's.
 */
export class ReplayVerdictRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The verdicts already reached on these histories with this code, by history hash. */
  async cached(historySha256s: string[], code: { bundleSha256: string; sdkVersion: string }): Promise<Map<string, StoredReplayVerdict>> {
    if (!historySha256s.length) return new Map();
    const rows: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM replay_verdicts WHERE history_sha256 = ANY($1::text[]) AND bundle_sha256 = $2 AND sdk_version = $3`,
      [historySha256s, code.bundleSha256, code.sdkVersion],
    );
    return new Map(rows.map((r) => [r.history_sha256, fromRow(r)]));
  }

  /**
   * Records the verdicts (a verification again of the same history moves its date), and returns one
   * for each, as stored.
   */
  async record(verdicts: VerdictToRecord[], code: { bundleSha256: string; sdkVersion: string }): Promise<StoredReplayVerdict[]> {
    const unique = [...new Map(verdicts.map((v) => [v.historySha256, v])).values()];
    if (!unique.length) return [];
    const write = async (db: DataSource | EntityManager): Promise<Row[]> => {
      await db.query(
        `DELETE FROM replay_verdicts r USING unnest($1::text[], $2::text[]) AS v(run_id, history_sha256)
         WHERE r.run_id = v.run_id AND r.bundle_sha256 = $3 AND r.sdk_version = $4 AND r.history_sha256 <> v.history_sha256`,
        [unique.map((v) => v.runId), unique.map((v) => v.historySha256), code.bundleSha256, code.sdkVersion],
      );
      return db.query(
        `INSERT INTO replay_verdicts (${COLUMNS})
         SELECT v.history_sha256, $7, $8, v.workflow_id, v.run_id, v.events, v.deterministic, v.divergence, now(), v.verified_by, v.requested_by
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::boolean[], $6::jsonb[], $9::text[], $10::text[])
           AS v(history_sha256, workflow_id, run_id, events, deterministic, divergence, verified_by, requested_by)
         ON CONFLICT (history_sha256, bundle_sha256, sdk_version) DO UPDATE SET
           events = EXCLUDED.events, deterministic = EXCLUDED.deterministic, divergence = EXCLUDED.divergence,
           verified_at = EXCLUDED.verified_at, verified_by = EXCLUDED.verified_by, requested_by = EXCLUDED.requested_by
         RETURNING ${COLUMNS}`,
        [
          unique.map((v) => v.historySha256),
          unique.map((v) => v.workflowId),
          unique.map((v) => v.runId),
          unique.map((v) => v.events),
          unique.map((v) => v.deterministic),
          unique.map((v) => (v.divergence ? JSON.stringify(v.divergence) : null)),
          code.bundleSha256,
          code.sdkVersion,
          unique.map((v) => v.verifiedBy),
          unique.map((v) => v.requestedBy),
        ],
      );
    };
    try {
      const rows = this.db instanceof DataSource ? await this.db.transaction((manager) => write(manager)) : await write(this.db);
      return rows.map(fromRow);
    } catch (error) {
      // Another process recorded the same run with another history at the same moment: its verdict
      // stands, and what this replay found is still the answer about this history.
      if ((error as { code?: string }).code !== '23505') throw error;
      const kept = await this.cached(
        unique.map((v) => v.historySha256),
        code,
      );
      const now = new Date().toISOString();
      return unique.map((v) => kept.get(v.historySha256) ?? { ...v, ...code, verifiedAt: now });
    }
  }

  /** A workflow's verdicts, newest first: when each run was last verified, with which code, by whom. */
  async ofWorkflow(workflowId: string, limit = 50): Promise<StoredReplayVerdict[]> {
    const rows: Row[] = await this.db.query(`SELECT ${COLUMNS} FROM replay_verdicts WHERE workflow_id = $1 ORDER BY verified_at DESC, run_id LIMIT $2`, [
      workflowId,
      limit,
    ]);
    return rows.map(fromRow);
  }
}
