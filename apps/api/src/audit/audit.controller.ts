import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ChainVerdictDto, DigestDto, HistoryDto, ReplayReportDto, ReplayVerdictDto } from './audit.dto';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { DomainError, Principal } from '@grants/domain';
import { QueryBoolean } from '../common/query-boolean';
import { CurrentPrincipal, ReadsOnly, Roles } from '../common/auth';
import { PageQuery } from '../common/pagination';
import { AuditLogService } from './audit-log.service';
import { AuditService } from './audit.service';

export class ReplayQuery {
  @ApiPropertyOptional({ description: 'replay even the histories already verified with this code' })
  @IsOptional()
  @IsBoolean()
  @QueryBoolean()
  force?: boolean;
}

export class AuditReadsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(80) grantId?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller()
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly log: AuditLogService,
  ) {}

  @Get('grants/:id/verify')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: "Recomputes the grant's hash chain: {valid, events, brokenAt?}" })
  @ApiResponse({ status: 200, type: ChainVerdictDto })
  @ApiResponse({ status: 404, description: 'no such grant' })
  async verify(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ChainVerdictDto> {
    const grant = await this.audit.grant(principal, id);
    await this.log.record(principal, 'verify', id);
    return this.audit.verify(grant);
  }

  @Get('grants/:id/history')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'The raw Temporal history of every run, live or archived, as `temporal workflow show --output json` writes it' })
  @ApiResponse({ status: 200, type: HistoryDto })
  @ApiResponse({ status: 404, description: 'no such grant, or no history left' })
  async history(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<HistoryDto> {
    await this.audit.grant(principal, id);
    await this.log.record(principal, 'history', id);
    const runs = await this.audit.histories(id);
    if (!runs.length) throw new DomainError('not_found', `no history of ${id}, live or archived`);
    return { workflowId: id, runs: runs.map(({ workflowId: _w, history, ...run }) => ({ ...run, history: history as unknown as Record<string, unknown> })) };
  }

  @Post('grants/:id/replay')
  @HttpCode(200)
  @Roles('auditor', 'admin')
  @ReadsOnly()
  @ApiOperation({
    summary:
      'Replays every run with the current workflow code; the decision timeline beside the stored events. A history already verified with this code and SDK answers with its recorded verdict (cached, verifiedAt) unless force=true',
  })
  @ApiResponse({ status: 200, type: ReplayReportDto })
  @ApiResponse({ status: 404, description: 'no such grant' })
  @ApiResponse({
    status: 503,
    description: 'too many replays in progress in this process (REPLAY_CONCURRENCY, REPLAY_QUEUE): retry after the Retry-After seconds',
  })
  async replay(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ReplayQuery): Promise<ReplayReportDto> {
    const grant = await this.audit.grant(principal, id);
    await this.log.record(principal, 'replay', id);
    return this.audit.replay(grant, principal.sub, query.force ?? false);
  }

  @Get('grants/:id/replay-verdicts')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: "When each run of the grant's workflow was last verified by a replay, with which code (bundle hash, SDK version), and by whom" })
  @ApiResponse({ status: 200, type: [ReplayVerdictDto] })
  @ApiResponse({ status: 404, description: 'no such grant' })
  async replayVerdicts(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ReplayVerdictDto[]> {
    await this.audit.grant(principal, id);
    await this.log.record(principal, 'replay-verdicts', id);
    return (await this.audit.replayVerdicts(id)).map(
      ({ historySha256, bundleSha256, sdkVersion, runId, events, deterministic, divergence, verifiedAt, verifiedBy, requestedBy }) => ({
        runId,
        historySha256,
        events,
        deterministic,
        ...(divergence ? { divergence } : {}),
        code: { bundleSha256, sdkVersion },
        verifiedAt,
        verifiedBy,
        requestedBy,
      }),
    );
  }

  @Get('audit/digests/:date')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: "The Merkle root of a UTC day's events, recomputed, beside the one recorded for that day and the one anchored outside the database",
  })
  @ApiResponse({ status: 200, type: DigestDto })
  async digest(@CurrentPrincipal() principal: Principal, @Param('date') date: string): Promise<DigestDto> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      throw new DomainError('validation', 'date must be YYYY-MM-DD');
    }
    await this.log.record(principal, 'digest', null);
    return this.audit.digest(date);
  }

  @Get('audit/reads')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Who read which grant through the audit endpoints, and when' })
  reads(@Query() query: AuditReadsQuery) {
    return this.log.list(query.grantId, query.page, query.pageSize);
  }
}
