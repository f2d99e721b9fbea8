import { DataSource, EntityManager } from 'typeorm';
import { TaskForceEvent, TaskForceState, TaskForceStatus, TaskForceView, evolveTaskForce, taskForceView } from '../../domain/src';
import { appendChainedEvent } from './event-log';

type Queryable = Pick<EntityManager, 'query'>;

async function loadState(db: Queryable, id: string): Promise<TaskForceState | null> {
  const rows: { state: TaskForceState }[] = await db.query('SELECT state FROM task_forces WHERE id = $1', [id]);
  return rows[0]?.state ?? null;
}

async function save(db: Queryable, state: TaskForceState): Promise<void> {
  const v = taskForceView(state);
  await db.query(
    `INSERT INTO task_forces (id, territory_id, qpv, title, status, pilot_id, organisation_ids, accepted, seated, ends_at, next_step, state, created_at, updated_at, last_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, organisation_ids = EXCLUDED.organisation_ids, accepted = EXCLUDED.accepted,
       seated = EXCLUDED.seated, ends_at = EXCLUDED.ends_at, next_step = EXCLUDED.next_step, state = EXCLUDED.state,
       updated_at = EXCLUDED.updated_at, last_seq = EXCLUDED.last_seq`,
    [v.id, v.territoryId, v.qpv, v.title, v.status, v.pilotId, v.organisationIds, v.accepted, v.seated, v.endsAt, v.nextStep ? JSON.stringify(v.nextStep) : null,
      JSON.stringify(state), v.createdAt, v.updatedAt, v.lastSeq],
  );
}

/**
 * Appends a task force's event to the hash-chained log and evolves its read-model row, in the
 * caller's transaction. The same step again appends nothing and answers the state as it is.
 */
export async function appendTaskForceEvent(em: Queryable, event: TaskForceEvent, idempotencyKey: string): Promise<{ seq: number; duplicate: boolean; state: TaskForceState }> {
  const appended = await appendChainedEvent(em, { ...event, kind: 'task_force' }, idempotencyKey);
  const current = await loadState(em, event.grantId);
  if (appended.duplicate) return { ...appended, state: current! };
  const state = evolveTaskForce(current, { ...event, occurredAt: new Date(event.occurredAt).toISOString() }, appended.seq);
  await save(em, state);
  return { ...appended, state };
}

/** JSON with its keys sorted: PostgreSQL's jsonb keeps no key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** The task forces' read model rebuilt from the log alone; returns the rows that differed. */
export async function rebuildTaskForces(em: Queryable): Promise<{ rows: number; differences: string[] }> {
  const events: { grant_id: string; seq: number; type: string; actor: TaskForceEvent['actor']; payload: unknown; occurred_at: Date }[] = await em.query(
    "SELECT grant_id, seq, type, actor, payload, occurred_at FROM grant_events WHERE kind = 'task_force' ORDER BY grant_id, seq",
  );
  const rebuilt = new Map<string, TaskForceState>();
  for (const e of events) {
    const event = { grantId: e.grant_id, type: e.type, actor: e.actor, payload: e.payload, occurredAt: e.occurred_at.toISOString() } as TaskForceEvent;
    rebuilt.set(e.grant_id, evolveTaskForce(rebuilt.get(e.grant_id) ?? null, event, e.seq));
  }
  const live: { id: string; state: TaskForceState }[] = await em.query('SELECT id, state FROM task_forces');
  const differences: string[] = [];
  for (const { id, state } of live) {
    const expected = rebuilt.get(id);
    if (!expected) differences.push(`${id}: in the read model but has no events (removed)`);
    else if (canonical(state) !== canonical(expected)) differences.push(`${id}: the task force's row differs from its events`);
  }
  for (const id of rebuilt.keys()) if (!live.some((l) => l.id === id)) differences.push(`${id}: has events but no read-model row (added)`);
  await em.query('DELETE FROM task_forces WHERE NOT (id = ANY($1))', [[...rebuilt.keys()]]);
  for (const state of rebuilt.values()) await save(em, state);
  return { rows: rebuilt.size, differences };
}

/** Which task forces a reader may list: a territory's, an organisation's (invited to them), or all. */
export type TaskForceScope = { territoryId: string } | { organisationId: string } | { all: true };

/** The task forces' read model, for the API. */
export class TaskForceRepository {
  constructor(private readonly db: DataSource) {}

  state(id: string): Promise<TaskForceState | null> {
    return loadState(this.db, id);
  }

  async list(scope: TaskForceScope, filter: { territoryId?: string; status?: TaskForceStatus; limit: number; offset: number }): Promise<{ items: TaskForceView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if ('territoryId' in scope) where.push(`territory_id = ${param(scope.territoryId)}`);
    if ('organisationId' in scope) where.push(`${param(scope.organisationId)} = ANY(organisation_ids)`);
    if (filter.territoryId) where.push(`territory_id = ${param(filter.territoryId)}`);
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.db.query(`SELECT count(*)::int AS total FROM task_forces ${clause}`, params);
    const rows: { state: TaskForceState }[] = await this.db.query(
      `SELECT state FROM task_forces ${clause} ORDER BY created_at DESC, id LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    );
    return { items: rows.map((r) => taskForceView(r.state)), total };
  }
}
