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
import { CODIR_COMMITMENTS_MAX, CODIR_DIRECTIONS_MAX, CODIR_STATUSES, CodirStatus, ORIENTATIONS, SECTORS, Sector } from '@grants/domain';
import { PageMetaDto, PageQuery } from '../common/pagination';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const DIRECTION_ID = /^[a-z0-9][a-z0-9-]{0,59}$/;
const NOT_BLANK = /\S/;

function Text(max: number, description?: string, example?: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ maxLength: max, minLength: 1, description, example })(target, key);
    IsString()(target, key);
    Matches(NOT_BLANK, { message: `${String(key)} must not be empty` })(target, key);
    MaxLength(max)(target, key);
  };
}

export class CodirDirectionDto {
  @ApiProperty({ example: 'education', pattern: DIRECTION_ID.source, description: 'Its id within the CODIR' })
  @IsString()
  @Matches(DIRECTION_ID, { message: 'directionId: lower-case letters, digits and hyphens' })
  directionId!: string;
  @ApiProperty({ enum: SECTORS }) @IsIn(SECTORS, { message: `sector must be one of ${SECTORS.join(', ')}` }) sector!: Sector;
  @Text(200, 'The direction’s name', 'Direction de l’éducation') name!: string;
  @Text(200, 'Whom to write to: directions have no account, the project lead records for them', 'education@ville.example') contact!: string;
}

const directionsList =
  (min: number): PropertyDecorator =>
  (target, key) => {
    ApiProperty({ type: [CodirDirectionDto], minItems: min, maxItems: CODIR_DIRECTIONS_MAX })(target, key);
    IsArray()(target, key);
    ArrayMinSize(min, { message: 'directions: at least one sectoral direction' })(target, key);
    ArrayMaxSize(CODIR_DIRECTIONS_MAX, { message: `directions: ${CODIR_DIRECTIONS_MAX} at most` })(target, key);
    IsObject({ each: true, message: 'each direction must be an object' })(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => CodirDirectionDto)(target, key);
  };

export class OpenCodirDto {
  @ApiProperty({ example: 'plaine-commune' }) @IsString() @Matches(ID, { message: 'territory must be a territory id' }) territory!: string;
  @ApiPropertyOptional({ minimum: 2000, maximum: 2100, description: 'The CODIR’s year; the meeting’s year when left out' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
  @ApiProperty({ format: 'date-time', description: 'The meeting: far enough ahead for the statements (14 days before it)' })
  @IsISO8601({ strict: true }, { message: 'meetingAt must be an ISO 8601 date' })
  meetingAt!: string;
  @directionsList(1) directions!: CodirDirectionDto[];
}

export class CodirScheduleDto {
  @ApiProperty({ minimum: 1, maximum: 12, description: 'Month the CODIR opens each year (Paris)' }) @IsInt() @Min(1) @Max(12) month!: number;
  @ApiProperty({ minimum: 1, maximum: 28, description: 'Day of that month' }) @IsInt() @Min(1) @Max(28) day!: number;
  @ApiProperty({ minimum: 15, maximum: 120, description: 'The meeting this many days after the opening' })
  @IsInt()
  @Min(15)
  @Max(120)
  meetingAfterDays!: number;
  @directionsList(1) directions!: CodirDirectionDto[];
}

export class StatementDto {
  @ApiProperty({ example: 'education' }) @IsString() @Matches(DIRECTION_ID, { message: 'directionId must be a direction id' }) directionId!: string;
  @Text(4000, 'How the direction’s policies apply in the priority neighbourhoods') text!: string;
  @ApiPropertyOptional({ type: [String], maxItems: 30, description: 'The QPVs it names' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  qpvs?: string[];
}

export class ResourceAnswerDto {
  @ApiProperty({ example: 'education' }) @IsString() @Matches(DIRECTION_ID, { message: 'directionId must be a direction id' }) directionId!: string;
  @Text(4000, 'What the politique de la ville team offers the direction as a resource') text!: string;
  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Local relays: associations acting in the territory' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ID, { each: true, message: 'each relay must be an association id' })
  relays?: string[];
  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Co-funding that could be mobilised: concluded contributions of the territory' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^ctb-[0-9a-f-]{36}$/, { each: true, message: 'each co-funding must be a contribution id' })
  coFunding?: string[];
}

export class CommitmentDraftDto {
  @ApiProperty({ example: 'sports' }) @IsString() @Matches(DIRECTION_ID, { message: 'directionId must be a direction id' }) directionId!: string;
  @Text(2000, 'What the direction commits to') text!: string;
  @ApiProperty({ format: 'date-time', description: 'By when: before the next CODIR' })
  @IsISO8601({ strict: true }, { message: 'dueAt must be an ISO 8601 date' })
  dueAt!: string;
}

export class MeetingDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'When it was held (now when left out)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'heldOn must be an ISO 8601 date' })
  heldOn?: string;
  @Text(8000, 'The minutes: what was said and decided') minutes!: string;
  @ApiProperty({ type: [String], maxItems: CODIR_DIRECTIONS_MAX, description: 'The directions present' })
  @IsArray()
  @ArrayMaxSize(CODIR_DIRECTIONS_MAX)
  @Matches(DIRECTION_ID, { each: true, message: 'each attendee must be a direction id' })
  attendees!: string[];
  @ApiProperty({ type: [CommitmentDraftDto], maxItems: CODIR_COMMITMENTS_MAX })
  @IsArray()
  @ArrayMaxSize(CODIR_COMMITMENTS_MAX, { message: `commitments: ${CODIR_COMMITMENTS_MAX} at most` })
  @IsObject({ each: true, message: 'each commitment must be an object' })
  @ValidateNested({ each: true })
  @Type(() => CommitmentDraftDto)
  commitments!: CommitmentDraftDto[];
}

export class CommitmentDoneDto {
  @Text(2000, 'What was done') note!: string;
}

export class CodirListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'plaine-commune' })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: 'territory must be a territory id' })
  territory?: string;
  @ApiPropertyOptional({ minimum: 2000, maximum: 2100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: CODIR_STATUSES })
  @IsOptional()
  @IsIn(CODIR_STATUSES, { message: `status must be one of ${CODIR_STATUSES.join(', ')}` })
  status?: CodirStatus;
}

