import { Body, Controller, Get, Header, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Principal } from '@grants/domain';
import { CurrentPrincipal, Public, Roles } from '../common/auth';
import {
  ChangelogQuery,
  DatasetQuery,
  FunderDto,
  FunderPatchDto,
  FunderQuery,
  ObligationsQuery,
  OpenDataChangeDto,
  OpenDataObligationsDto,
  OpenDataSettingsDto,
  PublicationResultDto,
  PublishDto,
  ScdlRowDto,
} from './open-data.dto';
import { OpenDataService } from './open-data.service';

@ApiTags('open data')
@Controller()
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @Get('open-data/subventions.csv')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The published essential data of subsidy conventions, SCDL "Subventions" 2.1.1, as CSV (public; a stable URL for data.gouv.fr)' })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'UTF-8 CSV, comma-separated, the SCDL columns in order', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiResponse({ status: 400, description: 'A filter is malformed' })
  async csv(@Query() query: DatasetQuery, @Res({ passthrough: true }) response: Response): Promise<string> {
    const body = await this.openData.csv(query);
    response.type('text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'inline; filename="subventions.csv"');
    return body;
  }

  @Get('open-data/subventions.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The same dataset as JSON: an array of SCDL rows (public)' })
  @ApiResponse({ status: 200, type: [ScdlRowDto] })
  @ApiResponse({ status: 400, description: 'A filter is malformed' })
  json(@Query() query: DatasetQuery): Promise<Record<string, string | number | null>[]> {
    return this.openData.json(query);
  }

  @Get('open-data/changelog')
  @Public()
  @ApiOperation({ summary: 'What was published, corrected or withdrawn, and when: newest first (public)' })
  @ApiResponse({ status: 200, type: [OpenDataChangeDto] })
  @ApiResponse({ status: 400, description: 'A filter is malformed' })
  changelog(@Query() query: ChangelogQuery): Promise<OpenDataChangeDto[]> {
    return this.openData.changelog(query);
  }

  @Get('open-data/obligations')
  @ApiBearerAuth()
  @Roles('funder', 'admin', 'auditor')
  @ApiOperation({ summary: "A funder's rows: what it must publish and by when (three months after signature), what is published, what blocks it" })
  @ApiResponse({ status: 200, type: OpenDataObligationsDto })
  @ApiResponse({ status: 400, description: 'An admin or auditor did not name the funder' })
  @ApiResponse({ status: 403, description: 'Not a funder, an admin or an auditor' })
  @ApiResponse({ status: 404, description: 'No such funder (or not yours)' })
  obligations(@CurrentPrincipal() principal: Principal, @Query() query: ObligationsQuery): Promise<OpenDataObligationsDto> {
    return this.openData.obligations(principal, query);
  }

  @Get('open-data/settings')
  @ApiBearerAuth()
  @Roles('funder', 'admin', 'auditor')
  @ApiOperation({ summary: "A funder's publication settings" })
  @ApiResponse({ status: 200, type: OpenDataSettingsDto })
  @ApiResponse({ status: 404, description: 'No such funder (or not yours)' })
  settings(@CurrentPrincipal() principal: Principal, @Query() query: FunderQuery): Promise<OpenDataSettingsDto> {
    return this.openData.settings(principal, query.funder);
  }

  @Put('open-data/settings')
  @ApiBearerAuth()
  @Roles('funder', 'admin')
  @ApiOperation({ summary: 'Set them: publish at signature, publish below the threshold, the threshold, the programme, EU notification' })
  @ApiResponse({ status: 200, type: OpenDataSettingsDto })
  @ApiResponse({ status: 400, description: 'A setting is missing or malformed' })
  @ApiResponse({ status: 403, description: "Not the funder's account or an admin" })
  @ApiResponse({ status: 404, description: 'No such funder (or not yours)' })
  saveSettings(@CurrentPrincipal() principal: Principal, @Query() query: FunderQuery, @Body() dto: OpenDataSettingsDto): Promise<OpenDataSettingsDto> {
    return this.openData.saveSettings(principal, query.funder, dto);
  }

  @Post('open-data/publications')
  @ApiBearerAuth()
  @Roles('funder', 'admin')
  @HttpCode(201)
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'A repeat with the same key publishes nothing more and answers the first publication' })
  @ApiOperation({ summary: 'Publish rows (every row awaiting publication when none are named): each publication is an event of the hash-chained log' })
  @ApiResponse({ status: 201, type: PublicationResultDto })
  @ApiResponse({ status: 400, description: 'Malformed row ids' })
  @ApiResponse({ status: 403, description: "Not the funder's account or an admin" })
  @ApiResponse({ status: 409, description: 'The funder has no valid SIRET, a row is not awaiting publication, or nothing awaits publication' })
  publish(
    @CurrentPrincipal() principal: Principal,
    @Query() query: FunderQuery,
    @Body() dto: PublishDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<PublicationResultDto> {
    return this.openData.publish(principal, query.funder, dto.rowIds, idempotencyKey);
  }

  @Get('funders')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The funders of the directory, with their SIRET (the attribuant in open data)' })
  @ApiResponse({ status: 200, type: [FunderDto] })
  funders(): Promise<FunderDto[]> {
    return this.openData.funders();
  }

  @Patch('funders/:id')
  @ApiBearerAuth()
  @Roles('admin')
  @ApiParam({ name: 'id', example: 'funder-caf-93' })
  @ApiOperation({ summary: "Set a funder's official name or SIRET (admin); publications it blocked are tried again" })
  @ApiResponse({ status: 200, type: FunderDto })
  @ApiResponse({ status: 400, description: 'A SIRET that is not 14 digits with a valid checksum' })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  @ApiResponse({ status: 404, description: 'No such funder' })
  patchFunder(@Param('id') id: string, @Body() dto: FunderPatchDto): Promise<FunderDto> {
    return this.openData.patchFunder(id, dto);
  }
}
