import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { decryptPayloadsInJson } from '@grants/temporal';
import { parseKeyRing } from '@grants/webhooks/secret-box';

export const HISTORIES_DIR = join(__dirname, '../replay/histories');

/**
 * With RECORD_HISTORIES=1 (`npm run record-histories`), keeps the history of a real run as a replay
 * fixture: test/replay/ replays every fixture with the current code at each `npm test`. Fixtures are
 * only ever added to (`npm test` checks it): one already recorded is kept as it is, and a new shape
 * of it goes beside it under a tag (RECORD_HISTORIES=v2 writes `<name>-v2.json`).
 */
export async function recordHistory(client: Client, workflowId: string, name: string, runId?: string): Promise<void> {
  const tag = process.env.RECORD_HISTORIES;
  if (!tag) return;
  let file = join(HISTORIES_DIR, `${name}.json`);
  if (existsSync(file)) {
    file = join(HISTORIES_DIR, `${name}-${tag}.json`);
    if (tag === '1' || existsSync(file)) return;
  }
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // Fixtures are kept in clear (the suites' keys are thrown away after each run).
  const ring = process.env.ENCRYPTION_KEYS ? parseKeyRing(process.env.ENCRYPTION_KEYS) : undefined;
  if (typeof ring === 'string') throw new Error(`ENCRYPTION_KEYS: ${ring}`);
  const clear = decryptPayloadsInJson(ring, JSON.parse(historyToJSON(history)));
  writeFileSync(file, `${JSON.stringify(clear, null, 1)}\n`);
}
