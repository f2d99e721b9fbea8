import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { MAX_CENTS, MICRO_GRANT_STATUSES, MicroGrantStatus } from '../../../../libs/domain/src';

export class RequestMicroGrantDto {
  @ApiProperty({ example: 'binome-plaine-commune' })
  @IsString()
  @Matches(/^binome-[a-z0-9-]{1,80}$/, { message: 'binomeId must look like binome-<territory id>' })
  binomeId!: string;

  @ApiProperty({ example: 'Fête de quartier des Francs-Moisins', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: 'Matériel et goûter pour la fête de quartier de juin', maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  purpose!: string;

  @ApiProperty({ example: 150000, description: 'Amount requested, in euro cents (integer)' })
  @IsInt({ message: 'amountCents must be an integer number of cents' })
  @Min(1)
  @Max(MAX_CENTS)
  amountCents!: number;

  @ApiPropertyOptional({ example: 'QN09301M', description: 'Priority neighbourhood (QPV) code or name' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  qpv?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'], { message: 'decision must be "approve" or "reject"' })
  decision!: 'approve' | 'reject';

  @ApiPropertyOptional({ description: 'Required when rejecting', maxLength: 2000 })
  @ValidateIf((dto: DecisionDto) => dto.decision === 'reject' || dto.reason !== undefined)
  @IsString({ message: 'reason is required when rejecting' })
  @Matches(/\S/, { message: 'reason is required when rejecting' })
  @MaxLength(2000)
  reason?: string;
}

export class ReportDto {
  @ApiProperty({ example: '120 habitants présents, 14 bénévoles mobilisés.', maxLength: 8000 })
  @IsString()
  @Matches(/\S/, { message: 'summary must not be empty' })
  @MaxLength(8000)
  summary!: string;
}

export class MicroGrantCreatedDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: MICRO_GRANT_STATUSES }) status!: MicroGrantStatus;
  @ApiPropertyOptional({ description: 'Why the request went to standard instruction' }) escalationReason?: string;
}

export class StatusDto {
  @ApiProperty({ enum: MICRO_GRANT_STATUSES }) status!: MicroGrantStatus;
}

export class DecisionViewDto {
  @ApiProperty({ enum: ['project_lead', 'prefect_delegate'] }) role!: string;
  @ApiProperty({ enum: ['approve', 'reject'] }) decision!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty() at!: string;
}

export class MicroGrantViewDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: MICRO_GRANT_STATUSES }) status!: MicroGrantStatus;
  @ApiProperty() title!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty() binomeId!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() associationId!: string;
  @ApiPropertyOptional() qpv?: string;
  @ApiProperty() requestedAt!: string;
  @ApiProperty({ type: [DecisionViewDto] }) decisions!: DecisionViewDto[];
  @ApiPropertyOptional() decisionDeadlineAt?: string;
  @ApiPropertyOptional() escalationReason?: string;
  @ApiPropertyOptional() paymentOrderId?: string;
  @ApiPropertyOptional() reportDueAt?: string;
  @ApiPropertyOptional() closedAt?: string;
}

export class EnvelopeDto {
  @ApiProperty() binomeId!: string;
  @ApiProperty() year!: number;
  @ApiProperty() totalCents!: number;
  @ApiProperty() ceilingCents!: number;
  @ApiProperty() reservedCents!: number;
  @ApiProperty() committedCents!: number;
  @ApiProperty() availableCents!: number;
}
