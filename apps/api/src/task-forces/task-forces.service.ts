import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  DomainError,
  MemberInvitation,
  Principal,
  TaskForceState,
  TaskForceTerms,
  isTaskForceId,
  memberOf,
  pilotProblem,
  taskForceReadProblem,
  taskForceTermsProblems,
} from '@grants/domain';
import { TaskForceInput } from '@grants/contracts';
import { taskForcePolicyOf } from '@grants/config';
import { DirectoryRepository, TaskForceRepository, TaskForceScope } from '@grants/persistence';
import type { taskForceWorkflow } from '../../../../workflows/task-force.workflow';
import {
  TaskForceActor,
  answerUpdate,
  cancelUpdate,
  checkInUpdate,
  extendUpdate,
  finalReportUpdate,
  inviteUpdate,
  kickOffUpdate,
  logActionUpdate,
  midTermReviewUpdate,
  proposedUpdate,
} from '../../../../workflows/task-force.messages';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { keyedStart } from '../common/idempotency';
import { TemporalClient } from '../common/temporal';
import { TaskForceInviteeDto, ProposeTaskForceDto, TaskForceListQuery } from './task-forces.dto';

type Handle = WorkflowHandle<typeof taskForceWorkflow>;

@Injectable()
export class TaskForcesService {
  constructor(
    private readonly temporal: TemporalClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly taskForces: TaskForceRepository,
  ) {}

  /** A project lead proposes a task force in its own territory; the organisations it invites are told. */
  async propose(principal: Principal, dto: ProposeTaskForceDto, idempotencyKey?: string): Promise<TaskForceState> {
    if (principal.territory !== dto.territory)
      throw new DomainError('forbidden', `a project lead proposes task forces in its own territory (${principal.territory})`);
    if (!(await this.directory.territoryExists(dto.territory))) throw new DomainError('validation', `territory: no territory ${dto.territory}`);
    const policy = taskForcePolicyOf(this.config);
    const invited = await this.invitations(dto.territory, dto.members);
    const terms: TaskForceTerms = {
      territoryId: dto.territory,
      qpv: dto.qpv.trim(),
      title: dto.title.trim(),
      problem: dto.problem.trim(),
      durationMonths: dto.durationMonths ?? policy.durationMonths,
      members: invited,
    };
    const problems = taskForceTermsProblems(terms);
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    const account = await this.directory.account(principal.sub);
    const pilotName = account?.displayName ?? principal.sub;
    const keyed = await keyedStart(this.dataSource, 'tf', `task-force:${principal.sub}`, idempotencyKey, [terms]);
    const members: MemberInvitation[] = [{ memberId: 'pilot', kind: 'pilot', name: pilotName }, ...invited.map((m, i) => ({ ...m, memberId: `m${i + 1}` }))];
    const input: TaskForceInput = {
      taskForceId: keyed.id,
      terms: { ...terms, members },
      pilot: { id: principal.sub, role: principal.role, name: pilotName },
      policy,
    };
    return this.temporal.startAndAsk<typeof taskForceWorkflow, TaskForceState>(
      { workflowType: 'taskForceWorkflow', workflowId: keyed.id, args: [input] },
      proposedUpdate,
      { started: keyed.started, fallback: () => this.stateOf(keyed.id) },
    );
  }

