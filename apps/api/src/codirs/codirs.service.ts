import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  CodirSchedule,
  CodirState,
  Direction,
  DomainError,
  Principal,
  codirActProblem,
  codirId,
  codirOpeningProblems,
  codirReadProblem,
  codirScheduleProblems,
  directionsProblems,
  isCodirId,
  parisYearMonth,
  suggestResources,
} from '@grants/domain';
import { CodirInput, CodirOpenerInput } from '@grants/contracts';
import { codirDayMs, codirPolicyOf } from '@grants/config';
import { CodirRepository, ContributionRepository, DirectoryRepository } from '@grants/persistence';
import type { codirWorkflow } from '../../../../workflows/codir.workflow';
import {
  answerDirectionUpdate,
  codirOpenedUpdate,
  commitmentDoneUpdate,
  inviteDirectionUpdate,
  recordMeetingUpdate,
  recordStatementUpdate,
} from '../../../../workflows/codir.messages';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { TemporalClient } from '../common/temporal';
import {
  CodirDirectionDto,
  CodirListQuery,
  CodirScheduleDto,
  CodirScheduleViewDto,
  MeetingDto,
  OpenCodirDto,
  ResourceAnswerDto,
  ResourceSuggestionsDto,
  StatementDto,
} from './codirs.dto';

type Handle = WorkflowHandle<typeof codirWorkflow>;
const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;
const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

const direction = (d: CodirDirectionDto): Direction => ({ directionId: d.directionId, sector: d.sector, name: d.name.trim(), contact: d.contact.trim() });

/**
 * The yearly CODIR QPV of each local authority (proposal 9): opened by the territory's yearly
 * Schedule or by its project lead; the directions' statements, the team's answers, the meeting's
 * commitments followed until the next one.
 */
@Injectable()
export class CodirsService {
  constructor(
    private readonly temporal: TemporalClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly codirs: CodirRepository,
    private readonly contributions: ContributionRepository,
  ) {}

  /** The project lead opens its territory's CODIR of a year (one a year: a repeat of the same opening returns it, another is a 409). */
  async open(principal: Principal, dto: OpenCodirDto): Promise<CodirState> {
    const problem = codirActProblem(principal, dto.territory);
    if (problem) throw problem;
    await this.territoryExists(dto.territory);
    const policy = codirPolicyOf(this.config);
    const directions = dto.directions.map(direction);
    const problems = codirOpeningProblems({ meetingAt: dto.meetingAt, directions }, policy, Date.now());
    const year = dto.year ?? parisYearMonth(dto.meetingAt).year;
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    const id = codirId(dto.territory, year);
    const input: CodirInput = {
      codirId: id,
      territoryId: dto.territory,
      year,
      meetingAt: new Date(dto.meetingAt).toISOString(),
      directions,
      openedBy: { id: principal.sub, role: principal.role },
      policy,
    };
    return this.temporal.openOnce<typeof codirWorkflow, CodirState>({ workflowType: 'codirWorkflow', workflowId: id, args: [input] }, codirOpenedUpdate, {
      fallback: () => this.stateOf(id),
      existing: () => this.codirs.state(id),
      same: (existing) =>
        existing.openedBy === principal.sub &&
        existing.meetingAt === input.meetingAt &&
        JSON.stringify(existing.directions.map(({ directionId, sector, name, contact }) => ({ directionId, sector, name, contact }))) ===
          JSON.stringify(directions),
      conflict: `the ${year} CODIR of ${dto.territory} is open already (${id})`,
    });
  }

