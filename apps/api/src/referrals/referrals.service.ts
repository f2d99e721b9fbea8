import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { DomainError, Need, Principal, ReferralState, isReferralId, needProblems, referralReadProblem, suggestSignatories } from '@grants/domain';
import { ReferralInput } from '@grants/contracts';
import { referralPolicyOf } from '@grants/config';
import { ContributionRepository, DirectoryRepository, ReferralRepository, ReferralScope, ReferralStatistics } from '@grants/persistence';
import type { referralWorkflow } from '../../../../workflows/referral.workflow';
import { answerReferralUpdate, referralSubmittedUpdate, routeReferralUpdate, withdrawReferralUpdate } from '../../../../workflows/referral.messages';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { keyedStart } from '../common/idempotency';
import { TemporalClient } from '../common/temporal';
import { NeedDto, ReferralListQuery } from './referrals.dto';

type Handle = WorkflowHandle<typeof referralWorkflow>;
const thisYear = () => Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));

/**
 * Routing project holders to the right signatory (proposal 7): an association describes a need, its
 * territory's binôme routes it to a named contact of a signatory (suggested from the concluded
 * contributions), the signatory answers.
 */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly temporal: TemporalClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly referrals: ReferralRepository,
    private readonly contributions: ContributionRepository,
  ) {}

  async submit(principal: Principal, dto: NeedDto, idempotencyKey?: string): Promise<ReferralState> {
    const association = await this.directory.association(principal.org!);
    if (!association) throw new DomainError('validation', `no association ${principal.org}`);
    const territoryId = dto.territory ?? (association.territories.length === 1 ? association.territories[0] : undefined);
    if (!territoryId) throw new DomainError('validation', `territory: ${association.name} acts in ${association.territories.join(', ')}: say which`);
    if (!association.territories.includes(territoryId)) throw new DomainError('validation', `territory: ${association.name} does not act in ${territoryId}`);
    const need: Need = {
      territoryId,
      associationId: association.id,
      orientation: dto.orientation,
      supportKind: dto.supportKind,
      description: dto.description.trim(),
    };
    const problems = needProblems(need);
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    const keyed = await keyedStart(this.dataSource, 'ref', `referral:${principal.sub}`, idempotencyKey, [need]);
    const input: ReferralInput = {
      referralId: keyed.id,
      need,
      submittedBy: { id: principal.sub, role: principal.role },
      policy: referralPolicyOf(this.config),
    };
    return this.temporal.startAndAsk<typeof referralWorkflow, ReferralState>(
      { workflowType: 'referralWorkflow', workflowId: keyed.id, args: [input] },
      referralSubmittedUpdate,
      { started: keyed.started, fallback: () => this.stateOf(keyed.id) },
    );
  }

  async list(principal: Principal, query: ReferralListQuery) {
    let scope: ReferralScope;
    if (principal.role === 'association') scope = { associationId: principal.org! };
    else if (principal.role === 'project_lead' || principal.role === 'prefect_delegate') scope = { territoryId: principal.territory! };
    else if (principal.role === 'funder') scope = { signatoryId: principal.org! };
    else scope = { all: true };
    const { items, total } = await this.referrals.list(scope, { status: query.status, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(principal: Principal, id: string): Promise<ReferralState> {
    const state = await this.stateOf(id);
    const problem = referralReadProblem(principal, state);
    if (problem) throw problem;
    return state;
  }

  /** The signatories whose concluded contributions match the need, those that declined it left out. */
  async suggestions(principal: Principal, id: string): Promise<{ signatoryId: string; name: string; contributions: number; fundingCents: number }[]> {
    return this.suggestFor(await this.get(principal, id));
  }

  /** The territory's binôme routes the need to a named contact of a signatory. */
  async route(principal: Principal, id: string, signatoryId: string, contactName: string): Promise<ReferralState> {
    const state = await this.get(principal, id);
    if (principal.role !== 'project_lead' && principal.role !== 'prefect_delegate' && principal.role !== 'admin') {
      throw new DomainError('forbidden', "the territory's binôme routes a need");
    }
    if (!(await this.directory.funderExists(signatoryId))) throw new DomainError('validation', `signatoryId: no signatory ${signatoryId}`);
    const suggested = (await this.suggestFor(state)).some((s) => s.signatoryId === signatoryId);
    return this.send(id, (h) =>
      h.executeUpdate(routeReferralUpdate, { args: [{ actor: { id: principal.sub, role: principal.role }, signatoryId, contactName, suggested }] }),
    );
  }

  /** The signatory it is routed to answers: support offered with its form, or declined with a reason. */
  async answer(principal: Principal, id: string, supported: boolean, text: string): Promise<ReferralState> {
    await this.get(principal, id);
    if (principal.role !== 'funder') throw new DomainError('forbidden', 'the signatory the need is routed to answers it');
    return this.send(id, (h) =>
      h.executeUpdate(answerReferralUpdate, { args: [{ actor: { id: principal.sub, role: principal.role }, signatoryId: principal.org!, supported, text }] }),
    );
  }

  async withdraw(principal: Principal, id: string, reason: string): Promise<ReferralState> {
    const state = await this.get(principal, id);
    if (principal.role !== 'association' || principal.org !== state.need.associationId)
      throw new DomainError('forbidden', 'the association withdraws its own need');
    return this.send(id, (h) => h.executeUpdate(withdrawReferralUpdate, { args: [{ actor: { id: principal.sub, role: principal.role }, reason }] }));
  }

  async statistics(signatoryId: string, yearText: string): Promise<ReferralStatistics> {
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (!(year >= 2000 && year <= 2100)) throw new DomainError('validation', 'year: a year between 2000 and 2100');
    const funder = /^[a-z0-9][a-z0-9-]{0,99}$/.test(signatoryId) ? await this.directory.funderExists(signatoryId) : false;
    if (!funder) throw new DomainError('not_found', `no signatory ${signatoryId}`);
    return this.referrals.statistics(signatoryId, year);
  }

  private async suggestFor(state: ReferralState): Promise<{ signatoryId: string; name: string; contributions: number; fundingCents: number }[]> {
    const year = thisYear();
    const [current, next] = await Promise.all(
      [year, year + 1].map((y) => this.contributions.list({ territoryId: state.need.territoryId, year: y, status: 'agreed', limit: 1000, offset: 0 })),
    );
    const declined = state.routings.filter((r) => r.outcome?.kind === 'declined').map((r) => r.signatoryId);
    const funders = await this.directory.funders();
    return suggestSignatories(state.need, [...current.items, ...next.items], year, declined).map((s) => ({
      ...s,
      name: funders.find((f) => f.id === s.signatoryId)?.name ?? s.signatoryId,
    }));
  }

  private async stateOf(id: string): Promise<ReferralState> {
    const state = isReferralId(id) ? await this.referrals.state(id) : null;
    if (!state) throw new DomainError('not_found', `no need ${id}`);
    return state;
  }

  private send(id: string, update: (handle: Handle) => Promise<ReferralState>): Promise<ReferralState> {
    return this.temporal.command(`the need ${id} is closed: it takes no more changes`, () =>
      update(this.temporal.workflow.getHandle<typeof referralWorkflow>(id)),
    );
  }
}
