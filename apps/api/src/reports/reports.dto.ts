import { ApiProperty } from '@nestjs/swagger';
import { COLLEGES, College, PAYMENT_PATHS, VOTES, Vote } from '@grants/domain';

export class ReportAmountDto {
  @ApiProperty({ description: 'A payment path, a funder id (or "unattributed"), a QPV (or "unspecified"), a theme' }) key!: string;
  @ApiProperty({ description: "The funder's name for funders; the key otherwise" }) label!: string;
  @ApiProperty({ description: 'Cents' }) cents!: number;
}

export class ReportPaymentsDto {
  @ApiProperty({ description: 'Every payment order of the year in the territory, in cents' }) totalCents!: number;
  @ApiProperty() orders!: number;
  @ApiProperty({ type: [ReportAmountDto], description: `By path (${PAYMENT_PATHS.join(', ')})` }) byPath!: ReportAmountDto[];
  @ApiProperty({ type: [ReportAmountDto], description: "By funder (a call's and a coordination's payments split along the funding plan)" })
  byFunder!: ReportAmountDto[];
  @ApiProperty({ type: [ReportAmountDto] }) byQpv!: ReportAmountDto[];
  @ApiProperty({ type: [ReportAmountDto], description: 'A payment counts under each theme of its lifecycle: these do not add up to the total' })
  byTheme!: ReportAmountDto[];
  @ApiProperty({ type: [Number], minItems: 12, maxItems: 12, description: 'Cents ordered each month, January to December (Paris time)' }) byMonth!: number[];
}

export class ReportEnvelopeDto {
  @ApiProperty() totalCents!: number;
  @ApiProperty({ description: "Micro-grants requested on the year's envelope" }) requested!: number;
  @ApiProperty() escalated!: number;
  @ApiProperty() approved!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() expired!: number;
  @ApiProperty({ description: 'Approved by the year’s end' }) committedCents!: number;
  @ApiProperty() paidCents!: number;
  @ApiProperty() availableCents!: number;
}

export class ReportCallDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) launchedAt!: string;
  @ApiProperty() budgetCents!: number;
  @ApiProperty() consortia!: number;
  @ApiProperty({ description: 'Expressions of interest' }) applications!: number;
  @ApiProperty() shortlisted!: number;
  @ApiProperty() awards!: number;
  @ApiProperty() awardedCents!: number;
}

export class ReportTrancheDto {
  @ApiProperty({ description: "The agreement's year (1 to 4)" }) year!: number;
  @ApiProperty() amountCents!: number;
}

export class ReportAgreementDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() associationId!: string;
  @ApiProperty() associationName!: string;
  @ApiProperty({ enum: ['proposed', 'signed', 'ended'] }) status!: string;
  @ApiProperty() yearlyAmountCents!: number;
  @ApiProperty({ type: [ReportTrancheDto], description: 'Tranches ordered during the year' }) ordered!: ReportTrancheDto[];
  @ApiProperty({ type: [ReportTrancheDto], description: 'Tranches withheld during the year (reports missing)' }) withheld!: ReportTrancheDto[];
  @ApiProperty() coordinationPaidCents!: number;
  @ApiProperty() tokensCredited!: number;
}

export class ReportIncubationDto {
  @ApiProperty({ type: String, nullable: true }) cohortId!: string | null;
  @ApiProperty() capacity!: number;
  @ApiProperty() nominations!: number;
  @ApiProperty() selected!: number;
  @ApiProperty({ description: 'Incubations graduated during the year' }) graduated!: number;
  @ApiProperty() withdrawn!: number;
}

export class ReportTaskForceDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() qpv!: string;
  @ApiProperty({ enum: ['proposed', 'running', 'closed', 'cancelled'], description: 'At the year’s end' }) status!: string;
  @ApiProperty({ description: 'The pilot and the members who accepted' }) members!: number;
  @ApiProperty() checkInsHeld!: number;
  @ApiProperty() extended!: boolean;
}

export class ReportSignatoryDto {
  @ApiProperty() signatoryId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Concluded funding contributions of the territory for the year' }) committedCents!: number;
  @ApiProperty() staff!: number;
  @ApiProperty() premises!: number;
  @ApiProperty() contributions!: number;
  @ApiProperty({ description: 'What it paid in the territory during the year through the funding paths' }) paidCents!: number;
}

export class ReportCodirDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) meetingAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) heldOn!: string | null;
  @ApiProperty() directions!: number;
  @ApiProperty({ description: 'Directions that stated before the meeting' }) stated!: number;
  @ApiProperty() commitments!: number;
  @ApiProperty({ description: 'Commitments kept by the year’s end' }) kept!: number;
  @ApiProperty({ description: 'Commitments overdue at the year’s end' }) overdue!: number;
}

export class ReportDesignationDto {
  @ApiProperty({ enum: COLLEGES }) college!: College;
  @ApiProperty() holder!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) on!: string;
  @ApiProperty({ format: 'date-time', description: 'When the mandate ends' }) endsAt!: string;
}

export class ReportVotesDto {
  @ApiProperty({ enum: VOTES }) state!: Vote;
  @ApiProperty({ enum: VOTES }) local_authorities!: Vote;
  @ApiProperty({ enum: VOTES }) associations!: Vote;
  @ApiProperty({ enum: VOTES }) citizens!: Vote;
}

export class ReportDecisionDto {
  @ApiProperty() title!: string;
  @ApiProperty() adopted!: boolean;
  @ApiProperty({ type: ReportVotesDto }) votes!: ReportVotesDto;
  @ApiProperty({ format: 'date-time' }) on!: string;
}

export class ReportCopilDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [ReportDesignationDto], description: 'The members the colleges designated during the year' }) designations!: ReportDesignationDto[];
  @ApiProperty() meetingsHeld!: number;
  @ApiProperty({ type: [ReportDecisionDto], description: 'The priority axes put to the colleges’ vote' }) decisions!: ReportDecisionDto[];
}

export class ReportTerritoryDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class AnnualReportDto {
  @ApiProperty({ type: ReportTerritoryDto }) territory!: ReportTerritoryDto;
  @ApiProperty() year!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The last event counted' }) lastEventAt!: string | null;
  @ApiProperty({ type: ReportPaymentsDto }) payments!: ReportPaymentsDto;
  @ApiProperty({ type: ReportEnvelopeDto }) envelope!: ReportEnvelopeDto;
  @ApiProperty({ type: [ReportCallDto], description: 'Calls launched during the year' }) calls!: ReportCallDto[];
  @ApiProperty({ type: [ReportAgreementDto], description: 'Agreements in force, proposed or ended during the year' }) agreements!: ReportAgreementDto[];
  @ApiProperty({ type: ReportIncubationDto }) incubation!: ReportIncubationDto;
  @ApiProperty({ type: [ReportTaskForceDto] }) taskForces!: ReportTaskForceDto[];
  @ApiProperty({ type: [ReportSignatoryDto] }) signatories!: ReportSignatoryDto[];
  @ApiProperty({ type: ReportCodirDto, nullable: true, description: 'The year’s CODIR QPV, none when it was not opened' }) codir!: ReportCodirDto | null;
  @ApiProperty({ type: ReportCopilDto, nullable: true, description: 'The year’s Copil: designations and decisions, none when it was not opened' })
  copil!: ReportCopilDto | null;
}
