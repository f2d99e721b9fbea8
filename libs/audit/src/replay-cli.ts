import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { HistoryJson } from './history';
import { WorkflowCode, quietReplayLogs, replayHistories } from './replay';
import { decryptPayloadsInJson } from '@grants/temporal';
import { KeyRing, parseKeyRing } from '@grants/webhooks/secret-box';

/**
 * `npm run replay -- <file-or-folder>...`: replays exported histories (from GET /grants/:id/history,
 * or `temporal workflow show --output json`) with the current workflow code, offline. Prints a
 * verdict per file; exits 1 on any divergence, 2 on unreadable input.
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

export async function main(argv: string[]): Promise<number> {
  quietReplayLogs();
  const workflowsFlag = argv.indexOf('--workflows');
  const code: WorkflowCode =
    workflowsFlag >= 0
      ? { workflowsPath: resolve(argv.splice(workflowsFlag, 2)[1]) }
      : existsSync(resolve(__dirname, '../../../workflow-bundle.js'))
        ? { workflowBundle: { codePath: resolve(__dirname, '../../../workflow-bundle.js') } }
        : { workflowsPath: require.resolve('../../../workflows') };
  if (!argv.length) {
    console.error('usage: npm run replay -- <history.json | folder>... [--workflows <path to workflows index>]');
    return 2;
  }
  let files: string[];
  try {
    files = historyFiles(argv);
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
