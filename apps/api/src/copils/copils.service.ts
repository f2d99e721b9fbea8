import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  Candidate,
  CopilState,
  DEFAULT_TERM_YEARS,
  DomainError,
  InvitedSeat,
  Principal,
  copilActProblem,
  copilId,
  copilOpeningProblems,
  copilReadProblem,
  isBinomeRole,
  isCopilId,
  seatsHeld,
} from '@grants/domain';
import { CopilInput } from '@grants/contracts';
import { copilPolicyOf } from '@grants/config';
import { AnnualReportRepository, CopilRepository, DirectoryRepository } from '@grants/persistence';
import type { copilWorkflow } from '../../../../workflows/copil.workflow';
import {
  copilOpenedUpdate,
  designateUpdate,
  fileCandidacyUpdate,
  openRoundUpdate,
  recordCopilMeetingUpdate,
  scheduleMeetingUpdate,
} from '../../../../workflows/copil.messages';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { TemporalClient } from '../common/temporal';
import { CandidacyDto, CopilListQuery, DesignationDto, OpenCopilDto, OpenRoundDto, RecordCopilMeetingDto, ScheduleCopilMeetingDto } from './copils.dto';

type Handle = WorkflowHandle<typeof copilWorkflow>;

/** A round of the Copil, or 404 (the workflow's refusals of unknown ids would read as a closed Copil). */
function roundOf(state: CopilState, roundId: string) {
  const round = state.rounds.find((r) => r.roundId === roundId);
  if (!round) throw new DomainError('not_found', `no designation round ${roundId} in ${state.id}`);
  return round;
}

/**
 * A territory's steering committee by colleges (proposal 1), one lifecycle a year: designation
 * rounds, mandates to their term, meetings with their attendance and decisions. Run by the
 * territory's project lead; associations of the territory read it and stand as candidates.
 */
@Injectable()
export class CopilsService {
  constructor(
    private readonly temporal: TemporalClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly copils: CopilRepository,
    private readonly reports: AnnualReportRepository,
  ) {}

  /** The project lead opens its territory's Copil of a year (a repeat of the same opening returns it, another is a 409). */
  async open(principal: Principal, dto: OpenCopilDto): Promise<CopilState> {
    const problem = copilActProblem(principal, dto.territory);
    if (problem) throw problem;
    if (!(await this.directory.territoryExists(dto.territory))) throw new DomainError('not_found', `no territory ${dto.territory}`);
    const problems = copilOpeningProblems(dto.year, Date.now());
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    const id = copilId(dto.territory, dto.year);
    const input: CopilInput = {
      copilId: id,
      territoryId: dto.territory,
      year: dto.year,
      openedBy: { id: principal.sub, role: principal.role },
      policy: copilPolicyOf(this.config),
    };
    return this.temporal.openOnce<typeof copilWorkflow, CopilState>({ workflowType: 'copilWorkflow', workflowId: id, args: [input] }, copilOpenedUpdate, {
      fallback: () => this.stateOf(id),
      existing: () => this.copils.state(id),
      same: (existing) => existing.openedBy === principal.sub,
      conflict: `the ${dto.year} Copil of ${dto.territory} is open already (${id})`,
    });
  }

