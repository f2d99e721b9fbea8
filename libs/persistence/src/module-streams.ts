import { EntityManager } from 'typeorm';
import { appendChainedEvent } from './event-log';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * A path written as one module (libs/domain/src/<path>/): its stream kind, its read-model table (the
 * state as JSON beside the columns lists filter on), and how an event changes the state. Appending,
 * projecting and rebuilding are the same for every such path.
 */
export interface ModuleStream<S extends { id: string; lastSeq: number }, E extends { grantId: string; occurredAt: string }> {
  kind: string;
  table: string;
  evolve(state: S | null, event: E, seq: number): S;
  /** The table's columns besides `id` and `state`; objects (not arrays) are stored as jsonb. */
  columns(state: S): Record<string, unknown>;
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not an SQL identifier: ${name}`);
  return name;
};

export async function loadModuleState<S extends { id: string; lastSeq: number }>(db: Queryable, stream: ModuleStream<S, never>, id: string): Promise<S | null> {
  const rows: { state: S }[] = await db.query(`SELECT state FROM ${ident(stream.table)} WHERE id = $1`, [id]);
  return rows[0]?.state ?? null;
}

async function save<S extends { id: string; lastSeq: number }>(db: Queryable, stream: ModuleStream<S, never>, state: S): Promise<void> {
  const columns = Object.entries(stream.columns(state)).map(
    ([name, value]) =>
      [ident(name), value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? JSON.stringify(value) : value] as const,
  );
  const names = ['id', 'state', ...columns.map(([name]) => name)];
  const values = [state.id, JSON.stringify(state), ...columns.map(([, value]) => value)];
  await db.query(
    `INSERT INTO ${ident(stream.table)} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${names
       .slice(1)
       .map((name) => `${name} = EXCLUDED.${name}`)
       .join(', ')}`,
    values,
  );
}

/**
 * Appends an event to the hash-chained log and evolves the stream's read-model row, in the caller's
 * transaction. The same idempotency key again appends nothing and answers the state as it is.
 */
export async function appendModuleEvent<
  S extends { id: string; lastSeq: number },
  E extends { grantId: string; occurredAt: string; type: string; actor: unknown; payload: unknown },
>(em: Queryable, stream: ModuleStream<S, E>, event: E, idempotencyKey: string): Promise<{ seq: number; duplicate: boolean; state: S }> {
  const appended = await appendChainedEvent(em, { ...event, kind: stream.kind }, idempotencyKey);
  const current = await loadModuleState(em, stream as never, event.grantId);
  if (appended.duplicate) return { ...appended, state: current as S };
  const state = stream.evolve(current as S | null, { ...event, occurredAt: new Date(event.occurredAt).toISOString() }, appended.seq);
  await save(em, stream as never, state);
  return { ...appended, state };
}

/** JSON with its keys sorted: PostgreSQL's jsonb keeps no key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** The stream's read model rebuilt from the log alone; returns the rows that differed. */
export async function rebuildModuleStream<S extends { id: string; lastSeq: number }, E extends { grantId: string; occurredAt: string }>(
  em: Queryable,
  stream: ModuleStream<S, E>,
): Promise<{ rows: number; differences: string[] }> {
  const events: { grant_id: string; seq: number; type: string; actor: unknown; payload: unknown; occurred_at: Date }[] = await em.query(
    'SELECT grant_id, seq, type, actor, payload, occurred_at FROM grant_events WHERE kind = $1 ORDER BY grant_id, seq',
    [stream.kind],
  );
  const rebuilt = new Map<string, S>();
  for (const e of events) {
    const event = { grantId: e.grant_id, type: e.type, actor: e.actor, payload: e.payload, occurredAt: e.occurred_at.toISOString() } as unknown as E;
    rebuilt.set(e.grant_id, stream.evolve(rebuilt.get(e.grant_id) ?? null, event, e.seq));
  }
  const live: { id: string; state: S }[] = await em.query(`SELECT id, state FROM ${ident(stream.table)}`);
  const differences: string[] = [];
  for (const { id, state } of live) {
    const expected = rebuilt.get(id);
    if (!expected) differences.push(`${id}: in the read model but has no events (removed)`);
    else if (canonical(state) !== canonical(expected)) differences.push(`${id}: the row differs from its events`);
  }
  const liveIds = new Set(live.map((l) => l.id));
  for (const id of rebuilt.keys()) if (!liveIds.has(id)) differences.push(`${id}: has events but no read-model row (added)`);
  await em.query(`DELETE FROM ${ident(stream.table)} WHERE NOT (id = ANY($1))`, [[...rebuilt.keys()]]);
  for (const state of rebuilt.values()) await save(em, stream as never, state);
  return { rows: rebuilt.size, differences };
}
