import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Principal, TaskForceState } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import {
  TaskForceActionDto,
  TaskForceCancelDto,
  TaskForceCheckInDto,
  TaskForceDeclineDto,
  TaskForceExtensionDto,
  TaskForceFinalReportDto,
  TaskForceKickOffDto,
  TaskForceInviteeDto,
  TaskForceMidTermReviewDto,
  ProposeTaskForceDto,
  TaskForceDto,
  TaskForceListQuery,
  TaskForcePageDto,
} from './task-forces.dto';
import { TaskForcesService } from './task-forces.service';

type TaskForceView = Omit<TaskForceState, 'policy'>;
const view = ({ policy: _policy, ...rest }: TaskForceState): TaskForceView => rest;
const ANSWER = { status: 200, type: TaskForceDto, description: 'the task force once the change is recorded' };

/**
 * Neighbourhood task forces (proposal 8): temporary (six months), small (6 to 8 members), at the scale
 * of one QPV and aimed at one problem. The project lead pilots; invited associations and signatories
 * answer for themselves and keep the action log with it.
 */
@ApiTags('task forces')
@ApiBearerAuth()
@Controller('task-forces')
export class TaskForcesController {
  constructor(private readonly taskForces: TaskForcesService) {}

  @Post()
  @Roles('project_lead')
  @ApiOperation({ summary: 'Propose a task force in your territory: one problem, one QPV, 5 to 7 members invited besides you (the pilot)' })
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'A repeat with the same key returns the first task force' })
  @ApiResponse({ status: 201, type: TaskForceDto, description: 'the task force, its invitations sent' })
  async propose(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ProposeTaskForceDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<TaskForceView> {
    return view(await this.taskForces.propose(principal, dto, idempotencyKey));
  }

  @Get()
  @ApiOperation({
    summary: "The task forces you may see: your territory's (binôme), those you are invited to (associations, signatories), all (auditors, admins)",
  })
  @ApiResponse({ status: 200, type: TaskForcePageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: TaskForceListQuery): Promise<TaskForcePageDto> {
    return this.taskForces.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A task force: its members and their answers, its schedule, action log, check-ins, reviews and outcome' })
  @ApiResponse({ status: 200, type: TaskForceDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TaskForceView> {
    return view(await this.taskForces.get(principal, id));
  }

  @Post(':id/members')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'Invite a member (in place of one who declined): never more than 8 seated' })
  @ApiResponse(ANSWER)
  async invite(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: TaskForceInviteeDto): Promise<TaskForceView> {
    return view(await this.taskForces.invite(principal, id, dto));
  }

  @Post(':id/members/:memberId/accept')
  @HttpCode(200)
  @Roles('association', 'funder', 'project_lead', 'admin')
  @ApiOperation({ summary: 'Accept an invitation: the invited organisation itself, or the pilot for a service' })
  @ApiResponse(ANSWER)
  async accept(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('memberId') memberId: string): Promise<TaskForceView> {
    return view(await this.taskForces.answer(principal, id, memberId, true));
  }

  @Post(':id/members/:memberId/decline')
  @HttpCode(200)
  @Roles('association', 'funder', 'project_lead', 'admin')
  @ApiOperation({ summary: 'Decline an invitation, with a reason' })
  @ApiResponse(ANSWER)
  async decline(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('memberId') memberId: string,
    @Body() dto: TaskForceDeclineDto,
  ): Promise<TaskForceView> {
    return view(await this.taskForces.answer(principal, id, memberId, false, dto.reason));
  }

  @Post(':id/kick-off')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'Record the kick-off meeting (six members accepted, the pilot included): the clock starts' })
  @ApiResponse(ANSWER)
  async kickOff(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: TaskForceKickOffDto): Promise<TaskForceView> {
    return view(await this.taskForces.kickOff(principal, id, dto.heldOn, dto.summary));
  }

  @Post(':id/actions')
  @HttpCode(200)
  @Roles('association', 'funder', 'project_lead', 'admin')
  @ApiOperation({ summary: 'Log an action (members who accepted, and the pilot)' })
  @ApiResponse(ANSWER)
  async logAction(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: TaskForceActionDto): Promise<TaskForceView> {
    return view(await this.taskForces.logAction(principal, id, dto.text));
  }

  @Post(':id/check-ins/:n')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'Record a monthly check-in' })
  @ApiResponse(ANSWER)
  async checkIn(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @Body() dto: TaskForceCheckInDto,
  ): Promise<TaskForceView> {
    return view(await this.taskForces.checkIn(principal, id, n, dto.summary));
  }

  @Post(':id/mid-term-review')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'Submit the mid-term review (due half-way)' })
  @ApiResponse(ANSWER)
  async midTermReview(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: TaskForceMidTermReviewDto): Promise<TaskForceView> {
    return view(await this.taskForces.midTermReview(principal, id, dto.assessment, dto.adjustments));
  }

  @Post(':id/extension')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'Extend the task force once, by 1 to 3 months, with a reason' })
  @ApiResponse(ANSWER)
  async extend(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: TaskForceExtensionDto): Promise<TaskForceView> {
    return view(await this.taskForces.extend(principal, id, dto.months, dto.reason));
  }

  @Post(':id/final-report')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'Submit the final report (what was coordinated, what scales up): the task force closes' })
  @ApiResponse(ANSWER)
  async finalReport(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: TaskForceFinalReportDto): Promise<TaskForceView> {
    return view(await this.taskForces.finalReport(principal, id, dto.coordinated, dto.scaleUp));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'Stop the task force, with a reason' })
  @ApiResponse(ANSWER)
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: TaskForceCancelDto): Promise<TaskForceView> {
    return view(await this.taskForces.cancel(principal, id, dto.reason));
  }
}
