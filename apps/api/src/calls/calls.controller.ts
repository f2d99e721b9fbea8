import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApplicationState, CallState, Cents, DomainError, MemberPayments, Principal, nextStepOf } from '@grants/domain';
import { CallEntity } from '@grants/persistence';
import { CurrentPrincipal, Roles } from '../common/auth';
import {
  ApplicationViewDto,
  AttendanceDto,
  AwardsDto,
  CallListItemDto,
  CallStateDto,
  ConsortiumCreatedDto,
  CreateConsortiumDto,
  ExpressInterestDto,
  FinalReportDto,
  InterestExpressedDto,
  InvitationAnswerDto,
  InviteDto,
  LaunchCallDto,
  MeetupScheduledDto,
  ProposalDto,
  ProposalRefusalDto,
  RsvpDto,
  ScheduleMeetupDto,
  ShortlistDto,
} from './calls.dto';
import { CallsService } from './calls.service';

/** What an application's reader sees: where it stands, what comes next and by when, and the money. */
export interface ApplicationView {
  id: string;
  callId: string;
  callTitle: string;
  consortium: { id: string; name: string; leadAssociationId: string; members: { associationId: string; name: string; proximity: string }[] };
  status: ApplicationState['status'];
  paidPreselection: boolean;
  /** What a proposal's split must follow. */
  splitRules: { minShareRatio: number; maxShareRatio: number; proximityFloorPercent: number; hourlyRateCents: Cents };
  nextStep: string;
  deadline: string | null;
  shortlistReason?: string;
  stipend?: { amountCents: Cents; paymentOrderId: string; split: { associationId: string; amountCents: Cents }[]; yourShareCents?: Cents };
  proposal?: {
    requestedAmountCents: Cents;
    actionStart: string;
    actionEnd: string;
    targetPublicPlan: string;
    submittedAt: string;
    yourShareCents?: Cents;
    members: { associationId: string; shareCents: Cents; role: string; hours?: number; costsCents?: Cents }[];
  };
  doubleFundingFlags: ApplicationState['doubleFundingFlags'];
  award?: NonNullable<ApplicationState['award']> & { yours?: MemberPayments };
  decisionReason?: string;
  reportDueAt?: string;
  finalReport?: { summary: string; submittedAt: string };
  closedAt?: string;
}

function applicationView(state: ApplicationState, principal: Principal): ApplicationView {
  const me = principal.role === 'association' ? principal.org : undefined;
  const deadline =
    state.status === 'expressed' || state.status === 'shortlisted' || state.status === 'proposal_open'
      ? state.call.proposalDeadline
      : state.status === 'awarded' || state.status === 'report_overdue'
        ? (state.reportDueAt ?? null)
        : null;
  return {
    id: state.id,
    callId: state.callId,
    callTitle: state.call.title,
    consortium: {
      id: state.consortiumId,
      name: state.consortiumName,
      leadAssociationId: state.leadAssociationId,
      members: state.members.map(({ associationId, name, proximity }) => ({ associationId, name, proximity })),
    },
    status: state.status,
    paidPreselection: state.paidPreselection,
    splitRules: {
      minShareRatio: state.policy.minShareRatio,
      maxShareRatio: state.policy.maxShareRatio,
      proximityFloorPercent: state.policy.proximityFloorPercent,
      hourlyRateCents: state.policy.hourlyRateCents,
    },
    nextStep: nextStepOf(state.status, state.paidPreselection),
    deadline,
    shortlistReason: state.shortlistReason,
    stipend: state.stipend && { ...state.stipend, yourShareCents: state.stipend.split.find((s) => s.associationId === me)?.amountCents },
    proposal: state.proposal && {
      requestedAmountCents: state.proposal.requestedAmountCents,
      actionStart: state.proposal.actionStart,
      actionEnd: state.proposal.actionEnd,
      targetPublicPlan: state.proposal.targetPublicPlan,
      submittedAt: state.proposal.submittedAt,
      yourShareCents: state.proposal.members.find((m) => m.associationId === me)?.shareCents,
      members: state.proposal.members.map((m) => ({
        associationId: m.associationId,
        shareCents: m.shareCents,
        role: m.contribution.role,
        hours: m.contribution.hours,
        costsCents: m.contribution.costsCents,
      })),
    },
    doubleFundingFlags: state.doubleFundingFlags,
    award: state.award && { ...state.award, yours: state.award.payments.find((p) => p.associationId === me) },
    decisionReason: state.decisionReason,
    reportDueAt: state.reportDueAt,
    finalReport: state.finalReport && { summary: state.finalReport.summary, submittedAt: state.finalReport.submittedAt },
    closedAt: state.closedAt,
  };
}

