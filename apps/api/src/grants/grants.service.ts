import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, Principal } from '../../../../libs/domain/src';
import { GrantEventEntity, GrantRow, grantViewOfRow } from '../../../../libs/persistence/src';
import { AuditLogService } from '../audit/audit-log.service';
import { visibleGrant } from '../common/visible-grant';
import { GrantEventDto, GrantFilters, GrantPageDto, GrantViewDto, ListGrantsQuery } from './grants.dto';

function toDto(row: GrantRow): GrantViewDto {
  const { id, kind, status, title, associationId, territoryId, binomeId, amountCents, paymentOrderId, reportDueAt, createdAt, updatedAt } = grantViewOfRow(row);
  return { id, kind, status, title, associationId, territoryId, binomeId, amountCents, paymentOrderId, reportDueAt, createdAt, updatedAt };
}

/** Lists count matching grants exactly up to this many; beyond, `total` is this and `totalIsExact` false. */
export const COUNT_CAP = 1_000;

/** Rows read from PostgreSQL at a time by an export. */
export const EXPORT_BATCH = 500;

export const EXPORT_COLUMNS: (keyof GrantViewDto)[] = [
  'id',
  'kind',
  'status',
  'title',
  'associationId',
  'territoryId',
  'binomeId',
  'amountCents',
  'paymentOrderId',
  'reportDueAt',
  'createdAt',
  'updatedAt',
];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote when needed; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const ORDER = 'ORDER BY created_at DESC, id ASC';

/** Reads of the read model (grants) and of the domain event log (grant_events). */
@Injectable()
export class GrantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogService,
  ) {}

  /**
   * The grants this principal may see, filtered, as a WHERE clause and its parameters: an association
   * its own (and the consortium grants it is a member of), the binôme its territory, a funder what it
   * funds. Null when the filters contradict the scope (nothing to see).
   */
  private scoped(principal: Principal, filters: GrantFilters): { where: string; parameters: unknown[] } | null {
    const clauses: string[] = [];
    const parameters: unknown[] = [];
    const bind = (value: unknown): string => `$${parameters.push(value)}`;
    if (filters.kind) clauses.push(`kind = ${bind(filters.kind)}`);
    if (filters.status) clauses.push(`status = ${bind(filters.status)}`);
    if (filters.territory) clauses.push(`territory_id = ${bind(filters.territory)}`);
    if (filters.associationId) clauses.push(`association_id = ${bind(filters.associationId)}`);
    switch (principal.role) {
      case 'association': {
        if (filters.associationId && filters.associationId !== principal.org) return null;
        const own = bind(principal.org);
        clauses.push(`(association_id = ${own} OR member_ids @> ARRAY[${own}]::text[])`);
        break;
      }
      case 'project_lead':
      case 'prefect_delegate':
        if (filters.territory && filters.territory !== principal.territory) {
          throw new DomainError('forbidden', `you see the grants of territory ${principal.territory} only`);
        }
        clauses.push(`territory_id = ${bind(principal.territory)}`);
        break;
      case 'funder':
        clauses.push(`${bind(principal.org)} = ANY(funder_ids)`);
        break;
      case 'auditor':
      case 'admin':
        break;
    }
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', parameters };
  }

  /**
   * One page, newest first, and a count that stops at COUNT_CAP, in one statement (one round trip):
   * counting every row of a large read model on each page costs more than the page itself, and each
   * filter has an index that serves it and the order (see README, numbers).
   */
  async list(principal: Principal, query: ListGrantsQuery): Promise<GrantPageDto> {
    const scope = this.scoped(principal, query);
    const { page, pageSize } = query;
    if (!scope) return { items: [], total: 0, totalIsExact: true, page, pageSize };
    const { where, parameters } = scope;
    const limit = `$${parameters.length + 1}`;
    const offset = `$${parameters.length + 2}`;
    const rows: (GrantRow & { matched: number })[] = await this.dataSource.query(
      `WITH counted AS (SELECT count(*)::int AS matched FROM (SELECT 1 FROM grants ${where} LIMIT ${COUNT_CAP + 1}) AS capped),
            page AS (SELECT * FROM grants ${where} ${ORDER} LIMIT ${limit} OFFSET ${offset})
       SELECT page.*, counted.matched FROM counted LEFT JOIN page ON true ORDER BY page.created_at DESC, page.id ASC`,
      [...parameters, pageSize, (page - 1) * pageSize],
    );
    const matched = rows[0]?.matched ?? 0;
    return {
      items: rows.filter((row) => row.id !== null).map(toDto),
      total: Math.min(matched, COUNT_CAP),
      totalIsExact: matched <= COUNT_CAP,
      page,
      pageSize,
    };
  }

  /**
   * Every matching grant, as CSV (French spreadsheets: `;`-safe quoting) or JSON, streamed: read in
   * batches of EXPORT_BATCH by keyset (never the whole result in memory, never one long query).
   */
  async export(principal: Principal, filters: GrantFilters, format: 'csv' | 'json'): Promise<Readable> {
    const scope = this.scoped(principal, filters);
    await this.auditLog.record(principal, 'export', null);
    const batches = this.batches(scope);
    // The first batch before any byte is sent: a database that does not answer is still a clean 503.
    const head = await batches.next();
    async function* all(): AsyncGenerator<GrantViewDto[]> {
      if (head.done) return;
      yield head.value;
      yield* batches;
    }
    async function* body(): AsyncGenerator<string> {
      if (format === 'csv') yield `${EXPORT_COLUMNS.join(',')}\r\n`;
      else yield '[';
      let first = true;
      for await (const rows of all()) {
        if (format === 'csv') {
          yield rows.map((row) => `${EXPORT_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`).join('');
        } else {
          yield `${first ? '' : ','}${rows.map((row) => JSON.stringify(row)).join(',')}`;
          first = false;
        }
      }
      if (format === 'json') yield ']';
    }
    return Readable.from(body());
  }

  /** The matching grants in the export's order, a batch at a time (keyset on created_at, id). */
  private async *batches(scope: { where: string; parameters: unknown[] } | null): AsyncGenerator<GrantViewDto[]> {
    if (!scope) return;
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const parameters = [...scope.parameters];
      const bind = (value: unknown) => `$${parameters.push(value)}`;
      const next = after ? `(created_at < ${bind(after.at)}::timestamptz OR (created_at = ${bind(after.at)}::timestamptz AND id > ${bind(after.id)}))` : '';
      const where = next ? (scope.where ? `${scope.where} AND ${next}` : `WHERE ${next}`) : scope.where;
      const rows: (GrantRow & { cursor_at: string })[] = await this.dataSource.query(
        `SELECT *, created_at::text AS cursor_at FROM grants ${where} ${ORDER} LIMIT ${bind(EXPORT_BATCH)}`,
        parameters,
      );
      if (!rows.length) return;
      yield rows.map(toDto);
      if (rows.length < EXPORT_BATCH) return;
      after = { at: rows[rows.length - 1].cursor_at, id: rows[rows.length - 1].id };
    }
  }

  async events(principal: Principal, grantId: string): Promise<GrantEventDto[]> {
    await visibleGrant(this.dataSource, principal, grantId);
    await this.auditLog.record(principal, 'events', grantId);
    const events = await this.dataSource.getRepository(GrantEventEntity).find({ where: { grantId }, order: { seq: 'ASC' } });
    return events.map((e) => ({
      seq: e.seq,
      type: e.type,
      actor: e.actor,
      payload: e.payload,
      occurredAt: e.occurredAt.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
      hash: e.hash,
    }));
  }
}
