import { DataSource, EntityManager } from 'typeorm';
import { MissionSheetEvent, MissionSheetState, MissionSheetStatus, MissionSheetView, evolveMissionSheet, missionSheetView } from '@grants/domain';
import { ModuleStream, appendModuleEvent, loadModuleState } from './module-streams';

type Queryable = Pick<EntityManager, 'query'>;

/** Mission sheets' stream and read model (`mission_sheets`). */
export const MISSION_SHEET_STREAM: ModuleStream<MissionSheetState, MissionSheetEvent> = {
  kind: 'mission_sheet',
  table: 'mission_sheets',
  evolve: evolveMissionSheet,
  columns: (state) => {
    const v = missionSheetView(state);
    return {
      territory_id: v.territoryId,
      year: v.year,
      status: v.status,
      copil_at: v.copilAt,
      version: v.version,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
      last_seq: v.lastSeq,
    };
  },
};

export function appendMissionSheetEvent(
  em: Queryable,
  event: MissionSheetEvent,
  idempotencyKey: string,
): Promise<{ seq: number; duplicate: boolean; state: MissionSheetState }> {
  return appendModuleEvent(em, MISSION_SHEET_STREAM, event, idempotencyKey);
}

export class MissionSheetRepository {
  constructor(private readonly db: DataSource) {}

  state(id: string): Promise<MissionSheetState | null> {
    return loadModuleState(this.db, MISSION_SHEET_STREAM as never, id);
  }

  /** The mission sheets of some territories (or every one), newest year first; `adoptedOnly` for associations. */
  async list(filter: {
    territoryIds?: string[];
    year?: number;
    status?: MissionSheetStatus;
    adoptedOnly?: boolean;
    limit: number;
    offset: number;
  }): Promise<{ items: MissionSheetView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.territoryIds) where.push(`territory_id = ANY(${param(filter.territoryIds)})`);
    if (filter.year) where.push(`year = ${param(filter.year)}`);
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    if (filter.adoptedOnly) where.push(`status = 'adopted'`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.db.query(`SELECT count(*)::int AS total FROM mission_sheets ${clause}`, params);
    const rows: { state: MissionSheetState }[] = await this.db.query(
      `SELECT state FROM mission_sheets ${clause} ORDER BY year DESC, territory_id LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    );
    return { items: rows.map((r) => missionSheetView(r.state)), total };
  }
}
