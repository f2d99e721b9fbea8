import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  COLLEGES,
  COPIL_AGENDA_MAX,
  COPIL_DECISIONS_MAX,
  COPIL_SEATS_MAX,
  COPIL_STATUSES,
  College,
  CopilStatus,
  DEFAULT_TERM_YEARS,
  TERM_YEARS_MAX,
  VOTES,
  Vote,
} from '@grants/domain';
import { PageMetaDto, PageQuery } from '../common/pagination';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const NOT_BLANK = /\S/;

function Text(max: number, description?: string, example?: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ maxLength: max, minLength: 1, description, example })(target, key);
    IsString()(target, key);
    Matches(NOT_BLANK, { message: `${String(key)} must not be empty` })(target, key);
    MaxLength(max)(target, key);
  };
}

export class OpenCopilDto {
  @ApiProperty({ example: 'plaine-commune' }) @IsString() @Matches(ID, { message: 'territory must be a territory id' }) territory!: string;
  @ApiProperty({ minimum: 2000, maximum: 2100, description: 'The year under way or the next one' }) @IsInt() @Min(2000) @Max(2100) year!: number;
}

export class OpenRoundDto {
  @ApiProperty({ enum: COLLEGES }) @IsIn(COLLEGES, { message: `college must be one of ${COLLEGES.join(', ')}` }) college!: College;
  @ApiProperty({ minimum: 1, maximum: COPIL_SEATS_MAX }) @IsInt() @Min(1) @Max(COPIL_SEATS_MAX) seats!: number;
  @ApiProperty({ format: 'date-time', description: "Candidacies until then (within the Copil's year)" })
  @IsISO8601({ strict: true }, { message: 'candidaciesDueAt must be an ISO 8601 date' })
  candidaciesDueAt!: string;
  @ApiPropertyOptional({ minimum: 1, maximum: TERM_YEARS_MAX, default: DEFAULT_TERM_YEARS, description: "The mandates' term in years" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(TERM_YEARS_MAX)
  termYears?: number;
}

export class CandidacyDto {
  @ApiPropertyOptional({
    maxLength: 200,
    description: "The candidate's name (an association standing for itself: its name in the directory)",
    example: 'Conseil citoyen Franc-Moisin',
  })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;
  @ApiPropertyOptional({
    example: 'asso-1',
    description: "For the associations' college: the association of the directory (an association standing for itself may leave it out)",
  })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: 'associationId must be an association id' })
  associationId?: string;
  @ApiPropertyOptional({ maxLength: 4000, description: 'Why it stands' }) @IsOptional() @IsString() @MaxLength(4000) statement?: string;
}

export class DesignationDto {
  @ApiProperty({ example: 'r1-c2' })
  @IsString()
  @Matches(/^r\d{1,3}-c\d{1,3}$/, { message: 'candidacyId must be a candidacy id (r1-c2)' })
  candidacyId!: string;
  @Text(4000, 'Why the college designates this candidate') reason!: string;
}

export class ScheduleCopilMeetingDto {
  @ApiProperty({ format: 'date-time', description: "The meeting, ahead and within the Copil's year" })
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 date' })
  at!: string;
  @ApiProperty({ type: [String], minItems: 1, maxItems: COPIL_AGENDA_MAX, description: 'The agenda, item by item' })
  @IsArray()
  @ArrayMinSize(1, { message: 'agenda: at least one item' })
  @ArrayMaxSize(COPIL_AGENDA_MAX)
  @IsString({ each: true })
  @Matches(NOT_BLANK, { each: true, message: 'each agenda item must not be empty' })
  @MaxLength(300, { each: true })
  agenda!: string[];
}

export class CollegeVotesDto {
  @ApiProperty({ enum: VOTES }) @IsIn(VOTES, { message: `votes.state must be one of ${VOTES.join(', ')}` }) state!: Vote;
  @ApiProperty({ enum: VOTES }) @IsIn(VOTES, { message: `votes.local_authorities must be one of ${VOTES.join(', ')}` }) local_authorities!: Vote;
  @ApiProperty({ enum: VOTES }) @IsIn(VOTES, { message: `votes.associations must be one of ${VOTES.join(', ')}` }) associations!: Vote;
  @ApiProperty({ enum: VOTES }) @IsIn(VOTES, { message: `votes.citizens must be one of ${VOTES.join(', ')}` }) citizens!: Vote;
}

export class AxisDecisionInputDto {
  @Text(300, 'The priority axis of the year', 'Accès aux droits des familles') title!: string;
  @ApiProperty({ type: CollegeVotesDto, description: "Each college's vote: adopted when more colleges voted for than against" })
  @IsObject({ message: 'votes must be an object' })
  @ValidateNested()
  @Type(() => CollegeVotesDto)
  votes!: CollegeVotesDto;
}

