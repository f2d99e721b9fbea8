import { EntityManager } from 'typeorm';
import { GENESIS_HASH, StoredChainedEvent, eventHash } from '@grants/audit/chain';

interface EventRow {
  grant_id: string;
  seq: number;
  kind: string;
  type: string;
  actor: StoredChainedEvent['actor'];
  payload: StoredChainedEvent['payload'];
  occurred_at: Date;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'grant_id, seq, kind, type, actor, payload, occurred_at, prev_hash, hash';

function toChained(row: EventRow): StoredChainedEvent {
  return {
    grantId: row.grant_id,
    seq: row.seq,
    kind: row.kind,
    type: row.type,
    actor: row.actor,
    payload: row.payload,
    occurredAt: row.occurred_at.toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** A grant's stored events, in order, as the hash chain covers them. */
export async function loadChainedEvents(em: Pick<EntityManager, 'query'>, grantId: string): Promise<StoredChainedEvent[]> {
  const rows: EventRow[] = await em.query(`SELECT ${COLUMNS} FROM grant_events WHERE grant_id = $1 ORDER BY seq`, [grantId]);
  return rows.map(toChained);
}

/**
 * The hashes of a UTC day's events, in the order they were recorded, recomputed from their content:
 * an event altered after the fact changes the day's Merkle root.
 */
export async function dayEventHashes(em: Pick<EntityManager, 'query'>, day: string): Promise<string[]> {
  const rows: EventRow[] = await em.query(`SELECT ${COLUMNS} FROM grant_events WHERE recorded_at >= $1::date AND recorded_at < $1::date + 1 ORDER BY id`, [
    day,
  ]);
  return rows.map(toChained).map((event) => eventHash(event.prevHash, event));
}

/** The event an idempotency key appended, if any (what a retried step answers again). */
export async function eventByKey(
  em: Pick<EntityManager, 'query'>,
  idempotencyKey: string,
): Promise<{ type: string; payload: unknown; occurredAt: string } | null> {
  const rows: { type: string; payload: unknown; occurred_at: Date }[] = await em.query(
    'SELECT type, payload, occurred_at FROM grant_events WHERE idempotency_key = $1',
    [idempotencyKey],
  );
  return rows.length ? { type: rows[0].type, payload: rows[0].payload, occurredAt: rows[0].occurred_at.toISOString() } : null;
}

/** What is appended to a stream: its id and kind, the event, who caused it and when. */
export interface EventToAppend {
  grantId: string;
  kind: string;
  type: string;
  actor: unknown;
  payload: unknown;
  occurredAt: string;
}

/**
 * Appends an event to its stream with the next sequence number, chained to the previous event's hash.
 * The stream is locked for the transaction; the same idempotency key again appends nothing and answers
 * the first append's sequence number.
 */
export async function appendChainedEvent(
  em: Pick<EntityManager, 'query'>,
  draft: EventToAppend,
  idempotencyKey: string,
): Promise<{ seq: number; duplicate: boolean }> {
  await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [draft.grantId]);
  const existing: { seq: number }[] = await em.query('SELECT seq FROM grant_events WHERE idempotency_key = $1', [idempotencyKey]);
  if (existing.length) return { seq: existing[0].seq, duplicate: true };
  const last: { seq: number; hash: string }[] = await em.query('SELECT seq, hash FROM grant_events WHERE grant_id = $1 ORDER BY seq DESC LIMIT 1', [
    draft.grantId,
  ]);
  const next = (last[0]?.seq ?? 0) + 1;
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const occurredAt = new Date(draft.occurredAt).toISOString();
  // Through JSON, as PostgreSQL stores it: the hash covers exactly what is stored.
  const actor = JSON.parse(JSON.stringify(draft.actor));
  const payload = JSON.parse(JSON.stringify(draft.payload));
  const hash = eventHash(prevHash, { grantId: draft.grantId, seq: next, kind: draft.kind, type: draft.type, actor, payload, occurredAt });
  await em.query(
    `INSERT INTO grant_events (grant_id, seq, kind, type, actor, payload, occurred_at, idempotency_key, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [draft.grantId, next, draft.kind, draft.type, actor, payload, occurredAt, idempotencyKey, prevHash, hash],
  );
  return { seq: next, duplicate: false };
}
