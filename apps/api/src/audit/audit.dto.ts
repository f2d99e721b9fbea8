import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The verdict on a grant's hash chain. */
export class ChainVerdictDto {
  @ApiProperty({ description: 'true when every event holds (content, link, position)' }) valid!: boolean;
  @ApiProperty({ description: 'events checked' }) events!: number;
  @ApiPropertyOptional({ description: 'the sequence number of the first event that does not hold' }) brokenAt?: number;
  @ApiPropertyOptional() reason?: string;
}

export class ReplayRunDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ enum: ['live', 'archive'] }) source!: 'live' | 'archive';
  @ApiProperty({ description: 'history events replayed' }) events!: number;
  @ApiProperty() deterministic!: boolean;
}

export class DivergenceDto {
  @ApiPropertyOptional() runId?: string;
  @ApiPropertyOptional({ description: 'the history event where the current code stops agreeing' }) eventId?: number;
  @ApiProperty() message!: string;
}

export class TimelineEntryDto {
  @ApiProperty() eventId!: number;
  @ApiProperty() at!: string;
  @ApiProperty({ description: 'what happened, read from the history' }) what!: string;
  @ApiPropertyOptional() who?: string;
  @ApiPropertyOptional() role?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
}

export class DomainEventActorDto {
  @ApiProperty() kind!: string;
  @ApiProperty() id!: string;
  @ApiPropertyOptional() role?: string;
}

export class DomainEventViewDto {
  @ApiProperty() seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty({ type: DomainEventActorDto }) actor!: DomainEventActorDto;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty() occurredAt!: string;
}

/** A replay of every run of a grant with the current workflow code. */
export class ReplayReportDto {
  @ApiProperty() grantId!: string;
  @ApiProperty({ description: 'the current code takes the same decisions on every run' }) deterministic!: boolean;
  @ApiProperty({ type: [ReplayRunDto] }) runs!: ReplayRunDto[];
  @ApiPropertyOptional({ type: DivergenceDto }) divergence?: DivergenceDto;
  @ApiProperty({ type: [TimelineEntryDto], description: 'the decisions as the history records them' }) timeline!: TimelineEntryDto[];
  @ApiProperty({ type: [DomainEventViewDto], description: 'the stored domain events, beside them' }) domainEvents!: DomainEventViewDto[];
  @ApiProperty({ type: [String], description: 'where the history and the stored events disagree' }) mismatches!: string[];
}

export class RunHistoryDto {
  @ApiProperty() runId!: string;
  @ApiProperty() workflowType!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ enum: ['live', 'archive'] }) source!: 'live' | 'archive';
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'as `temporal workflow show --output json` writes it' }) history!: Record<string, unknown>;
}

export class HistoryDto {
  @ApiProperty() workflowId!: string;
  @ApiProperty({ type: [RunHistoryDto] }) runs!: RunHistoryDto[];
}
