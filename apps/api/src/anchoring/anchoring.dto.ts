import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsInt,
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
import { MAX_CENTS } from '@grants/domain';
import { FundingLineDto } from '../calls/calls.dto';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const NOT_BLANK = /\S/;

export class CoordinationDto {
  @ApiProperty({ enum: ['flat', 'tokens'], description: 'flat: a yearly envelope; tokens: a value per meeting attended, capped per year' })
  @IsIn(['flat', 'tokens'], { message: 'coordination.mode must be "flat" or "tokens"' })
  mode!: 'flat' | 'tokens';

  @ApiPropertyOptional({ example: 150000 })
  @ValidateIf((c: CoordinationDto) => c.mode === 'flat')
  @IsInt({ message: 'coordination.flatAmountCents is required in flat mode (integer cents)' })
  @Min(1)
  @Max(MAX_CENTS)
  flatAmountCents?: number;

  @ApiPropertyOptional({ example: 8000 })
  @ValidateIf((c: CoordinationDto) => c.mode === 'tokens')
  @IsInt({ message: 'coordination.tokenValueCents is required in tokens mode (integer cents)' })
  @Min(1)
  @Max(MAX_CENTS)
  tokenValueCents?: number;

  @ApiPropertyOptional({ example: 160000 })
  @ValidateIf((c: CoordinationDto) => c.mode === 'tokens')
  @IsInt({ message: 'coordination.yearlyCapCents is required in tokens mode (integer cents)' })
  @Min(1)
  @Max(MAX_CENTS)
  yearlyCapCents?: number;
}

export class ProposeAgreementDto {
  @ApiProperty({ example: 'assoc-jardins-montreuil' })
  @IsString()
  @Matches(ID, { message: 'associationId must be an association id' })
  associationId!: string;

