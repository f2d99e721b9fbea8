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
  ValidateNested,
} from 'class-validator';
import { MILESTONES, SUPPORTS } from '@grants/domain';
import { RequestMicroGrantDto } from '../micro-grants/micro-grants.dto';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const NOT_BLANK = /\S/;

export class OpenCohortDto {
  @ApiProperty({ example: 'plaine-commune' }) @IsString() @Matches(ID, { message: 'territory must be a territory id' }) territory!: string;
  @ApiProperty({ example: 2027 }) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiProperty({ example: 12, description: 'Projects to incubate: 10 to 15' }) @IsInt() @Min(1) @Max(100) capacity!: number;
  @ApiPropertyOptional({ example: '2027-03-31T18:00:00Z', description: 'Required, except in the demo mode (DEMO_TIME), where it defaults to 60 days from now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  nominationDeadline?: string;
}

export class NominationDto {
  @ApiPropertyOptional({ description: "The project's association (a project lead names it; an association nominates itself)" })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: 'associationId must be an association id' })
  associationId?: string;

  @ApiProperty({ maxLength: 200 }) @IsString() @Matches(NOT_BLANK, { message: 'projectTitle must not be empty' }) @MaxLength(200) projectTitle!: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @Matches(NOT_BLANK, { message: 'description must not be empty' }) @MaxLength(4000) description!: string;

  @ApiProperty({ example: ['numérique', 'jeunesse'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(NOT_BLANK, { each: true, message: 'themes must not be empty' })
  @MaxLength(80, { each: true })
  themes!: string[];

  @ApiProperty({ example: 'Francs-Moisins', description: 'The priority neighbourhood (QPV)' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'qpv must not be empty' })
  @MaxLength(120)
  qpv!: string;
}

export class SelectionDto {
  @ApiProperty() @IsString() @Matches(/^nom-[0-9a-f]{8}$/, { message: 'nominationId must be a nomination id' }) nominationId!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @Matches(NOT_BLANK, { message: 'reason must not be empty' }) @MaxLength(2000) reason!: string;
}

export class MentorDto {
  @ApiProperty() @IsString() @Matches(ID, { message: 'mentorAssociationId must be an association id' }) mentorAssociationId!: string;
}

export class DueDatesDto {
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) design?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) launch?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) impact_review?: string;
}

export class PlanDto {
  @ApiProperty({ enum: SUPPORTS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsIn(SUPPORTS, { each: true, message: `supports must be among ${SUPPORTS.join(', ')}` })
  supports!: (typeof SUPPORTS)[number][];

  @ApiPropertyOptional({ type: DueDatesDto, description: 'Due dates of the milestones (design, launch, impact_review); policy offsets otherwise' })
  @IsOptional()
  @IsObject({ message: 'dueDates must be an object' })
  @ValidateNested()
  @Type(() => DueDatesDto)
  dueDates?: DueDatesDto;
}

export class MilestoneDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class CallLeadDto {
  @ApiProperty() @IsString() @Matches(/^call-[0-9a-f-]{36}$/, { message: 'callId must be a call id' }) callId!: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @Matches(NOT_BLANK, { message: 'summary must not be empty' }) @MaxLength(4000) summary!: string;
}

export class FundingLeadDto {
  @ApiProperty({ enum: ['micro_grant', 'call', 'other'] })
  @IsIn(['micro_grant', 'call', 'other'], { message: 'kind must be micro_grant, call or other' })
  kind!: 'micro_grant' | 'call' | 'other';

  @ApiProperty({ maxLength: 2000 }) @IsString() @Matches(NOT_BLANK, { message: 'description must not be empty' }) @MaxLength(2000) description!: string;

  @ApiPropertyOptional({ type: RequestMicroGrantDto, description: "Opens a real micro-grant request now (the project's association only)" })
  @IsOptional()
  @IsObject({ message: 'microGrant must be an object' })
  @ValidateNested()
  @Type(() => RequestMicroGrantDto)
  microGrant?: RequestMicroGrantDto;

  @ApiPropertyOptional({ type: CallLeadDto, description: "Expresses interest in a call now (the project's association only, alone)" })
  @IsOptional()
  @IsObject({ message: 'call must be an object' })
  @ValidateNested()
  @Type(() => CallLeadDto)
  call?: CallLeadDto;
}

export class ImpactReportDto {
  @ApiProperty({ maxLength: 8000 }) @IsString() @Matches(NOT_BLANK, { message: 'summary must not be empty' }) @MaxLength(8000) summary!: string;
}

export class WithdrawDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @Matches(NOT_BLANK, { message: 'reason must not be empty' }) @MaxLength(2000) reason!: string;
}

export const MILESTONE_NAMES = MILESTONES;

// ---- an incubated project as its reader sees it (responses) ----

export class MentorViewDto {
  @ApiProperty() associationId!: string;
  @ApiProperty() assignedAt!: string;
  @ApiProperty() assignedBy!: string;
}

export class MilestoneViewDto {
  @ApiProperty({ enum: ['design', 'launch', 'impact_review'] }) name!: 'design' | 'launch' | 'impact_review';
  @ApiProperty() dueAt!: string;
  @ApiPropertyOptional() completedAt?: string;
  @ApiPropertyOptional() note?: string;
  @ApiProperty() overdue!: boolean;
}

export class PlanViewDto {
  @ApiProperty({ type: [String], enum: ['mentoring', 'project_management', 'funding_search', 'impact_analysis'] }) supports!: (
    'mentoring' | 'project_management' | 'funding_search' | 'impact_analysis'
  )[];
  @ApiProperty() setAt!: string;
  @ApiProperty({ type: [MilestoneViewDto] }) milestones!: MilestoneViewDto[];
}

export class CheckInViewDto {
  @ApiProperty() n!: number;
  @ApiProperty() at!: string;
}

export class FundingLeadViewDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['micro_grant', 'call', 'other'] }) kind!: 'micro_grant' | 'call' | 'other';
  @ApiProperty() description!: string;
  @ApiProperty() recordedBy!: string;
  @ApiProperty() recordedAt!: string;
  @ApiPropertyOptional({ description: 'the micro-grant or the call application opened from this lead' }) openedId?: string;
}