  async list(principal: Principal, query: CopilListQuery) {
    let territoryIds: string[] | undefined = query.territory ? [query.territory] : undefined;
    if (isBinomeRole(principal.role)) {
      if (query.territory && query.territory !== principal.territory) throw new DomainError('forbidden', "a binôme reads its own territory's Copil only");
      territoryIds = [principal.territory!];
    } else if (principal.role === 'association') {
      const association = await this.directory.association(principal.org!);
      territoryIds = (association?.territories ?? []).filter((t) => !query.territory || t === query.territory);
    } else if (principal.role === 'funder') {
      throw new DomainError('forbidden', "the Copil is the territory's: its binôme and associations, auditors and admins read it");
    }
    const { items, total } = await this.copils.list({
      territoryIds,
      year: query.year,
      status: query.status,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(principal: Principal, id: string): Promise<CopilState> {
    const state = await this.stateOf(id);
    const problem = copilReadProblem(principal, state, await this.actsIn(principal, state.territoryId));
    if (problem) throw problem;
    return state;
  }

  /** The seats held now in a territory's Copil, of every year's designations: those a meeting invites. */
  async seats(principal: Principal, territoryId: string): Promise<{ territoryId: string; seats: InvitedSeat[] }> {
    const problem = copilReadProblem(principal, { id: `of ${territoryId}`, territoryId }, await this.actsIn(principal, territoryId));
    if (problem) throw problem;
    return { territoryId, seats: seatsHeld(await this.copils.withRunningMandates(territoryId), Date.now()) };
  }

  async openRound(principal: Principal, id: string, dto: OpenRoundDto): Promise<CopilState> {
    const state = await this.running(principal, id);
    const toldAssociationIds = dto.college === 'associations' ? await this.copils.associationIdsIn(state.territoryId) : [];
    const command = {
      actor: this.actor(principal),
      college: dto.college,
      seats: dto.seats,
      candidaciesDueAt: dto.candidaciesDueAt,
      termYears: dto.termYears ?? DEFAULT_TERM_YEARS,
      toldAssociationIds,
    };
    return this.send(id, (h) => h.executeUpdate(openRoundUpdate, { args: [command] }));
  }

  /** An association stands for itself (in the associations' college); the project lead records any candidate. */
  async fileCandidacy(principal: Principal, id: string, roundId: string, dto: CandidacyDto): Promise<CopilState> {
    const state = await this.get(principal, id);
    roundOf(state, roundId);
    let candidate: Candidate;
    if (principal.role === 'association') {
      if (dto.associationId && dto.associationId !== principal.org) throw new DomainError('forbidden', 'an association stands for itself only');
      const association = await this.directory.association(principal.org!);
      if (!association) throw new DomainError('forbidden', 'an association of the directory stands for itself');
      candidate = { name: association.name, associationId: association.id };
    } else {
      const problem = copilActProblem(principal, state.territoryId);
      if (problem) throw problem;
      if (dto.associationId) {
        const association = await this.directory.association(dto.associationId);
        if (!association) throw new DomainError('validation', `associationId: no association ${dto.associationId}`);
        candidate = { name: dto.name?.trim() || association.name, associationId: association.id };
      } else {
        if (!dto.name?.trim()) throw new DomainError('validation', "name: the candidate's name");
        candidate = { name: dto.name.trim() };
      }
    }
    return this.send(id, (h) =>
      h.executeUpdate(fileCandidacyUpdate, { args: [{ actor: this.actor(principal), roundId, candidate, statement: dto.statement ?? '' }] }),
    );
  }

  async designate(principal: Principal, id: string, roundId: string, dto: DesignationDto): Promise<CopilState> {
    roundOf(await this.running(principal, id), roundId);
    return this.send(id, (h) =>
      h.executeUpdate(designateUpdate, { args: [{ actor: this.actor(principal), roundId, candidacyId: dto.candidacyId, reason: dto.reason }] }),
    );
  }

  /** A meeting: every seat held now is invited. */
  async scheduleMeeting(principal: Principal, id: string, dto: ScheduleCopilMeetingDto): Promise<CopilState> {
    const state = await this.running(principal, id);
    const invited = seatsHeld(await this.copils.withRunningMandates(state.territoryId), Date.now());
    return this.send(id, (h) => h.executeUpdate(scheduleMeetingUpdate, { args: [{ actor: this.actor(principal), at: dto.at, agenda: dto.agenda, invited }] }));
  }

  async recordMeeting(principal: Principal, id: string, meetingId: string, dto: RecordCopilMeetingDto): Promise<CopilState> {
    const state = await this.running(principal, id);
    if (!state.meetings.some((m) => m.meetingId === meetingId)) throw new DomainError('not_found', `no meeting ${meetingId} in ${id}`);
    const command = {
      actor: this.actor(principal),
      meetingId,
      heldOn: dto.heldOn,
      minutes: dto.minutes,
      attendees: dto.attendees,
      decisions: dto.decisions.map((d) => ({ title: d.title, votes: { ...d.votes } })),
    };
    return this.send(id, (h) => h.executeUpdate(recordCopilMeetingUpdate, { args: [command] }));
  }

  // ---- helpers ----

  /** Whether the principal is an association acting in the territory (those read its Copil). */
  private async actsIn(principal: Principal, territoryId: string): Promise<boolean> {
    return principal.role === 'association' && principal.org ? this.reports.associationActsIn(principal.org, territoryId) : false;
  }

  /** The Copil, for its project lead (or an admin) to act on. */
  private async running(principal: Principal, id: string): Promise<CopilState> {
    const state = await this.get(principal, id);
    const problem = copilActProblem(principal, state.territoryId);
    if (problem) throw problem;
    return state;
  }

  private actor(principal: Principal) {
    return { id: principal.sub, role: principal.role };
  }

  private async stateOf(id: string): Promise<CopilState> {
    const state = isCopilId(id) ? await this.copils.state(id) : null;
    if (!state) throw new DomainError('not_found', `no Copil ${id}`);
    return state;
  }

  private send(id: string, update: (handle: Handle) => Promise<CopilState>): Promise<CopilState> {
    return this.temporal.command(`the Copil ${id} is closed: it takes no more changes`, () =>
      update(this.temporal.workflow.getHandle<typeof copilWorkflow>(id)),
    );
  }
}