@ApiTags('calls for projects')
@ApiBearerAuth()
@Controller()
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post('calls')
  @ApiResponse({ status: 201, type: CallStateDto, description: 'the call, with the invited associations' })
  @Roles('project_lead', 'funder', 'admin')
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'A repeat with the same key returns the first lifecycle' })
  @ApiOperation({ summary: 'Launch a call for projects: every association matched by theme and territory is invited' })
  launch(@CurrentPrincipal() principal: Principal, @Body() dto: LaunchCallDto, @Headers('idempotency-key') idempotencyKey?: string): Promise<CallState> {
    return this.calls.launch(principal, dto, idempotencyKey);
  }

  @Get('calls')
  @ApiOperation({
    summary: "The calls you may see (read model), newest first: an association the calls it is invited to, the binôme its territory's, a funder those it funds",
  })
  @ApiResponse({ status: 200, type: [CallListItemDto] })
  @ApiQuery({ name: 'territory', required: false })
  list(@CurrentPrincipal() principal: Principal, @Query('territory') territory?: string): Promise<CallEntity[]> {
    if (territory !== undefined && !/^[a-z0-9-]{1,100}$/.test(territory)) throw new DomainError('validation', 'territory must be a territory id');
    return this.calls.list(principal, territory);
  }

  @Get('calls/:id')
  @ApiResponse({ status: 200, type: CallStateDto, description: 'the call as this reader sees it' })
  @ApiOperation({ summary: "A call's live state: phase, invited associations, meetups, consortia, applications (an association sees its own only)" })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CallState> {
    return this.calls.get(principal, id);
  }

  @Post('calls/:id/meetups')
  @ApiResponse({ status: 201, type: MeetupScheduledDto })
  @Roles('project_lead', 'funder', 'admin')
  @ApiOperation({ summary: 'Schedule a meetup between the invited associations, within the meetup window' })
  scheduleMeetup(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: ScheduleMeetupDto,
  ): Promise<{ meetupId: string; state: CallState }> {
    return this.calls.scheduleMeetup(principal, id, dto);
  }

  @Post('calls/:id/meetups/:meetupId/rsvp')
  @ApiResponse({ status: 200, type: CallStateDto, description: 'the call as this reader sees it' })
  @HttpCode(200)
  @Roles('association')
  @ApiOperation({ summary: 'Say whether your association will attend a meetup' })
  rsvp(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('meetupId') meetupId: string, @Body() dto: RsvpDto): Promise<CallState> {
    return this.calls.rsvp(principal, id, meetupId, dto.attending);
  }

  @Post('calls/:id/meetups/:meetupId/attendance')
  @ApiResponse({ status: 200, type: CallStateDto, description: 'the call as this reader sees it' })
  @HttpCode(200)
  @Roles('project_lead', 'funder', 'admin')
  @ApiOperation({ summary: 'Record who attended a meetup (once it has started)' })
  attendance(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('meetupId') meetupId: string,
    @Body() dto: AttendanceDto,
  ): Promise<CallState> {
    return this.calls.recordAttendance(principal, id, meetupId, dto);
  }

  @Post('calls/:id/consortia')
  @ApiResponse({ status: 201, type: ConsortiumCreatedDto })
  @Roles('association')
  @ApiOperation({ summary: 'Form a consortium for this call; your association is its lead member' })
  createConsortium(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CreateConsortiumDto): Promise<{ consortiumId: string }> {
    return this.calls.createConsortium(principal, id, dto).then(({ consortiumId }) => ({ consortiumId }));
  }

  @Post('consortia/:id/invitations')
  @ApiResponse({ status: 201, type: InvitationAnswerDto })
  @Roles('association')
  @ApiOperation({ summary: 'Invite another invited association into your consortium (lead member)' })
  async invite(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: InviteDto): Promise<{ status: 'invited' }> {
    await this.calls.invite(principal, id, dto.associationId);
    return { status: 'invited' };
  }

  @Post('consortia/:id/invitations/:associationId/accept')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: InvitationAnswerDto })
  @Roles('association')
  @ApiOperation({ summary: 'Accept an invitation (an association belongs to one consortium per call)' })
  async accept(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('associationId') associationId: string,
  ): Promise<{ status: 'accepted' }> {
    await this.calls.answerInvitation(principal, id, associationId, true);
    return { status: 'accepted' };
  }

  @Post('consortia/:id/invitations/:associationId/decline')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: InvitationAnswerDto })
  @Roles('association')
  @ApiOperation({ summary: 'Decline an invitation' })
  async decline(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('associationId') associationId: string,
  ): Promise<{ status: 'declined' }> {
    await this.calls.answerInvitation(principal, id, associationId, false);
    return { status: 'declined' };
  }

  @Post('calls/:id/expressions')
  @ApiResponse({ status: 201, type: InterestExpressedDto })
  @Roles('association')
  @ApiOperation({ summary: "Express interest, as your consortium's lead member or alone, before the EOI deadline (later: 409)" })
  express(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ExpressInterestDto): Promise<{ applicationId: string }> {
    return this.calls.expressInterest(principal, id, dto);
  }

  @Post('calls/:id/shortlist')
  @ApiResponse({ status: 200, type: CallStateDto, description: 'the call as this reader sees it' })
  @HttpCode(200)
  @Roles('project_lead', 'funder', 'admin')
  @ApiOperation({ summary: 'Paid pre-selection: shortlist up to K applications, a reason for each decision' })
  shortlist(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ShortlistDto): Promise<CallState> {
    return this.calls.shortlist(principal, id, dto);
  }

  @Post('calls/:id/funding-line/accept')
  @ApiResponse({ status: 200, type: CallStateDto, description: 'the call as this reader sees it' })
  @HttpCode(200)
  @Roles('funder')
  @ApiOperation({ summary: "A funder accepts its own line of the call's funding plan: no stipend or award is ordered before every funder has" })
  @ApiResponse({ status: 200, description: 'the call, `awaitingFunders` the funders still to accept' })
  @ApiResponse({ status: 403, description: 'not a funder, or a funder without a line in this plan' })
  @ApiResponse({ status: 409, description: 'already accepted, or the awards are decided' })
  acceptFundingLine(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CallState> {
    return this.calls.acceptFundingLine(principal, id);
  }

  @Post('calls/:id/awards')
  @ApiResponse({ status: 200, type: CallStateDto, description: 'the call as this reader sees it' })
  @HttpCode(200)
  @Roles('project_lead', 'funder', 'admin')
  @ApiOperation({ summary: 'Award proposals after the proposal deadline; the sum never above the budget (409)' })
  award(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: AwardsDto): Promise<CallState> {
    return this.calls.award(principal, id, dto);
  }

  @Get('applications/:id')
  @ApiResponse({ status: 200, type: ApplicationViewDto })
  @ApiOperation({ summary: "An application as its reader sees it: status, next step, deadline, stipend, share (members, the call's managers, auditors)" })
  async application(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApplicationView> {
    return applicationView(await this.calls.application(principal, id), principal);
  }

  @Post('applications/:id/proposal')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: ApplicationViewDto })
  @ApiResponse({ status: 400, type: ProposalRefusalDto, description: 'every rule the proposal breaks, each with the member it names' })
  @Roles('association')
  @ApiOperation({ summary: "The consortium's proposal (lead member): shares, contributions, plan; each equity rule broken is named" })
  async propose(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ProposalDto): Promise<ApplicationView> {
    return applicationView(await this.calls.propose(principal, id, dto), principal);
  }

  @Post('applications/:id/final-report')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: ApplicationViewDto })
  @Roles('association')
  @ApiOperation({ summary: 'The final report of an awarded application: it releases the balance' })
  async finalReport(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: FinalReportDto): Promise<ApplicationView> {
    return applicationView(await this.calls.finalReport(principal, id, dto), principal);
  }
}
