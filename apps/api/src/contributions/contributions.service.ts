import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  ContributionSide,
  ContributionState,
  ContributionTerms,
  DomainError,
  Principal,
  contributionTermsProblems,
  isContributionId,
  sideOf,
} from '@grants/domain';
import { ContributionInput } from '@grants/contracts';
import { contributionPolicyOf } from '@grants/config';
import { ContributionRepository, DirectoryRepository, SignatoryYear } from '@grants/persistence';
import type { contributionWorkflow } from '../../../../workflows/contribution.workflow';
import {
  contributionProposedUpdate,
  reviseContributionUpdate,
  signContributionUpdate,
  withdrawContributionUpdate,
} from '../../../../workflows/contribution.messages';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { keyedStart } from '../common/idempotency';
import { TemporalClient } from '../common/temporal';
import { ContributionListQuery, ContributionTermsDto } from './contributions.dto';

type Handle = WorkflowHandle<typeof contributionWorkflow>;

/**
 * Associated signatories' contributions (proposal 6): negotiated between the territory's politique de
 * la ville team (its project lead) and the signatory, two signatures; readable by every account, with
 * each signatory's yearly commitments beside what it paid.
 */
@Injectable()
export class ContributionsService {
  constructor(
    private readonly temporal: TemporalClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly contributions: ContributionRepository,
  ) {}

  async propose(principal: Principal, dto: ContributionTermsDto, idempotencyKey?: string): Promise<ContributionState> {
    const terms = await this.terms(dto);
    const side = this.side(principal, terms);
    const keyed = await keyedStart(this.dataSource, 'ctb', `contribution:${principal.sub}`, idempotencyKey, [terms]);
    const input: ContributionInput = {
      contributionId: keyed.id,
      terms,
      side,
      proposedBy: { id: principal.sub, role: principal.role },
      policy: contributionPolicyOf(this.config),
    };
    return this.temporal.startAndAsk<typeof contributionWorkflow, ContributionState>(
      { workflowType: 'contributionWorkflow', workflowId: keyed.id, args: [input] },
      contributionProposedUpdate,
      { started: keyed.started, fallback: () => this.get(keyed.id) },
    );
  }

  async list(query: ContributionListQuery) {
    const { items, total } = await this.contributions.list({
      territoryId: query.territory,
      signatoryId: query.signatory,
      year: query.year,
      status: query.status,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<ContributionState> {
    const state = isContributionId(id) ? await this.contributions.state(id) : null;
    if (!state) throw new DomainError('not_found', `no contribution ${id}`);
    return state;
  }

  async sign(principal: Principal, id: string): Promise<ContributionState> {
    const state = await this.get(id);
    const side = this.side(principal, state.terms);
    return this.send(id, (h) => h.executeUpdate(signContributionUpdate, { args: [{ actor: { id: principal.sub, role: principal.role }, side }] }));
  }

  async revise(principal: Principal, id: string, dto: ContributionTermsDto): Promise<ContributionState> {
    const state = await this.get(id);
    const side = this.side(principal, state.terms);
    const terms = await this.terms(dto);
    return this.send(id, (h) => h.executeUpdate(reviseContributionUpdate, { args: [{ actor: { id: principal.sub, role: principal.role }, side, terms }] }));
  }

  async withdraw(principal: Principal, id: string, reason: string): Promise<ContributionState> {
    const state = await this.get(id);
    const side = this.side(principal, state.terms);
    return this.send(id, (h) => h.executeUpdate(withdrawContributionUpdate, { args: [{ actor: { id: principal.sub, role: principal.role }, side, reason }] }));
  }

  async signatoryYear(signatoryId: string, yearText: string): Promise<SignatoryYear & { name: string }> {
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (!(year >= 2000 && year <= 2100)) throw new DomainError('validation', 'year: a year between 2000 and 2100');
    const funder = /^[a-z0-9][a-z0-9-]{0,99}$/.test(signatoryId) ? await this.directory.funder(signatoryId) : null;
    if (!funder) throw new DomainError('not_found', `no signatory ${signatoryId}`);
    return { ...(await this.contributions.signatoryYear(signatoryId, year)), name: funder.name };
  }

  // ---- helpers ----

  /** The terms as the directory knows them: a territory, a signatory, co-carriers that exist; 400 naming every problem. */
  private async terms(dto: ContributionTermsDto): Promise<ContributionTerms> {
    const terms: ContributionTerms = {
      territoryId: dto.territory,
      signatoryId: dto.signatoryId,
      orientation: dto.orientation,
      year: dto.year,
      nature: dto.nature,
      ...(dto.amountCents !== undefined ? { amountCents: dto.amountCents } : {}),
      ...(dto.staffCount !== undefined ? { staffCount: dto.staffCount } : {}),
      description: dto.description.trim(),
      coCarriers: dto.coCarriers ?? [],
    };
    const problems = contributionTermsProblems(terms);
    const [territory, signatory, funders, associations] = await Promise.all([
      this.directory.territoryExists(terms.territoryId),
      this.directory.funderExists(terms.signatoryId),
      this.directory.funders(terms.coCarriers),
      this.directory.associationsByIds(terms.coCarriers),
    ]);
    if (!territory) problems.push(`territory: no territory ${terms.territoryId}`);
    if (!signatory) problems.push(`signatoryId: no signatory ${terms.signatoryId}`);
    for (const id of terms.coCarriers)
      if (!funders.some((f) => f.id === id) && !associations.some((a) => a.id === id)) problems.push(`coCarriers: no organisation ${id}`);
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    return terms;
  }

  private side(principal: Principal, terms: Pick<ContributionTerms, 'territoryId' | 'signatoryId'>): ContributionSide {
    const side = sideOf(principal, terms);
    if (!side)
      throw new DomainError('forbidden', `a contribution is negotiated by the project lead of ${terms.territoryId} and by ${terms.signatoryId} itself`);
    return side;
  }

  private send(id: string, update: (handle: Handle) => Promise<ContributionState>): Promise<ContributionState> {
    return this.temporal.command(`the contribution ${id} is concluded: it takes no more changes`, () =>
      update(this.temporal.workflow.getHandle<typeof contributionWorkflow>(id)),
    );
  }
}
