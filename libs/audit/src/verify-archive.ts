import { performance } from 'node:perf_hooks';
import { AuditRepository, ReplayVerdictRepository, StoredReplayVerdict, VerdictToRecord, VerifiedBy } from '@grants/persistence/audit';
import type { ReplayVerdict } from './replay';
import type { ReplayPool } from './replay-pool';

/** A replay's verdict on a history (known by its hash) as `replay_verdicts` keeps it. */
export function verdictToRecord(
  run: { sha256: string; workflowId: string; runId: string },
  verdict: ReplayVerdict,
  verifiedBy: VerifiedBy,
  requestedBy: string | null = null,
): VerdictToRecord {
  return {
    historySha256: run.sha256,
    workflowId: run.workflowId,
    runId: run.runId,
    events: verdict.events,
    deterministic: verdict.deterministic,
    divergence: verdict.divergence ?? null,
    verifiedBy,
    requestedBy,
  };
}

export interface ArchiveVerification {
  /** Archived histories looked at. */
  histories: number;
  /** Of which already verified with this code and SDK: not replayed again. */
  cached: number;
  replayed: number;
  /** History events replayed (not counting the cached ones). */
  events: number;
  seconds: number;
  divergent: { workflowId: string; runId: string; eventId?: number; message?: string }[];
}

export interface VerifyArchiveOptions {
  audit: AuditRepository;
  verdicts: ReplayVerdictRepository;
  pool: ReplayPool;
  verifiedBy: VerifiedBy;
  /** Replay even the histories already verified with this code. */
  force?: boolean;
  /** Archived histories read at a time. */
  pageSize?: number;
  /** Histories per request to a replay process. */
  chunkSize?: number;
  /** Called after each chunk (progress bars, activity heartbeats). */
  onProgress?: (progress: ArchiveVerification) => void;
}

/**
 * Verifies every archived history with the pool's code: page by page in key order, the histories
 * whose verdict is already recorded for this code and SDK skipped, the others handed to the replay
 * processes (gzip and encrypted, as stored: each process opens its own) a chunk at a time, two chunks
 * per process in flight, and each chunk's verdicts recorded as they come, so that an interrupted
 * verification goes on where it stopped.
 */
export async function verifyArchive(options: VerifyArchiveOptions): Promise<ArchiveVerification> {
  const { audit, verdicts, pool, verifiedBy, force = false, pageSize = 500, chunkSize = 8, onProgress } = options;
  const started = performance.now();
  const report: ArchiveVerification = { histories: 0, cached: 0, replayed: 0, events: 0, seconds: 0, divergent: [] };
  const inFlight = new Set<Promise<void>>();
  const limit = pool.processes * 2;
  let failure: unknown;
  let after: { workflowId: string; runId: string } | undefined;
  for (;;) {
    const page = await audit.archivedPage(after, pageSize);
    if (!page.length) break;
    after = page[page.length - 1];
    report.histories += page.length;
    const known: Map<string, StoredReplayVerdict> = force
      ? new Map()
      : await verdicts.cached(
          page.map((r) => r.sha256),
          pool.identity,
        );
    const todo = page.filter((r) => !known.has(r.sha256));
    report.cached += page.length - todo.length;
    // A divergence found before is still one: the archive still holds that history.
    for (const r of page) {
      const verdict = known.get(r.sha256);
      if (verdict && !verdict.deterministic) report.divergent.push({ workflowId: r.workflowId, runId: r.runId, ...verdict.divergence });
    }
    for (let i = 0; i < todo.length; i += chunkSize) {
      const chunk = todo.slice(i, i + chunkSize);
      while (inFlight.size >= limit) await Promise.race(inFlight);
      if (failure) throw failure;
      const gzips = await audit.archivedGzips(chunk);
      const work = pool
        .replay(chunk.map((r) => ({ workflowId: r.workflowId, runId: r.runId, historyGzip: gzips.get(r.runId) })))
        .then(async (replayed) => {
          await verdicts.record(
            chunk.map((r, k) => verdictToRecord(r, replayed[k], verifiedBy)),
            pool.identity,
          );
          for (const [k, verdict] of replayed.entries()) {
            report.replayed++;
            report.events += verdict.events;
            if (!verdict.deterministic) report.divergent.push({ workflowId: chunk[k].workflowId, runId: chunk[k].runId, ...verdict.divergence! });
          }
          report.seconds = (performance.now() - started) / 1000;
          onProgress?.(report);
        })
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    }
    if (page.length < pageSize) break;
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