  /** The task forces this principal may see: its territory's (binôme), those it is invited to (an organisation), all (auditors, admins). */
  async list(principal: Principal, query: TaskForceListQuery) {
    let scope: TaskForceScope;
    if (principal.role === 'project_lead' || principal.role === 'prefect_delegate') scope = { territoryId: principal.territory! };
    else if (principal.role === 'association' || principal.role === 'funder') scope = { organisationId: principal.org! };
    else scope = { all: true };
    const { items, total } = await this.taskForces.list(scope, {
      territoryId: query.territory,
      status: query.status,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(principal: Principal, id: string): Promise<TaskForceState> {
    const state = await this.stateOf(id);
    const problem = taskForceReadProblem(principal, state);
    if (problem) throw problem;
    return state;
  }

  /** An invited organisation answers its own invitation; the pilot answers for a service (which has no account). */
  async answer(principal: Principal, id: string, memberId: string, accept: boolean, reason?: string): Promise<TaskForceState> {
    const state = await this.get(principal, id);
    const member = state.members.find((m) => m.memberId === memberId);
    if (!member) throw new DomainError('not_found', `no member ${memberId} in this task force`);
    const own = memberOf(principal, state)?.memberId === memberId;
    const forService = member.kind === 'service' && !pilotProblem(principal, state);
    if (!own && !forService) {
      throw new DomainError('forbidden', member.kind === 'service' ? "the pilot records a service's answer" : `only ${member.name} answers its invitation`);
    }
    return this.send(id, (h) =>
      h.executeUpdate(answerUpdate, { args: [{ actor: this.actor(principal), memberId, accept, reason, recordedByPilot: forService && !own }] }),
    );
  }

  async invite(principal: Principal, id: string, dto: TaskForceInviteeDto): Promise<TaskForceState> {
    const state = await this.piloted(principal, id);
    const [member] = await this.invitations(state.territoryId, [dto]);
    return this.send(id, (h) => h.executeUpdate(inviteUpdate, { args: [{ actor: this.actor(principal), member }] }));
  }

  async kickOff(principal: Principal, id: string, heldOn: string | undefined, summary: string): Promise<TaskForceState> {
    await this.piloted(principal, id);
    const at = new Date(heldOn ?? Date.now()).toISOString();
    return this.send(id, (h) => h.executeUpdate(kickOffUpdate, { args: [{ actor: this.actor(principal), heldOn: at, summary }] }));
  }

  /** Members who accepted keep the action log; the project lead writes as the pilot. */
  async logAction(principal: Principal, id: string, text: string): Promise<TaskForceState> {
    const state = await this.get(principal, id);
    let memberId: string | undefined;
    if (principal.role === 'project_lead' || principal.role === 'admin') memberId = 'pilot';
    else memberId = memberOf(principal, state)?.memberId;
    if (!memberId) throw new DomainError('forbidden', 'the members who accepted keep the action log');
    return this.send(id, (h) => h.executeUpdate(logActionUpdate, { args: [{ actor: this.actor(principal), memberId: memberId!, text }] }));
  }

  async checkIn(principal: Principal, id: string, n: number, summary: string): Promise<TaskForceState> {
    const state = await this.piloted(principal, id);
    if (!state.checkIns.some((c) => c.n === n)) throw new DomainError('not_found', `no check-in ${n} (the task force has ${state.checkIns.length})`);
    return this.send(id, (h) => h.executeUpdate(checkInUpdate, { args: [{ actor: this.actor(principal), n, summary }] }));
  }

  async midTermReview(principal: Principal, id: string, assessment: string, adjustments = ''): Promise<TaskForceState> {
    await this.piloted(principal, id);
    return this.send(id, (h) => h.executeUpdate(midTermReviewUpdate, { args: [{ actor: this.actor(principal), assessment, adjustments }] }));
  }

  async extend(principal: Principal, id: string, months: number, reason: string): Promise<TaskForceState> {
    await this.piloted(principal, id);
    return this.send(id, (h) => h.executeUpdate(extendUpdate, { args: [{ actor: this.actor(principal), months, reason }] }));
  }

  async finalReport(principal: Principal, id: string, coordinated: string, scaleUp: string): Promise<TaskForceState> {
    await this.piloted(principal, id);
    return this.send(id, (h) => h.executeUpdate(finalReportUpdate, { args: [{ actor: this.actor(principal), coordinated, scaleUp }] }));
  }

  async cancel(principal: Principal, id: string, reason: string): Promise<TaskForceState> {
    await this.piloted(principal, id);
    return this.send(id, (h) => h.executeUpdate(cancelUpdate, { args: [{ actor: this.actor(principal), reason }] }));
  }

  // ---- helpers ----

  /** The invitations as the directory names them: an association acting in the territory, a signatory, or a named service. */
  private async invitations(territoryId: string, members: TaskForceInviteeDto[]): Promise<Omit<MemberInvitation, 'memberId'>[]> {
    const ids = members.flatMap((m) => (m.organisationId ? [m.organisationId] : []));
    const [associations, funders] = await Promise.all([this.directory.associationsByIds(ids), this.directory.funders(ids)]);
    const problems: string[] = [];
    const invited = members.map((m, i): Omit<MemberInvitation, 'memberId'> => {
      const at = members.length > 1 ? `members[${i}]` : 'member';
      if (m.kind === 'service') {
        if (m.organisationId) problems.push(`${at}.organisationId: a service of the city or the EPT is named, not taken from the directory`);
        if (!m.name?.trim()) problems.push(`${at}.name: name the service`);
        return { kind: 'service', name: (m.name ?? '').trim(), ...(m.contact?.trim() ? { contact: m.contact.trim() } : {}) };
      }
      if (!m.organisationId) {
        problems.push(`${at}.organisationId: an ${m.kind} member is an organisation of the directory`);
        return { kind: m.kind, name: '' };
      }
      if (m.kind === 'association') {
        const association = associations.find((a) => a.id === m.organisationId);
        if (!association) problems.push(`${at}.organisationId: no association ${m.organisationId}`);
        else if (!association.territories.includes(territoryId)) problems.push(`${at}.organisationId: ${association.name} does not act in ${territoryId}`);
        return { kind: 'association', organisationId: m.organisationId, name: association?.name ?? m.organisationId };
      }
      const funder = funders.find((f) => f.id === m.organisationId);
      if (!funder) problems.push(`${at}.organisationId: no signatory ${m.organisationId}`);
      return { kind: 'signatory', organisationId: m.organisationId, name: funder?.name ?? m.organisationId };
    });
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    return invited;
  }

  private async piloted(principal: Principal, id: string): Promise<TaskForceState> {
    const state = await this.stateOf(id);
    const problem = pilotProblem(principal, state);
    if (problem) throw problem;
    return state;
  }

  private actor(principal: Principal): TaskForceActor {
    return { id: principal.sub, role: principal.role };
  }

  private async stateOf(id: string): Promise<TaskForceState> {
    const state = isTaskForceId(id) ? await this.taskForces.state(id) : null;
    if (!state) throw new DomainError('not_found', `no task force ${id}`);
    return state;
  }

  private send(id: string, update: (handle: Handle) => Promise<TaskForceState>): Promise<TaskForceState> {
    return this.temporal.command(`the task force ${id} is over: it takes no more changes`, () =>
      update(this.temporal.workflow.getHandle<typeof taskForceWorkflow>(id)),
    );
  }
}
