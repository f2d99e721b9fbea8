import { DataSource, EntityManager } from 'typeorm';
import { CodirEvent, CodirState, CodirStatus, CodirView, codirView, evolveCodir } from '@grants/domain';
import { ModuleStream, appendModuleEvent, loadModuleState } from './module-streams';

type Queryable = Pick<EntityManager, 'query'>;

/** CODIRs' stream and read model (`codirs`). */
export const CODIR_STREAM: ModuleStream<CodirState, CodirEvent> = {
  kind: 'codir',
  table: 'codirs',
  evolve: evolveCodir,
  columns: (state) => {
    const v = codirView(state);
    return {
      territory_id: v.territoryId,
      year: v.year,
      status: v.status,
      meeting_at: v.meetingAt,
      next_due_at: v.nextDueAt,
      open_commitments: v.openCommitments,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
      last_seq: v.lastSeq,
    };
  },
};

export function appendCodirEvent(em: Queryable, event: CodirEvent, idempotencyKey: string): Promise<{ seq: number; duplicate: boolean; state: CodirState }> {
  return appendModuleEvent(em, CODIR_STREAM, event, idempotencyKey);
}

export class CodirRepository {
  constructor(private readonly db: DataSource) {}

  state(id: string): Promise<CodirState | null> {
    return loadModuleState(this.db, CODIR_STREAM as never, id);
  }

  /** The CODIRs of a territory (or every territory), newest year first. */
  async list(filter: {
    territoryId?: string;
    year?: number;
    status?: CodirStatus;
    limit: number;
    offset: number;
  }): Promise<{ items: CodirView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.territoryId) where.push(`territory_id = ${param(filter.territoryId)}`);
    if (filter.year) where.push(`year = ${param(filter.year)}`);
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.db.query(`SELECT count(*)::int AS total FROM codirs ${clause}`, params);
    const rows: { state: CodirState }[] = await this.db.query(
      `SELECT state FROM codirs ${clause} ORDER BY year DESC, territory_id LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    );
    return { items: rows.map((r) => codirView(r.state)), total };
  }
}
