import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

const FUNDER_ID = /^[a-z0-9-]{1,80}$/;

/** ?funder=&year= of the public dataset. */
export class DatasetQuery {
  @ApiPropertyOptional({ description: "A funder's id (the attribuant): only its rows", example: 'funder-caf-93', pattern: FUNDER_ID.source })
  @IsOptional()
  @Matches(FUNDER_ID, { message: 'funder: a funder id (lower-case letters, digits and dashes)' })
  funder?: string;

  @ApiPropertyOptional({ description: 'Only the rows whose payment period starts in this year', example: 2027, minimum: 2000, maximum: 2100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year: a year such as 2027' })
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ChangelogQuery extends DatasetQuery {
  @ApiPropertyOptional({ description: 'Changes before this one (the `id` of the last change of the previous page)', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;
}

/** One row of the SCDL "Subventions" dataset, as its JSON form writes it: every column, numbers as numbers, null for an empty cell. */
export class ScdlRowDto {
  @ApiProperty({ example: 'CAF de la Seine-Saint-Denis' }) nomAttribuant!: string;
  @ApiProperty({ example: '22930001000001', pattern: '^\\d{14}$' }) idAttribuant!: string;
  @ApiProperty({ example: '2027-01-15', format: 'date' }) dateConvention!: string;
  @ApiProperty({ type: String, nullable: true, example: 'anc-…', description: 'The grant id' }) referenceDecision!: string | null;
  @ApiProperty() nomBeneficiaire!: string;
  @ApiProperty({ type: String, nullable: true, pattern: '^\\d{14}$' }) idBeneficiaire!: string | null;
  @ApiProperty({ type: String, nullable: true, pattern: '^W\\d{9}$' }) rnaBeneficiaire!: string | null;
  @ApiProperty({ maxLength: 256 }) objet!: string;
  @ApiProperty({ example: 30000, description: 'euros' }) montant!: number;
  @ApiProperty({ enum: ['aide en numéraire'] }) nature!: string;
  @ApiProperty({ enum: ['unique', 'échelonné'] }) conditionsVersement!: string;
  @ApiProperty({ example: '2027-01-01/2027-12-31' }) datesPeriodeVersement!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: 5 }) idRAE!: string | null;
  @ApiProperty({ enum: ['oui', 'non'] }) notificationUE!: string;
  @ApiProperty({ minimum: 0.01, maximum: 1, example: 0.45 }) pourcentageSubvention!: number;
  @ApiProperty({ type: String, nullable: true }) dispositifAide!: string | null;
}

export class OpenDataChangeDto {
  @ApiProperty() id!: number;
  @ApiProperty() funderId!: string;
  @ApiProperty({ description: 'The row (grant, funder, beneficiary and part)' }) rowId!: string;
  @ApiProperty() grantId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'The row revision published (a correction has a higher one)' }) revision!: number;
  @ApiProperty({ enum: ['published', 'corrected', 'withdrawn'] }) change!: string;
  @ApiProperty({ type: ScdlRowDto, nullable: true, description: 'The row as published; null when withdrawn' }) record!: ScdlRowDto | null;
  @ApiProperty({ enum: ['funder', 'automatic', 'deadline'] }) trigger!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
}

export class OpenDataSettingsDto {
  @ApiProperty({ description: 'Publish every convention as soon as it is signed (no click)' })
  @IsBoolean()
  autoPublish!: boolean;

  @ApiProperty({ description: 'Also publish what the law does not require (at or below the threshold: micro-grants, stipends)' })
  @IsBoolean()
  publishBelowThreshold!: boolean;

  @ApiProperty({
    description: 'The legal threshold per beneficiary and year, in cents (23,000 € by default)',
    example: 2300000,
    minimum: 0,
    maximum: 100000000000,
  })
  @IsInt()
  @Min(0)
  @Max(100_000_000_000)
  thresholdCents!: number;

  @ApiProperty({ type: String, nullable: true, description: "The programme's identifier (SCDL dispositifAide)", maxLength: 200 })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(200)
  programmeId!: string | null;