export class RecordCopilMeetingDto {
  @ApiProperty({ format: 'date-time', description: 'When it was held (today or earlier)' })
  @IsISO8601({ strict: true }, { message: 'heldOn must be an ISO 8601 date' })
  heldOn!: string;
  @Text(8000, 'What was said and decided') minutes!: string;
  @ApiProperty({ type: [String], maxItems: 100, description: 'The seats present (mandate ids among those invited)' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  attendees!: string[];
  @ApiProperty({ type: [AxisDecisionInputDto], maxItems: COPIL_DECISIONS_MAX })
  @IsArray()
  @ArrayMaxSize(COPIL_DECISIONS_MAX)
  @IsObject({ each: true, message: 'each decision must be an object' })
  @ValidateNested({ each: true })
  @Type(() => AxisDecisionInputDto)
  decisions!: AxisDecisionInputDto[];
}

export class CopilListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, { message: 'territory must be a territory id' }) territory?: string;
  @ApiPropertyOptional({ minimum: 2000, maximum: 2100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: COPIL_STATUSES })
  @IsOptional()
  @IsIn(COPIL_STATUSES, { message: `status must be one of ${COPIL_STATUSES.join(', ')}` })
  status?: CopilStatus;
}

// ---- responses ----

export class CopilCandidateDto {
  @ApiProperty() name!: string;
  @ApiPropertyOptional() associationId?: string;
}

export class CopilCandidacyDto {
  @ApiProperty() candidacyId!: string;
  @ApiProperty({ type: CopilCandidateDto }) candidate!: CopilCandidateDto;
  @ApiProperty() statement!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
}

export class CopilRoundDto {
  @ApiProperty({ example: 'r1' }) roundId!: string;
  @ApiProperty({ enum: COLLEGES }) college!: College;
  @ApiProperty() seats!: number;
  @ApiProperty({ format: 'date-time' }) candidaciesDueAt!: string;
  @ApiProperty() termYears!: number;
  @ApiProperty({ enum: ['open', 'designating', 'complete', 'unfilled'] }) status!: string;
  @ApiProperty({ type: [CopilCandidacyDto] }) candidacies!: CopilCandidacyDto[];
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
}

export class CopilMandateDto {
  @ApiProperty() mandateId!: string;
  @ApiProperty() roundId!: string;
  @ApiProperty() candidacyId!: string;
  @ApiProperty({ enum: COLLEGES }) college!: College;
  @ApiProperty() holder!: string;
  @ApiPropertyOptional() associationId?: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ enum: ['running', 'ended'] }) status!: string;
  @ApiPropertyOptional({ format: 'date-time' }) remindedAt?: string;
  @ApiProperty() designatedBy!: string;
}

export class CopilSeatDto {
  @ApiProperty() mandateId!: string;
  @ApiProperty() copilId!: string;
  @ApiProperty({ enum: COLLEGES }) college!: College;
  @ApiProperty() holder!: string;
  @ApiPropertyOptional() associationId?: string;
}

export class CopilAxisDto {
  @ApiProperty() axisId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: CollegeVotesDto }) votes!: CollegeVotesDto;
  @ApiProperty() adopted!: boolean;
}

export class CopilHeldDto {
  @ApiProperty({ format: 'date-time' }) heldOn!: string;
  @ApiProperty() minutes!: string;
  @ApiProperty({ type: [String] }) attendees!: string[];
  @ApiProperty() recordedBy!: string;
}

export class CopilMeetingDto {
  @ApiProperty() meetingId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: [String] }) agenda!: string[];
  @ApiProperty({ type: [CopilSeatDto] }) invited!: CopilSeatDto[];
  @ApiProperty({ enum: ['scheduled', 'held', 'unheld'] }) status!: string;
  @ApiPropertyOptional({ type: CopilHeldDto }) held?: CopilHeldDto;
  @ApiProperty({ type: [CopilAxisDto] }) decisions!: CopilAxisDto[];
  @ApiPropertyOptional({ type: [String], description: 'The anchoring agreements credited with a coordination token for an association present' })
  creditedAgreementIds?: string[];
  @ApiProperty() scheduledBy!: string;
}

export class CopilDto {
  @ApiProperty({ example: 'copil-plaine-commune-2027' }) id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: COPIL_STATUSES }) status!: CopilStatus;
  @ApiProperty({ type: [CopilRoundDto] }) rounds!: CopilRoundDto[];
  @ApiProperty({ type: [CopilMandateDto] }) mandates!: CopilMandateDto[];
  @ApiProperty({ type: [CopilMeetingDto] }) meetings!: CopilMeetingDto[];
  @ApiProperty() openedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class CopilRowDto {
  @ApiProperty() id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: COPIL_STATUSES }) status!: CopilStatus;
  @ApiProperty() openRounds!: number;
  @ApiProperty() runningMandates!: number;
  @ApiProperty() meetingsHeld!: number;
  @ApiProperty() adoptedAxes!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextDueAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class CopilPageDto extends PageMetaDto {
  @ApiProperty({ type: [CopilRowDto] }) items!: CopilRowDto[];
}

export class CopilSeatsDto {
  @ApiProperty() territoryId!: string;
  @ApiProperty({ type: [CopilSeatDto], description: 'The seats held now, college by college' }) seats!: CopilSeatDto[];
}
