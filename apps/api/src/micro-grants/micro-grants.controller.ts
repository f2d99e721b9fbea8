import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, MicroGrantState, Principal } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import { DecisionDto, EnvelopeDto, MicroGrantCreatedDto, MicroGrantViewDto, ReportDto, RequestMicroGrantDto, StatusDto } from './micro-grants.dto';
import { MicroGrantsService } from './micro-grants.service';

function toView(state: MicroGrantState): MicroGrantViewDto {
  return {
    id: state.id,
    status: state.status,
    title: state.title,
    purpose: state.purpose,
    amountCents: state.amountCents,
    binomeId: state.binomeId,
    territoryId: state.territoryId,
    associationId: state.associationId,
    qpv: state.qpv,
    targetPublic: state.targetPublic,
    requestedAt: state.requestedAt,
    decisions: state.decisions.map(({ role, decision, reason, at }) => ({ role, decision, reason, at })),
    decisionDeadlineAt: state.decisionDeadlineAt,
    escalationReason: state.escalation?.reason,
    paymentOrderId: state.paymentOrderId,
    reportDueAt: state.reportDueAt,
    closedAt: state.closedAt,
  };
}

@ApiTags('micro-grants')
@ApiBearerAuth()
@Controller()
export class MicroGrantsController {
  constructor(private readonly microGrants: MicroGrantsService) {}

  @Post('micro-grants')
  @Roles('association')
  @ApiOperation({ summary: "Request a micro-grant from a territory's binôme (association)" })
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'A repeat with the same key returns the first lifecycle' })
  @ApiResponse({ status: 201, type: MicroGrantCreatedDto })
  async request(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: RequestMicroGrantDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<MicroGrantCreatedDto> {
    const state = await this.microGrants.request(principal, dto, idempotencyKey);
    return { id: state.id, status: state.status, escalationReason: state.escalation?.reason };
  }

  @Get('micro-grants/:id')
  @ApiOperation({ summary: 'The live state of a micro-grant, from its workflow' })
  @ApiResponse({ status: 200, type: MicroGrantViewDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<MicroGrantViewDto> {
    return toView(await this.microGrants.get(principal, id));
  }

  @Post('micro-grants/:id/decisions')
  @HttpCode(200)
  @Roles('project_lead', 'prefect_delegate')
  @ApiOperation({ summary: "A binôme member's decision: approve, or reject with a reason" })
  @ApiResponse({ status: 200, type: StatusDto })
  async decide(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: DecisionDto): Promise<StatusDto> {
    return { status: (await this.microGrants.decide(principal, id, dto)).status };
  }

  @Post('micro-grants/:id/report')
  @HttpCode(200)
  @Roles('association')
  @ApiOperation({ summary: "The association's short report, after payment" })
  @ApiResponse({ status: 200, type: StatusDto })
  async report(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ReportDto): Promise<StatusDto> {
    return { status: (await this.microGrants.report(principal, id, dto)).status };
  }

  @Get('binomes/:id/envelopes/:year')
  @ApiOperation({ summary: "A binôme's envelope for a year: total, ceiling, reserved, committed, available" })
  @ApiResponse({ status: 200, type: EnvelopeDto })
  async envelope(@Param('id') id: string, @Param('year', ParseIntPipe) year: number): Promise<EnvelopeDto> {
    if (year < 2000 || year > 2100) throw new DomainError('validation', 'year must be between 2000 and 2100');
    const { binomeId, totalCents, ceilingCents, reservedCents, committedCents, availableCents } = await this.microGrants.envelope(id, year);
    return { binomeId, year, totalCents, ceilingCents, reservedCents, committedCents, availableCents };
  }
}
