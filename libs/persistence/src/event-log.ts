import { EntityManager } from 'typeorm';
import { StoredChainedEvent, eventHash } from '../../audit/src/chain';

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
  const rows: EventRow[] = await em.query(
    `SELECT ${COLUMNS} FROM grant_events WHERE recorded_at >= $1::date AND recorded_at < $1::date + 1 ORDER BY id`,
    [day],
  );
  return rows.map(toChained).map((event) => eventHash(event.prevHash, event));
}
