import { DataSource, EntityManager } from 'typeorm';
import { CopilEvent, CopilState, CopilStatus, CopilView, copilView, evolveCopil } from '@grants/domain';
import { ModuleStream, appendModuleEvent, loadModuleState } from './module-streams';

type Queryable = Pick<EntityManager, 'query'>;

/** Copils' stream and read model (`copils`). */
export const COPIL_STREAM: ModuleStream<CopilState, CopilEvent> = {
  kind: 'copil',
  table: 'copils',
  evolve: evolveCopil,
  columns: (state) => {
    const v = copilView(state);
    return {
      territory_id: v.territoryId,
      year: v.year,
      status: v.status,
      running_mandates: v.runningMandates,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
      last_seq: v.lastSeq,
    };
  },
};

export function appendCopilEvent(em: Queryable, event: CopilEvent, idempotencyKey: string): Promise<{ seq: number; duplicate: boolean; state: CopilState }> {
  return appendModuleEvent(em, COPIL_STREAM, event, idempotencyKey);
}

export class CopilRepository {
  constructor(private readonly db: DataSource) {}

  state(id: string): Promise<CopilState | null> {
    return loadModuleState(this.db, COPIL_STREAM as never, id);
  }

  /** Every year's Copil of a territory that still follows a mandate (the seats held come from them). */
  async withRunningMandates(territoryId: string): Promise<CopilState[]> {
    const rows: { state: CopilState }[] = await this.db.query('SELECT state FROM copils WHERE territory_id = $1 AND running_mandates > 0 ORDER BY year', [
      territoryId,
    ]);
    return rows.map((r) => r.state);
  }

  /** The associations of the directory acting in a territory: those told of a round of the associations' college. */
  async associationIdsIn(territoryId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM associations WHERE $1 = ANY(territories) ORDER BY id', [territoryId]);
    return rows.map((r) => r.id);
  }

  /** The Copils of some territories (or every one), newest year first. */
  async list(filter: {
    territoryIds?: string[];
    year?: number;
    status?: CopilStatus;
    limit: number;
    offset: number;
  }): Promise<{ items: CopilView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.territoryIds) where.push(`territory_id = ANY(${param(filter.territoryIds)})`);
    if (filter.year) where.push(`year = ${param(filter.year)}`);
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.db.query(`SELECT count(*)::int AS total FROM copils ${clause}`, params);
    const rows: { state: CopilState }[] = await this.db.query(
      `SELECT state FROM copils ${clause} ORDER BY year DESC, territory_id LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    );
    return { items: rows.map((r) => copilView(r.state)), total };
  }
}