  @ApiProperty({ description: 'The aid was notified to the European Commission (SCDL notificationUE)' })
  @IsBoolean()
  notifiedToEu!: boolean;
}

export class OpenDataRowDto {
  @ApiProperty() id!: string;
  @ApiProperty() grantId!: string;
  @ApiProperty({ enum: ['anchoring_agreement', 'consortium_award', 'preselection_stipend', 'micro_grant'] }) path!: string;
  @ApiProperty() year!: number;
  @ApiProperty() beneficiaryId!: string;
  @ApiProperty({ description: 'What the beneficiary receives from this funder under the row, in cents' }) beneficiaryCents!: number;
  @ApiProperty({ description: 'Above the threshold: the law requires its publication' }) mandatory!: boolean;
  @ApiProperty({
    enum: ['awaiting_publication', 'published', 'withdrawn', 'not_published'],
    description:
      'awaiting_publication: new, corrected or withdrawn since it was last published; withdrawn: a termination cancelled it; not_published: below the threshold and not chosen',
  })
  status!: string;
  @ApiProperty({ enum: ['publish', 'correct', 'withdraw'], nullable: true, type: String }) pendingChange!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Three months after the convention was signed or last changed' }) dueBy!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: String, nullable: true }) blockedReason!: string | null;
  @ApiProperty() revision!: number;
  @ApiProperty() publishedRevision!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: ScdlRowDto, nullable: true, description: 'The row as it would be published now (null when withdrawn)' }) preview!: ScdlRowDto | null;
}

export class OpenDataObligationsDto {
  @ApiProperty() funderId!: string;
  @ApiProperty() funderName!: string;
  @ApiProperty({ type: String, nullable: true }) siret!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why nothing can be published (no valid SIRET), or null' }) blockedBy!: string | null;
  @ApiProperty({ type: OpenDataSettingsDto }) settings!: OpenDataSettingsDto;
  @ApiProperty({ description: 'Rows awaiting publication' }) awaiting!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The nearest deadline of a row awaiting publication' }) nextDueBy!:
    string | null;
  @ApiProperty({ type: [OpenDataRowDto] }) rows!: OpenDataRowDto[];
}

export class FunderQuery {
  @ApiPropertyOptional({ description: 'Admins (and auditors, to read): the funder concerned; a funder acts for its own', pattern: FUNDER_ID.source })
  @IsOptional()
  @Matches(FUNDER_ID, { message: 'funder: a funder id (lower-case letters, digits and dashes)' })
  funder?: string;
}

export class ObligationsQuery extends FunderQuery {
  @ApiPropertyOptional({ description: "Only one grant's rows (an agreement, an application, a micro-grant)", example: 'anc-…' })
  @IsOptional()
  @Matches(/^[a-z]{2,8}-[A-Za-z0-9-]{1,100}$/, { message: 'grantId: a grant id such as anc-…' })
  grantId?: string;

  @ApiPropertyOptional({ minimum: 2000, maximum: 2100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class PublishDto {
  @ApiPropertyOptional({ type: [String], description: 'The rows to publish; every row awaiting publication when absent', maxItems: 1000, minItems: 1 })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Matches(/^[A-Za-z0-9._/-]{1,300}$/, { each: true, message: 'rowIds: row ids as GET /open-data/obligations lists them' })
  rowIds?: string[];
}

export class PublishedRowDto {
  @ApiProperty() rowId!: string;
  @ApiProperty({ enum: ['published', 'corrected', 'withdrawn'] }) change!: string;
  @ApiProperty() revision!: number;
}

export class PublicationResultDto {
  @ApiProperty({ type: [PublishedRowDto] }) rows!: PublishedRowDto[];
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
}

export class FunderDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: String, nullable: true, pattern: '^\\d{14}$' }) siret!: string | null;
}

export class FunderPatchDto {
  @ApiPropertyOptional({ description: 'The official name (SCDL nomAttribuant)', minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Matches(/^\S.{0,199}$/su, { message: 'name: 1 to 200 characters' })
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: '14 digits with a valid checksum; null when unknown (publication is then blocked)',
    pattern: '^\\d{14}$',
  })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Matches(/^\d{14}$/, { message: 'siret: 14 digits' })
  siret?: string | null;
}
