import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AgreementState, Cents, Principal, awaitingFunders, coordinationOwed } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import {
  ActivityReportDto,
  AgreementViewDto,
  AmendmentDto,
  CoordinationMeetingDto,
  CoordinationMeetingResultDto,
  ProposeAgreementDto,
  TerminationDto,
} from './anchoring.dto';
import { AnchoringService } from './anchoring.service';

/** An agreement as its parties read it: the terms, and each year's tranche, coordination time and report. */
export interface AgreementView extends Omit<AgreementState, 'schedule' | 'pendingCredits' | 'policy'> {
  /** The funders whose acceptance of their own line the agreement awaits (empty once signed). */
  awaitingFunders: string[];
  schedule: {
    year: number;
    startsAt: string;
    endsAt: string;
    amountCents: Cents;
    fundingPlan: AgreementState['fundingPlan'];
    tranche: AgreementState['schedule'][number]['tranche'];
    trancheOrders: AgreementState['schedule'][number]['trancheOrders'];
    coordination: { tokens: number; accruedCents: Cents; paidCents: Cents; status: string; paymentOrderId?: string };
    report: AgreementState['schedule'][number]['report'];
  }[];
}

function view(state: AgreementState): AgreementView {
  const { pendingCredits: _pending, policy: _policy, schedule, ...rest } = state;
  const now = Date.now();
  return {
    ...rest,
    awaitingFunders: awaitingFunders(state),
    schedule: schedule.map((y) => ({
      year: y.year,
      startsAt: y.startsAt,
      endsAt: y.endsAt,
      amountCents: y.amountCents,
      fundingPlan: y.fundingPlan,
      tranche: y.tranche,
      trancheOrders: y.trancheOrders,
      coordination: {
        tokens: y.tokens.length,
        accruedCents:
          y.coordination.status === 'paid' ? y.coordination.paidCents : Date.parse(y.startsAt) <= now ? coordinationOwed(state.coordination, y, now) : 0,
        paidCents: y.coordination.paidCents,
        status: y.coordination.status,
        paymentOrderId: y.coordination.paymentOrderId,
      },
      report: y.report,
    })),
  };
}

@ApiTags('anchoring agreements')
@ApiBearerAuth()
@Controller()
export class AnchoringController {
  constructor(private readonly anchoring: AnchoringService) {}

  @Post('anchoring-agreements')
  @ApiResponse({ status: 201, type: AgreementViewDto, description: 'the agreement as its parties read it' })
  @Roles('project_lead', 'funder', 'admin')
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'A repeat with the same key returns the first lifecycle' })
  @ApiOperation({ summary: 'Propose a multi-year anchoring agreement to an association (active once it and every funder of the plan have accepted)' })
  async propose(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ProposeAgreementDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AgreementView> {
    return view(await this.anchoring.propose(principal, dto, idempotencyKey));
  }

  @Get('anchoring-agreements/:id')
  @ApiResponse({ status: 200, type: AgreementViewDto, description: 'the agreement as its parties read it' })
  @ApiOperation({ summary: "The agreement's schedule: each year's tranche (paid, withheld, upcoming), tokens accrued and paid, report status" })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<AgreementView> {
    return view(await this.anchoring.get(principal, id));
  }

  @Post('anchoring-agreements/:id/accept')
  @ApiResponse({ status: 200, type: AgreementViewDto, description: 'the agreement as its parties read it' })
  @HttpCode(200)
  @Roles('association')
  @ApiOperation({ summary: 'The association accepts the agreement' })
  async accept(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<AgreementView> {
    return view(await this.anchoring.accept(principal, id));
  }

  @Post('anchoring-agreements/:id/funding-line/accept')
  @ApiResponse({ status: 200, type: AgreementViewDto, description: 'the agreement as its parties read it' })
  @HttpCode(200)
  @Roles('funder')
  @ApiOperation({
    summary:
      "A funder accepts its own line of the funding plan: nobody commits another's money; the agreement is signed (active) once the association and every funder have accepted",
  })
  async acceptFundingLine(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<AgreementView> {
    return view(await this.anchoring.acceptFundingLine(principal, id));
  }

  @Post('anchoring-agreements/:id/reports')
  @ApiResponse({ status: 200, type: AgreementViewDto, description: 'the agreement as its parties read it' })
  @HttpCode(200)
  @Roles('association')
  @ApiOperation({ summary: "A year's activity report (not a new application); it releases a withheld tranche at once" })
  async report(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ActivityReportDto): Promise<AgreementView> {
    return view(await this.anchoring.report(principal, id, dto));
  }

  @Post('anchoring-agreements/:id/amendments')
  @ApiResponse({ status: 200, type: AgreementViewDto, description: 'the agreement as its parties read it' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Propose a new yearly amount for the years to come (either party; the other accepts)' })
  async amend(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: AmendmentDto): Promise<AgreementView> {
    return view(await this.anchoring.proposeAmendment(principal, id, dto));
  }

  @Post('anchoring-agreements/:id/amendments/accept')
  @ApiResponse({ status: 200, type: AgreementViewDto, description: 'the agreement as its parties read it' })
  @HttpCode(200)
  @ApiOperation({ summary: 'The other party accepts the pending amendment' })
  async acceptAmendment(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<AgreementView> {
    return view(await this.anchoring.acceptAmendment(principal, id));
  }

  @Post('anchoring-agreements/:id/termination')
  @ApiResponse({ status: 200, type: AgreementViewDto, description: 'the agreement as its parties read it' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Terminate: with notice (funder side), or by mutual agreement (effective when both parties asked); pays what is owed' })
  async terminate(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: TerminationDto): Promise<AgreementView> {
    return view(await this.anchoring.terminate(principal, id, dto));
  }

  @Post('coordination-meetings')
  @Roles('project_lead', 'prefect_delegate', 'admin')
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'A retry with the same key records nothing more' })
  @ApiOperation({ summary: 'Record a coordination meeting: a token to every attending association with a token-mode agreement in the territory' })
  @ApiResponse({ status: 201, type: CoordinationMeetingResultDto })
  recordMeeting(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CoordinationMeetingDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CoordinationMeetingResultDto> {
    return this.anchoring.recordMeeting(principal, dto, idempotencyKey);
  }
}
