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
  @ApiProperty({ description: 'when this history was replayed with this code' }) verifiedAt!: string;
  @ApiProperty({ enum: ['api', 'cli', 'nightly'], description: 'by an auditor through the API, `npm run replay -- --all`, or the nightly schedule' })
  verifiedBy!: 'api' | 'cli' | 'nightly';
  @ApiProperty({ description: 'the verdict was already known for this history, code and SDK: not replayed again' }) cached!: boolean;
}

/** The code a verdict was reached with. */
export class ReplayCodeDto {
  @ApiProperty({ description: 'SHA-256 of the workflow bundle' }) bundleSha256!: string;
  @ApiProperty({ description: "the Temporal SDK's version" }) sdkVersion!: string;
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
  @ApiProperty({ type: ReplayCodeDto, description: 'the code the verdicts were reached with' }) code!: ReplayCodeDto;
  @ApiProperty({ type: [ReplayRunDto] }) runs!: ReplayRunDto[];
  @ApiPropertyOptional({ type: DivergenceDto }) divergence?: DivergenceDto;
  @ApiProperty({ type: [TimelineEntryDto], description: 'the decisions as the history records them' }) timeline!: TimelineEntryDto[];
  @ApiProperty({ type: [DomainEventViewDto], description: 'the stored domain events, beside them' }) domainEvents!: DomainEventViewDto[];
  @ApiProperty({ type: [String], description: 'where the history and the stored events disagree' }) mismatches!: string[];
}

/** When a run was last verified by a replay, with which code, and by whom. */
export class ReplayVerdictDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ description: 'SHA-256 of the history as stored (payloads encrypted)' }) historySha256!: string;
  @ApiProperty() events!: number;
  @ApiProperty() deterministic!: boolean;
  @ApiPropertyOptional({ type: DivergenceDto }) divergence?: DivergenceDto;
  @ApiProperty({ type: ReplayCodeDto }) code!: ReplayCodeDto;
  @ApiProperty() verifiedAt!: string;
  @ApiProperty({ enum: ['api', 'cli', 'nightly'] }) verifiedBy!: 'api' | 'cli' | 'nightly';
  @ApiProperty({ type: String, nullable: true, description: 'the account that asked, for a replay through the API' }) requestedBy!: string | null;
}

export class RunHistoryDto {
  @ApiProperty() runId!: string;
  @ApiProperty() workflowType!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ enum: ['live', 'archive'] }) source!: 'live' | 'archive';
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'as `temporal workflow show --output json` writes it' }) history!: Record<
    string,
    unknown
  >;
}

export class HistoryDto {
  @ApiProperty() workflowId!: string;
  @ApiProperty({ type: [RunHistoryDto] }) runs!: RunHistoryDto[];
}

export class DigestRootDto {
  @ApiProperty() merkleRoot!: string;
  @ApiProperty() events!: number;
  @ApiProperty() at!: string;
}

export class DigestDto {
  @ApiProperty({ example: '2026-11-26' }) date!: string;
  @ApiProperty({ description: "the day's events as they are now" }) events!: number;
  @ApiProperty({ description: 'recomputed from the events as they are now' }) merkleRoot!: string;
  @ApiProperty({ type: DigestRootDto, nullable: true, description: 'recorded in the database when the day ended' }) recorded!: DigestRootDto | null;
  @ApiProperty({ type: Boolean, nullable: true }) matchesRecorded!: boolean | null;
  @ApiProperty({ type: DigestRootDto, nullable: true, description: 'written outside the database (AUDIT_ANCHOR_FILE) when the day ended' })
  anchored!: DigestRootDto | null;
  @ApiProperty({ type: Boolean, nullable: true }) matchesAnchored!: boolean | null;
  @ApiProperty({ description: 'nothing disagrees: the events, the recorded digest and the anchor' }) intact!: boolean;
}
