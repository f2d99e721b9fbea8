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
import { TASK_FORCE_MAX_DURATION_MONTHS, TASK_FORCE_MAX_MEMBERS, TASK_FORCE_MIN_MEMBERS, TASK_FORCE_STATUSES, TaskForceStatus } from '@grants/domain';
import { PageMetaDto, PageQuery } from '../common/pagination';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const NOT_BLANK = /\S/;
const INVITEE_KINDS = ['association', 'signatory', 'service'] as const;

export class TaskForceInviteeDto {
  @ApiProperty({ enum: INVITEE_KINDS, description: 'An association or a signatory of the directory, or a service of the city or the EPT' })
  @IsIn(INVITEE_KINDS, { message: `kind must be ${INVITEE_KINDS.join(', ')}` })
  kind!: (typeof INVITEE_KINDS)[number];

  @ApiPropertyOptional({ example: 'assoc-francs-moisins', description: "The association's or the signatory's id (required for them; absent for a service)" })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: 'organisationId must be an organisation id' })
  organisationId?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    example: 'Direction de la jeunesse, Ville de Saint-Denis',
    description: "A service's name (required for a service; an organisation's is the directory's)",
  })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 200, description: "A service's contact (e-mail or phone): services have no account, the pilot answers for them" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contact?: string;
}

export class ProposeTaskForceDto {
  @ApiProperty({ example: 'plaine-commune' }) @IsString() @Matches(ID, { message: 'territory must be a territory id' }) territory!: string;
  @ApiProperty({ example: 'Francs-Moisins', maxLength: 120, description: 'The one priority neighbourhood (QPV) it works in' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'qpv must not be empty' })
  @MaxLength(120)
  qpv!: string;
  @ApiProperty({ maxLength: 200 }) @IsString() @Matches(NOT_BLANK, { message: 'title must not be empty' }) @MaxLength(200) title!: string;
  @ApiProperty({ maxLength: 2000, description: 'The one problem it takes on' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'problem must not be empty' })
  @MaxLength(2000)
  problem!: string;
  @ApiPropertyOptional({ minimum: 1, maximum: TASK_FORCE_MAX_DURATION_MONTHS, default: 6 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(TASK_FORCE_MAX_DURATION_MONTHS)
  durationMonths?: number;

  @ApiProperty({
    type: [TaskForceInviteeDto],
    minItems: TASK_FORCE_MIN_MEMBERS - 1,
    maxItems: TASK_FORCE_MAX_MEMBERS - 1,
    description: `The members invited besides the pilot (the proposing project lead): ${TASK_FORCE_MIN_MEMBERS} to ${TASK_FORCE_MAX_MEMBERS} members in all`,
  })
  @IsArray()
  @ArrayMinSize(TASK_FORCE_MIN_MEMBERS - 1, {
    message: `members: a task force has ${TASK_FORCE_MIN_MEMBERS} to ${TASK_FORCE_MAX_MEMBERS} members, its pilot included: invite ${TASK_FORCE_MIN_MEMBERS - 1} to ${TASK_FORCE_MAX_MEMBERS - 1}`,
  })
  @ArrayMaxSize(TASK_FORCE_MAX_MEMBERS - 1, {
    message: `members: a task force has ${TASK_FORCE_MIN_MEMBERS} to ${TASK_FORCE_MAX_MEMBERS} members, its pilot included: invite ${TASK_FORCE_MIN_MEMBERS - 1} to ${TASK_FORCE_MAX_MEMBERS - 1}`,
  })
  @IsObject({ each: true, message: 'each member must be an object' })
  @ValidateNested({ each: true })
  @Type(() => TaskForceInviteeDto)
  members!: TaskForceInviteeDto[];
}

const text = (max: number) => [IsString(), Matches(NOT_BLANK, { message: '$property must not be empty' }), MaxLength(max)];
function Text(max: number, description?: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ maxLength: max, description })(target, key);
    for (const decorator of text(max)) decorator(target, key);
  };
}

export class TaskForceDeclineDto {
  @Text(2000, 'Why the invitation is declined') reason!: string;
}

export class TaskForceKickOffDto {
  @ApiPropertyOptional({ example: '2027-01-12T17:00:00Z', description: 'When the kick-off meeting was held (now when left out): the clock starts then' })
  @IsOptional()
  @IsISO8601({ strict: true })
  heldOn?: string;
  @Text(4000, 'What the kick-off agreed') summary!: string;
}

export class TaskForceActionDto {
  @Text(2000, 'What was done') text!: string;
}

export class TaskForceCheckInDto {
  @Text(4000, 'What the check-in found') summary!: string;
}

export class TaskForceMidTermReviewDto {
  @Text(4000, 'Where the task force stands half-way') assessment!: string;
  @ApiPropertyOptional({ maxLength: 4000, description: 'What changes for the second half' }) @IsOptional() @IsString() @MaxLength(4000) adjustments?: string;
}

export class TaskForceExtensionDto {
  @ApiProperty({ minimum: 1, maximum: 3 }) @IsInt() @Min(1) @Max(3) months!: number;
  @Text(2000, 'Why the task force needs more time') reason!: string;
}

export class TaskForceFinalReportDto {
  @Text(8000, 'What the task force coordinated') coordinated!: string;
  @Text(8000, 'What scales up (or why nothing does)') scaleUp!: string;
}

