import { DataSource, EntityManager } from 'typeorm';
import { ContributionEvent, ContributionState, ContributionStatus, ContributionView, Orientation, contributionView, evolveContribution } from '@grants/domain';
import { ModuleStream, appendModuleEvent, loadModuleState } from './module-streams';

type Queryable = Pick<EntityManager, 'query'>;

/** Contributions' stream and read model (`contributions`). */
export const CONTRIBUTION_STREAM: ModuleStream<ContributionState, ContributionEvent> = {
  kind: 'contribution',
  table: 'contributions',
  evolve: evolveContribution,
  columns: (state) => {
    const v = contributionView(state);
    return {
      territory_id: v.territoryId,
      signatory_id: v.signatoryId,
      orientation: v.orientation,
      year: v.year,
      nature: v.nature,
      amount_cents: v.amountCents,
      staff_count: v.staffCount,
      status: v.status,
      awaiting: v.awaiting,
      sign_by: v.signBy,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
      last_seq: v.lastSeq,
    };
  },
};

export function appendContributionEvent(
  em: Queryable,
  event: ContributionEvent,
  idempotencyKey: string,
): Promise<{ seq: number; duplicate: boolean; state: ContributionState }> {
  return appendModuleEvent(em, CONTRIBUTION_STREAM, event, idempotencyKey);
}

/** What a signatory committed for a year (agreed contributions), beside what it paid through the funding paths. */
export interface SignatoryYear {
  signatoryId: string;
  year: number;
  committed: {
    fundingCents: number;
    staff: number;
    premises: number;
    byOrientation: { orientation: Orientation; fundingCents: number; staff: number; premises: number }[];
  };
  /**
   * Every payment order of that civil year (Paris time) naming the signatory as funder, and the
   * micro-grants paid from the envelopes it funds (their orders name the binôme).
   */
  paid: {
    cents: number;
    orders: number;
    byPurpose: { purpose: string; cents: number; orders: number }[];
  };
  /** The contributions still under negotiation that year (not counted as committed). */
  negotiating: number;
}

/** The contributions' read model and the signatories' yearly commitments, for the API. */
export class ContributionRepository {
  constructor(private readonly db: DataSource) {}

  state(id: string): Promise<ContributionState | null> {
    return loadModuleState(this.db, CONTRIBUTION_STREAM as never, id);
  }

  async list(filter: {
    territoryId?: string;
    signatoryId?: string;
    year?: number;
    status?: ContributionStatus;
    limit: number;
    offset: number;
  }): Promise<{ items: ContributionView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.territoryId) where.push(`territory_id = ${param(filter.territoryId)}`);
    if (filter.signatoryId) where.push(`signatory_id = ${param(filter.signatoryId)}`);
    if (filter.year !== undefined) where.push(`year = ${param(filter.year)}`);
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.db.query(`SELECT count(*)::int AS total FROM contributions ${clause}`, params);
    const rows: { state: ContributionState }[] = await this.db.query(
      `SELECT state FROM contributions ${clause} ORDER BY year DESC, created_at DESC, id LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    );
    return { items: rows.map((r) => contributionView(r.state)), total };
  }

  async signatoryYear(signatoryId: string, year: number): Promise<SignatoryYear> {
    const committed: { orientation: Orientation; funding: number; staff: number; premises: number }[] = await this.db.query(
      `SELECT orientation, coalesce(sum(amount_cents) FILTER (WHERE nature = 'funding'), 0)::bigint AS funding,
              coalesce(sum(staff_count) FILTER (WHERE nature = 'staff'), 0)::int AS staff,
              count(*) FILTER (WHERE nature = 'premises')::int AS premises
         FROM contributions WHERE signatory_id = $1 AND year = $2 AND status = 'agreed' GROUP BY orientation ORDER BY orientation`,
      [signatoryId, year],
    );
    const paid: { purpose: string; cents: number; orders: number }[] = await this.db.query(
      `SELECT purpose, sum(amount_cents)::bigint AS cents, count(*)::int AS orders FROM payment_orders
        WHERE (funder_id = $1 OR (funder_id IS NULL AND binome_id IN (SELECT id FROM binomes WHERE funder_id = $1)))
          AND created_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Europe/Paris') AND created_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Europe/Paris')
        GROUP BY purpose ORDER BY purpose`,
      [signatoryId, year],
    );
    const [{ negotiating }]: { negotiating: number }[] = await this.db.query(
      `SELECT count(*)::int AS negotiating FROM contributions WHERE signatory_id = $1 AND year = $2 AND status = 'negotiating'`,
      [signatoryId, year],
    );
    const sum = (values: number[]) => values.reduce((a, b) => a + Number(b), 0);
    return {
      signatoryId,
      year,
      committed: {
        fundingCents: sum(committed.map((c) => c.funding)),
        staff: sum(committed.map((c) => c.staff)),
        premises: sum(committed.map((c) => c.premises)),
        byOrientation: committed.map((c) => ({ orientation: c.orientation, fundingCents: Number(c.funding), staff: c.staff, premises: c.premises })),
      },
      paid: { cents: sum(paid.map((p) => p.cents)), orders: sum(paid.map((p) => p.orders)), byPurpose: paid.map((p) => ({ ...p, cents: Number(p.cents) })) },
      negotiating,
    };
  }
}
