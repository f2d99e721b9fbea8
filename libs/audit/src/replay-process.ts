import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { decryptPayloadsInJson } from '@grants/temporal';
import { KeyRing, parseKeyRing } from '@grants/webhooks/secret-box';
import { HistoryJson, decompressHistory } from './history';
import { ReplayVerdict, quietReplayLogs, verdictOf } from './replay';
import { WarmReplayer } from './warm-replayer';

/**
 * A replay process of a ReplayPool (forked, IPC with structured clone). It receives the workflow
 * bundle once, keeps one warm replayer, and answers each request with the verdicts of its histories
 * in order. Replays run the workflow code in this process's main thread and the SDK installs a
 * process-wide promise hook for its stack traces: neither weighs on the process that asked.
 */

/** A history to replay: decrypted JSON, or as the archive stores it (gzip, payloads encrypted with ENCRYPTION_KEYS). */
export interface ReplayItem {
  workflowId: string;
  runId?: string;
  history?: HistoryJson;
  historyGzip?: Uint8Array;
}

export type ToReplayProcess = { type: 'code'; code: string } | { type: 'replay'; id: number; items: ReplayItem[] };
export type FromReplayProcess =
  { type: 'ready' } | { type: 'verdicts'; id: number; verdicts: ReplayVerdict[] } | { type: 'failed'; id: number; message: string };

function keyRing(): KeyRing | undefined {
  if (!process.env.ENCRYPTION_KEYS) return undefined;
  const ring = parseKeyRing(process.env.ENCRYPTION_KEYS);
  if (typeof ring === 'string') throw new Error(`ENCRYPTION_KEYS: ${ring}`);
  return ring;
}

function historyOf(item: ReplayItem, ring: KeyRing | undefined): HistoryJson {
  if (item.history) return item.history;
  if (!item.historyGzip) throw new Error(`no history given for ${item.workflowId}`);
  return decryptPayloadsInJson(ring, decompressHistory(Buffer.from(item.historyGzip)));
}

function serve(): void {
  quietReplayLogs();
  const ring = keyRing();
  let code: string | undefined;
  let replayer: WarmReplayer | undefined;
  const send = (message: FromReplayProcess) => process.send!(message);

  async function answer(id: number, items: ReplayItem[]): Promise<void> {
    try {
      if (!code || !replayer) throw new Error('no workflow code received');
      const histories = items.map((item) => ({ ...item, history: historyOf(item, ring) }));
      const errors = await Promise.all(histories.map((item) => replayer!.replay(item.workflowId, historyFromJSON(item.history))));
      const verdicts: ReplayVerdict[] = [];
      for (const [i, item] of histories.entries()) verdicts.push(await verdictOf({ workflowBundle: { code } }, item, errors[i]));
      send({ type: 'verdicts', id, verdicts });
    } catch (error) {
      send({ type: 'failed', id, message: (error as Error).message });
    }
  }

  process.on('message', (message: ToReplayProcess) => {
    if (message.type === 'code') {
      code = message.code;
      replayer = new WarmReplayer({ workflowBundle: { code }, replayName: 'audit-replay' });
      send({ type: 'ready' });
    } else if (message.type === 'replay') {
      void answer(message.id, message.items);
    }
  });
  // The pool going away ends this process.
  process.on('disconnect', () => {
    void replayer?.close().finally(() => process.exit(0));
  });
}

if (require.main === module) serve();
