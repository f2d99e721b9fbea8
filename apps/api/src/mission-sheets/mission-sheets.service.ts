import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  BinomeRole,
  DEFAULT_MISSION_SHEET_POLICY,
  DomainError,
  MissionSheetContent,
  MissionSheetState,
  Principal,
  activityFiguresOf,
  annualReport,
  draftMissionSheet,
  isBinomeRole,
  isMissionSheetId,
  missionSheetId,
  missionSheetOpeningProblems,
  missionSheetReadProblem,
} from '@grants/domain';
import { MissionSheetInput } from '@grants/contracts';
import { AnnualReportRepository, DirectoryRepository, MissionSheetRepository } from '@grants/persistence';
import type { missionSheetWorkflow } from '../../../../workflows/mission-sheet.workflow';
import { copilDecisionUpdate, missionSheetOpenedUpdate, reviseMissionSheetUpdate, signMissionSheetUpdate } from '../../../../workflows/mission-sheet.messages';
import { TemporalClient } from '../common/temporal';
import { CopilDecisionDto, MissionSheetListQuery, OpenMissionSheetDto } from './mission-sheets.dto';

type Handle = WorkflowHandle<typeof missionSheetWorkflow>;

/**
 * The binôme's yearly mission sheet (proposal 4): drafted from the engine's data of the past year,
 * written and signed by both members, adopted by the Copil (or sent back), then read by the
 * territory's associations.
 */
@Injectable()
export class MissionSheetsService {
  constructor(
    private readonly temporal: TemporalClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    private readonly sheets: MissionSheetRepository,
    private readonly reports: AnnualReportRepository,
  ) {}

  async open(principal: Principal, dto: OpenMissionSheetDto): Promise<MissionSheetState> {
    this.member(principal, dto.territory);
    const problems = missionSheetOpeningProblems(dto.copilAt, Date.now());
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    const loaded = await this.reports.load(dto.territory, dto.year - 1);
    if (!loaded) throw new DomainError('not_found', `no territory ${dto.territory}`);
    const figures = activityFiguresOf(annualReport(loaded.streams, loaded.context));
    const id = missionSheetId(dto.territory, dto.year);
    const copilAt = new Date(dto.copilAt).toISOString();
    const input: MissionSheetInput = {
      missionSheetId: id,
      territoryId: dto.territory,
      year: dto.year,
      copilAt,
      figures,
      draft: draftMissionSheet(figures),
      openedBy: { id: principal.sub, role: principal.role },
      policy: DEFAULT_MISSION_SHEET_POLICY,
    };
    return this.temporal.openOnce<typeof missionSheetWorkflow, MissionSheetState>(
      { workflowType: 'missionSheetWorkflow', workflowId: id, args: [input] },
      missionSheetOpenedUpdate,
      {
        fallback: () => this.stateOf(id),
        existing: () => this.sheets.state(id),
        same: (existing) => existing.openedBy === principal.sub && existing.copilAt === copilAt,
        conflict: `the ${dto.year} mission sheet of ${dto.territory} is open already (${id})`,
      },
    );
  }

  async list(principal: Principal, query: MissionSheetListQuery) {
    let territoryIds: string[] | undefined = query.territory ? [query.territory] : undefined;
    let adoptedOnly = false;
    if (isBinomeRole(principal.role)) {
      if (query.territory && query.territory !== principal.territory)
        throw new DomainError('forbidden', "a binôme reads its own territory's mission sheets only");
      territoryIds = [principal.territory!];
    } else if (principal.role === 'association') {
      const association = await this.directory.association(principal.org!);
      territoryIds = (association?.territories ?? []).filter((t) => !query.territory || t === query.territory);
      adoptedOnly = true;
    } else if (principal.role === 'funder') {
      throw new DomainError(
        'forbidden',
        "the mission sheet is the binôme's: its territory's binôme, its associations once adopted, auditors and admins read it",
      );
    }
    const { items, total } = await this.sheets.list({
      territoryIds,
      year: query.year,
      status: query.status,
      adoptedOnly,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** The sheet; an association reads the adopted version and the adoption only. */
  async get(principal: Principal, id: string): Promise<MissionSheetState> {
    const state = await this.stateOf(id);
    const acts =
      principal.role === 'association' ? ((await this.directory.association(principal.org!))?.territories.includes(state.territoryId) ?? false) : false;
    const problem = missionSheetReadProblem(principal, state, acts);
    if (problem) throw problem;
    if (principal.role !== 'association') return state;
    const adoption = state.decisions.find((d) => d.adopted)!;
    return { ...state, versions: state.versions.filter((v) => v.version === adoption.version), decisions: [adoption] };
  }

  async revise(principal: Principal, id: string, content: MissionSheetContent): Promise<MissionSheetState> {
    const side = await this.acting(principal, id);
    return this.send(id, (h) => h.executeUpdate(reviseMissionSheetUpdate, { args: [{ actor: this.actor(principal), side, content }] }));
  }

  async sign(principal: Principal, id: string): Promise<MissionSheetState> {
    const side = await this.acting(principal, id);
    return this.send(id, (h) => h.executeUpdate(signMissionSheetUpdate, { args: [{ actor: this.actor(principal), side }] }));
  }

  /** The Copil's decision, recorded by the territory's project lead. */
  async decide(principal: Principal, id: string, dto: CopilDecisionDto): Promise<MissionSheetState> {
    const state = await this.get(principal, id);
    if (!(principal.role === 'admin' || (principal.role === 'project_lead' && principal.territory === state.territoryId))) {
      throw new DomainError('forbidden', "the territory's project lead records the Copil's decision");
    }
    const decidedOn = dto.decidedOn ?? new Date().toISOString();
    return this.send(id, (h) =>
      h.executeUpdate(copilDecisionUpdate, { args: [{ actor: this.actor(principal), adopted: dto.adopted, comments: dto.comments, decidedOn }] }),
    );
  }

  // ---- helpers ----

  /** A member of the territory's binôme (an admin acts as its project lead). */
  private member(principal: Principal, territoryId: string): BinomeRole {
    if (principal.role === 'admin') return 'project_lead';
    if (isBinomeRole(principal.role) && principal.territory === territoryId) return principal.role;
    throw new DomainError('forbidden', "the territory's binôme writes and signs its mission sheet");
  }

  private async acting(principal: Principal, id: string): Promise<BinomeRole> {
    const state = await this.get(principal, id);
    return this.member(principal, state.territoryId);
  }

  private actor(principal: Principal) {
    return { id: principal.sub, role: principal.role };
  }

  private async stateOf(id: string): Promise<MissionSheetState> {
    const state = isMissionSheetId(id) ? await this.sheets.state(id) : null;
    if (!state) throw new DomainError('not_found', `no mission sheet ${id}`);
    return state;
  }

  private send(id: string, update: (handle: Handle) => Promise<MissionSheetState>): Promise<MissionSheetState> {
    return this.temporal.command(`the mission sheet ${id} is closed: it takes no more changes`, () =>
      update(this.temporal.workflow.getHandle<typeof missionSheetWorkflow>(id)),
    );
  }
}
