import { EntityManager } from 'typeorm';
import { CallView, CohortView, GrantView } from '@grants/domain';

/**
 * A `grants` row as PostgreSQL returns it: the table's one shape is GrantView (libs/domain), this is
 * only how its columns arrive, read by grantViewOfRow and nowhere else.
 */
export interface GrantRow {
  id: string;
  kind: GrantView['kind'];
  status: GrantView['status'];
  title: string;
  association_id: string;
  territory_id: string;
  binome_id: string | null;
  amount_cents: number;
  funder_ids: string[];
  member_ids: string[];
  payment_order_id: string | null;
  report_due_at: Date | null;
  created_at: Date;
  updated_at: Date;
  last_seq: number;
}

export function grantViewOfRow(row: GrantRow): GrantView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    associationId: row.association_id,
    territoryId: row.territory_id,
    binomeId: row.binome_id,
    amountCents: row.amount_cents,
    funderIds: row.funder_ids,
    memberIds: row.member_ids,
    paymentOrderId: row.payment_order_id,
    reportDueAt: row.report_due_at ? row.report_due_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastSeq: row.last_seq,
  };
}

/** A grant's status in the read model alone (a hot path: each read of a micro-grant asks it). */
export async function loadGrantStatus(em: EntityManager, grantId: string): Promise<GrantView['status'] | null> {
  const rows: { status: GrantView['status'] }[] = await em.query('SELECT status FROM grants WHERE id = $1', [grantId]);
  return rows[0]?.status ?? null;
}

export async function loadGrantView(em: EntityManager, grantId: string): Promise<GrantView | null> {
  const rows: GrantRow[] = await em.query('SELECT * FROM grants WHERE id = $1', [grantId]);
  return rows.length ? grantViewOfRow(rows[0]) : null;
}

/** Writes one read-model row as projected from the event log. */
export async function saveGrantView(em: EntityManager, view: GrantView): Promise<void> {
  await em.query(
    `INSERT INTO grants (id, kind, status, title, association_id, territory_id, binome_id, amount_cents, funder_ids,
                         payment_order_id, report_due_at, created_at, updated_at, last_seq, member_ids)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (id) DO UPDATE SET
       kind = EXCLUDED.kind, status = EXCLUDED.status, title = EXCLUDED.title,
       association_id = EXCLUDED.association_id, territory_id = EXCLUDED.territory_id,
       binome_id = EXCLUDED.binome_id, amount_cents = EXCLUDED.amount_cents, funder_ids = EXCLUDED.funder_ids,
       payment_order_id = EXCLUDED.payment_order_id, report_due_at = EXCLUDED.report_due_at,
       created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, last_seq = EXCLUDED.last_seq,
       member_ids = EXCLUDED.member_ids`,
    [
      view.id,
      view.kind,
      view.status,
      view.title,
      view.associationId,
      view.territoryId,
      view.binomeId,
      view.amountCents,
      view.funderIds,
      view.paymentOrderId,
      view.reportDueAt,
      view.createdAt,
      view.updatedAt,
      view.lastSeq,
      view.memberIds,
    ],
  );
}

interface CallRow {
  id: string;
  title: string;
  phase: CallView['phase'];
  themes: string[];
  territories: string[];
  funder_ids: string[];
  budget_cents: number;
  paid_preselection: boolean;
  eoi_deadline: Date;
  proposal_deadline: Date;
  applications: number;
  awarded_cents: number;
  created_at: Date;
  updated_at: Date;
  last_seq: number;
}

export async function loadCallView(em: EntityManager, callId: string): Promise<CallView | null> {
  const rows: CallRow[] = await em.query('SELECT * FROM calls WHERE id = $1', [callId]);
  if (!rows.length) return null;
  const row = rows[0];
  return {
    id: row.id,
    title: row.title,
    phase: row.phase,
    themes: row.themes,
    territories: row.territories,
    funderIds: row.funder_ids,
    budgetCents: row.budget_cents,
    paidPreselection: row.paid_preselection,
    eoiDeadline: row.eoi_deadline.toISOString(),
    proposalDeadline: row.proposal_deadline.toISOString(),
    applications: row.applications,
    awardedCents: row.awarded_cents,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastSeq: row.last_seq,
  };
}

export async function saveCallView(em: EntityManager, view: CallView): Promise<void> {
  const v = view;
  await em.query(
    `INSERT INTO calls (id, title, phase, themes, territories, funder_ids, budget_cents, paid_preselection, eoi_deadline,
                        proposal_deadline, applications, awarded_cents, created_at, updated_at, last_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (id) DO UPDATE SET
       title = EXCLUDED.title, phase = EXCLUDED.phase, themes = EXCLUDED.themes, territories = EXCLUDED.territories,
       funder_ids = EXCLUDED.funder_ids, budget_cents = EXCLUDED.budget_cents, paid_preselection = EXCLUDED.paid_preselection,
       eoi_deadline = EXCLUDED.eoi_deadline, proposal_deadline = EXCLUDED.proposal_deadline, applications = EXCLUDED.applications,
       awarded_cents = EXCLUDED.awarded_cents, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
       last_seq = EXCLUDED.last_seq`,
    [
      v.id,
      v.title,
      v.phase,
      v.themes,
      v.territories,
      v.funderIds,
      v.budgetCents,
      v.paidPreselection,
      v.eoiDeadline,
      v.proposalDeadline,
      v.applications,
      v.awardedCents,
      v.createdAt,
      v.updatedAt,
      v.lastSeq,
    ],
  );
}

/**
 * The periods an awarded grant funds each member for (what the double-funding check reads): written
 * with the award event, so that it can be rebuilt from the log like the rest of the read model.
 */
export async function saveFundedPeriods(
  em: EntityManager,
  grantId: string,
  title: string,
  period: { start: string; end: string },
  members: { associationId: string; amountCents: number }[],
): Promise<void> {
  for (const m of members) {
    await em.query(
      `INSERT INTO funded_periods (grant_id, association_id, title, amount_cents, period_start, period_end)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (grant_id, association_id) DO NOTHING`,
      [grantId, m.associationId, title, m.amountCents, period.start, period.end],
    );
  }
}

export async function loadCohortView(em: EntityManager, cohortId: string): Promise<CohortView | null> {
  const rows: Record<string, never>[] = await em.query('SELECT * FROM incubation_cohorts WHERE id = $1', [cohortId]);
  if (!rows.length) return null;
  const r = rows[0] as Record<string, unknown>;
  return {
    id: r.id as string,
    territoryId: r.territory_id as string,
    year: r.year as number,
    capacity: r.capacity as number,
    status: r.status as CohortView['status'],
    nominationDeadline: (r.nomination_deadline as Date).toISOString(),
    nominations: r.nominations as number,
    selected: r.selected as number,
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
    lastSeq: r.last_seq as number,
  };
}

export async function saveCohortView(em: EntityManager, v: CohortView): Promise<void> {
  await em.query(
    `INSERT INTO incubation_cohorts (id, territory_id, year, capacity, status, nomination_deadline, nominations, selected, created_at, updated_at, last_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (id) DO UPDATE SET capacity = EXCLUDED.capacity, status = EXCLUDED.status, nomination_deadline = EXCLUDED.nomination_deadline,
       nominations = EXCLUDED.nominations, selected = EXCLUDED.selected, updated_at = EXCLUDED.updated_at, last_seq = EXCLUDED.last_seq`,
    [v.id, v.territoryId, v.year, v.capacity, v.status, v.nominationDeadline, v.nominations, v.selected, v.createdAt, v.updatedAt, v.lastSeq],
  );
}
