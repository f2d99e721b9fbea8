import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { DomainError, Principal } from '../../../../libs/domain/src';
import { GrantEntity, GrantEventEntity } from '../../../../libs/persistence/src';
import { AuditLogService } from '../audit/audit-log.service';
import { visibleGrant } from '../common/visible-grant';
import { GrantEventDto, GrantFilters, GrantPageDto, GrantViewDto, ListGrantsQuery } from './grants.dto';

function toDto(row: GrantEntity): GrantViewDto {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    associationId: row.associationId,
    territoryId: row.territoryId,
    binomeId: row.binomeId,
    amountCents: row.amountCents,
    paymentOrderId: row.paymentOrderId,
    reportDueAt: row.reportDueAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Lists count matching grants exactly up to this many; beyond, `total` is this and `totalIsExact` false. */
export const COUNT_CAP = 10_000;

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
    private readonly auditLog: AuditLogService,
  ) {}

  /** The grants this principal may see, filtered: an association its own, the binôme its territory, a funder what it funds. */
  private scoped(principal: Principal, filters: GrantFilters): SelectQueryBuilder<GrantEntity> | null {
    const builder = this.dataSource.getRepository(GrantEntity).createQueryBuilder('g');
    if (filters.kind) builder.andWhere('g.kind = :kind', { kind: filters.kind });
    if (filters.status) builder.andWhere('g.status = :status', { status: filters.status });
    if (filters.territory) builder.andWhere('g.territory_id = :territory', { territory: filters.territory });
    if (filters.associationId) builder.andWhere('g.association_id = :association', { association: filters.associationId });
    switch (principal.role) {
      case 'association':
        if (filters.associationId && filters.associationId !== principal.org) return null;
        // Its own grants, and the consortium grants it is a member of.
        builder.andWhere('(g.association_id = :own OR g.member_ids @> ARRAY[:own]::text[])', { own: principal.org });
        break;
      case 'project_lead':
      case 'prefect_delegate':
        if (filters.territory && filters.territory !== principal.territory) {
          throw new DomainError('forbidden', `you see the grants of territory ${principal.territory} only`);
        }
        builder.andWhere('g.territory_id = :ownTerritory', { ownTerritory: principal.territory });
        break;
      case 'funder':
        builder.andWhere(':funder = ANY(g.funder_ids)', { funder: principal.org });
        break;
      case 'auditor':
      case 'admin':
        break;
    }
    return builder.orderBy('g.createdAt', 'DESC').addOrderBy('g.id', 'ASC');
  }

  async list(principal: Principal, query: ListGrantsQuery): Promise<GrantPageDto> {
    const builder = this.scoped(principal, query);
    if (!builder) return { items: [], total: 0, totalIsExact: true, page: query.page, pageSize: query.pageSize };
    // Plain LIMIT/OFFSET, and a count that stops at COUNT_CAP: counting every row of a large read
    // model on each page costs more than the page itself (see README, numbers).
    const [countingSql, countingParameters] = builder.clone().orderBy().select('1').limit(COUNT_CAP + 1).getQueryAndParameters();
    const [rows, counted] = await Promise.all([
      builder.clone().offset((query.page - 1) * query.pageSize).limit(query.pageSize).getMany(),
      this.dataSource.query(`SELECT count(*)::int AS total FROM (${countingSql}) AS capped`, countingParameters) as Promise<{ total: number }[]>,
    ]);
    const total = Math.min(counted[0]?.total ?? 0, COUNT_CAP);
    return { items: rows.map(toDto), total, totalIsExact: (counted[0]?.total ?? 0) <= COUNT_CAP, page: query.page, pageSize: query.pageSize };
  }

  /** Every matching grant, as CSV (French spreadsheets: `;`-safe quoting) or JSON. */
  async export(principal: Principal, filters: GrantFilters, format: 'csv' | 'json'): Promise<string> {
    const builder = this.scoped(principal, filters);
    const rows = builder ? (await builder.getMany()).map(toDto) : [];
    await this.auditLog.record(principal, 'export', null);
    if (format === 'json') return JSON.stringify(rows);
    const lines = [EXPORT_COLUMNS.join(','), ...rows.map((row) => EXPORT_COLUMNS.map((c) => csvCell(row[c])).join(','))];
    return `${lines.join('\r\n')}\r\n`;
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