// ---- responses ----

export class CodirStatementViewDto {
  @ApiProperty() text!: string;
  @ApiProperty({ type: [String] }) qpvs!: string[];
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
}

export class CodirAnswerViewDto {
  @ApiProperty() text!: string;
  @ApiProperty({ type: [String] }) relays!: string[];
  @ApiProperty({ type: [String] }) coFunding!: string[];
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
}

export class CodirDirectionViewDto {
  @ApiProperty() directionId!: string;
  @ApiProperty({ enum: SECTORS }) sector!: Sector;
  @ApiProperty() name!: string;
  @ApiProperty() contact!: string;
  @ApiProperty({ format: 'date-time' }) invitedAt!: string;
  @ApiProperty() reminded!: boolean;
  @ApiPropertyOptional({ type: CodirStatementViewDto }) statement?: CodirStatementViewDto;
  @ApiPropertyOptional({ type: CodirAnswerViewDto }) answer?: CodirAnswerViewDto;
}

export class CommitmentDoneViewDto {
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
}

export class CodirCommitmentDto {
  @ApiProperty({ example: 'c1' }) commitmentId!: string;
  @ApiProperty() directionId!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ['open', 'done', 'overdue'] }) status!: 'open' | 'done' | 'overdue';
  @ApiPropertyOptional({ format: 'date-time' }) remindedAt?: string;
  @ApiPropertyOptional({ type: CommitmentDoneViewDto }) done?: CommitmentDoneViewDto;
}

export class CodirMeetingViewDto {
  @ApiProperty({ format: 'date-time' }) heldOn!: string;
  @ApiProperty() minutes!: string;
  @ApiProperty({ type: [String] }) attendees!: string[];
  @ApiProperty({ format: 'date-time', description: 'Commitments are followed until then (the next CODIR)' }) followUpUntil!: string;
  @ApiProperty() recordedBy!: string;
}

export class CodirDto {
  @ApiProperty({ example: 'codir-plaine-commune-2027' }) id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: CODIR_STATUSES }) status!: CodirStatus;
  @ApiProperty({ description: 'Opened by the territory’s yearly Schedule (true) or by its project lead' }) bySchedule!: boolean;
  @ApiProperty({ format: 'date-time' }) meetingAt!: string;
  @ApiProperty({ format: 'date-time' }) statementsDueAt!: string;
  @ApiProperty({ type: [CodirDirectionViewDto] }) directions!: CodirDirectionViewDto[];
  @ApiProperty({ type: [String], description: 'Directions that had not stated when statements closed' }) missing!: string[];
  @ApiPropertyOptional({ type: CodirMeetingViewDto }) meeting?: CodirMeetingViewDto;
  @ApiProperty({ type: [CodirCommitmentDto] }) commitments!: CodirCommitmentDto[];
  @ApiProperty() openedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class CodirRowDto {
  @ApiProperty() id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: CODIR_STATUSES }) status!: CodirStatus;
  @ApiProperty({ format: 'date-time' }) meetingAt!: string;
  @ApiProperty({ format: 'date-time' }) statementsDueAt!: string;
  @ApiProperty() directions!: number;
  @ApiProperty() stated!: number;
  @ApiProperty() commitments!: number;
  @ApiProperty() openCommitments!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextDueAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class CodirPageDto extends PageMetaDto {
  @ApiProperty({ type: [CodirRowDto] }) items!: CodirRowDto[];
}

export class RelaySuggestionDto {
  @ApiProperty() associationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], description: 'Its themes that meet the sector’s' }) themes!: string[];
}

export class CoFundingSuggestionDto {
  @ApiProperty() contributionId!: string;
  @ApiProperty() signatoryId!: string;
  @ApiProperty() signatoryName!: string;
  @ApiProperty({ enum: ORIENTATIONS }) orientation!: string;
  @ApiProperty({ enum: ['funding', 'staff', 'premises'] }) nature!: string;
  @ApiProperty({ type: Number, nullable: true }) amountCents!: number | null;
  @ApiProperty({ type: Number, nullable: true }) staffCount!: number | null;
  @ApiProperty() year!: number;
}

export class ResourceSuggestionsDto {
  @ApiProperty() directionId!: string;
  @ApiProperty({ type: [RelaySuggestionDto] }) relays!: RelaySuggestionDto[];
  @ApiProperty({ type: [CoFundingSuggestionDto] }) coFunding!: CoFundingSuggestionDto[];
}

export class CodirScheduleViewDto {
  @ApiProperty({ example: 'codir-schedule-plaine-commune' }) scheduleId!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() month!: number;
  @ApiProperty() day!: number;
  @ApiProperty() meetingAfterDays!: number;
  @ApiProperty({ type: [CodirDirectionDto] }) directions!: CodirDirectionDto[];
  @ApiProperty({ type: [String], description: 'The next openings (Paris time)' }) nextOpenings!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastOpenedAt!: string | null;
}
