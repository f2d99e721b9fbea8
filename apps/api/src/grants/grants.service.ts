import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { DomainError, Principal, readProblem } from '../../../../libs/domain/src';
import { GrantEntity, GrantEventEntity } from '../../../../libs/persistence/src';
import { GrantEventDto, GrantPageDto, GrantViewDto, ListGrantsQuery } from './grants.dto';

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

/** Reads of the read model (grants) and of the domain event log (grant_events). */
@Injectable()
export class GrantsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(principal: Principal, query: ListGrantsQuery): Promise<GrantPageDto> {
    const where: FindOptionsWhere<GrantEntity> = {};
    if (query.kind) where.kind = query.kind;
    if (query.status) where.status = query.status;
    if (query.territory) where.territoryId = query.territory;
    if (query.associationId) where.associationId = query.associationId;
    switch (principal.role) {
      case 'association':
        if (query.associationId && query.associationId !== principal.org) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
        where.associationId = principal.org;
        break;
      case 'project_lead':
      case 'prefect_delegate':
        if (query.territory && query.territory !== principal.territory) {
          throw new DomainError('forbidden', `you see the grants of territory ${principal.territory} only`);
        }
        where.territoryId = principal.territory;
        break;
      case 'funder':
        return this.listForFunder(principal.org!, query);
      case 'auditor':
      case 'admin':
        break;
    }
    const [rows, total] = await this.dataSource.getRepository(GrantEntity).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: rows.map(toDto), total, page: query.page, pageSize: query.pageSize };
  }

  private async listForFunder(funderId: string, query: ListGrantsQuery): Promise<GrantPageDto> {
    const builder = this.dataSource
      .getRepository(GrantEntity)
      .createQueryBuilder('g')
      .where(':funder = ANY(g.funder_ids)', { funder: funderId });
    if (query.kind) builder.andWhere('g.kind = :kind', { kind: query.kind });
    if (query.status) builder.andWhere('g.status = :status', { status: query.status });
    if (query.territory) builder.andWhere('g.territory_id = :territory', { territory: query.territory });
    if (query.associationId) builder.andWhere('g.association_id = :association', { association: query.associationId });
    const [rows, total] = await builder
      .orderBy('g.created_at', 'DESC')
      .addOrderBy('g.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: rows.map(toDto), total, page: query.page, pageSize: query.pageSize };
  }

  async events(principal: Principal, grantId: string): Promise<GrantEventDto[]> {
    const grant = await this.dataSource.getRepository(GrantEntity).findOneBy({ id: grantId });
    if (!grant) throw new DomainError('not_found', `no grant ${grantId}`);
    const problem = readProblem(principal, grant);
    if (problem) throw problem;
    const events = await this.dataSource.getRepository(GrantEventEntity).find({ where: { grantId }, order: { seq: 'ASC' } });
    return events.map((e) => ({
      seq: e.seq,
      type: e.type,
      actor: e.actor,
      payload: e.payload,
      occurredAt: e.occurredAt.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
    }));
  }
}
