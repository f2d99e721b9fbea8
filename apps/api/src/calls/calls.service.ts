import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  ApplicationState,
  CallPolicy,
  CallState,
  CallTerms,
  DomainError,
  Principal,
  applicationReadProblem,
  callManagerProblem,
  callPolicyProblem,
  callTermsProblems,
  proposalBreaks,
  rsvpProblem,
  stipendsProblem,
} from '@grants/domain';
import { CallInput, callIdOf, consortiumIdFor, isApplicationId, isCallId } from '@grants/contracts';
import { CallEntity, CallsRepository, CallsVisibleTo, DirectoryRepository } from '@grants/persistence';
import type { callWorkflow } from '../../../../workflows/call.workflow';
import type { consortiumApplicationWorkflow } from '../../../../workflows/consortium-application.workflow';
import {
  answerInvitationUpdate,
  acceptFundingLineUpdate,
  awardUpdate,
  callStateQuery,
  createConsortiumUpdate,
  expressInterestUpdate,
  inviteMemberUpdate,
  launchedUpdate,
  recordAttendanceUpdate,
  rsvpUpdate,
  scheduleMeetupUpdate,
  shortlistUpdate,
} from '../../../../workflows/call.messages';
import { applicationStateQuery, submitFinalReportUpdate, submitProposalUpdate } from '../../../../workflows/consortium-application.messages';
import { callPolicyOf } from '@grants/config';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { BoundedCache } from '../common/bounded-cache';
import { keyedStart } from '../common/idempotency';
import { TemporalClient } from '../common/temporal';
import {
  AttendanceDto,
  AwardsDto,
  CreateConsortiumDto,
  ExpressInterestDto,
  FinalReportDto,
  LaunchCallDto,
  ProposalDto,
  ScheduleMeetupDto,
  ShortlistDto,
} from './calls.dto';

type CallHandle = WorkflowHandle<typeof callWorkflow>;
type ApplicationHandle = WorkflowHandle<typeof consortiumApplicationWorkflow>;

@Injectable()
export class CallsService {
  /** RSVPs whose answers are used up (final: RSVP_ANSWERS_MAX), by call, meetup and invitee. */
  private readonly exhaustedRsvps = new BoundedCache<string, DomainError>(10_000);

