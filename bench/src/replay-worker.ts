import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HistoryJson, quietReplayLogs, replayHistories } from '@grants/audit';

/**
 * One replay process of the benchmark: its share (every `share.count`-th copy from `share.index`)
 * of `copies` copies of the recorded histories, replayed with the prebuilt bundle once the parent
 * says go (the bundle is loaded and warmed up before, as in a long-running replayer).
 */
const ROOT = resolve(__dirname, '../../..');
const [index, count, copies] = ['REPLAY_SHARE_INDEX', 'REPLAY_SHARE_COUNT', 'REPLAY_COPIES'].map((name) => Number(process.env[name]));

async function main(): Promise<void> {
  quietReplayLogs();
  const dir = join(ROOT, 'test/replay/histories');
  const recorded = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ workflowId: f, history: JSON.parse(readFileSync(join(dir, f), 'utf8')) as HistoryJson }));
  const items = Array.from({ length: copies }, (_, k) => recorded.map((r) => ({ ...r, workflowId: `${r.workflowId}#${k}` })))
    .flat()
    .filter((_, i) => i % count === index);
  const code = { workflowBundle: { codePath: join(ROOT, 'dist/workflow-bundle.js') } };
  await replayHistories(code, recorded); // warm-up: the bundle loaded, the code compiled
  await new Promise<void>((go) => {
    process.once('message', () => go());
    process.send!('ready');
  });
  const verdicts = await replayHistories(code, items);
  const diverged = verdicts.filter((v) => !v.deterministic).map((v) => v.workflowId);
  const events = items.reduce((sum, item) => sum + item.history.events.length, 0);
  process.send!({ histories: items.length, events, diverged }, undefined, {}, () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
