import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CONTRIBUTION_NATURES,
  CONTRIBUTION_STATUSES,
  ContributionNature,
  ContributionSide,
  ContributionStatus,
  ORIENTATIONS,
  Orientation,
} from '@grants/domain';
import { PageMetaDto, PageQuery } from '../common/pagination';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const NOT_BLANK = /\S/;

export class ContributionTermsDto {
  @ApiProperty({ example: 'plaine-commune' }) @IsString() @Matches(ID, { message: 'territory must be a territory id' }) territory!: string;
  @ApiProperty({ example: 'funder-caf-93', description: 'The associated signatory (a funder organisation of the directory)' })
  @IsString()
  @Matches(ID, { message: 'signatoryId must be an organisation id' })
  signatoryId!: string;
  @ApiProperty({ enum: ORIENTATIONS }) @IsIn(ORIENTATIONS, { message: `orientation must be one of ${ORIENTATIONS.join(', ')}` }) orientation!: Orientation;
  @ApiProperty({ example: 2027, minimum: 2000, maximum: 2100 }) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiProperty({ enum: CONTRIBUTION_NATURES, description: 'funding (amountCents), staff on the ground (staffCount), or premises' })
  @IsIn(CONTRIBUTION_NATURES, { message: `nature must be one of ${CONTRIBUTION_NATURES.join(', ')}` })
  nature!: ContributionNature;
  @ApiPropertyOptional({ minimum: 1, description: 'Funding only: the amount committed, in cents' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000_000)
  amountCents?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: 'Staff only: how many people' }) @IsOptional() @IsInt() @Min(1) @Max(1000) staffCount?: number;
  @ApiProperty({ maxLength: 2000, example: 'Deux travailleurs sociaux à mi-temps dans les centres sociaux du quartier' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'description must not be empty' })
  @MaxLength(2000)
  description!: string;
  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    description: 'Organisations co-carrying the orientation (signatories or associations of the directory)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(ID, { each: true, message: 'coCarriers must be organisation ids' })
  coCarriers?: string[];
}

export class ContributionWithdrawDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @Matches(NOT_BLANK, { message: 'reason must not be empty' }) @MaxLength(2000) reason!: string;
}

export class ContributionListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, { message: 'territory must be a territory id' }) territory?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, { message: 'signatory must be an organisation id' }) signatory?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: CONTRIBUTION_STATUSES })
  @IsOptional()
  @IsIn(CONTRIBUTION_STATUSES, { message: `status must be one of ${CONTRIBUTION_STATUSES.join(', ')}` })
  status?: ContributionStatus;
}

// ---- responses ----

export class ContributionTermsViewDto {
  @ApiProperty() territoryId!: string;
  @ApiProperty() signatoryId!: string;
  @ApiProperty({ enum: ORIENTATIONS }) orientation!: Orientation;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: CONTRIBUTION_NATURES }) nature!: ContributionNature;
  @ApiPropertyOptional() amountCents?: number;
  @ApiPropertyOptional() staffCount?: number;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) coCarriers!: string[];
}

export class ContributionSignatureDto {
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
  @ApiProperty() version!: number;
}

export class ContributionSignaturesDto {
  @ApiPropertyOptional({ type: ContributionSignatureDto }) team?: ContributionSignatureDto;
  @ApiPropertyOptional({ type: ContributionSignatureDto }) signatory?: ContributionSignatureDto;
}

export class ContributionWithdrawalDto {
  @ApiProperty({ enum: ['team', 'signatory'] }) side!: ContributionSide;
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;
  @ApiProperty() by!: string;
}

export class SignatoryContributionDto {
  @ApiProperty({ example: 'ctb-6f1c2d3e-0000-4000-8000-000000000001' }) id!: string;
  @ApiProperty({ type: ContributionTermsViewDto }) terms!: ContributionTermsViewDto;
  @ApiProperty({ enum: CONTRIBUTION_STATUSES }) status!: ContributionStatus;
  @ApiProperty({ description: 'The version on the table' }) version!: number;
  @ApiProperty({ enum: ['team', 'signatory'] }) proposedBy!: ContributionSide;
  @ApiProperty({ type: ContributionSignaturesDto }) signatures!: ContributionSignaturesDto;
  @ApiPropertyOptional({ enum: ['team', 'signatory'], description: 'The side whose signature is awaited' }) awaiting?: ContributionSide;
  @ApiPropertyOptional() signBy?: string;
  @ApiPropertyOptional() remindedAt?: string;
  @ApiPropertyOptional() agreedAt?: string;
  @ApiPropertyOptional({ type: ContributionWithdrawalDto }) withdrawal?: ContributionWithdrawalDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class ContributionListItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() signatoryId!: string;
  @ApiProperty({ enum: ORIENTATIONS }) orientation!: Orientation;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: CONTRIBUTION_NATURES }) nature!: ContributionNature;
  @ApiProperty({ type: Number, nullable: true }) amountCents!: number | null;
  @ApiProperty({ type: Number, nullable: true }) staffCount!: number | null;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) coCarriers!: string[];
  @ApiProperty({ enum: CONTRIBUTION_STATUSES }) status!: ContributionStatus;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, enum: ['team', 'signatory'], nullable: true }) awaiting!: ContributionSide | null;
  @ApiProperty({ type: String, nullable: true }) signBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) agreedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class ContributionPageDto extends PageMetaDto {
  @ApiProperty({ type: [ContributionListItemDto] }) items!: ContributionListItemDto[];
}

export class OrientationCommitmentDto {
  @ApiProperty({ enum: ORIENTATIONS }) orientation!: Orientation;
  @ApiProperty() fundingCents!: number;
  @ApiProperty() staff!: number;
  @ApiProperty() premises!: number;
}

export class CommittedDto {
  @ApiProperty() fundingCents!: number;
  @ApiProperty() staff!: number;
  @ApiProperty() premises!: number;
  @ApiProperty({ type: [OrientationCommitmentDto] }) byOrientation!: OrientationCommitmentDto[];
}

export class PaidByPurposeDto {
  @ApiProperty({ description: 'grant, stipend, award_tranche, final_tranche, operating_tranche, coordination…' }) purpose!: string;
  @ApiProperty() cents!: number;
  @ApiProperty() orders!: number;
}

export class PaidDto {
  @ApiProperty() cents!: number;
  @ApiProperty() orders!: number;
  @ApiProperty({ type: [PaidByPurposeDto] }) byPurpose!: PaidByPurposeDto[];
}

export class SignatoryYearDto {
  @ApiProperty() signatoryId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ type: CommittedDto, description: 'What its agreed contributions commit that year' }) committed!: CommittedDto;
  @ApiProperty({
    type: PaidDto,
    description:
      'What it paid that year through the funding paths: every payment order naming it as funder, and the micro-grants paid from the envelopes it funds',
  })
  paid!: PaidDto;
  @ApiProperty({ description: 'Contributions of that year still under negotiation (not counted as committed)' }) negotiating!: number;
}