  @ApiPropertyOptional({ example: 3, default: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  years?: number;

  @ApiProperty({ example: 4000000, description: 'Operating costs per year, in cents' })
  @IsInt({ message: 'yearlyAmountCents must be an integer number of cents' })
  @Min(1)
  @Max(MAX_CENTS)
  yearlyAmountCents!: number;

  @ApiPropertyOptional({ example: '2027-01-01', description: 'Today by default (now, in the demo mode); years are calendar years from it' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startDate?: string;

  @ApiProperty({ type: [FundingLineDto], description: "Each funder's share of the yearly amount; they add up to it" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true, message: 'fundingPlan must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => FundingLineDto)
  fundingPlan!: FundingLineDto[];

  @ApiProperty({ type: CoordinationDto })
  @IsObject({ message: 'coordination must be an object { mode, … }' })
  @ValidateNested()
  @Type(() => CoordinationDto)
  coordination!: CoordinationDto;
}

export class ActivityReportDto {
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(4) year!: number;
  @ApiProperty({ maxLength: 8000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'summary must not be empty' })
  @MaxLength(8000)
  summary!: string;
}

export class AmendmentDto {
  @ApiProperty({ example: 5000000 })
  @IsInt({ message: 'yearlyAmountCents must be an integer number of cents' })
  @Min(1)
  @Max(MAX_CENTS)
  yearlyAmountCents!: number;
  @ApiProperty({ example: 2, description: 'The first year the new amount applies to (a year not started yet)' }) @IsInt() @Min(1) @Max(4) fromYear!: number;
}

export class TerminationDto {
  @ApiProperty({
    enum: ['notice', 'mutual'],
    description: 'notice: by the funder side, effective after the notice period; mutual: effective when both parties asked',
  })
  @IsIn(['notice', 'mutual'], { message: 'mode must be "notice" or "mutual"' })
  mode!: 'notice' | 'mutual';
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be empty' })
  @MaxLength(2000)
  reason!: string;
}

export class CoordinationMeetingDto {
  @ApiProperty({ example: 'est-ensemble' }) @IsString() @Matches(ID, { message: 'territory must be a territory id' }) territory!: string;
  @ApiPropertyOptional({ example: '2027-03-14T18:00:00Z', description: 'When it took place (now by default: recorded at its end)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  date?: string;
  @ApiProperty({ example: 'Comité technique du contrat de ville', maxLength: 300 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'topic must not be empty' })
  @MaxLength(300)
  topic!: string;
  @ApiProperty({ example: ['assoc-jardins-montreuil', 'assoc-bondy-culture'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(ID, { each: true, message: 'attendeeAssociationIds must be association ids' })
  attendeeAssociationIds!: string[];
}

export class RejectedCreditDto {
  @ApiProperty() agreementId!: string;
  @ApiProperty({ example: 'the meeting is outside year 1 (2027-01-01T00:00:00.000Z to 2028-01-01T00:00:00.000Z)' }) reason!: string;
}

export class CoordinationMeetingResultDto {
  @ApiProperty({ example: 'cm-…' }) meetingId!: string;
  @ApiProperty({ type: [String], description: 'The agreements that took a token for this meeting' }) creditedAgreementIds!: string[];
  @ApiProperty({ type: [RejectedCreditDto], description: 'Token-mode agreements of attendees that refused the credit, with why' })
  rejectedCredits!: RejectedCreditDto[];
  @ApiProperty({ type: [String], description: 'Agreements still taking the credit into account when the answer left (rare: read them again)' })
  pendingAgreementIds!: string[];
}

// ---- the agreement as its parties read it (responses) ----

export class FundingLineViewDto {
  @ApiProperty({ example: 'funder-etat-93' }) funderId!: string;
  @ApiProperty({ description: 'integer cents' }) amountCents!: number;
}

export class CoordinationTermsDto {
  @ApiProperty({ enum: ['flat', 'tokens'] }) mode!: 'flat' | 'tokens';
  @ApiPropertyOptional() flatAmountCents?: number;
  @ApiPropertyOptional() tokenValueCents?: number;
  @ApiPropertyOptional() yearlyCapCents?: number;
}

export class PaymentLineDto {
  @ApiPropertyOptional({ description: 'the funder whose line the order pays' }) funderId?: string;
  @ApiProperty() paymentOrderId!: string;
  @ApiProperty() amountCents!: number;
}

export class YearCoordinationDto {
  @ApiProperty({ description: 'meetings attended (tokens mode)' }) tokens!: number;
  @ApiProperty({ description: 'owed so far this year' }) accruedCents!: number;
  @ApiProperty() paidCents!: number;
  @ApiProperty({ enum: ['upcoming', 'paid', 'cancelled'] }) status!: string;
  @ApiPropertyOptional() paymentOrderId?: string;
}

export class YearReportDto {
  @ApiProperty() dueAt!: string;
  @ApiProperty({ enum: ['not_due', 'due', 'overdue', 'received'] }) status!: 'not_due' | 'due' | 'overdue' | 'received';
  @ApiPropertyOptional() submittedAt?: string;
  @ApiPropertyOptional() summary?: string;
  @ApiProperty() remindersSent!: number;
}

export class AgreementYearDto {
  @ApiProperty() year!: number;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty({ type: [FundingLineViewDto] }) fundingPlan!: FundingLineViewDto[];
  @ApiProperty({ enum: ['upcoming', 'paid', 'withheld', 'cancelled'] }) tranche!: 'upcoming' | 'paid' | 'withheld' | 'cancelled';
  @ApiProperty({ type: [PaymentLineDto] }) trancheOrders!: PaymentLineDto[];
  @ApiProperty({ type: YearCoordinationDto }) coordination!: YearCoordinationDto;
  @ApiProperty({ type: YearReportDto }) report!: YearReportDto;
}

export class PendingAmendmentDto {
  @ApiProperty() yearlyAmountCents!: number;
  @ApiProperty() fromYear!: number;
  @ApiProperty() proposedBy!: string;
  @ApiProperty({ enum: ['association', 'funding'] }) proposedBySide!: 'association' | 'funding';
  @ApiProperty() proposedAt!: string;
  @ApiPropertyOptional({ type: [String], description: 'the funders whose line changes and who have not agreed yet' }) awaitingFunders?: string[];
  @ApiPropertyOptional() associationAgreed?: boolean;
}

export class AmendmentDoneDto {
  @ApiProperty() yearlyAmountCents!: number;
  @ApiProperty() fromYear!: number;
  @ApiProperty() acceptedAt!: string;
}

export class TerminationViewDto {
  @ApiProperty({ enum: ['notice', 'mutual'] }) mode!: 'notice' | 'mutual';
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['association', 'funding'] }) requestedBy!: 'association' | 'funding';
  @ApiProperty() requestedAt!: string;
  @ApiPropertyOptional({ description: 'when it takes effect (absent while a mutual termination awaits a party)' }) effectiveAt?: string;
  @ApiPropertyOptional({ type: [String], description: "a mutual termination: the parties still to agree ('association', funder ids)" }) awaiting?: string[];
}

export class CreditRefusedDto {
  @ApiProperty() meetingId!: string;
  @ApiProperty() date!: string;
  @ApiProperty() reason!: string;
}

export class AgreementTotalsDto {
  @ApiProperty() operatingPaidCents!: number;
  @ApiProperty() coordinationPaidCents!: number;
  @ApiProperty() tokens!: number;
}

export class ProposerDto {
  @ApiProperty() id!: string;
  @ApiProperty() role!: string;
  @ApiPropertyOptional() org?: string;
}

/** An anchoring agreement as its parties read it: the terms, each year's tranche, coordination time and report. */
export class AgreementViewDto {
  @ApiProperty({ example: 'anc-…' }) id!: string;
  @ApiProperty() associationId!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() years!: number;
  @ApiProperty() yearlyAmountCents!: number;
  @ApiProperty() startDate!: string;
  @ApiProperty({ type: [FundingLineViewDto] }) fundingPlan!: FundingLineViewDto[];
  @ApiProperty({ type: CoordinationTermsDto }) coordination!: CoordinationTermsDto;
  @ApiProperty({ type: ProposerDto }) proposedBy!: ProposerDto;
  @ApiProperty() proposedAt!: string;
  @ApiProperty({ enum: ['proposed', 'active', 'report_overdue', 'withdrawn', 'terminated', 'completed'] }) status!: string;
  @ApiPropertyOptional() acceptedAt?: string;
  @ApiPropertyOptional({ type: [String], description: 'the funders that have accepted their own line' }) fundersAccepted?: string[];
  @ApiProperty({ type: [String], description: 'the funders whose acceptance of their own line the agreement awaits (empty once signed)' })
  awaitingFunders!: string[];
  @ApiPropertyOptional() associationAcceptedAt?: string;
  @ApiProperty() currentYear!: number;
  @ApiProperty({ type: [AgreementYearDto] }) schedule!: AgreementYearDto[];
  @ApiProperty({ type: [AmendmentDoneDto] }) amendments!: AmendmentDoneDto[];
  @ApiPropertyOptional({ type: PendingAmendmentDto }) pendingAmendment?: PendingAmendmentDto;
  @ApiPropertyOptional({ type: TerminationViewDto }) termination?: TerminationViewDto;
  @ApiProperty({ type: [CreditRefusedDto] }) rejectedCredits!: CreditRefusedDto[];
  @ApiProperty({ type: AgreementTotalsDto }) totals!: AgreementTotalsDto;
  @ApiPropertyOptional() endedAt?: string;
}
