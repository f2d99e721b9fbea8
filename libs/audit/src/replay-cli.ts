import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { HistoryJson } from './history';
import { WorkflowCode, quietReplayLogs, replayHistories } from './replay';
import { ReplayPool } from './replay-pool';
import { ArchiveVerification, verifyArchive } from './verify-archive';
import { decryptPayloadsInJson } from '@grants/temporal';
import { deployedWorkflowCode } from '@grants/temporal/bundler';
import { KeyRing, parseKeyRing } from '@grants/webhooks/secret-box';
import { AuditRepository, ReplayVerdictRepository } from '@grants/persistence/audit';
import { dataSourceOptions } from '@grants/persistence/data-source';

/**
 * `npm run replay -- <file-or-folder>...`: replays exported histories (from GET /grants/:id/history,
 * or `temporal workflow show --output json`) with the current workflow code, offline. Prints a
 * verdict per file; exits 1 on any divergence, 2 on unreadable input.
 *
 * `npm run replay -- --all [--force] [--processes N]`: verifies every history the archiver kept in
 * PostgreSQL (DATABASE_URL, ENCRYPTION_KEYS), one warm replay process per core, skipping those
 * already verified with this code and SDK, and records the verdicts.
 */
function historyFiles(paths: string[]): string[] {
  return paths.flatMap((path) => {
    const full = resolve(path);
    if (!existsSync(full)) throw new Error(`no such file or folder: ${path}`);
    if (!statSync(full).isDirectory()) return [full];
    return readdirSync(full)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(full, f));
  });
}

/** A file holds one history (`{events}`), or the API's answer (`{workflowId, runs: [{runId, history}]}`). */
function readHistories(file: string, ring: KeyRing | undefined): { workflowId: string; runId?: string; history: HistoryJson }[] {
  const parsed = decryptPayloadsInJson(ring, JSON.parse(readFileSync(file, 'utf8'))) as {
    events?: unknown[];
    runs?: { runId: string; history: HistoryJson }[];
    workflowId?: string;
  };
  const name = basename(file, '.json');
  if (Array.isArray(parsed.events)) return [{ workflowId: name, history: parsed as HistoryJson }];
  if (Array.isArray(parsed.runs)) return parsed.runs.map((run) => ({ workflowId: parsed.workflowId ?? name, runId: run.runId, history: run.history }));
  throw new Error('not a workflow history (expected {"events": [...]} or {"runs": [...]})');
}

function line(report: ArchiveVerification): string {
  const rate = report.seconds > 0 ? Math.round(report.events / report.seconds) : 0;
  return `${report.histories} histories: ${report.cached} already verified with this code, ${report.replayed} replayed (${report.events} events, ${rate} events/s), ${report.divergent.length} divergent, ${report.seconds.toFixed(1)} s`;
}

/** Verifies the whole archive; exit code 1 when a history diverges. */
async function verifyAll(code: WorkflowCode, force: boolean, processes: number): Promise<number> {
  if (!Number.isInteger(processes) || processes < 1) {
    console.error('--processes takes a whole number of processes, at least 1');
    return 2;
  }
  if (!process.env.DATABASE_URL) {
    console.error('replay --all: DATABASE_URL is required (npm run replay sets it for the stack of npm start)');
    return 2;
  }
  const stackTraceLimit = process.env.REPLAY_STACK_TRACE_LIMIT ? Number(process.env.REPLAY_STACK_TRACE_LIMIT) : undefined;
  const pool = await ReplayPool.load(code, { processes, stackTraceLimit });
  const dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL, 2)).initialize();
  try {
    console.log(
      `verifying the archive with bundle ${pool.identity.bundleSha256.slice(0, 12)}…, SDK ${pool.identity.sdkVersion}, ${processes} replay process(es)`,
    );
    let shown = 0;
    const report = await verifyArchive({
      audit: new AuditRepository(dataSource),
      verdicts: new ReplayVerdictRepository(dataSource),
      pool,
      verifiedBy: 'cli',
      force,
      onProgress: (progress) => {
        if (progress.seconds - shown < 5) return;
        shown = progress.seconds;
        console.log(`… ${line(progress)}`);
      },
    });
    for (const d of report.divergent) console.log(`NO ${d.workflowId} (run ${d.runId}): diverges at event ${d.eventId ?? '?'}: ${d.message}`);
    console.log(line(report));
    return report.divergent.length ? 1 : 0;
  } finally {
    await pool.close();
    await dataSource.destroy();
  }
}

const USAGE = 'usage: npm run replay -- <history.json | folder>... | --all [--force] [--processes N]  [--workflows <path to workflows index>]';

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { all: { type: 'boolean' }, force: { type: 'boolean' }, processes: { type: 'string' }, workflows: { type: 'string' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  const code: WorkflowCode = values.workflows ? { workflowsPath: resolve(values.workflows) } : deployedWorkflowCode();
  // (No Temporal runtime in this process for --all: one that never ran a worker would keep it alive.)
  if (values.all) return verifyAll(code, values.force ?? false, values.processes === undefined ? availableParallelism() : Number(values.processes));
  quietReplayLogs();
  if (!positionals.length) {
    console.error(USAGE);
    return 2;
  }
  let files: string[];
  try {
    files = historyFiles(positionals);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  // Histories from the API come decrypted; those from `temporal workflow show` hold encrypted payloads, opened with ENCRYPTION_KEYS.
  const ring = process.env.ENCRYPTION_KEYS ? parseKeyRing(process.env.ENCRYPTION_KEYS) : undefined;
  if (typeof ring === 'string') {
    console.error(`ENCRYPTION_KEYS: ${ring}`);
    return 2;
  }
  let diverged = 0;
  let unreadable = 0;
  for (const file of files) {
    let items;
    try {
      items = readHistories(file, ring);
    } catch (error) {
      console.log(`?  ${file}: ${(error as Error).message}`);
      unreadable++;
      continue;
    }
    for (const verdict of await replayHistories(code, items)) {
      const label = `${file}${verdict.runId ? ` (run ${verdict.runId})` : ''}`;
      if (verdict.deterministic) {
        console.log(`ok ${label}: ${verdict.events} events replay deterministically`);
      } else {
        diverged++;
        console.log(`NO ${label}: diverges at event ${verdict.divergence?.eventId ?? '?'}: ${verdict.divergence?.message}`);
      }
    }
  }
  console.log(`${files.length} file(s): ${diverged} divergent, ${unreadable} unreadable`);
  return diverged ? 1 : unreadable ? 2 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
