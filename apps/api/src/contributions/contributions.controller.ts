import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ContributionState, Principal } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import {
  SignatoryContributionDto,
  ContributionListQuery,
  ContributionPageDto,
  ContributionTermsDto,
  ContributionWithdrawDto,
  SignatoryYearDto,
} from './contributions.dto';
import { ContributionsService } from './contributions.service';

type ContributionView = Omit<ContributionState, 'policy'>;
const view = ({ policy: _policy, ...rest }: ContributionState): ContributionView => rest;
const ANSWER = { status: 200, type: SignatoryContributionDto, description: 'the contribution once the change is recorded' };

/**
 * Associated signatories' contributions to the contrat de ville (proposal 6): each orientation's
 * contribution negotiated by the territory's project lead and the signatory, two signatures; every
 * account reads them, and each signatory's yearly commitments beside what it paid.
 */
@ApiTags('signatories')
@ApiBearerAuth()
@Controller()
export class ContributionsController {
  constructor(private readonly contributions: ContributionsService) {}

  @Post('contributions')
  @Roles('project_lead', 'funder', 'admin')
  @ApiOperation({ summary: "Propose a contribution: the territory's project lead, or the signatory itself (its signature comes with its proposal)" })
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'A repeat with the same key returns the first contribution' })
  @ApiResponse({ status: 201, type: SignatoryContributionDto, description: 'the contribution, awaiting the other side' })
  async propose(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ContributionTermsDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ContributionView> {
    return view(await this.contributions.propose(principal, dto, idempotencyKey));
  }

  @Get('contributions')
  @ApiOperation({ summary: 'The contributions of the contrat de ville, by territory, signatory, year and status (every account reads them)' })
  @ApiResponse({ status: 200, type: ContributionPageDto })
  list(@Query() query: ContributionListQuery): Promise<ContributionPageDto> {
    return this.contributions.list(query);
  }

  @Get('contributions/:id')
  @ApiOperation({ summary: 'A contribution: its terms, the version on the table, each side’s signature, what is awaited and by when' })
  @ApiResponse({ status: 200, type: SignatoryContributionDto })
  async get(@Param('id') id: string): Promise<ContributionView> {
    return view(await this.contributions.get(id));
  }

  @Post('contributions/:id/sign')
  @HttpCode(200)
  @Roles('project_lead', 'funder', 'admin')
  @ApiOperation({ summary: 'Sign the version on the table (the second signature concludes it)' })
  @ApiResponse(ANSWER)
  async sign(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ContributionView> {
    return view(await this.contributions.sign(principal, id));
  }

  @Post('contributions/:id/revise')
  @HttpCode(200)
  @Roles('project_lead', 'funder', 'admin')
  @ApiOperation({ summary: 'Put a new version on the table (signed by your side, awaiting the other), same territory and signatory' })
  @ApiResponse(ANSWER)
  async revise(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ContributionTermsDto): Promise<ContributionView> {
    return view(await this.contributions.revise(principal, id, dto));
  }

  @Post('contributions/:id/withdraw')
  @HttpCode(200)
  @Roles('project_lead', 'funder', 'admin')
  @ApiOperation({ summary: 'Withdraw it before it is concluded, with a reason' })
  @ApiResponse(ANSWER)
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ContributionWithdrawDto): Promise<ContributionView> {
    return view(await this.contributions.withdraw(principal, id, dto.reason));
  }

  @Get('signatories/:id/years/:year')
  @ApiOperation({ summary: 'A signatory’s year: what its agreed contributions commit, beside what it paid through the funding paths (every account reads it)' })
  @ApiParam({ name: 'year', schema: { type: 'integer', minimum: 2000, maximum: 2100 } })
  @ApiResponse({ status: 200, type: SignatoryYearDto })
  @ApiResponse({ status: 400, description: 'a year outside 2000 to 2100' })
  signatoryYear(@Param('id') id: string, @Param('year') year: string): Promise<SignatoryYearDto> {
    return this.contributions.signatoryYear(id, year);
  }
}
