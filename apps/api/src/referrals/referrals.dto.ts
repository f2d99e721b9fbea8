import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ORIENTATIONS, Orientation, REFERRAL_STATUSES, ReferralStatus, SUPPORT_KINDS, SupportKind } from '@grants/domain';
import { PageMetaDto, PageQuery } from '../common/pagination';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const NOT_BLANK = /\S/;

export class NeedDto {
  @ApiPropertyOptional({ description: 'The territory (where the association acts); its only one when left out' })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: 'territory must be a territory id' })
  territory?: string;
  @ApiProperty({ enum: ORIENTATIONS }) @IsIn(ORIENTATIONS, { message: `orientation must be one of ${ORIENTATIONS.join(', ')}` }) orientation!: Orientation;
  @ApiProperty({ enum: SUPPORT_KINDS }) @IsIn(SUPPORT_KINDS, { message: `supportKind must be one of ${SUPPORT_KINDS.join(', ')}` }) supportKind!: SupportKind;
  @ApiProperty({ maxLength: 2000 }) @IsString() @Matches(NOT_BLANK, { message: 'description must not be empty' }) @MaxLength(2000) description!: string;
}

export class RouteDto {
  @ApiProperty({ example: 'funder-caf-93' }) @IsString() @Matches(ID, { message: 'signatoryId must be an organisation id' }) signatoryId!: string;
  @ApiProperty({ maxLength: 200, example: 'Mme Diallo, conseillère territoriale' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'contactName must not be empty' })
  @MaxLength(200)
  contactName!: string;
}

export class ReferralAnswerDto {
  @ApiProperty({ description: 'true: support offered; false: declined' }) @IsBoolean() supported!: boolean;
  @ApiProperty({ maxLength: 4000, description: 'The support offered and its form, or the reason for declining' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'text must not be empty' })
  @MaxLength(4000)
  text!: string;
}

export class ReferralWithdrawDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @Matches(NOT_BLANK, { message: 'reason must not be empty' }) @MaxLength(2000) reason!: string;
}

export class ReferralListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES, { message: `status must be one of ${REFERRAL_STATUSES.join(', ')}` })
  status?: ReferralStatus;
}

// ---- responses ----

export class NeedViewDto {
  @ApiProperty() territoryId!: string;
  @ApiProperty() associationId!: string;
  @ApiProperty({ enum: ORIENTATIONS }) orientation!: Orientation;
  @ApiProperty({ enum: SUPPORT_KINDS }) supportKind!: SupportKind;
  @ApiProperty() description!: string;
}

export class RoutingOutcomeDto {
  @ApiProperty({ enum: ['supported', 'declined', 'escalated'] }) kind!: 'supported' | 'declined' | 'escalated';
  @ApiProperty() at!: string;
  @ApiPropertyOptional() support?: string;
  @ApiPropertyOptional() reason?: string;
}

export class RoutingDto {
  @ApiProperty() n!: number;
  @ApiProperty() signatoryId!: string;
  @ApiProperty() contactName!: string;
  @ApiProperty({ description: 'the engine suggested this signatory' }) suggested!: boolean;
  @ApiProperty() routedAt!: string;
  @ApiProperty() routedBy!: string;
  @ApiProperty() answerBy!: string;
  @ApiPropertyOptional() remindedAt?: string;
  @ApiPropertyOptional({ type: RoutingOutcomeDto }) outcome?: RoutingOutcomeDto;
}

export class ReferralWithdrawalDto {
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;
  @ApiProperty() by!: string;
}

export class ReferralDto {
  @ApiProperty({ example: 'ref-6f1c2d3e-0000-4000-8000-000000000001' }) id!: string;
  @ApiProperty({ type: NeedViewDto }) need!: NeedViewDto;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: ReferralStatus;
  @ApiProperty() submittedBy!: string;
  @ApiProperty({ type: [RoutingDto] }) routings!: RoutingDto[];
  @ApiPropertyOptional({ type: ReferralWithdrawalDto }) withdrawal?: ReferralWithdrawalDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class ReferralListItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() associationId!: string;
  @ApiProperty({ enum: ORIENTATIONS }) orientation!: Orientation;
  @ApiProperty({ enum: SUPPORT_KINDS }) supportKind!: SupportKind;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: ReferralStatus;
  @ApiProperty({ type: String, nullable: true }) signatoryId!: string | null;
  @ApiProperty({ type: [String] }) signatoryIds!: string[];
  @ApiProperty({ type: String, nullable: true }) answerBy!: string | null;
  @ApiProperty() routings!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class ReferralPageDto extends PageMetaDto {
  @ApiProperty({ type: [ReferralListItemDto] }) items!: ReferralListItemDto[];
}

export class SignatorySuggestionDto {
  @ApiProperty() signatoryId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'its concluded contributions matching the need (territory, orientation, nature)' }) contributions!: number;
  @ApiProperty() fundingCents!: number;
}

export class ReferralStatisticsDto {
  @ApiProperty() signatoryId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'needs routed to it that year' }) routed!: number;
  @ApiProperty({ description: 'answered in time (supported or declined)' }) answered!: number;
  @ApiProperty() supported!: number;
  @ApiProperty() declined!: number;
  @ApiProperty({ description: 'escalated back to the binôme, unanswered in time' }) unanswered!: number;
  @ApiProperty({ description: 'still awaiting its answer' }) awaiting!: number;
}
