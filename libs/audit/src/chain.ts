import { createHash } from 'node:crypto';

/** What of a stored event the hash covers: everything but its storage id and recording time. */
export interface ChainedEventContent {
  grantId: string;
  seq: number;
  kind: string;
  type: string;
  actor: unknown;
  payload: unknown;
  occurredAt: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of an event: SHA-256 of the previous event's hash and the event's canonical content. */
export function eventHash(previousHash: string, event: ChainedEventContent): string {
  const content = canonicalJson({
    grantId: event.grantId,
    seq: event.seq,
    kind: event.kind,
    type: event.type,
    actor: event.actor,
    payload: event.payload,
    occurredAt: event.occurredAt,
  });
  return sha256Hex(`${previousHash}\n${content}`);
}

export interface StoredChainedEvent extends ChainedEventContent {
  hash: string;
  prevHash: string;
}

export interface ChainVerdict {
  valid: boolean;
  events: number;
  /** The sequence number of the first event whose content, link or position does not hold. */
  brokenAt?: number;
  reason?: string;
}

/** Recomputes a grant's chain from its first event; `expectedLastSeq` catches events cut off the end. */
export function verifyChain(events: readonly StoredChainedEvent[], expectedLastSeq?: number): ChainVerdict {
  let previous = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const fail = (reason: string): ChainVerdict => ({ valid: false, events: events.length, brokenAt: event.seq, reason });
    if (event.seq !== i + 1) return { valid: false, events: events.length, brokenAt: i + 1, reason: `event #${i + 1} is missing` };
    if (event.prevHash !== previous) return fail(`event #${event.seq} does not link to the event before it`);
    if (eventHash(previous, event) !== event.hash) return fail(`event #${event.seq} was altered after it was recorded`);
    previous = event.hash;
  }
  if (expectedLastSeq !== undefined && expectedLastSeq > events.length) {
    return { valid: false, events: events.length, brokenAt: events.length + 1, reason: `event #${events.length + 1} is missing` };
  }
  return { valid: true, events: events.length };
}

/** Merkle root (SHA-256, the last node paired with itself on odd levels) of a day's event hashes. */
export function merkleRoot(hashes: readonly string[]): string {
  if (!hashes.length) return sha256Hex('');
  let level = [...hashes];
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(sha256Hex(level[i] + (level[i + 1] ?? level[i])));
    level = next;
  }
  return level[0];
}
