import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ELIGIBLE_PUBLICS, EligiblePublic, MAX_CENTS, MICRO_GRANT_STATUSES, MicroGrantStatus } from '@grants/domain';

export class NonTakeUpAssessmentDto {
  @ApiProperty({ maxLength: 1000, example: 'Prime d’activité, complémentaire santé solidaire', description: 'The rights or services not taken up' })
  @IsString()
  @Matches(/\S/, { message: 'targetPublic.assessment.rights must not be empty' })
  @MaxLength(1000)
  rights!: string;
  @ApiProperty({ minimum: 1, maximum: 100000, example: 60, description: 'How many people the association estimates it can reach' })
  @IsInt({ message: 'targetPublic.assessment.estimatedPeople must be a whole number of people' })
  @Min(1)
  @Max(100000)
  estimatedPeople!: number;
  @ApiProperty({ maxLength: 2000, example: 'Nos permanences : 40 familles sur 100 ne touchent pas la prime', description: 'How the association knows' })
  @IsString()
  @Matches(/\S/, { message: 'targetPublic.assessment.evidence must not be empty' })
  @MaxLength(2000)
  evidence!: string;
}

/** Whom the action is for: a pre-set eligible public, or a public defined from the association's self-assessment of non-take-up. */
export class TargetPublicDto {
  @ApiProperty({ enum: ['eligible', 'non_take_up'] })
  @IsIn(['eligible', 'non_take_up'], { message: 'targetPublic.basis must be "eligible" or "non_take_up"' })
  basis!: 'eligible' | 'non_take_up';
  @ApiPropertyOptional({ type: [String], enum: ELIGIBLE_PUBLICS, maxItems: ELIGIBLE_PUBLICS.length, description: 'basis eligible: the pre-set publics' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ELIGIBLE_PUBLICS.length)
  @IsIn(ELIGIBLE_PUBLICS, { each: true, message: `each of targetPublic.publics must be one of ${ELIGIBLE_PUBLICS.join(', ')}` })
  publics?: EligiblePublic[];
  @ApiPropertyOptional({ maxLength: 500, description: 'basis non_take_up: the public the association defines' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  public?: string;
  @ApiPropertyOptional({ type: NonTakeUpAssessmentDto, description: 'basis non_take_up: its self-assessment' })
  @IsOptional()
  @IsObject({ message: 'targetPublic.assessment must be an object' })
  @ValidateNested()
  @Type(() => NonTakeUpAssessmentDto)
  assessment?: NonTakeUpAssessmentDto;
}

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

  @ApiPropertyOptional({
    type: TargetPublicDto,
    description: 'Whom the action is for: a pre-set eligible public, or one defined from a self-assessment of non-take-up',
  })
  @IsOptional()
  @IsObject({ message: 'targetPublic must be an object' })
  @ValidateNested()
  @Type(() => TargetPublicDto)
  targetPublic?: TargetPublicDto;
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
  @ApiPropertyOptional({ type: TargetPublicDto, description: 'Absent on requests made before it was asked' }) targetPublic?: TargetPublicDto;
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