  async list(principal: Principal, query: CodirListQuery) {
    let territoryId = query.territory;
    if (principal.role === 'project_lead' || principal.role === 'prefect_delegate') {
      if (territoryId && territoryId !== principal.territory) throw new DomainError('forbidden', "a binôme reads its own territory's CODIRs only");
      territoryId = principal.territory;
    } else if (principal.role !== 'auditor' && principal.role !== 'admin') {
      throw new DomainError('forbidden', "the CODIR QPV is the local authority's: its binôme, auditors and admins read it");
    }
    const { items, total } = await this.codirs.list({
      territoryId,
      year: query.year,
      status: query.status,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(principal: Principal, id: string): Promise<CodirState> {
    const state = await this.stateOf(id);
    const problem = codirReadProblem(principal, state);
    if (problem) throw problem;
    return state;
  }

  /** What the team could offer a direction: associations of the territory whose themes meet its sector's, concluded contributions for its orientations. */
  async suggestions(principal: Principal, id: string, directionId: string | undefined): Promise<ResourceSuggestionsDto> {
    const state = await this.get(principal, id);
    const d = state.directions.find((x) => x.directionId === directionId);
    if (!d) throw new DomainError('validation', `directionId: one of ${state.directions.map((x) => x.directionId).join(', ')}`);
    const [associations, current, next, funders] = await Promise.all([
      this.directory.associations({ territory: state.territoryId }),
      this.contributions.list({ territoryId: state.territoryId, year: state.year, status: 'agreed', limit: 1000, offset: 0 }),
      this.contributions.list({ territoryId: state.territoryId, year: state.year + 1, status: 'agreed', limit: 1000, offset: 0 }),
      this.directory.funders(),
    ]);
    const s = suggestResources(d.sector, state.territoryId, state.year, associations, [...current.items, ...next.items]);
    return {
      directionId: d.directionId,
      relays: s.relays,
      coFunding: s.coFunding.map((c) => ({ ...c, signatoryName: funders.find((f) => f.id === c.signatoryId)?.name ?? c.signatoryId })),
    };
  }

  async invite(principal: Principal, id: string, dto: CodirDirectionDto): Promise<CodirState> {
    await this.acting(principal, id);
    return this.send(id, (h) => h.executeUpdate(inviteDirectionUpdate, { args: [{ actor: this.actor(principal), direction: direction(dto) }] }));
  }

  async statement(principal: Principal, id: string, dto: StatementDto): Promise<CodirState> {
    await this.acting(principal, id);
    const qpvs = [...new Set((dto.qpvs ?? []).map((q) => q.trim()).filter(Boolean))];
    return this.send(id, (h) =>
      h.executeUpdate(recordStatementUpdate, { args: [{ actor: this.actor(principal), directionId: dto.directionId, text: dto.text, qpvs }] }),
    );
  }

  async answer(principal: Principal, id: string, dto: ResourceAnswerDto): Promise<CodirState> {
    const state = await this.acting(principal, id);
    const relays = [...new Set(dto.relays ?? [])];
    const coFunding = [...new Set(dto.coFunding ?? [])];
    const problems: string[] = [];
    const found = relays.length ? await this.directory.associationsByIds(relays) : [];
    for (const r of relays) {
      const a = found.find((x) => x.id === r);
      if (!a) problems.push(`relays: no association ${r}`);
      else if (!a.territories.includes(state.territoryId)) problems.push(`relays: ${a.name} does not act in ${state.territoryId}`);
    }
    for (const c of coFunding) {
      const contribution = await this.contributions.state(c);
      if (!contribution || contribution.terms.territoryId !== state.territoryId || contribution.status !== 'agreed')
        problems.push(`coFunding: ${c} is not a concluded contribution of ${state.territoryId}`);
    }
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    return this.send(id, (h) =>
      h.executeUpdate(answerDirectionUpdate, { args: [{ actor: this.actor(principal), directionId: dto.directionId, text: dto.text, relays, coFunding }] }),
    );
  }

  async meeting(principal: Principal, id: string, dto: MeetingDto): Promise<CodirState> {
    await this.acting(principal, id);
    const heldOn = dto.heldOn ?? new Date().toISOString();
    return this.send(id, (h) =>
      h.executeUpdate(recordMeetingUpdate, {
        args: [{ actor: this.actor(principal), heldOn, minutes: dto.minutes, attendees: [...new Set(dto.attendees)], commitments: dto.commitments }],
      }),
    );
  }

  async done(principal: Principal, id: string, commitmentId: string, note: string): Promise<CodirState> {
    const state = await this.acting(principal, id);
    if (!state.commitments.some((c) => c.commitmentId === commitmentId)) throw new DomainError('not_found', `no commitment ${commitmentId} in ${id}`);
    return this.send(id, (h) => h.executeUpdate(commitmentDoneUpdate, { args: [{ actor: this.actor(principal), commitmentId, note }] }));
  }

  // ---- the yearly Schedule ----

  scheduleId(territoryId: string): string {
    return this.temporal.taskQueue === 'grants' ? `codir-schedule-${territoryId}` : `codir-schedule-${territoryId}-${this.temporal.taskQueue}`;
  }

  async schedule(principal: Principal, territoryId: string): Promise<CodirScheduleViewDto> {
    this.scheduleReader(principal, territoryId);
    await this.territoryExists(territoryId);
    const view = await this.describeSchedule(territoryId);
    if (!view) throw new DomainError('not_found', `no yearly CODIR schedule for ${territoryId}`);
    return view;
  }

  /** Creates or changes the territory's yearly Schedule: on that day each year (Paris), it opens the CODIR with these directions. */
  async setSchedule(principal: Principal, territoryId: string, dto: CodirScheduleDto): Promise<CodirScheduleViewDto> {
    const problem = codirActProblem(principal, territoryId);
    if (problem) throw problem;
    await this.territoryExists(territoryId);
    const schedule: CodirSchedule = { month: dto.month, day: dto.day, meetingAfterDays: dto.meetingAfterDays };
    const directions = dto.directions.map(direction);
    const problems = [...codirScheduleProblems(schedule), ...directionsProblems(directions)];
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    const input: CodirOpenerInput = {
      territoryId,
      schedule,
      meetingAfterMs: schedule.meetingAfterDays * codirDayMs(this.config),
      directions,
      policy: codirPolicyOf(this.config),
      taskQueue: this.temporal.taskQueue,
    };
    const scheduleId = this.scheduleId(territoryId);
    const spec = { calendars: [{ month: MONTHS[dto.month - 1], dayOfMonth: dto.day, hour: 8, minute: 0 }], timezone: 'Europe/Paris' };
    const action = {
      type: 'startWorkflow' as const,
      workflowType: 'codirOpenerWorkflow',
      workflowId: `${scheduleId}-run`,
      taskQueue: this.temporal.taskQueue,
      args: [input],
    };
    await this.temporal.call(async () => {
      try {
        await this.temporal.client.schedule.create({ scheduleId, spec, action, policies: { catchupWindow: '1 day' }, memo: { territoryId } });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await this.temporal.client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
      }
    });
    return (await this.describeSchedule(territoryId))!;
  }

  async deleteSchedule(principal: Principal, territoryId: string): Promise<void> {
    const problem = codirActProblem(principal, territoryId);
    if (problem) throw problem;
    await this.territoryExists(territoryId);
    const deleted = await this.temporal.call(async () => {
      try {
        await this.temporal.client.schedule.getHandle(this.scheduleId(territoryId)).delete();
        return true;
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return false;
        throw error;
      }
    });
    if (!deleted) throw new DomainError('not_found', `no yearly CODIR schedule for ${territoryId}`);
  }

  private async describeSchedule(territoryId: string): Promise<CodirScheduleViewDto | null> {
    const scheduleId = this.scheduleId(territoryId);
    const described = await this.temporal.call(async () => {
      try {
        return await this.temporal.client.schedule.getHandle(scheduleId).describe();
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return null;
        throw error;
      }
    });
    if (!described || described.action.type !== 'startWorkflow') return null;
    const [input] = described.action.args as [CodirOpenerInput];
    const last = described.info.recentActions.at(-1);
    return {
      scheduleId,
      territoryId,
      month: input.schedule.month,
      day: input.schedule.day,
      meetingAfterDays: input.schedule.meetingAfterDays,
      directions: input.directions,
      nextOpenings: described.info.nextActionTimes.slice(0, 3).map((d) => d.toISOString()),
      lastOpenedAt: last ? last.takenAt.toISOString() : null,
    };
  }

  // ---- helpers ----

  private scheduleReader(principal: Principal, territoryId: string): void {
    if (principal.role === 'admin' || principal.role === 'auditor') return;
    if ((principal.role === 'project_lead' || principal.role === 'prefect_delegate') && principal.territory === territoryId) return;
    throw new DomainError('forbidden', "the territory's binôme, auditors and admins read its CODIR schedule");
  }

  private async territoryExists(territoryId: string): Promise<void> {
    if (!(ID.test(territoryId) && (await this.directory.territoryExists(territoryId)))) throw new DomainError('not_found', `no territory ${territoryId}`);
  }

  private actor(principal: Principal) {
    return { id: principal.sub, role: principal.role };
  }

  private async acting(principal: Principal, id: string): Promise<CodirState> {
    const state = await this.get(principal, id);
    const problem = codirActProblem(principal, state.territoryId);
    if (problem) throw problem;
    return state;
  }

  private async stateOf(id: string): Promise<CodirState> {
    const state = isCodirId(id) ? await this.codirs.state(id) : null;
    if (!state) throw new DomainError('not_found', `no CODIR ${id}`);
    return state;
  }

  private send(id: string, update: (handle: Handle) => Promise<CodirState>): Promise<CodirState> {
    return this.temporal.command(`the CODIR ${id} is closed: it takes no more changes`, () =>
      update(this.temporal.workflow.getHandle<typeof codirWorkflow>(id)),
    );
  }
}
