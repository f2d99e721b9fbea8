import { DataSource, EntityManager } from 'typeorm';
import { TaskForceEvent, TaskForceState, TaskForceStatus, TaskForceView, evolveTaskForce, taskForceView } from '@grants/domain';
import { ModuleStream, appendModuleEvent, loadModuleState } from './module-streams';

type Queryable = Pick<EntityManager, 'query'>;

/** Task forces' stream and read model (`task_forces`). */
export const TASK_FORCE_STREAM: ModuleStream<TaskForceState, TaskForceEvent> = {
  kind: 'task_force',
  table: 'task_forces',
  evolve: evolveTaskForce,
  columns: (state) => {
    const v = taskForceView(state);
    return {
      territory_id: v.territoryId,
      qpv: v.qpv,
      title: v.title,
      status: v.status,
      pilot_id: v.pilotId,
      organisation_ids: v.organisationIds,
      accepted: v.accepted,
      seated: v.seated,
      ends_at: v.endsAt,
      next_step: v.nextStep,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
      last_seq: v.lastSeq,
    };
  },
};

/**
 * Appends a task force's event to the hash-chained log and evolves its read-model row, in the
 * caller's transaction. The same step again appends nothing and answers the state as it is.
 */
export function appendTaskForceEvent(
  em: Queryable,
  event: TaskForceEvent,
  idempotencyKey: string,
): Promise<{ seq: number; duplicate: boolean; state: TaskForceState }> {
  return appendModuleEvent(em, TASK_FORCE_STREAM, event, idempotencyKey);
}

/** Which task forces a reader may list: a territory's, an organisation's (invited to them), or all. */
export type TaskForceScope = { territoryId: string } | { organisationId: string } | { all: true };

/** The task forces' read model, for the API. */
export class TaskForceRepository {
  constructor(private readonly db: DataSource) {}

  state(id: string): Promise<TaskForceState | null> {
    return loadModuleState(this.db, TASK_FORCE_STREAM as never, id);
  }

  async list(
    scope: TaskForceScope,
    filter: { territoryId?: string; status?: TaskForceStatus; limit: number; offset: number },
  ): Promise<{ items: TaskForceView[]; total: number }> {
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
