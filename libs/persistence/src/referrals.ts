import { DataSource, EntityManager } from 'typeorm';
import { ReferralEvent, ReferralState, ReferralStatus, ReferralView, evolveReferral, referralView } from '@grants/domain';
import { ModuleStream, appendModuleEvent, loadModuleState } from './module-streams';

type Queryable = Pick<EntityManager, 'query'>;

/** Routed needs' stream and read model (`referrals`). */
export const REFERRAL_STREAM: ModuleStream<ReferralState, ReferralEvent> = {
  kind: 'referral',
  table: 'referrals',
  evolve: evolveReferral,
  columns: (state) => {
    const v = referralView(state);
    return {
      territory_id: v.territoryId,
      association_id: v.associationId,
      orientation: v.orientation,
      support_kind: v.supportKind,
      status: v.status,
      signatory_id: v.signatoryId,
      signatory_ids: v.signatoryIds,
      answer_by: v.answerBy,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
      last_seq: v.lastSeq,
    };
  },
};

export function appendReferralEvent(
  em: Queryable,
  event: ReferralEvent,
  idempotencyKey: string,
): Promise<{ seq: number; duplicate: boolean; state: ReferralState }> {
  return appendModuleEvent(em, REFERRAL_STREAM, event, idempotencyKey);
}

/** Which needs a reader may list: an association's own, a territory's, those routed to a signatory, or all. */
export type ReferralScope = { associationId: string } | { territoryId: string } | { signatoryId: string } | { all: true };

/** A signatory's year of routed needs: how many were routed to it, answered in time or not, supported. */
export interface ReferralStatistics {
  signatoryId: string;
  year: number;
  routed: number;
  answered: number;
  supported: number;
  declined: number;
  unanswered: number;
  awaiting: number;
}

export class ReferralRepository {
  constructor(private readonly db: DataSource) {}

  state(id: string): Promise<ReferralState | null> {
    return loadModuleState(this.db, REFERRAL_STREAM as never, id);
  }

  async list(scope: ReferralScope, filter: { status?: ReferralStatus; limit: number; offset: number }): Promise<{ items: ReferralView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if ('associationId' in scope) where.push(`association_id = ${param(scope.associationId)}`);
    if ('territoryId' in scope) where.push(`territory_id = ${param(scope.territoryId)}`);
    if ('signatoryId' in scope) where.push(`${param(scope.signatoryId)} = ANY(signatory_ids)`);
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.db.query(`SELECT count(*)::int AS total FROM referrals ${clause}`, params);
    const rows: { state: ReferralState }[] = await this.db.query(
      `SELECT state FROM referrals ${clause} ORDER BY created_at DESC, id LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    );
    return { items: rows.map((r) => referralView(r.state)), total };
  }

  /** Each routing to the signatory in that civil year (Paris time), by its outcome: read from the needs' states. */
  async statistics(signatoryId: string, year: number): Promise<ReferralStatistics> {
    const [row]: Omit<ReferralStatistics, 'signatoryId' | 'year'>[] = await this.db.query(
      `SELECT count(*)::int AS routed,
              count(*) FILTER (WHERE r->'outcome'->>'kind' IN ('supported', 'declined'))::int AS answered,
              count(*) FILTER (WHERE r->'outcome'->>'kind' = 'supported')::int AS supported,
              count(*) FILTER (WHERE r->'outcome'->>'kind' = 'declined')::int AS declined,
              count(*) FILTER (WHERE r->'outcome'->>'kind' = 'escalated')::int AS unanswered,
              count(*) FILTER (WHERE r->'outcome' IS NULL AND f.status = 'routed')::int AS awaiting
         FROM referrals f, jsonb_array_elements(f.state->'routings') r
        WHERE r->>'signatoryId' = $1 AND $1 = ANY(f.signatory_ids)
          AND date_part('year', (r->>'routedAt')::timestamptz AT TIME ZONE 'Europe/Paris') = $2`,
      [signatoryId, year],
    );
    return { signatoryId, year, ...row };
  }
}
