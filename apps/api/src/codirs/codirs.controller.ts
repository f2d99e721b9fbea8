import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CodirState, Principal } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import {
  CodirDirectionDto,
  CodirDto,
  CodirListQuery,
  CodirPageDto,
  CodirScheduleDto,
  CodirScheduleViewDto,
  CommitmentDoneDto,
  MeetingDto,
  OpenCodirDto,
  ResourceAnswerDto,
  ResourceSuggestionsDto,
  StatementDto,
} from './codirs.dto';
import { CodirsService } from './codirs.service';

type CodirView = Omit<CodirState, 'policy'>;
const view = ({ policy: _policy, ...rest }: CodirState): CodirView => rest;
const ANSWER = { status: 200, type: CodirDto, description: 'the CODIR once the change is recorded' };
const LEAD_ONLY = { status: 403, description: "anyone but the territory's project lead (or an admin)" };
const NOT_SEEN = { status: 404, description: "no such CODIR, or another territory's" };
const CLOSED = { status: 409, description: 'the step is past (statements closed, the meeting recorded, the commitment done, the CODIR closed)' };

/** The yearly CODIR QPV of each local authority (proposal 9), and the Schedule that opens it. */
@ApiTags('codir')
@ApiBearerAuth()
@Controller()
export class CodirsController {
  constructor(private readonly codirs: CodirsService) {}

