import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Principal, ReferralState } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import {
  NeedDto,
  ReferralAnswerDto,
  ReferralDto,
  ReferralListQuery,
  ReferralPageDto,
  ReferralStatisticsDto,
  ReferralWithdrawDto,
  RouteDto,
  SignatorySuggestionDto,
} from './referrals.dto';
import { ReferralsService } from './referrals.service';

type ReferralView = Omit<ReferralState, 'policy'>;
const view = ({ policy: _policy, ...rest }: ReferralState): ReferralView => rest;
const ANSWER = { status: 200, type: ReferralDto, description: 'the need once the change is recorded' };

/** Routing project holders to the right signatory (proposal 7). */
@ApiTags('signatories')
@ApiBearerAuth()
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post('needs')
  @Roles('association')
  @ApiOperation({ summary: 'Describe a need (orientation, kind of support, in words): the territory’s binôme routes it to a signatory' })
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'A repeat with the same key returns the first need' })
  @ApiResponse({ status: 201, type: ReferralDto })
  async submit(@CurrentPrincipal() principal: Principal, @Body() dto: NeedDto, @Headers('idempotency-key') idempotencyKey?: string): Promise<ReferralView> {
    return view(await this.referrals.submit(principal, dto, idempotencyKey));
  }

  @Get('needs')
  @ApiOperation({ summary: 'The needs you may see: an association its own, the binôme its territory’s, a signatory those routed to it, auditors all' })
  @ApiResponse({ status: 200, type: ReferralPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ReferralListQuery): Promise<ReferralPageDto> {
    return this.referrals.list(principal, query);
  }

  @Get('needs/:id')
  @ApiOperation({ summary: 'A need: where it stands, each routing with its contact, deadline and answer' })
  @ApiResponse({ status: 200, type: ReferralDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ReferralView> {
    return view(await this.referrals.get(principal, id));
  }

  @Get('needs/:id/suggestions')
  @ApiOperation({ summary: 'The signatories whose concluded contributions match the need (territory, orientation, nature), the best first' })
  @ApiResponse({ status: 200, type: [SignatorySuggestionDto] })
  suggestions(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<SignatorySuggestionDto[]> {
    return this.referrals.suggestions(principal, id);
  }

  @Post('needs/:id/routing')
  @HttpCode(200)
  @Roles('project_lead', 'prefect_delegate', 'admin')
  @ApiOperation({ summary: 'Route the need to a named contact of a signatory (the binôme); it answers within the deadline' })
  @ApiResponse(ANSWER)
  async route(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: RouteDto): Promise<ReferralView> {
    return view(await this.referrals.route(principal, id, dto.signatoryId, dto.contactName));
  }

  @Post('needs/:id/answer')
  @HttpCode(200)
  @Roles('funder')
  @ApiOperation({ summary: 'Answer the need routed to you: the support offered, or declined with a reason' })
  @ApiResponse(ANSWER)
  async answer(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ReferralAnswerDto): Promise<ReferralView> {
    return view(await this.referrals.answer(principal, id, dto.supported, dto.text));
  }

  @Post('needs/:id/withdraw')
  @HttpCode(200)
  @Roles('association')
  @ApiOperation({ summary: 'Withdraw your need, with a reason' })
  @ApiResponse(ANSWER)
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ReferralWithdrawDto): Promise<ReferralView> {
    return view(await this.referrals.withdraw(principal, id, dto.reason));
  }

  @Get('signatories/:id/needs/:year')
  @ApiOperation({ summary: 'A signatory’s year of routed needs: routed, answered in time, supported, declined, unanswered, awaiting (every account reads it)' })
  @ApiParam({ name: 'year', schema: { type: 'integer', minimum: 2000, maximum: 2100 } })
  @ApiResponse({ status: 200, type: ReferralStatisticsDto })
  statistics(@Param('id') id: string, @Param('year') year: string): Promise<ReferralStatisticsDto> {
    return this.referrals.statistics(id, year);
  }
}