export class ImpactReportViewDto {
  @ApiProperty() summary!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() submittedBy!: string;
}

export class WithdrawalViewDto {
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;
  @ApiProperty() by!: string;
}

/** An incubated project: its mentor, plan and milestones, check-ins, funding leads, outcome. */
export class IncubationViewDto {
  @ApiProperty({ example: 'inc-…' }) id!: string;
  @ApiProperty() cohortId!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() year!: number;
  @ApiProperty() associationId!: string;
  @ApiProperty() projectTitle!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty() qpv!: string;
  @ApiProperty() selectionReason!: string;
  @ApiProperty() selectedAt!: string;
  @ApiProperty({ enum: ['awaiting_mentor', 'awaiting_plan', 'in_progress', 'graduated', 'withdrawn'] }) status!: string;
  @ApiPropertyOptional({ type: MentorViewDto }) mentor?: MentorViewDto;
  @ApiPropertyOptional({ type: PlanViewDto }) plan?: PlanViewDto;
  @ApiProperty({ type: [CheckInViewDto] }) checkIns!: CheckInViewDto[];
  @ApiProperty({ type: [FundingLeadViewDto] }) fundingLeads!: FundingLeadViewDto[];
  @ApiPropertyOptional({ type: ImpactReportViewDto }) impactReport?: ImpactReportViewDto;
  @ApiPropertyOptional({ type: WithdrawalViewDto }) withdrawal?: WithdrawalViewDto;
}

export class MentorSuggestionDto {
  @ApiProperty() associationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) sharedThemes!: string[];
  @ApiProperty({ description: 'projects it already mentors' }) mentees!: number;
}

// ---- the cohort as its reader sees it (responses) ----

export class CohortSelectionViewDto {
  @ApiProperty() reason!: string;
  @ApiProperty() selectedBy!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ example: 'inc-…' }) incubationId!: string;
}
export class CohortNominationViewDto {
  @ApiProperty({ example: 'nom-…' }) id!: string;
  @ApiProperty() associationId!: string;
  @ApiProperty() projectTitle!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty() qpv!: string;
  @ApiProperty() nominatedBy!: string;
  @ApiProperty() nominatedAt!: string;
  @ApiProperty({ enum: ['nominated', 'selected'] }) status!: string;
  @ApiPropertyOptional({ type: CohortSelectionViewDto }) selection?: CohortSelectionViewDto;
}
export class MilestoneProgressDto {
  @ApiProperty({ enum: MILESTONES }) name!: string;
  @ApiProperty() dueAt!: string;
  @ApiPropertyOptional() completedAt?: string;
  @ApiProperty() overdue!: boolean;
}
export class ProjectProgressDto {
  @ApiProperty() incubationId!: string;
  @ApiProperty() projectTitle!: string;
  @ApiProperty() associationId!: string;
  @ApiProperty({ enum: ['awaiting_mentor', 'awaiting_plan', 'in_progress', 'graduated', 'withdrawn'] }) status!: string;
  @ApiPropertyOptional() mentorAssociationId?: string;
  @ApiProperty({ type: [MilestoneProgressDto] }) milestones!: MilestoneProgressDto[];
  @ApiProperty() checkIns!: number;
  @ApiProperty() fundingLeads!: number;
}
/** A territory's cohort of a year: its nominations (an association: its own) and each selected project's progress. */
export class CohortViewDto {
  @ApiProperty({ example: 'cohort-plaine-commune-2027' }) id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() year!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty() nominationDeadline!: string;
  @ApiProperty() openedBy!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ type: [CohortNominationViewDto] }) nominations!: CohortNominationViewDto[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the policy the cohort runs under' }) policy!: Record<string, unknown>;
  @ApiPropertyOptional({ type: [ProjectProgressDto] }) projects?: ProjectProgressDto[];
}
export class NominatedDto {
  @ApiProperty({ example: 'nom-…' }) nominationId!: string;
}
export class SelectedDto {
  @ApiProperty({ example: 'inc-…' }) incubationId!: string;
  @ApiProperty() selected!: number;
  @ApiProperty() capacity!: number;
}
