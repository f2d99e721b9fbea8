import { gunzipSync, gzipSync } from 'node:zlib';
import { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { sha256Hex } from './chain';

/** A history in the JSON form `temporal workflow show --output json` writes: `{ "events": [...] }`. */
export interface HistoryJson {
  events: HistoryEventJson[];
}

export interface HistoryEventJson {
  eventId: string;
  eventTime: string;
  eventType: string;
  [attributes: string]: unknown;
}

export interface RunHistory {
  workflowId: string;
  runId: string;
  workflowType: string;
  status: string;
  source: 'live' | 'archive';
  history: HistoryJson;
  /** For an archived run, the hash of its stored bytes (historySha256 of it since the archive stores canonical JSON). */
  sha256?: string;
}

/** Every run of a workflow id still held by Temporal (all runs of a continue-as-new chain), oldest first. */
export async function liveRunHistories(client: Client, workflowId: string): Promise<RunHistory[]> {
  const runs: { runId: string; type: string; status: string; startTime: Date }[] = [];
  const escaped = workflowId.replace(/'/g, "\\'");
  for await (const info of client.workflow.list({ query: `WorkflowId = '${escaped}'` })) {
    runs.push({ runId: info.runId, type: info.type, status: info.status.name, startTime: info.startTime });
  }
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  const histories: RunHistory[] = [];
  for (const run of runs) {
    try {
      const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
      histories.push({
        workflowId,
        runId: run.runId,
        workflowType: run.type,
        status: run.status,
        source: 'live',
        history: JSON.parse(historyToJSON(history)) as HistoryJson,
      });
    } catch (error) {
      // Listed by visibility but already deleted: the archive answers for it.
      if ((error as Error).name !== 'WorkflowNotFoundError' && !/not found/i.test((error as Error).message)) throw error;
    }
  }
  return histories;
}

/** JSON with every object's keys in order: a history's payload metadata is a protobuf map, which Temporal sends in any order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The hash of a history's content, the same however Temporal ordered its maps: what a replay verdict is kept under. */
export function historySha256(history: HistoryJson): string {
  return sha256Hex(canonicalJson(history));
}

/** The archive's form of a history: its canonical JSON, gzip-compressed, and that JSON's hash (historySha256). */
export function compressHistory(history: HistoryJson): { gzip: Buffer; sha256: string } {
  const text = canonicalJson(history);
  return { gzip: gzipSync(text), sha256: sha256Hex(text) };
}

export function decompressHistory(gzip: Buffer): HistoryJson {
  return JSON.parse(gunzipSync(gzip).toString('utf8')) as HistoryJson;
}

/** Decodes a JSON payload as the history stores it (base64 metadata and data). */
export function decodePayload(payload: unknown): unknown {
  const p = payload as { metadata?: Record<string, string>; data?: string } | undefined;
  if (!p?.data) return undefined;
  const encoding = p.metadata?.encoding ? Buffer.from(p.metadata.encoding, 'base64').toString('utf8') : 'json/plain';
  const text = Buffer.from(p.data, 'base64').toString('utf8');
  if (encoding === 'json/plain') return JSON.parse(text);
  if (encoding === 'binary/null') return null;
  return text;
}

export function decodePayloads(payloads: unknown): unknown[] {
  const list = (payloads as { payloads?: unknown[] } | undefined)?.payloads ?? [];
  return list.map(decodePayload);
}

export function workflowTypeOf(history: HistoryJson): string | undefined {
  const started = history.events[0]?.workflowExecutionStartedEventAttributes as { workflowType?: { name?: string } } | undefined;
  return started?.workflowType?.name;
}
