import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CopilState, Principal } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import {
  CandidacyDto,
  CopilDto,
  CopilListQuery,
  CopilPageDto,
  CopilSeatsDto,
  DesignationDto,
  OpenCopilDto,
  OpenRoundDto,
  RecordCopilMeetingDto,
  ScheduleCopilMeetingDto,
} from './copils.dto';
import { CopilsService } from './copils.service';

type CopilView = Omit<CopilState, 'policy'>;
const view = ({ policy: _policy, ...rest }: CopilState): CopilView => rest;
const ANSWER = { status: 200, type: CopilDto, description: 'the Copil once the change is recorded' };
const LEAD_ONLY = { status: 403, description: "anyone but the territory's project lead (or an admin)" };
const NOT_SEEN = { status: 404, description: 'no such Copil (or round, or meeting), or one of a territory you do not act in' };

/** The territory's steering committee by colleges (proposal 1). */
@ApiTags('copils')
@ApiBearerAuth()
@Controller()
export class CopilsController {
  constructor(private readonly copils: CopilsService) {}

  @Post('copils')
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "Open the territory's Copil of a year (the year under way or the next): designation rounds, meetings, decisions" })
  @ApiResponse({ status: 201, type: CopilDto })
  @ApiResponse({ status: 400, description: 'a year other than this one or the next' })
  @ApiResponse(LEAD_ONLY)
  @ApiResponse({ status: 404, description: 'no such territory' })
  @ApiResponse({ status: 409, description: "that year's Copil is open already" })
  async open(@CurrentPrincipal() principal: Principal, @Body() dto: OpenCopilDto): Promise<CopilView> {
    return view(await this.copils.open(principal, dto));
  }

  @Get('copils')
  @Roles('project_lead', 'prefect_delegate', 'association', 'auditor', 'admin')
  @ApiOperation({ summary: "The Copils: the binôme its territory's, an association those of its territories, auditors and admins all" })
  @ApiResponse({ status: 200, type: CopilPageDto })
  @ApiResponse({ status: 403, description: "a funder, or a binôme asking for another territory's" })
  list(@CurrentPrincipal() principal: Principal, @Query() query: CopilListQuery): Promise<CopilPageDto> {
    return this.copils.list(principal, query);
  }

  @Get('copils/:id')
  @ApiOperation({ summary: 'A Copil: its designation rounds and candidacies, mandates, meetings with attendance and decisions' })
  @ApiResponse({ status: 200, type: CopilDto })
  @ApiResponse(NOT_SEEN)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CopilView> {
    return view(await this.copils.get(principal, id));
  }

  @Get('territories/:territoryId/copil-seats')
  @ApiOperation({ summary: "The seats of the territory's Copil held now, college by college (every year's designations)" })
  @ApiResponse({ status: 200, type: CopilSeatsDto })
  @ApiResponse({ status: 404, description: 'a territory you do not act in' })
  seats(@CurrentPrincipal() principal: Principal, @Param('territoryId') territoryId: string): Promise<CopilSeatsDto> {
    return this.copils.seats(principal, territoryId);
  }

  @Post('copils/:id/rounds')
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "Open a college's designation round: its seats, candidacies until a date, the mandates' term (2 years by default)" })
  @ApiResponse({ status: 201, type: CopilDto })
  @ApiResponse({ status: 400, description: 'seats outside 1-12, a due date past or beyond the year, a term outside 1-6 years' })
  @ApiResponse(LEAD_ONLY)
  @ApiResponse(NOT_SEEN)
  @ApiResponse({ status: 409, description: "the college's previous round still open or to designate, or the year over" })
  async openRound(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: OpenRoundDto): Promise<CopilView> {
    return view(await this.copils.openRound(principal, id, dto));
  }

  @Post('copils/:id/rounds/:roundId/candidacies')
  @Roles('association', 'project_lead', 'admin')
  @ApiOperation({ summary: "Stand for a seat: an association for itself in the associations' college; the project lead records any candidate" })
  @ApiResponse({ status: 201, type: CopilDto })
  @ApiResponse({ status: 400, description: 'an association in another college, a candidate without a name' })
  @ApiResponse({ status: 403, description: 'an association standing for another, a prefect delegate' })
  @ApiResponse(NOT_SEEN)
  @ApiResponse({ status: 409, description: 'candidacies closed, or the candidate stands already' })
  async fileCandidacy(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('roundId') roundId: string,
    @Body() dto: CandidacyDto,
  ): Promise<CopilView> {
    return view(await this.copils.fileCandidacy(principal, id, roundId, dto));
  }

  @Post('copils/:id/rounds/:roundId/designations')
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "Record the college's designation of a candidate to a seat, with its reason (after the candidacies close; one per seat)" })
  @ApiResponse({ status: 201, type: CopilDto })
  @ApiResponse({ status: 400, description: 'no reason, or no such candidacy' })
  @ApiResponse(LEAD_ONLY)
  @ApiResponse(NOT_SEEN)
  @ApiResponse({ status: 409, description: 'candidacies still open, the candidate designated already, or every seat designated' })
  async designate(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('roundId') roundId: string,
    @Body() dto: DesignationDto,
  ): Promise<CopilView> {
    return view(await this.copils.designate(principal, id, roundId, dto));
  }

  @Post('copils/:id/meetings')
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: 'Schedule a meeting with its agenda: every seat held now is invited' })
  @ApiResponse({ status: 201, type: CopilDto })
  @ApiResponse({ status: 400, description: 'a date past or beyond the year, an empty agenda' })
  @ApiResponse(LEAD_ONLY)
  @ApiResponse(NOT_SEEN)
  @ApiResponse({ status: 409, description: 'no seat designated yet, or the year over' })
  async scheduleMeeting(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ScheduleCopilMeetingDto): Promise<CopilView> {
    return view(await this.copils.scheduleMeeting(principal, id, dto));
  }

  @Post('copils/:id/meetings/:meetingId/record')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({
    summary:
      "Record a held meeting: the seats present (an association present earns a coordination token), the minutes, each priority axis with the colleges' votes",
  })
  @ApiResponse(ANSWER)
  @ApiResponse({ status: 400, description: 'a date to come, a seat not invited, a college without its vote' })
  @ApiResponse(LEAD_ONLY)
  @ApiResponse(NOT_SEEN)
  @ApiResponse({ status: 409, description: 'recorded already, or past its year' })
  async recordMeeting(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('meetingId') meetingId: string,
    @Body() dto: RecordCopilMeetingDto,
  ): Promise<CopilView> {
    return view(await this.copils.recordMeeting(principal, id, meetingId, dto));
  }
}
