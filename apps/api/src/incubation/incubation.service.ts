import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError, WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  CohortState,
  DomainError,
  FundingLead,
  IncubationState,
  MILESTONES,
  MilestoneName,
  Principal,
  cohortId,
  cohortTermsProblem,
  incubationAccessProblem,
  rankMentors,
} from '@grants/domain';
import { CohortInput, isIncubationId } from '@grants/contracts';
import { dayMsOf, incubationPolicyOf } from '@grants/config';
import { DirectoryRepository, IncubationsRepository } from '@grants/persistence';
import type { incubationCohortWorkflow } from '../../../../workflows/incubation-cohort.workflow';
import type { incubationWorkflow } from '../../../../workflows/incubation.workflow';
import {
  addFundingLeadUpdate,
  assignMentorUpdate,
  cohortOpenedUpdate,
  cohortStateQuery,
  completeMilestoneUpdate,
  incubationStateQuery,
  nominateUpdate,
  selectUpdate,
  setPlanUpdate,
  submitImpactReportUpdate,
  withdrawUpdate,
} from '../../../../workflows/incubation.messages';
import { CallsService } from '../calls/calls.service';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { TemporalClient } from '../common/temporal';
import { MicroGrantsService } from '../micro-grants/micro-grants.service';
import { FundingLeadDto, ImpactReportDto, MilestoneDto, NominationDto, OpenCohortDto, PlanDto, SelectionDto, WithdrawDto } from './incubation.dto';

type IncubationHandle = WorkflowHandle<typeof incubationWorkflow>;

export interface ProjectProgress {
  incubationId: string;
  projectTitle: string;
  associationId: string;
  status: IncubationState['status'];
  mentorAssociationId?: string;
  milestones: { name: MilestoneName; dueAt: string; completedAt?: string; overdue: boolean }[];
  checkIns: number;
  fundingLeads: number;
}

@Injectable()
export class IncubationService {
  constructor(
    private readonly temporal: TemporalClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    private readonly incubations: IncubationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly microGrants: MicroGrantsService,
    private readonly calls: CallsService,
  ) {}

  // ---- cohorts ----

  async openCohort(principal: Principal, dto: OpenCohortDto): Promise<CohortState> {
    if (principal.role !== 'admin' && principal.territory !== dto.territory) {
      throw new DomainError('forbidden', `the project lead of ${dto.territory} opens its cohort`);
    }
    if (!(await this.directory.territoryExists(dto.territory))) throw new DomainError('validation', `territory: no territory ${dto.territory}`);
    const policy = incubationPolicyOf(this.config);
    if (!dto.nominationDeadline && this.config.DEMO_TIME === 'off') throw new DomainError('validation', 'nominationDeadline: required');
    // The demo mode sets the deadline 60 (compressed) days from now when it is left out.
    const nominationDeadline = dto.nominationDeadline ?? new Date(Date.now() + 60 * dayMsOf(this.config)).toISOString();
    const problem = cohortTermsProblem(dto.capacity, nominationDeadline, new Date().toISOString(), policy);
    if (problem) throw new DomainError('validation', problem);
    const input: CohortInput = {
      territoryId: dto.territory,
      year: dto.year,
      capacity: dto.capacity,
      nominationDeadline: new Date(nominationDeadline).toISOString(),
      openedBy: principal.sub,
      openedAt: new Date().toISOString(),
      policy,
      maxUpdatesPerRun: this.config.WORKFLOW_UPDATES_PER_RUN,
    };
    const id = cohortId(dto.territory, dto.year);
    // The cohort once its opening is recorded; a cohort of that year opened before: 409.
    try {
      return await this.temporal.startAndAsk<typeof incubationCohortWorkflow, CohortState>(
        { workflowType: 'incubationCohortWorkflow', workflowId: id, args: [input], onExisting: 'fail' },
        cohortOpenedUpdate,
        { fallback: () => this.cohortState(id) },
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError)
        throw new DomainError('conflict', `the ${dto.territory} cohort of ${dto.year} is already open`);
      throw error;
    }
  }

  /** The cohort and each selected project's progress; an association sees its own nominations only. */
  async cohort(principal: Principal, territory: string, year: number): Promise<CohortState & { projects: ProjectProgress[] }> {
    const state = await this.visibleCohort(principal, territory, year);
    const mine = principal.role === 'association' ? (associationId: string) => associationId === principal.org : () => true;
    const nominations = state.nominations.filter((n) => mine(n.associationId));
    const projects = await Promise.all(
      nominations
        .filter((n) => n.selection)
        .map(async (n): Promise<ProjectProgress> => {
          const p = await this.incubationState(n.selection!.incubationId);
          return {
            incubationId: p.id,
            projectTitle: p.projectTitle,
            associationId: p.associationId,
            status: p.status,
            mentorAssociationId: p.mentor?.associationId,
            milestones: (p.plan?.milestones ?? []).map(({ name, dueAt, completedAt, overdue }) => ({ name, dueAt, completedAt, overdue })),
            checkIns: p.checkIns.length,
            fundingLeads: p.fundingLeads.length,
          };
        }),
    );
    return { ...state, nominations, projects };
  }

