import { EntityManager } from 'typeorm';
import { GrantView } from '../../domain/src';

interface GrantRow {
  id: string;
  kind: GrantView['kind'];
  status: GrantView['status'];
  title: string;
  association_id: string;
  territory_id: string;
  binome_id: string | null;
  amount_cents: number;
  funder_ids: string[];
  payment_order_id: string | null;
  report_due_at: Date | null;
  created_at: Date;
  updated_at: Date;
  last_seq: number;
}

function toView(row: GrantRow): GrantView {
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
    paymentOrderId: row.payment_order_id,
    reportDueAt: row.report_due_at ? row.report_due_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastSeq: row.last_seq,
  };
}

export async function loadGrantView(em: EntityManager, grantId: string): Promise<GrantView | null> {
  const rows: GrantRow[] = await em.query('SELECT * FROM grants WHERE id = $1', [grantId]);
  return rows.length ? toView(rows[0]) : null;
}

/** Writes one read-model row as projected from the event log. */
export async function saveGrantView(em: EntityManager, view: GrantView): Promise<void> {
  await em.query(
    `INSERT INTO grants (id, kind, status, title, association_id, territory_id, binome_id, amount_cents, funder_ids,
                         payment_order_id, report_due_at, created_at, updated_at, last_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (id) DO UPDATE SET
       kind = EXCLUDED.kind, status = EXCLUDED.status, title = EXCLUDED.title,
       association_id = EXCLUDED.association_id, territory_id = EXCLUDED.territory_id,
       binome_id = EXCLUDED.binome_id, amount_cents = EXCLUDED.amount_cents, funder_ids = EXCLUDED.funder_ids,
       payment_order_id = EXCLUDED.payment_order_id, report_due_at = EXCLUDED.report_due_at,
       created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, last_seq = EXCLUDED.last_seq`,
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
    ],
  );
}
