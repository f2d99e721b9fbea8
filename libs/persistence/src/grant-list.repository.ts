import { DataSource, EntityManager } from 'typeorm';
import { GrantView } from '@grants/domain';
import { GrantRow, grantViewOfRow } from './grant-views';

/**
 * Which grants a list or an export covers: the filters asked for, and what the reader may see (an
 * association its own and those of consortia it is a member of, a territory's, a funder's).
 */
export interface GrantSelection {
  kind?: string;
  status?: string;
  territory?: string;
  associationId?: string;
  /** An association: its own grants and the consortium grants it is a member of. */
  ownOrMemberOf?: string;
  /** A funder: the grants it funds. */
  fundedBy?: string;
}

const ORDER = 'ORDER BY created_at DESC, id ASC';

/** The WHERE clause of a selection and its parameters (each filter has an index that serves it and the order). */
function whereOf(selection: GrantSelection, parameters: unknown[]): string {
  const bind = (value: unknown): string => `$${parameters.push(value)}`;
  const clauses: string[] = [];
  if (selection.kind) clauses.push(`kind = ${bind(selection.kind)}`);
  if (selection.status) clauses.push(`status = ${bind(selection.status)}`);
  if (selection.territory) clauses.push(`territory_id = ${bind(selection.territory)}`);
  if (selection.associationId) clauses.push(`association_id = ${bind(selection.associationId)}`);
  if (selection.ownOrMemberOf) {
    const own = bind(selection.ownOrMemberOf);
    clauses.push(`(association_id = ${own} OR member_ids @> ARRAY[${own}]::text[])`);
  }
  if (selection.fundedBy) clauses.push(`${bind(selection.fundedBy)} = ANY(funder_ids)`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/** The read model's lists: a page with its count, and the batches of an export. */
export class GrantListRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * One page, newest first, and how many match counted up to `countCap + 1`, in one statement (one
   * round trip): counting every row of a large read model on each page costs more than the page.
   */
  async page(selection: GrantSelection, page: number, pageSize: number, countCap: number): Promise<{ views: GrantView[]; matched: number }> {
    const parameters: unknown[] = [];
    const where = whereOf(selection, parameters);
    const limit = `$${parameters.length + 1}`;
    const offset = `$${parameters.length + 2}`;
    const rows: (GrantRow & { matched: number })[] = await this.db.query(
      `WITH counted AS (SELECT count(*)::int AS matched FROM (SELECT 1 FROM grants ${where} LIMIT ${countCap + 1}) AS capped),
            page AS (SELECT * FROM grants ${where} ${ORDER} LIMIT ${limit} OFFSET ${offset})
       SELECT page.*, counted.matched FROM counted LEFT JOIN page ON true ORDER BY page.created_at DESC, page.id ASC`,
      [...parameters, pageSize, (page - 1) * pageSize],
    );
    return { views: rows.filter((row) => row.id !== null).map(grantViewOfRow), matched: rows[0]?.matched ?? 0 };
  }

  /** Every matching grant in the lists' order, a batch at a time (keyset on created_at, id: never one long query). */
  async *batches(selection: GrantSelection, size: number): AsyncGenerator<GrantView[]> {
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const parameters: unknown[] = [];
      const where = whereOf(selection, parameters);
      const bind = (value: unknown) => `$${parameters.push(value)}`;
      const next = after ? `(created_at < ${bind(after.at)}::timestamptz OR (created_at = ${bind(after.at)}::timestamptz AND id > ${bind(after.id)}))` : '';
      const clause = next ? (where ? `${where} AND ${next}` : `WHERE ${next}`) : where;
      const rows: (GrantRow & { cursor_at: string })[] = await this.db.query(
        `SELECT *, created_at::text AS cursor_at FROM grants ${clause} ${ORDER} LIMIT ${bind(size)}`,
        parameters,
      );
      if (!rows.length) return;
      yield rows.map(grantViewOfRow);
      if (rows.length < size) return;
      after = { at: rows[rows.length - 1].cursor_at, id: rows[rows.length - 1].id };
    }
  }
}