  constructor(
    private readonly temporal: TemporalClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    private readonly calls: CallsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- the call ----

  /** The call's dates as sent; in the demo mode, those left out follow from now (a day lasting what the mode makes it). */
  private callDates(dto: LaunchCallDto, dayMs: number): Pick<CallTerms, 'meetupWindow' | 'eoiDeadline' | 'proposalDeadline'> {
    const demo = this.config.DEMO_TIME !== 'off';
    const missing = (['meetupWindow', 'eoiDeadline', 'proposalDeadline'] as const).filter((field) => dto[field] === undefined);
    if (missing.length && !demo) {
      throw new DomainError('validation', missing.map((field) => `${field}: required`).join('; '), { problems: missing.map((field) => `${field}: required`) });
    }
    const now = Date.now();
    const later = (days: number) => new Date(now + days * dayMs).toISOString();
    return {
      meetupWindow: dto.meetupWindow
        ? { startsAt: iso(dto.meetupWindow.startsAt), endsAt: iso(dto.meetupWindow.endsAt) }
        : { startsAt: later(0), endsAt: later(20) },
      eoiDeadline: dto.eoiDeadline ? iso(dto.eoiDeadline) : later(30),
      proposalDeadline: dto.proposalDeadline ? iso(dto.proposalDeadline) : later(60),
    };
  }

  async launch(principal: Principal, dto: LaunchCallDto, idempotencyKey?: string): Promise<CallState> {
    const { defaults, dayMs } = callPolicyOf(this.config);
    const dates = this.callDates(dto, dayMs);
    const terms: CallTerms = {
      title: dto.title.trim(),
      themes: [...new Set(dto.themes.map((t) => t.trim()))],
      territories: [...new Set(dto.territories)],
      targetPublic: dto.targetPublic.trim(),
      budgetCents: dto.budgetCents,
      fundingPlan: dto.fundingPlan.map(({ funderId, amountCents }) => ({ funderId, amountCents })),
      ...dates,
    };
    const { finalReportDueDays, ...given } = dto.policy ?? {};
    // A partial policy takes the defaults for what it leaves out (the DTO holds those as undefined).
    const overrides = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<CallPolicy>;
    const policy: CallPolicy = { ...defaults, ...overrides };
    if (finalReportDueDays !== undefined) {
      policy.finalReportDueMs = finalReportDueDays * dayMs;
      policy.finalReportReminderBeforeMs = Math.min(defaults.finalReportReminderBeforeMs, Math.floor(policy.finalReportDueMs / 2));
    }
    const problems = callTermsProblems(terms, new Date().toISOString());
    const policyProblem = callPolicyProblem(policy) ?? stipendsProblem(terms.budgetCents, policy);
    if (policyProblem) problems.push(policyProblem);
    const territories = await this.directory.territories(terms.territories);
    for (const id of terms.territories) if (!territories.some((t) => t.id === id)) problems.push(`territories: no territory ${id}`);
    const funders = await this.directory.funders(terms.fundingPlan.map((l) => l.funderId));
    for (const line of terms.fundingPlan) if (!funders.some((f) => f.id === line.funderId)) problems.push(`fundingPlan: no funder ${line.funderId}`);
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    if (principal.role === 'project_lead' && terms.territories.some((t) => t !== principal.territory)) {
      throw new DomainError('forbidden', `a project lead launches calls in their own territory (${principal.territory}) only`);
    }
    if (principal.role === 'funder' && !terms.fundingPlan.some((line) => line.funderId === principal.org)) {
      throw new DomainError('forbidden', 'a funder launches calls it takes part in: add your organisation to the funding plan');
    }

    const keyed = await keyedStart(this.dataSource, 'call', `call:${principal.sub}`, idempotencyKey, [terms, policy]);
    const input: CallInput = {
      callId: keyed.id,
      launchedBy: { id: principal.sub, role: principal.role },
      launchedAt: new Date().toISOString(),
      terms,
      policy,
      // A funder launching the call accepts its own line by launching it; every other funder of the plan accepts its own.
      fundersAccepted: principal.role === 'funder' && principal.org ? [principal.org] : [],
      maxUpdatesPerRun: this.config.WORKFLOW_UPDATES_PER_RUN,
    };
    // The call once its invitations are sent.
    return this.temporal.startAndAsk<typeof callWorkflow, CallState>(
      { workflowType: 'callWorkflow', workflowId: input.callId, args: [input] },
      launchedUpdate,
      {
        started: keyed.started,
        fallback: () => this.callState(input.callId),
      },
    );
  }

  list(principal: Principal, territory?: string): Promise<CallEntity[]> {
    return this.calls.list(callsVisibleTo(principal), territory);
  }

  /** The call as this principal may see it: an association sees only its own consortium. */
  async get(principal: Principal, callId: string): Promise<CallState> {
    return seenBy(principal, await this.visibleCall(principal, callId));
  }

  async scheduleMeetup(principal: Principal, callId: string, dto: ScheduleMeetupDto): Promise<{ meetupId: string; state: CallState }> {
    await this.managedCall(principal, callId);
    const meetupId = `mtg-${randomBytes(4).toString('hex')}`;
    const state = await this.updateCall(callId, (h) =>
      h.executeUpdate(scheduleMeetupUpdate, { args: [{ actorId: principal.sub, actorRole: principal.role, meetupId, at: iso(dto.at), place: dto.place }] }),
    );
    return { meetupId, state };
  }

  async rsvp(principal: Principal, callId: string, meetupId: string, attending: boolean): Promise<CallState> {
    // An invitee that has used up its answers to a meetup is told so from memory: hammering the button costs the engine nothing.
    const answered = `${callId}:${meetupId}:${principal.org}`;
    const exhausted = this.exhaustedRsvps.get(answered);
    if (exhausted) throw exhausted;
    const current = await this.visibleCall(principal, callId);
    // Checked here first (the workflow checks again): a refused or unchanged answer never reaches the engine.
    const problem = rsvpProblem(current, { actorId: principal.sub, meetupId, associationId: principal.org!, attending });
    if (problem?.details?.unchanged) return seenBy(principal, current);
    if (problem?.details?.answersExhausted) this.exhaustedRsvps.set(answered, problem);
    if (problem) throw problem;
    try {
      const state = await this.updateCall(callId, (h) =>
        h.executeUpdate(rsvpUpdate, { args: [{ actorId: principal.sub, meetupId, associationId: principal.org!, attending }] }),
      );
      return seenBy(principal, state);
    } catch (error) {
      // The same answer again: nothing to record, the call as it is.
      if (error instanceof DomainError && error.details?.unchanged) return seenBy(principal, current);
      if (error instanceof DomainError && error.details?.answersExhausted) this.exhaustedRsvps.set(answered, error);
      throw error;
    }
  }

  async recordAttendance(principal: Principal, callId: string, meetupId: string, dto: AttendanceDto): Promise<CallState> {
    await this.managedCall(principal, callId);
    return this.updateCall(callId, (h) =>
      h.executeUpdate(recordAttendanceUpdate, { args: [{ actorId: principal.sub, actorRole: principal.role, meetupId, attendeeIds: dto.attendeeIds }] }),
    );
  }

  async createConsortium(principal: Principal, callId: string, dto: CreateConsortiumDto): Promise<{ consortiumId: string; state: CallState }> {
    await this.visibleCall(principal, callId);
    const consortiumId = consortiumIdFor(callId, randomBytes(4).toString('hex'));
    const state = await this.updateCall(callId, (h) =>
      h.executeUpdate(createConsortiumUpdate, { args: [{ actorId: principal.sub, consortiumId, name: dto.name, associationId: principal.org! }] }),
    );
    return { consortiumId, state };
  }

  async invite(principal: Principal, consortiumId: string, associationId: string): Promise<CallState> {
    const callId = this.callOfConsortium(consortiumId);
    await this.visibleCall(principal, callId);
    return this.updateCall(callId, (h) =>
      h.executeUpdate(inviteMemberUpdate, { args: [{ actorId: principal.sub, consortiumId, byAssociationId: principal.org!, associationId }] }),
    );
  }

  async answerInvitation(principal: Principal, consortiumId: string, associationId: string, accept: boolean): Promise<CallState> {
    if (associationId !== principal.org) throw new DomainError('forbidden', 'an association answers its own invitations only');
    const callId = this.callOfConsortium(consortiumId);
    await this.visibleCall(principal, callId);
    return this.updateCall(callId, (h) => h.executeUpdate(answerInvitationUpdate, { args: [{ actorId: principal.sub, consortiumId, associationId, accept }] }));
  }

  async expressInterest(principal: Principal, callId: string, dto: ExpressInterestDto): Promise<{ applicationId: string }> {
    await this.visibleCall(principal, callId);
    if (dto.consortiumId && this.callOfConsortium(dto.consortiumId) !== callId) {
      throw new DomainError('not_found', `no consortium ${dto.consortiumId} in call ${callId}`);
    }
    const association = await this.directory.association(principal.org!);
    if (!association) throw new DomainError('forbidden', `organisation ${principal.org} is not a registered association`);
    const { applicationId } = await this.updateCall(callId, (h) =>
      h.executeUpdate(expressInterestUpdate, {
        args: [
          {
            actorId: principal.sub,
            associationId: association.id,
            consortiumId: dto.consortiumId,
            soloConsortiumId: consortiumIdFor(callId, randomBytes(4).toString('hex')),
            soloConsortiumName: association.name,
            summary: dto.summary,
            stipendSplit: dto.stipendSplit?.map(({ associationId, percent }) => ({ associationId, percent })),
          },
        ],
      }),
    );
    return { applicationId };
  }

  async shortlist(principal: Principal, callId: string, dto: ShortlistDto): Promise<CallState> {
    await this.managedCall(principal, callId);
    return this.updateCall(callId, (h) =>
      h.executeUpdate(shortlistUpdate, {
        args: [
          {
            actorId: principal.sub,
            actorRole: principal.role,
            decisions: dto.decisions.map(({ applicationId, shortlisted, reason }) => ({ applicationId, shortlisted, reason })),
          },
        ],
      }),
    );
  }

  /** A funder of the plan accepts its own line (403 for a funder without one). */
  async acceptFundingLine(principal: Principal, callId: string): Promise<CallState> {
    if (principal.role !== 'funder' || !principal.org) throw new DomainError('forbidden', 'a funder accepts its own line of the funding plan');
    const state = await this.callState(callId);
    if (!state.fundingPlan.some((line) => line.funderId === principal.org)) {
      throw new DomainError('forbidden', `${principal.org} has no line in this call's funding plan`);
    }
    return this.updateCall(callId, (h) => h.executeUpdate(acceptFundingLineUpdate, { args: [{ actorId: principal.sub, funderId: principal.org! }] }));
  }

  async award(principal: Principal, callId: string, dto: AwardsDto): Promise<CallState> {
    await this.managedCall(principal, callId);
    return this.updateCall(callId, (h) =>
      h.executeUpdate(awardUpdate, {
        args: [
          {
            actorId: principal.sub,
            actorRole: principal.role,
            awards: dto.awards.map(({ applicationId, amountCents }) => ({ applicationId, amountCents })),
            reason: dto.reason,
          },
        ],
      }),
    );
  }

  // ---- one application ----

  async application(principal: Principal, applicationId: string): Promise<ApplicationState> {
    const state = await this.applicationState(applicationId);
    const problem = applicationReadProblem(principal, state);
    if (problem) throw problem;
    return state;
  }

  async propose(principal: Principal, applicationId: string, dto: ProposalDto): Promise<ApplicationState> {
    const state = await this.application(principal, applicationId);
    if (principal.role !== 'association') throw new DomainError('forbidden', 'the lead member of the consortium submits the proposal');
    const proposal = {
      requestedAmountCents: dto.requestedAmountCents,
      members: dto.members.map((m) => ({
        associationId: m.associationId,
        shareCents: m.shareCents,
        contribution: { role: m.contribution.role.trim(), hours: m.contribution.hours, costsCents: m.contribution.costsCents },
      })),
      targetPublicPlan: dto.targetPublicPlan,
      actionStart: iso(dto.actionStart),
      actionEnd: iso(dto.actionEnd),
    };
    // Checked here first for a complete list of what is wrong; the workflow checks again, and decides.
    if (principal.org !== state.leadAssociationId) throw new DomainError('forbidden', 'only the lead member submits the proposal');
    const breaks = proposalBreaks(proposal, state.members, state.policy, state.call.budgetCents);
    if (breaks.length) {
      const problems = breaks.map((b) => b.message);
      throw new DomainError('validation', `the proposal breaks ${problems.length} rule(s): ${problems.join('; ')}`, { problems, breaks });
    }
    return this.updateApplication(applicationId, (h) =>
      h.executeUpdate(submitProposalUpdate, { args: [{ actorId: principal.sub, byAssociationId: principal.org!, proposal }] }),
    );
  }

  async finalReport(principal: Principal, applicationId: string, dto: FinalReportDto): Promise<ApplicationState> {
    await this.application(principal, applicationId);
    if (principal.role !== 'association') throw new DomainError('forbidden', 'a member of the consortium submits the final report');
    return this.updateApplication(applicationId, (h) =>
      h.executeUpdate(submitFinalReportUpdate, { args: [{ actorId: principal.sub, byAssociationId: principal.org!, summary: dto.summary }] }),
    );
  }

  // ---- helpers ----

  private callOfConsortium(consortiumId: string): string {
    const callId = callIdOf(consortiumId);
    if (!callId || !consortiumId.startsWith('cons-')) throw new DomainError('not_found', `no consortium ${consortiumId}`);
    return callId;
  }

  /** The call's state if this principal may see it: managers, invited associations, auditors, admins. */
  private async visibleCall(principal: Principal, callId: string): Promise<CallState> {
    const state = await this.callState(callId);
    switch (principal.role) {
      case 'admin':
      case 'auditor':
        return state;
      case 'association':
        if (state.invited.includes(principal.org!)) return state;
        throw new DomainError('not_found', `no call ${callId}`);
      default: {
        const problem = callManagerProblem(principal, state);
        if (problem) throw new DomainError('forbidden', `call ${callId} is not one of yours: ${problem.message}`);
        return state;
      }
    }
  }

  private async managedCall(principal: Principal, callId: string): Promise<CallState> {
    const state = await this.callState(callId);
    const problem = callManagerProblem(principal, state);
    if (problem) throw problem;
    return state;
  }

  private async callState(callId: string): Promise<CallState> {
    if (!isCallId(callId)) throw new DomainError('not_found', `no call ${callId}`);
    return this.temporal.queryState(`no call ${callId}`, () => this.temporal.workflow.getHandle<typeof callWorkflow>(callId).query(callStateQuery));
  }

  private async applicationState(applicationId: string): Promise<ApplicationState> {
    if (!isApplicationId(applicationId)) throw new DomainError('not_found', `no application ${applicationId}`);
    return this.temporal.queryState(`no application ${applicationId}`, () =>
      this.temporal.workflow.getHandle<typeof consortiumApplicationWorkflow>(applicationId).query(applicationStateQuery),
    );
  }

  private updateCall<T>(callId: string, send: (handle: CallHandle) => Promise<T>): Promise<T> {
    return this.temporal.command(`the call ${callId} is over: it takes no more commands`, () =>
      send(this.temporal.workflow.getHandle<typeof callWorkflow>(callId)),
    );
  }

  private updateApplication<T>(applicationId: string, send: (handle: ApplicationHandle) => Promise<T>): Promise<T> {
    return this.temporal.command(`the application ${applicationId} is over: it takes no more commands`, () =>
      send(this.temporal.workflow.getHandle<typeof consortiumApplicationWorkflow>(applicationId)),
    );
  }
}

function iso(value: string): string {
  return new Date(value).toISOString();
}

/**
 * A call as this principal may see it: an association sees its own consortia, applications,
 * shortlist and awards, and its own answers to the meetups, never the other invitees'.
 */
function seenBy(principal: Principal, state: CallState): CallState {
  if (principal.role !== 'association') return state;
  const mine = (ids: string[]) => ids.includes(principal.org!);
  return {
    ...state,
    meetups: state.meetups.map((m) => ({
      ...m,
      rsvps: m.rsvps.filter((r) => r.associationId === principal.org),
      ...(m.attendees ? { attendees: m.attendees.filter((id) => id === principal.org) } : {}),
    })),
    consortia: state.consortia.filter((c) => mine(c.members) || c.invitations.some((i) => i.associationId === principal.org)),
    applications: state.applications.filter((a) => mine(a.members)),
    shortlist: state.shortlist?.filter((d) => state.applications.some((a) => a.id === d.applicationId && mine(a.members))),
    awards: state.awards?.filter((d) => state.applications.some((a) => a.id === d.applicationId && mine(a.members))),
  };
}

/** Whose calls a principal's lists show: its territory's, its funder's, those inviting its association; all for admins and auditors. */
function callsVisibleTo(principal: Principal): CallsVisibleTo {
  if (principal.role === 'project_lead' || principal.role === 'prefect_delegate') return { territory: principal.territory! };
  if (principal.role === 'funder') return { funder: principal.org! };
  if (principal.role === 'association') return { association: principal.org! };
  return 'all';
}