  async nominate(principal: Principal, territory: string, year: number, dto: NominationDto): Promise<{ nominationId: string }> {
    await this.visibleCohort(principal, territory, year);
    let associationId: string;
    if (principal.role === 'association') {
      if (dto.associationId && dto.associationId !== principal.org) throw new DomainError('forbidden', 'an association nominates its own projects');
      associationId = principal.org!;
    } else if (principal.role === 'project_lead' || principal.role === 'admin') {
      if (!dto.associationId) throw new DomainError('validation', "associationId: name the project's association");
      associationId = dto.associationId;
    } else {
      throw new DomainError('forbidden', 'nominations come from the project lead or from an association itself');
    }
    const association = await this.directory.association(associationId);
    if (!association) throw new DomainError('validation', `associationId: no association ${associationId}`);
    if (!association.territories.includes(territory)) throw new DomainError('validation', `associationId: ${association.name} does not act in ${territory}`);
    const nominationId = `nom-${randomBytes(4).toString('hex')}`;
    await this.updateCohort(cohortId(territory, year), (h) =>
      h.executeUpdate(nominateUpdate, {
        args: [
          {
            actorId: principal.sub,
            actorRole: principal.role,
            nominationId,
            associationId,
            projectTitle: dto.projectTitle,
            description: dto.description,
            themes: dto.themes,
            qpv: dto.qpv,
          },
        ],
      }),
    );
    return { nominationId };
  }

  async select(
    principal: Principal,
    territory: string,
    year: number,
    dto: SelectionDto,
  ): Promise<{ incubationId: string; selected: number; capacity: number }> {
    if (principal.role !== 'admin' && !(principal.role === 'project_lead' && principal.territory === territory)) {
      throw new DomainError('forbidden', `the project lead of ${territory} selects the cohort's projects`);
    }
    await this.cohortState(cohortId(territory, year));
    const { incubationId, state } = await this.updateCohort(cohortId(territory, year), (h) =>
      h.executeUpdate(selectUpdate, { args: [{ actorId: principal.sub, nominationId: dto.nominationId, reason: dto.reason }] }),
    );
    return { incubationId, selected: state.nominations.filter((n) => n.status === 'selected').length, capacity: state.capacity };
  }

  // ---- incubations ----

  async get(principal: Principal, id: string): Promise<IncubationState> {
    const state = await this.incubationState(id);
    const problem = incubationAccessProblem(principal, state);
    if (problem) throw problem;
    return state;
  }

  async assignMentor(principal: Principal, id: string, mentorAssociationId: string): Promise<IncubationState> {
    await this.get(principal, id);
    if (principal.role !== 'admin' && principal.role !== 'project_lead') throw new DomainError('forbidden', "the territory's project lead assigns the mentor");
    const mentor = await this.directory.association(mentorAssociationId);
    if (!mentor) throw new DomainError('validation', `mentorAssociationId: no association ${mentorAssociationId}`);
    return this.updateIncubation(id, (h) => h.executeUpdate(assignMentorUpdate, { args: [{ actorId: principal.sub, mentorAssociationId }] }));
  }

  /** Associations sharing a theme and the territory, never the project's own, those with the fewest mentees first. */
  async mentorSuggestions(principal: Principal, id: string): Promise<ReturnType<typeof rankMentors>> {
    const state = await this.get(principal, id);
    const associations = await this.directory.associations();
    const mentees = await this.incubations.activeMentees();
    return rankMentors(state, associations, mentees);
  }

  async plan(principal: Principal, id: string, dto: PlanDto): Promise<IncubationState> {
    await this.get(principal, id);
    const dueDates = dto.dueDates
      ? Object.fromEntries(MILESTONES.filter((m) => dto.dueDates?.[m]).map((m) => [m, new Date(dto.dueDates![m]!).toISOString()]))
      : undefined;
    return this.updateIncubation(id, (h) =>
      h.executeUpdate(setPlanUpdate, { args: [{ actorId: principal.sub, actorRole: principal.role, supports: dto.supports, dueDates }] }),
    );
  }

  async completeMilestone(principal: Principal, id: string, milestone: string, dto: MilestoneDto): Promise<IncubationState> {
    if (!(MILESTONES as readonly string[]).includes(milestone)) throw new DomainError('not_found', `no milestone ${milestone} (${MILESTONES.join(', ')})`);
    await this.get(principal, id);
    return this.updateIncubation(id, (h) =>
      h.executeUpdate(completeMilestoneUpdate, { args: [{ actorId: principal.sub, milestone: milestone as MilestoneName, note: dto.note }] }),
    );
  }