  @Post('codirs')
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "Open the territory's CODIR of a year (its project lead): the meeting, the sectoral directions invited to state before it" })
  @ApiResponse({ status: 201, type: CodirDto, description: 'the CODIR, collecting the statements (the same opening again returns it)' })
  @ApiResponse({ status: 400, description: 'a meeting too soon for the statements, no direction, a direction twice' })
  @ApiResponse(LEAD_ONLY)
  @ApiResponse({ status: 404, description: 'no such territory' })
  @ApiResponse({ status: 409, description: "that year's CODIR is open already" })
  async open(@CurrentPrincipal() principal: Principal, @Body() dto: OpenCodirDto): Promise<CodirView> {
    return view(await this.codirs.open(principal, dto));
  }

  @Get('codirs')
  @Roles('project_lead', 'prefect_delegate', 'auditor', 'admin')
  @ApiOperation({ summary: "The CODIRs: the binôme its territory's, auditors and admins every territory's; newest year first" })
  @ApiResponse({ status: 200, type: CodirPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: CodirListQuery): Promise<CodirPageDto> {
    return this.codirs.list(principal, query);
  }

  @Get('codirs/:id')
  @ApiOperation({ summary: 'A CODIR: each direction with its statement and the answer it got, the meeting, each commitment followed' })
  @ApiResponse({ status: 200, type: CodirDto })
  @ApiResponse(NOT_SEEN)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CodirView> {
    return view(await this.codirs.get(principal, id));
  }

  @Get('codirs/:id/suggestions')
  @ApiOperation({
    summary: 'What the team could offer a direction: associations of the territory whose themes meet its sector, concluded contributions for its orientations',
  })
  @ApiQuery({ name: 'directionId', required: true })
  @ApiResponse({ status: 200, type: ResourceSuggestionsDto })
  @ApiResponse({ status: 400, description: 'a direction not invited' })
  @ApiResponse(NOT_SEEN)
  suggestions(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query('directionId') directionId?: string): Promise<ResourceSuggestionsDto> {
    return this.codirs.suggestions(principal, id, directionId);
  }

  @Post('codirs/:id/directions')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'Invite another direction, until the meeting' })
  @ApiResponse(ANSWER)
  @ApiResponse(LEAD_ONLY)
  @ApiResponse(NOT_SEEN)
  @ApiResponse(CLOSED)
  async invite(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CodirDirectionDto): Promise<CodirView> {
    return view(await this.codirs.invite(principal, id, dto));
  }

  @Post('codirs/:id/statements')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "Record a direction's statement (how its policies apply in the QPVs) until the due date; again to replace it" })
  @ApiResponse(ANSWER)
  @ApiResponse(LEAD_ONLY)
  @ApiResponse(NOT_SEEN)
  @ApiResponse(CLOSED)
  async statement(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: StatementDto): Promise<CodirView> {
    return view(await this.codirs.statement(principal, id, dto));
  }

  @Post('codirs/:id/answers')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "The team's answer to a direction's statement, as a resource: local relays, co-funding that could be mobilised" })
  @ApiResponse(ANSWER)
  @ApiResponse({ status: 400, description: 'an association that does not act in the territory, a contribution not concluded there' })
  @ApiResponse(LEAD_ONLY)
  @ApiResponse(NOT_SEEN)
  @ApiResponse(CLOSED)
  async answer(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ResourceAnswerDto): Promise<CodirView> {
    return view(await this.codirs.answer(principal, id, dto));
  }

  @Post('codirs/:id/meeting')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "The meeting's minutes: the directions present, each one's commitments with their due dates (before the next CODIR)" })
  @ApiResponse(ANSWER)
  @ApiResponse({ status: 400, description: 'a meeting in the future, a direction not invited, a commitment due after the next CODIR' })
  @ApiResponse(LEAD_ONLY)
  @ApiResponse(NOT_SEEN)
  @ApiResponse(CLOSED)
  async meeting(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: MeetingDto): Promise<CodirView> {
    return view(await this.codirs.meeting(principal, id, dto));
  }

  @Post('codirs/:id/commitments/:commitmentId/done')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'A commitment kept, with what was done (also once overdue)' })
  @ApiResponse(ANSWER)
  @ApiResponse(LEAD_ONLY)
  @ApiResponse({ status: 404, description: 'no such CODIR or commitment' })
  @ApiResponse(CLOSED)
  async done(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('commitmentId') commitmentId: string,
    @Body() dto: CommitmentDoneDto,
  ): Promise<CodirView> {
    return view(await this.codirs.done(principal, id, commitmentId, dto.note));
  }

  @Get('territories/:territoryId/codir-schedule')
  @ApiOperation({ summary: "The territory's yearly Schedule: when it opens the CODIR, with which directions, its next openings" })
  @ApiResponse({ status: 200, type: CodirScheduleViewDto })
  @ApiResponse({ status: 403, description: "anyone but the territory's binôme, auditors and admins" })
  @ApiResponse({ status: 404, description: 'no such territory, or no schedule' })
  schedule(@CurrentPrincipal() principal: Principal, @Param('territoryId') territoryId: string): Promise<CodirScheduleViewDto> {
    return this.codirs.schedule(principal, territoryId);
  }

  @Put('territories/:territoryId/codir-schedule')
  @Roles('project_lead', 'admin')
  @ApiOperation({
    summary: "Set the territory's yearly Schedule (a Temporal Schedule): each year on that day (Paris), it opens the CODIR with these directions",
  })
  @ApiResponse({ status: 200, type: CodirScheduleViewDto })
  @ApiResponse(LEAD_ONLY)
  @ApiResponse({ status: 404, description: 'no such territory' })
  setSchedule(
    @CurrentPrincipal() principal: Principal,
    @Param('territoryId') territoryId: string,
    @Body() dto: CodirScheduleDto,
  ): Promise<CodirScheduleViewDto> {
    return this.codirs.setSchedule(principal, territoryId, dto);
  }

  @Delete('territories/:territoryId/codir-schedule')
  @HttpCode(204)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "Stop the territory's yearly Schedule (CODIRs already open go on)" })
  @ApiResponse({ status: 204, description: 'stopped' })
  @ApiResponse(LEAD_ONLY)
  @ApiResponse({ status: 404, description: 'no such territory, or no schedule' })
  deleteSchedule(@CurrentPrincipal() principal: Principal, @Param('territoryId') territoryId: string): Promise<void> {
    return this.codirs.deleteSchedule(principal, territoryId);
  }
}
