import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { AGREEMENT_STATUSES, APPLICATION_STATUSES, INCUBATION_STATUSES, MICRO_GRANT_STATUSES } from '@grants/domain';

/** The kinds of file the read model lists (calls and cohorts have their own lists). */
const GRANT_KINDS = ['micro_grant', 'consortium_application', 'anchoring_agreement', 'incubation'] as const;
const GRANT_STATUSES = [...new Set([...MICRO_GRANT_STATUSES, ...APPLICATION_STATUSES, ...AGREEMENT_STATUSES, ...INCUBATION_STATUSES])];

export class GrantFilters {
  @ApiPropertyOptional({ enum: GRANT_KINDS })
  @IsOptional()
  @IsIn(GRANT_KINDS)
  kind?: (typeof GRANT_KINDS)[number];

  @ApiPropertyOptional({ enum: GRANT_STATUSES })
  @IsOptional()
  @IsIn(GRANT_STATUSES)
  status?: string;

  @ApiPropertyOptional({ example: 'plaine-commune' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,80}$/)
  territory?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(80)
  associationId?: string;
}

/** The filters of GET /grants, a page at a time. */
export class ListGrantsQuery extends IntersectionType(GrantFilters, PageQuery) {}

export class ExportGrantsQuery extends GrantFilters {
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'json'])
  format: 'csv' | 'json' = 'csv';
}

export class GrantViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() status!: string;
  @ApiProperty() title!: string;
  @ApiProperty() associationId!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty({ type: String, nullable: true }) binomeId!: string | null;
  @ApiProperty() amountCents!: number;
  @ApiProperty({ type: String, nullable: true }) paymentOrderId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reportDueAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class GrantPageDto {
  @ApiProperty({ type: [GrantViewDto] }) items!: GrantViewDto[];
  @ApiProperty({ description: 'Matching grants, counted up to 1,000' }) total!: number;
  @ApiProperty({ description: 'false when more than 1,000 grants match: total is then a lower bound' }) totalIsExact!: boolean;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class GrantEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'who: {kind, id?, role?}' }) actor!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'SHA-256 of the event and of the previous one (hash chain)' }) hash!: string;
}
