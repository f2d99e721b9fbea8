import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, GrantView, Principal } from '@grants/domain';
import { AuditRepository, GrantListRepository, GrantSelection } from '@grants/persistence';
import { AuditLogService } from '../audit/audit-log.service';
import { visibleGrant } from '../common/visible-grant';
import { GrantEventDto, GrantFilters, GrantPageDto, GrantViewDto, ListGrantsQuery } from './grants.dto';

function toDto(view: GrantView): GrantViewDto {
  const { id, kind, status, title, associationId, territoryId, binomeId, amountCents, paymentOrderId, reportDueAt, createdAt, updatedAt } = view;
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

/** Reads of the read model (grants) and of the domain event log (grant_events). */
@Injectable()
export class GrantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lists: GrantListRepository,
    private readonly auditLog: AuditLogService,
    private readonly audit: AuditRepository,
  ) {}

  /**
   * The grants this principal may see, filtered: an association its own (and the consortium grants it
   * is a member of), the binôme its territory, a funder what it funds. Null when the filters
   * contradict the scope (nothing to see).
   */
  private scoped(principal: Principal, filters: GrantFilters): GrantSelection | null {
    const selection: GrantSelection = { kind: filters.kind, status: filters.status, territory: filters.territory, associationId: filters.associationId };
    switch (principal.role) {
      case 'association':
        if (filters.associationId && filters.associationId !== principal.org) return null;
        return { ...selection, ownOrMemberOf: principal.org };
      case 'project_lead':
      case 'prefect_delegate':
        if (filters.territory && filters.territory !== principal.territory) {
          throw new DomainError('forbidden', `you see the grants of territory ${principal.territory} only`);
        }
        return { ...selection, territory: principal.territory };
      case 'funder':
        return { ...selection, fundedBy: principal.org };
      case 'auditor':
      case 'admin':
        return selection;
    }
  }

  /** One page, newest first, and a count that stops at COUNT_CAP (see README, numbers). */
  async list(principal: Principal, query: ListGrantsQuery): Promise<GrantPageDto> {
    const selection = this.scoped(principal, query);
    const { page, pageSize } = query;
    if (!selection) return { items: [], total: 0, totalIsExact: true, page, pageSize };
    const { views, matched } = await this.lists.page(selection, page, pageSize, COUNT_CAP);
    return { items: views.map(toDto), total: Math.min(matched, COUNT_CAP), totalIsExact: matched <= COUNT_CAP, page, pageSize };
  }

  /**
   * Every matching grant, as CSV (French spreadsheets: `;`-safe quoting) or JSON, streamed: read in
   * batches of EXPORT_BATCH by keyset (never the whole result in memory, never one long query).
   */
  async export(principal: Principal, filters: GrantFilters, format: 'csv' | 'json'): Promise<Readable> {
    const selection = this.scoped(principal, filters);
    await this.auditLog.record(principal, 'export', null);
    const batches = this.batches(selection);
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

  /** The matching grants in the export's order, a batch at a time. */
  private async *batches(selection: GrantSelection | null): AsyncGenerator<GrantViewDto[]> {
    if (!selection) return;
    for await (const views of this.lists.batches(selection, EXPORT_BATCH)) yield views.map(toDto);
  }

  async events(principal: Principal, grantId: string): Promise<GrantEventDto[]> {
    await visibleGrant(this.dataSource, principal, grantId);
    await this.auditLog.record(principal, 'events', grantId);
    const events = await this.audit.events(grantId);
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