export class TaskForceCancelDto {
  @Text(2000, 'Why the task force stops') reason!: string;
}

export class TaskForceListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'plaine-commune' })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: 'territory must be a territory id' })
  territory?: string;
  @ApiPropertyOptional({ enum: TASK_FORCE_STATUSES })
  @IsOptional()
  @IsIn(TASK_FORCE_STATUSES, { message: `status must be ${TASK_FORCE_STATUSES.join(', ')}` })
  status?: TaskForceStatus;
}

// ---- responses ----

export class TaskForceMemberDto {
  @ApiProperty() memberId!: string;
  @ApiProperty({ enum: ['pilot', ...INVITEE_KINDS] }) kind!: 'pilot' | (typeof INVITEE_KINDS)[number];
  @ApiPropertyOptional() organisationId?: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() contact?: string;
  @ApiProperty({ enum: ['invited', 'accepted', 'declined'] }) status!: 'invited' | 'accepted' | 'declined';
  @ApiProperty() invitedAt!: string;
  @ApiPropertyOptional() answeredAt?: string;
  @ApiPropertyOptional() declineReason?: string;
  @ApiPropertyOptional() remindedAt?: string;
}

export class TaskForceKickOffViewDto {
  @ApiProperty() heldOn!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() at!: string;
}

export class TaskForceCheckInViewDto {
  @ApiProperty() n!: number;
  @ApiProperty() dueAt!: string;
  @ApiPropertyOptional() remindedAt?: string;
  @ApiPropertyOptional() heldAt?: string;
  @ApiPropertyOptional() summary?: string;
  @ApiProperty() missed!: boolean;
}

export class TaskForceActionEntryDto {
  @ApiProperty() entryId!: string;
  @ApiProperty() text!: string;
  @ApiProperty() memberId!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class TaskForceMidTermReviewViewDto {
  @ApiProperty() assessment!: string;
  @ApiProperty() adjustments!: string;
  @ApiProperty() at!: string;
  @ApiProperty() by!: string;
}

export class TaskForceExtensionViewDto {
  @ApiProperty() months!: number;
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;
}

export class TaskForceFinalReportViewDto {
  @ApiProperty() coordinated!: string;
  @ApiProperty() scaleUp!: string;
  @ApiProperty() at!: string;
  @ApiProperty() by!: string;
}

export class TaskForceCancellationViewDto {
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;
  @ApiProperty() by!: string;
}

export class TaskForceDto {
  @ApiProperty({ example: 'tf-6f1c2d3e-0000-4000-8000-000000000001' }) id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() qpv!: string;
  @ApiProperty() title!: string;
  @ApiProperty() problem!: string;
  @ApiProperty() durationMonths!: number;
  @ApiProperty() pilotId!: string;
  @ApiProperty() proposedAt!: string;
  @ApiProperty({ enum: TASK_FORCE_STATUSES }) status!: TaskForceStatus;
  @ApiProperty({ type: [TaskForceMemberDto] }) members!: TaskForceMemberDto[];
  @ApiPropertyOptional({ type: TaskForceKickOffViewDto }) kickOff?: TaskForceKickOffViewDto;
  @ApiPropertyOptional() endsAt?: string;
  @ApiPropertyOptional() midTermDueAt?: string;
  @ApiProperty({ type: [TaskForceCheckInViewDto] }) checkIns!: TaskForceCheckInViewDto[];
  @ApiProperty({ type: [TaskForceActionEntryDto] }) actions!: TaskForceActionEntryDto[];
  @ApiPropertyOptional({ type: TaskForceMidTermReviewViewDto }) midTermReview?: TaskForceMidTermReviewViewDto;
  @ApiPropertyOptional() midTermRemindedAt?: string;
  @ApiPropertyOptional({ type: TaskForceExtensionViewDto }) extension?: TaskForceExtensionViewDto;
  @ApiPropertyOptional() endRemindedAt?: string;
  @ApiPropertyOptional() finalReportOverdueAt?: string;
  @ApiPropertyOptional({ type: TaskForceFinalReportViewDto }) finalReport?: TaskForceFinalReportViewDto;
  @ApiPropertyOptional({ type: TaskForceCancellationViewDto }) cancellation?: TaskForceCancellationViewDto;
  @ApiProperty() lastSeq!: number;
  @ApiProperty() updatedAt!: string;
}

export class TaskForceNextStepDto {
  @ApiProperty({ enum: ['kick_off', 'check_in', 'mid_term_review', 'final_report'] }) step!: 'kick_off' | 'check_in' | 'mid_term_review' | 'final_report';
  @ApiProperty({ type: String, nullable: true }) dueAt!: string | null;
}

export class TaskForceListItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() qpv!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: TASK_FORCE_STATUSES }) status!: TaskForceStatus;
  @ApiProperty() pilotId!: string;
  @ApiProperty({ type: [String] }) organisationIds!: string[];
  @ApiProperty() accepted!: number;
  @ApiProperty() seated!: number;
  @ApiProperty({ type: String, nullable: true }) endsAt!: string | null;
  @ApiProperty({ type: TaskForceNextStepDto, nullable: true }) nextStep!: TaskForceNextStepDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class TaskForcePageDto extends PageMetaDto {
  @ApiProperty({ type: [TaskForceListItemDto] }) items!: TaskForceListItemDto[];
}
