import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MISSION_SHEET_STATUSES, MissionSheetStatus } from '@grants/domain';
import { PageMetaDto, PageQuery } from '../common/pagination';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

export class OpenMissionSheetDto {
  @ApiProperty({ example: 'plaine-commune' }) @IsString() @Matches(ID, { message: 'territory must be a territory id' }) territory!: string;
  @ApiProperty({ minimum: 2000, maximum: 2100, description: 'The year of the mission sheet; its activity report is the year before' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
  @ApiProperty({ format: 'date-time', description: 'The Copil that is to adopt it' })
  @IsISO8601({ strict: true }, { message: 'copilAt must be an ISO 8601 date' })
  copilAt!: string;
}

export class MissionSheetContentDto {
  @ApiProperty({ maxLength: 8000, description: 'The joint activity report of the past year' }) @IsString() @MaxLength(8000) activityReport!: string;
  @ApiProperty({ maxLength: 8000, description: 'The territory’s priorities for the year' }) @IsString() @MaxLength(8000) priorities!: string;
  @ApiProperty({ maxLength: 8000, description: 'How the project lead and the prefect delegate split the work' })
  @IsString()
  @MaxLength(8000)
  splitOfWork!: string;
  @ApiProperty({ maxLength: 8000, description: 'How their actions complement each other' }) @IsString() @MaxLength(8000) complementarity!: string;
}

export class CopilDecisionDto {
  @ApiProperty({ description: 'true: adopted; false: sent back with comments' }) @IsBoolean() adopted!: boolean;
  @ApiPropertyOptional({ maxLength: 4000, description: 'What the Copil asks to change (required when sent back)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comments?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'The day the Copil decided (now when left out)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'decidedOn must be an ISO 8601 date' })
  decidedOn?: string;
}

export class MissionSheetListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, { message: 'territory must be a territory id' }) territory?: string;
  @ApiPropertyOptional({ minimum: 2000, maximum: 2100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: MISSION_SHEET_STATUSES })
  @IsOptional()
  @IsIn(MISSION_SHEET_STATUSES, { message: `status must be one of ${MISSION_SHEET_STATUSES.join(', ')}` })
  status?: MissionSheetStatus;
}

// ---- responses ----

export class ActivityFiguresDto {
  @ApiProperty() year!: number;
  @ApiProperty() microGrantsRequested!: number;
  @ApiProperty() microGrantsApproved!: number;
  @ApiProperty() microGrantsRejected!: number;
  @ApiProperty() envelopeTotalCents!: number;
  @ApiProperty() envelopeCommittedCents!: number;
  @ApiProperty() paidCents!: number;
  @ApiProperty() paymentOrders!: number;
  @ApiProperty() callsLaunched!: number;
  @ApiProperty() agreementsFollowed!: number;
  @ApiProperty() cohortSelected!: number;
  @ApiProperty() graduations!: number;
  @ApiProperty() taskForces!: number;
  @ApiProperty() codirHeld!: boolean;
}

export class MissionSheetSignatureDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
}

export class MissionSheetSignaturesDto {
  @ApiPropertyOptional({ type: MissionSheetSignatureDto }) project_lead?: MissionSheetSignatureDto;
  @ApiPropertyOptional({ type: MissionSheetSignatureDto }) prefect_delegate?: MissionSheetSignatureDto;
}

export class MissionSheetVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty({ type: MissionSheetContentDto }) content!: MissionSheetContentDto;
  @ApiProperty({ enum: ['engine', 'project_lead', 'prefect_delegate'] }) side!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ type: MissionSheetSignaturesDto }) signatures!: MissionSheetSignaturesDto;
}

export class CopilDecisionViewDto {
  @ApiProperty() version!: number;
  @ApiProperty() adopted!: boolean;
  @ApiProperty({ format: 'date-time' }) decidedOn!: string;
  @ApiPropertyOptional() comments?: string;
  @ApiProperty() recordedBy!: string;
}

export class MissionSheetDto {
  @ApiProperty({ example: 'ms-plaine-commune-2027' }) id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: MISSION_SHEET_STATUSES }) status!: MissionSheetStatus;
  @ApiProperty({ format: 'date-time' }) copilAt!: string;
  @ApiProperty({ type: ActivityFiguresDto }) figures!: ActivityFiguresDto;
  @ApiProperty({ type: [MissionSheetVersionDto], description: 'Every version, the one on the table last (an association reads the adopted one only)' })
  versions!: MissionSheetVersionDto[];
  @ApiProperty({ type: [CopilDecisionViewDto] }) decisions!: CopilDecisionViewDto[];
  @ApiProperty() remindersSent!: number;
  @ApiPropertyOptional({ format: 'date-time' }) lastReminderAt?: string;
  @ApiProperty() openedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class MissionSheetRowDto {
  @ApiProperty() id!: string;
  @ApiProperty() territoryId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: MISSION_SHEET_STATUSES }) status!: MissionSheetStatus;
  @ApiProperty({ format: 'date-time' }) copilAt!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [String], enum: ['project_lead', 'prefect_delegate'] }) awaiting!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) adoptedOn!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() lastSeq!: number;
}

export class MissionSheetPageDto extends PageMetaDto {
  @ApiProperty({ type: [MissionSheetRowDto] }) items!: MissionSheetRowDto[];
}
