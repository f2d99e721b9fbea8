import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MICRO_GRANT_STATUSES } from '../../../../libs/domain/src';

export class GrantFilters {
  @ApiPropertyOptional({ enum: ['micro_grant'] })
  @IsOptional()
  @IsIn(['micro_grant'])
  kind?: string;

  @ApiPropertyOptional({ enum: MICRO_GRANT_STATUSES })
  @IsOptional()
  @IsIn(MICRO_GRANT_STATUSES)
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

export class ListGrantsQuery extends GrantFilters {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}

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
  @ApiPropertyOptional() binomeId!: string | null;
  @ApiProperty() amountCents!: number;
  @ApiPropertyOptional() paymentOrderId!: string | null;
  @ApiPropertyOptional() reportDueAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class GrantPageDto {
  @ApiProperty({ type: [GrantViewDto] }) items!: GrantViewDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class GrantEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty() actor!: Record<string, unknown>;
  @ApiProperty() payload!: Record<string, unknown>;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'SHA-256 of the event and of the previous one (hash chain)' }) hash!: string;
}