  /**
   * Records a funding lead; a micro-grant or call lead can be opened at once by the project's
   * association: a real micro-grant lifecycle, or a real expression of interest in the call.
   */
  /**
   * Records a funding lead, opening its micro-grant or expression of interest at once. Idempotent:
   * the lead's id derives from the Idempotency-Key (or, without one, from what the lead says), so a
   * retried request finds the lead recorded and opens nothing more.
   */
  async fundingLead(principal: Principal, id: string, dto: FundingLeadDto, idempotencyKey?: string): Promise<IncubationState> {
    const state = await this.get(principal, id);
    if ((dto.microGrant && dto.kind !== 'micro_grant') || (dto.call && dto.kind !== 'call')) {
      throw new DomainError('validation', 'kind: a micro-grant lead opens a micro-grant, a call lead an expression of interest');
    }
    const opens = dto.microGrant ?? dto.call;
    if (opens && (principal.role !== 'association' || principal.org !== state.associationId)) {
      throw new DomainError('forbidden', "only the project's association opens a request in its own name");
    }
    const said = idempotencyKey
      ? `key:${idempotencyKey}`
      : `lead:${JSON.stringify([dto.kind, dto.description.trim(), dto.microGrant ?? null, dto.call ?? null])}`;
    const leadId = `lead-${createHash('sha256').update(`${id}|${principal.sub}|${said}`).digest('hex').slice(0, 16)}`;
    if (state.fundingLeads.some((l) => l.id === leadId)) return state; // a retry: recorded (and opened) already
    const lead: FundingLead = { id: leadId, kind: dto.kind, description: dto.description, recordedBy: principal.sub, recordedAt: new Date().toISOString() };
    // The micro-grant's own Idempotency-Key is the lead's id: a retry after a crash finds the same request.
    if (dto.microGrant) lead.openedId = (await this.microGrants.request(principal, dto.microGrant, leadId)).id;
    if (dto.call) lead.openedId = (await this.calls.expressInterest(principal, dto.call.callId, { summary: dto.call.summary })).applicationId;
    try {
      return await this.updateIncubation(id, (h) => h.executeUpdate(addFundingLeadUpdate, { args: [{ actorId: principal.sub, lead }] }));
    } catch (error) {
      // Two identical requests at once: the other one recorded it.
      if (error instanceof DomainError && error.code === 'conflict' && /exists/.test(error.message)) return this.incubationState(id);
      throw error;
    }
  }

  async impactReport(principal: Principal, id: string, dto: ImpactReportDto): Promise<IncubationState> {
    const state = await this.get(principal, id);
    if (principal.role !== 'association' || principal.org !== state.associationId)
      throw new DomainError('forbidden', "the project's association writes its impact report");
    return this.updateIncubation(id, (h) => h.executeUpdate(submitImpactReportUpdate, { args: [{ actorId: principal.sub, summary: dto.summary }] }));
  }

  async withdraw(principal: Principal, id: string, dto: WithdrawDto): Promise<IncubationState> {
    const state = await this.get(principal, id);
    const own = principal.role === 'association' && principal.org === state.associationId;
    if (!own && principal.role !== 'project_lead' && principal.role !== 'admin') {
      throw new DomainError('forbidden', "the project's association or the territory's project lead withdraws it");
    }
    return this.updateIncubation(id, (h) => h.executeUpdate(withdrawUpdate, { args: [{ actorId: principal.sub, reason: dto.reason }] }));
  }

  // ---- helpers ----

  private async visibleCohort(principal: Principal, territory: string, year: number): Promise<CohortState> {
    if (!/^[a-z0-9-]{1,100}$/.test(territory)) throw new DomainError('not_found', `no cohort for ${territory}`);
    const state = await this.cohortState(cohortId(territory, year));
    if ((principal.role === 'project_lead' || principal.role === 'prefect_delegate') && principal.territory !== territory) {
      throw new DomainError('forbidden', `the cohort of ${territory} is followed by its own binôme`);
    }
    // A funder sees a cohort as it sees its incubations (GET /incubations/:id): not at all.
    if (principal.role === 'funder') throw new DomainError('forbidden', 'cohorts are followed by the territory, the projects and their mentors');
    return state;
  }

  private cohortState(id: string): Promise<CohortState> {
    return this.temporal.queryState(`no cohort ${id}`, () => this.temporal.workflow.getHandle<typeof incubationCohortWorkflow>(id).query(cohortStateQuery));
  }

  private incubationState(id: string): Promise<IncubationState> {
    if (!isIncubationId(id)) throw new DomainError('not_found', `no incubation ${id}`);
    return this.temporal.queryState(`no incubation ${id}`, () => this.temporal.workflow.getHandle<typeof incubationWorkflow>(id).query(incubationStateQuery));
  }

  private updateCohort<T>(id: string, send: (handle: WorkflowHandle<typeof incubationCohortWorkflow>) => Promise<T>): Promise<T> {
    return this.temporal.command(`the cohort ${id} is over: it takes no more commands`, () =>
      send(this.temporal.workflow.getHandle<typeof incubationCohortWorkflow>(id)),
    );
  }

  private updateIncubation(id: string, send: (handle: IncubationHandle) => Promise<IncubationState>): Promise<IncubationState> {
    return this.temporal.command(`the incubation ${id} is over: it takes no more commands`, () =>
      send(this.temporal.workflow.getHandle<typeof incubationWorkflow>(id)),
    );
  }
}
