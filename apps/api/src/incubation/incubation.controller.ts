import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CohortState, IncubationState, Principal, rankMentors } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import {
  CohortViewDto,
  FundingLeadDto,
  ImpactReportDto,
  IncubationViewDto,
  MentorDto,
  MentorSuggestionDto,
  MilestoneDto,
  NominatedDto,
  NominationDto,
  OpenCohortDto,
  PlanDto,
  SelectedDto,
  SelectionDto,
  WithdrawDto,
} from './incubation.dto';
import { IncubationService, ProjectProgress } from './incubation.service';

type IncubationView = Omit<IncubationState, 'policy'>;
/** The project as the API shows it: without its policy, nor the recorder's own count and clock. */
const view = ({ policy: _policy, ...rest }: IncubationState & { lastSeq?: number; nextCheckInAt?: string }): IncubationView => {
  const { lastSeq: _seq, nextCheckInAt: _next, ...shown } = rest;
  return shown;
};

@ApiTags('incubation')
@ApiBearerAuth()
@Controller()
export class IncubationController {
  constructor(private readonly incubation: IncubationService) {}

  @Post('incubation-cohorts')
  @ApiResponse({ status: 201, type: CohortViewDto })
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "Open a territory's cohort for a year: 10 to 15 projects, nominations until the deadline" })
  open(@CurrentPrincipal() principal: Principal, @Body() dto: OpenCohortDto): Promise<CohortState> {
    return this.incubation.openCohort(principal, dto);
  }

  @Get('incubation-cohorts/:territory/:year')
  @ApiResponse({ status: 200, type: CohortViewDto })
  @ApiOperation({ summary: "The cohort, its nominations, and each selected project's progress" })
  cohort(
    @CurrentPrincipal() principal: Principal,
    @Param('territory') territory: string,
    @Param('year', ParseIntPipe) year: number,
  ): Promise<CohortState & { projects: ProjectProgress[] }> {
    return this.incubation.cohort(principal, territory, year);
  }

  @Post('incubation-cohorts/:territory/:year/nominations')
  @ApiResponse({ status: 201, type: NominatedDto })
  @Roles('project_lead', 'association', 'admin')
  @ApiOperation({ summary: 'Nominate a project (the project lead, or an association for itself)' })
  nominate(
    @CurrentPrincipal() principal: Principal,
    @Param('territory') territory: string,
    @Param('year', ParseIntPipe) year: number,
    @Body() dto: NominationDto,
  ): Promise<{ nominationId: string }> {
    return this.incubation.nominate(principal, territory, year, dto);
  }

  @Post('incubation-cohorts/:territory/:year/selections')
  @ApiResponse({ status: 201, type: SelectedDto })
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'Select a nominated project, with a reason; never above the capacity (409)' })
  select(
    @CurrentPrincipal() principal: Principal,
    @Param('territory') territory: string,
    @Param('year', ParseIntPipe) year: number,
    @Body() dto: SelectionDto,
  ): Promise<{ incubationId: string; selected: number; capacity: number }> {
    return this.incubation.select(principal, territory, year, dto);
  }

  @Get('incubations/:id')
  @ApiResponse({ status: 200, type: IncubationViewDto, description: 'the project as its reader sees it' })
  @ApiOperation({ summary: 'An incubated project: mentor, plan and milestones, check-ins, funding leads, outcome' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<IncubationView> {
    return view(await this.incubation.get(principal, id));
  }

  @Post('incubations/:id/mentor')
  @ApiResponse({ status: 200, type: IncubationViewDto, description: 'the project as its reader sees it' })
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "Assign a mentor association (never the project's own: 400)" })
  async mentor(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: MentorDto): Promise<IncubationView> {
    return view(await this.incubation.assignMentor(principal, id, dto.mentorAssociationId));
  }

  @Get('incubations/:id/mentor-suggestions')
  @ApiResponse({ status: 200, type: [MentorSuggestionDto] })
  @ApiOperation({ summary: 'Associations sharing a theme and the territory, those with the fewest mentees first' })
  suggestions(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ReturnType<typeof rankMentors>> {
    return this.incubation.mentorSuggestions(principal, id);
  }

  @Post('incubations/:id/plan')
  @ApiResponse({ status: 200, type: IncubationViewDto, description: 'the project as its reader sees it' })
  @HttpCode(200)
  @Roles('project_lead', 'association', 'admin')
  @ApiOperation({ summary: 'The support plan: mentoring, project management, funding search, impact analysis; milestones with due dates' })
  async plan(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: PlanDto): Promise<IncubationView> {
    return view(await this.incubation.plan(principal, id, dto));
  }

  @Post('incubations/:id/milestones/:milestone/complete')
  @ApiResponse({ status: 200, type: IncubationViewDto, description: 'the project as its reader sees it' })
  @HttpCode(200)
  @Roles('project_lead', 'association', 'admin')
  @ApiOperation({ summary: 'Mark a milestone (design, launch, impact_review) complete' })
  async milestone(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('milestone') milestone: string,
    @Body() dto: MilestoneDto,
  ): Promise<IncubationView> {
    return view(await this.incubation.completeMilestone(principal, id, milestone, dto));
  }

  @Post('incubations/:id/funding-leads')
  @ApiResponse({ status: 201, type: IncubationViewDto, description: 'the project as its reader sees it' })
  @Roles('project_lead', 'association', 'admin')
  @ApiOperation({ summary: "Record a funding lead; with microGrant or call, open the request at once (the project's association)" })
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description: 'A retry records nothing more and opens no second request (without a key, the same lead said again is the same lead)',
  })
  async fundingLead(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: FundingLeadDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<IncubationView> {
    return view(await this.incubation.fundingLead(principal, id, dto, idempotencyKey));
  }

  @Post('incubations/:id/impact-report')
  @ApiResponse({ status: 200, type: IncubationViewDto, description: 'the project as its reader sees it' })
  @HttpCode(200)
  @Roles('association')
  @ApiOperation({ summary: 'The impact report ends the follow-up: graduated' })
  async impact(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ImpactReportDto): Promise<IncubationView> {
    return view(await this.incubation.impactReport(principal, id, dto));
  }

  @Post('incubations/:id/withdraw')
  @ApiResponse({ status: 200, type: IncubationViewDto, description: 'the project as its reader sees it' })
  @HttpCode(200)
  @Roles('project_lead', 'association', 'admin')
  @ApiOperation({ summary: 'Withdraw the project, with a reason' })
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: WithdrawDto): Promise<IncubationView> {
    return view(await this.incubation.withdraw(principal, id, dto));
  }
}
