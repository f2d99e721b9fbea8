import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { APPLICATION_STATUSES, MAX_CENTS, PROPOSAL_RULES } from '@grants/domain';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const NOT_BLANK = /\S/;

export class FundingLineDto {
  @ApiProperty({ example: 'funder-etat-93' })
  @IsString()
  @Matches(ID, { message: 'funderId must be a funder id' })
  funderId!: string;

  @ApiProperty({ example: 3000000, description: "This funder's share of the budget, in cents" })
  @IsInt({ message: 'amountCents must be an integer number of cents' })
  @Min(1)
  @Max(MAX_CENTS)
  amountCents!: number;
}

export class MeetupWindowDto {
  @ApiProperty({ example: '2027-01-10T09:00:00Z' }) @IsISO8601({ strict: true }) startsAt!: string;
  @ApiProperty({ example: '2027-02-10T18:00:00Z' }) @IsISO8601({ strict: true }) endsAt!: string;
}

/** Policy overrides of one call (every field optional; defaults in the README). */
export class CallPolicyDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) preselectionThresholdCents?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100) shortlistMax?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) stipendCents?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) proximityFloorPercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ maxDecimalPlaces: 3 }) @Min(0.001) @Max(1) minShareRatio?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ maxDecimalPlaces: 3 }) @Min(1) @Max(10) maxShareRatio?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(1_000_000) hourlyRateCents?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) awardTranchePercent?: number;
  @ApiPropertyOptional({ description: 'Days after the award before the final report is due' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(3650)
  finalReportDueDays?: number;
}

export class LaunchCallDto {
  @ApiProperty({ example: 'Tisser du lien aux Francs-Moisins', maxLength: 200 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be empty' })
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: ['lien social', 'jeunesse'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'themes must not be empty' })
  themes!: string[];

  @ApiProperty({ example: ['plaine-commune'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(ID, { each: true, message: 'territories must be territory ids' })
  territories!: string[];

  @ApiProperty({ example: 'Jeunes de 12 à 25 ans des quartiers prioritaires', maxLength: 2000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'targetPublic must not be empty' })
  @MaxLength(2000)
  targetPublic!: string;

  @ApiProperty({ example: 6000000, description: 'Budget in cents; at or above the threshold, pre-selection is paid' })
  @IsInt({ message: 'budgetCents must be an integer number of cents' })
  @Min(1)
  @Max(MAX_CENTS)
  budgetCents!: number;

  @ApiProperty({ type: [FundingLineDto], description: 'The co-funders and their shares; they add up to the budget' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true, message: '$property must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => FundingLineDto)
  fundingPlan!: FundingLineDto[];

  @ApiPropertyOptional({ type: MeetupWindowDto, description: 'Required, except in the demo mode (DEMO_TIME), where it defaults to now until 20 days later' })
  @IsOptional()
  @IsObject({ message: 'meetupWindow must be an object { startsAt, endsAt }' })
  @ValidateNested()
  @Type(() => MeetupWindowDto)
  meetupWindow?: MeetupWindowDto;

  @ApiPropertyOptional({ example: '2027-02-15T18:00:00Z', description: 'Required, except in the demo mode, where it defaults to 30 days after the launch' })
  @IsOptional()
  @IsISO8601({ strict: true })
  eoiDeadline?: string;

  @ApiPropertyOptional({ example: '2027-04-15T18:00:00Z', description: 'Required, except in the demo mode, where it defaults to 60 days after the launch' })
  @IsOptional()
  @IsISO8601({ strict: true })
  proposalDeadline?: string;

  @ApiPropertyOptional({ type: CallPolicyDto })
  @IsOptional()
  @IsObject({ message: 'policy must be an object of overrides' })
  @ValidateNested()
  @Type(() => CallPolicyDto)
  policy?: CallPolicyDto;
}

export class ScheduleMeetupDto {
  @ApiProperty({ example: '2027-01-20T18:00:00Z' }) @IsISO8601({ strict: true }) at!: string;
  @ApiProperty({ example: 'Maison de quartier des Francs-Moisins, Saint-Denis (or a visio link)', maxLength: 500 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'place must not be empty' })
  @MaxLength(500)
  place!: string;
}

export class RsvpDto {
  @ApiProperty() @IsBoolean({ message: 'attending must be true or false' }) attending!: boolean;
}

export class AttendanceDto {
  @ApiProperty({ example: ['assoc-francs-moisins'] })
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(ID, { each: true, message: 'attendeeIds must be association ids' })
  attendeeIds!: string[];
}

export class CreateConsortiumDto {
  @ApiProperty({ example: 'Francs-Moisins Ensemble', maxLength: 200 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;
}

export class InviteDto {
  @ApiProperty({ example: 'assoc-jeunesse-aubervilliers' })
  @IsString()
  @Matches(ID, { message: 'associationId must be an association id' })
  associationId!: string;
}

export class StipendShareDto {
  @ApiProperty() @IsString() @Matches(ID, { message: 'associationId must be an association id' }) associationId!: string;
  @ApiProperty({ example: 50 }) @IsInt() @Min(0) @Max(100) percent!: number;
}

export class ExpressInterestDto {
  @ApiPropertyOptional({ description: 'Your consortium (you are its lead member); absent: you apply alone' })
  @IsOptional()
  @IsString()
  @Matches(/^cons-[0-9a-f-]{36}-[0-9a-f]{8}$/, { message: 'consortiumId must be a consortium id' })
  consortiumId?: string;

  @ApiProperty({ example: 'Ateliers hebdomadaires et sorties culturelles', maxLength: 4000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'summary must not be empty' })
  @MaxLength(4000)
  summary!: string;

  @ApiPropertyOptional({ type: [StipendShareDto], description: 'How the members split a stipend (percentages adding up to 100)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: '$property must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => StipendShareDto)
  stipendSplit?: StipendShareDto[];
}

export class ShortlistDecisionDto {
  @ApiProperty() @IsString() @Matches(/^app-[0-9a-f-]{36}-[0-9a-f]{8}$/, { message: 'applicationId must be an application id' }) applicationId!: string;
  @ApiProperty() @IsBoolean() shortlisted!: boolean;
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'every shortlist decision needs a reason' })
  @MaxLength(2000)
  reason!: string;
}

export class ShortlistDto {
  @ApiProperty({ type: [ShortlistDecisionDto], description: 'One decision per application, each with its reason' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsObject({ each: true, message: '$property must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => ShortlistDecisionDto)
  decisions!: ShortlistDecisionDto[];
}

export class ContributionDto {
  @ApiProperty({ example: 'animation des ateliers', maxLength: 200 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'role must not be empty' })
  @MaxLength(200)
  role!: string;

  @ApiPropertyOptional({ example: 400 }) @IsOptional() @IsInt() @Min(0) @Max(100_000) hours?: number;
  @ApiPropertyOptional({ example: 150000 }) @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) costsCents?: number;
}

export class ProposalMemberDto {
  @ApiProperty() @IsString() @Matches(ID, { message: 'associationId must be an association id' }) associationId!: string;
  @ApiProperty({ example: 2400000 }) @IsInt({ message: 'shareCents must be an integer number of cents' }) @Min(0) @Max(MAX_CENTS) shareCents!: number;
  @ApiProperty({ type: ContributionDto })
  @IsObject({ message: 'contribution must be an object { role, hours, costsCents }' })
  @ValidateNested()
  @Type(() => ContributionDto)
  contribution!: ContributionDto;
}

export class ProposalDto {
  @ApiProperty({ example: 4000000 })
  @IsInt({ message: 'requestedAmountCents must be an integer number of cents' })
  @Min(1)
  @Max(MAX_CENTS)
  requestedAmountCents!: number;

  @ApiProperty({ type: [ProposalMemberDto], description: "Every member's share and declared contribution" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: '$property must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => ProposalMemberDto)
  members!: ProposalMemberDto[];

  @ApiProperty({ maxLength: 8000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'targetPublicPlan must not be empty' })
  @MaxLength(8000)
  targetPublicPlan!: string;

  @ApiProperty({ example: '2027-09-01' }) @IsISO8601({ strict: true }) actionStart!: string;
  @ApiProperty({ example: '2028-06-30' }) @IsISO8601({ strict: true }) actionEnd!: string;
}

export class AwardLineDto {
  @ApiProperty() @IsString() @Matches(/^app-[0-9a-f-]{36}-[0-9a-f]{8}$/, { message: 'applicationId must be an application id' }) applicationId!: string;
  @ApiProperty() @IsInt({ message: 'amountCents must be an integer number of cents' }) @Min(1) @Max(MAX_CENTS) amountCents!: number;
}

export class AwardsDto {
  @ApiProperty({ type: [AwardLineDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @IsObject({ each: true, message: '$property must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => AwardLineDto)
  awards!: AwardLineDto[];

  @ApiProperty({ description: 'The reason of the decision, sent to every applicant', maxLength: 4000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be empty' })
  @MaxLength(4000)
  reason!: string;
}

export class FinalReportDto {
  @ApiProperty({ maxLength: 8000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'summary must not be empty' })
  @MaxLength(8000)
  summary!: string;
}

// ---- the call as its reader sees it (responses) ----

export class CallFundingLineViewDto {
  @ApiProperty({ example: 'funder-etat-93' }) funderId!: string;
  @ApiProperty({ description: 'integer cents' }) amountCents!: number;
}

export class CallWindowDto {
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
}

export class RsvpViewDto {
  @ApiProperty() associationId!: string;
  @ApiProperty() attending!: boolean;
  @ApiProperty() at!: string;
  @ApiPropertyOptional({ description: 'how many answers it gave (at most 10)' }) changes?: number;
}

export class MeetupViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ type: [RsvpViewDto], description: 'an association sees its own answer only' }) rsvps!: RsvpViewDto[];
  @ApiPropertyOptional({ type: [String] }) attendees?: string[];
}

export class ConsortiumInvitationViewDto {
  @ApiProperty() associationId!: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'declined'] }) status!: 'pending' | 'accepted' | 'declined';
}

export class ConsortiumViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() leadAssociationId!: string;
  @ApiProperty({ type: [String] }) members!: string[];
  @ApiProperty({ type: [ConsortiumInvitationViewDto] }) invitations!: ConsortiumInvitationViewDto[];
  @ApiPropertyOptional() applicationId?: string;
}

/** A possible double funding: the same association (SIRET) funded by another grant over an overlapping period. */
export class DoubleFundingFlagDto {
  @ApiProperty() associationId!: string;
  @ApiProperty() siret!: string;
  @ApiProperty() conflictingGrantId!: string;
  @ApiProperty() conflictingTitle!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
}
export class ApplicationSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() consortiumId!: string;
  @ApiProperty({ type: [String] }) members!: string[];
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: string;
  @ApiPropertyOptional() requestedAmountCents?: number;
  @ApiPropertyOptional() awardCents?: number;
  @ApiPropertyOptional({ type: [DoubleFundingFlagDto], description: 'set once the proposal is submitted: what the deciders weigh beside the award' })
  doubleFundingFlags?: DoubleFundingFlagDto[];
}

export class CallDecisionDto {
  @ApiProperty() applicationId!: string;
  @ApiProperty() shortlisted!: boolean;
  @ApiProperty() reason!: string;
}

export class CallAwardViewDto {
  @ApiProperty() applicationId!: string;
  @ApiProperty() amountCents!: number;
}

/** A call for projects as its reader sees it (an association: its own answers, consortium and application). */
export class CallStateDto {
  @ApiProperty({ example: 'call-…' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: [String] }) territories!: string[];
  @ApiProperty() targetPublic!: string;
  @ApiProperty() budgetCents!: number;
  @ApiProperty({ type: [CallFundingLineViewDto] }) fundingPlan!: CallFundingLineViewDto[];
  @ApiProperty({ type: CallWindowDto }) meetupWindow!: CallWindowDto;
  @ApiProperty() eoiDeadline!: string;
  @ApiProperty() proposalDeadline!: string;
  @ApiProperty() launchedBy!: string;
  @ApiProperty() launchedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the policy the call runs under (threshold, K, stipend, equity bounds)' })
  policy!: Record<string, unknown>;
  @ApiProperty() paidPreselection!: boolean;
  @ApiProperty({ enum: ['open', 'preselection', 'proposals', 'deciding', 'awarded', 'closed_without_award'] }) phase!: string;
  @ApiProperty({ type: [String] }) invited!: string[];
  @ApiProperty({ type: [MeetupViewDto] }) meetups!: MeetupViewDto[];
  @ApiProperty({ type: [ConsortiumViewDto] }) consortia!: ConsortiumViewDto[];
  @ApiProperty({ type: [ApplicationSummaryDto] }) applications!: ApplicationSummaryDto[];
  @ApiPropertyOptional({ type: [CallDecisionDto] }) shortlist?: CallDecisionDto[];
  @ApiPropertyOptional({ type: [CallAwardViewDto] }) awards?: CallAwardViewDto[];
  @ApiPropertyOptional() decisionReason?: string;
  @ApiPropertyOptional({ type: [String], description: 'the funders of the plan that have accepted their own line' }) fundersAccepted?: string[];
  @ApiPropertyOptional({ type: [String], description: 'the funders whose acceptance the call awaits before ordering any money' }) awaitingFunders?: string[];
}

/** A call in the list (the calls read model). */
export class CallListItemDto {
  @ApiProperty({ example: 'call-…' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['open', 'preselection', 'proposals', 'deciding', 'awarded', 'closed_without_award'] }) phase!: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: [String] }) territories!: string[];
  @ApiProperty({ type: [String] }) funderIds!: string[];
  @ApiProperty() budgetCents!: number;
  @ApiProperty() paidPreselection!: boolean;
  @ApiProperty({ format: 'date-time' }) eoiDeadline!: string;
  @ApiProperty({ format: 'date-time' }) proposalDeadline!: string;
  @ApiProperty({ description: 'expressions of interest received' }) applications!: number;
  @ApiProperty() awardedCents!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

// ---- one application as its reader sees it (responses) ----

export class ApplicationMemberViewDto {
  @ApiProperty() associationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['local', 'national'] }) proximity!: string;
}
export class ApplicationConsortiumViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() leadAssociationId!: string;
  @ApiProperty({ type: [ApplicationMemberViewDto] }) members!: ApplicationMemberViewDto[];
}
export class MemberAmountDto {
  @ApiProperty() associationId!: string;
  @ApiProperty() amountCents!: number;
}
export class ApplicationStipendViewDto {
  @ApiProperty() amountCents!: number;
  @ApiProperty() paymentOrderId!: string;
  @ApiProperty({ type: [MemberAmountDto] }) split!: MemberAmountDto[];
  @ApiPropertyOptional({ description: "the reading association's own part" }) yourShareCents?: number;
}
export class ProposalMemberViewDto {
  @ApiProperty() associationId!: string;
  @ApiProperty() shareCents!: number;
  @ApiProperty() role!: string;
  @ApiPropertyOptional() hours?: number;
  @ApiPropertyOptional() costsCents?: number;
}
export class SplitRulesDto {
  @ApiProperty({ example: 0.5, description: "a member's share of the amount, over its share of the declared contributions, at least this" })
  minShareRatio!: number;
  @ApiProperty({ example: 1.5, description: '… and at most this' }) maxShareRatio!: number;
  @ApiProperty({ example: 20, description: 'a proximity (local) member receives at least this percentage' }) proximityFloorPercent!: number;
  @ApiProperty({ example: 3500, description: 'the value of one declared hour, in cents' }) hourlyRateCents!: number;
}
export class ApplicationProposalViewDto {
  @ApiProperty() requestedAmountCents!: number;
  @ApiProperty() actionStart!: string;
  @ApiProperty() actionEnd!: string;
  @ApiProperty() targetPublicPlan!: string;
  @ApiProperty() submittedAt!: string;
  @ApiPropertyOptional({ description: "the reading association's own share" }) yourShareCents?: number;
  @ApiProperty({ type: [ProposalMemberViewDto] }) members!: ProposalMemberViewDto[];
}
export class MemberPaymentsDto {
  @ApiProperty() associationId!: string;
  @ApiProperty() awardCents!: number;
  @ApiProperty({ description: 'ordered at once' }) firstTrancheCents!: number;
  @ApiProperty({ description: 'ordered on the final report' }) finalTrancheCents!: number;
}
export class ApplicationAwardViewDto {
  @ApiProperty() amountCents!: number;
  @ApiProperty() reason!: string;
  @ApiProperty() awardedAt!: string;
  @ApiProperty({ type: [MemberPaymentsDto] }) payments!: MemberPaymentsDto[];
  @ApiPropertyOptional({ type: MemberPaymentsDto, description: "the reading association's own payments" }) yours?: MemberPaymentsDto;
}
export class FinalReportViewDto {
  @ApiProperty() summary!: string;
  @ApiProperty() submittedAt!: string;
}
/** An application as its reader sees it: where it stands, what comes next and by when, and the money. */
export class ApplicationViewDto {
  @ApiProperty({ example: 'app-…' }) id!: string;
  @ApiProperty() callId!: string;
  @ApiProperty() callTitle!: string;
  @ApiProperty({ type: ApplicationConsortiumViewDto }) consortium!: ApplicationConsortiumViewDto;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: string;
  @ApiProperty({ description: 'whether shortlisted consortia are paid a stipend to co-produce their proposal' }) paidPreselection!: boolean;
  @ApiProperty({ type: SplitRulesDto }) splitRules!: SplitRulesDto;
  @ApiProperty({ description: 'the next step, in English words' }) nextStep!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the deadline of the next step' }) deadline!: string | null;
  @ApiPropertyOptional() shortlistReason?: string;
  @ApiPropertyOptional({ type: ApplicationStipendViewDto }) stipend?: ApplicationStipendViewDto;
  @ApiPropertyOptional({ type: ApplicationProposalViewDto }) proposal?: ApplicationProposalViewDto;
  @ApiProperty({ type: [DoubleFundingFlagDto] }) doubleFundingFlags!: DoubleFundingFlagDto[];
  @ApiPropertyOptional({ type: ApplicationAwardViewDto }) award?: ApplicationAwardViewDto;
  @ApiPropertyOptional() decisionReason?: string;
  @ApiPropertyOptional() reportDueAt?: string;
  @ApiPropertyOptional({ type: FinalReportViewDto }) finalReport?: FinalReportViewDto;
  @ApiPropertyOptional() closedAt?: string;
}
/** One rule a proposal breaks, with the member it names and the figures behind it. */
export class ProposalBreakDto {
  @ApiProperty({ enum: PROPOSAL_RULES }) rule!: string;
  @ApiPropertyOptional() associationId?: string;
  @ApiPropertyOptional({ description: "the member's share of the amount (percent)" }) sharePercent?: number;
  @ApiPropertyOptional({ description: "the member's share of the declared contributions (percent)" }) contributionPercent?: number;
  @ApiPropertyOptional({ description: 'the bound broken: a ratio, or the proximity floor in percent' }) bound?: number;
  @ApiPropertyOptional() totalCents?: number;
  @ApiPropertyOptional() requestedCents?: number;
  @ApiPropertyOptional() budgetCents?: number;
  @ApiProperty() message!: string;
}
/** A proposal refused: every rule it breaks. */
export class ProposalRefusalDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'validation' }) error!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: [String], description: 'the rules the proposal breaks (absent when the body itself is malformed)' }) problems?: string[];
  @ApiPropertyOptional({ type: [ProposalBreakDto], description: 'each rule broken with the member it names (absent when the body itself is malformed)' })
  breaks?: ProposalBreakDto[];
}

// ---- what the steps of a call answer ----

export class MeetupScheduledDto {
  @ApiProperty() meetupId!: string;
  @ApiProperty({ type: () => CallStateDto }) state!: CallStateDto;
}
export class ConsortiumCreatedDto {
  @ApiProperty({ example: 'cons-…' }) consortiumId!: string;
}
export class InvitationAnswerDto {
  @ApiProperty({ enum: ['invited', 'accepted', 'declined'] }) status!: string;
}
export class InterestExpressedDto {
  @ApiProperty({ example: 'app-…' }) applicationId!: string;
}
