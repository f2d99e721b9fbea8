import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  DomainError,
  EnvelopeSummary,
  FINAL_MICRO_GRANT_STATUSES,
  MicroGrantState,
  Principal,
  decideProblem,
  envelopeYearOf,
  readProblem,
  reportAccessProblem,
  summarizeEnvelope,
  newEnvelope,
  TargetPublic,
  normalizeTargetPublic,
  targetPublicProblems,
  envelopeTermsOf,
} from '@grants/domain';
import { MicroGrantInput, envelopeWorkflowId, isMicroGrantId } from '@grants/contracts';
import { microGrantPolicyOf } from '@grants/config';
import { DirectoryRepository, loadGrantStatus } from '@grants/persistence';
import type { microGrantWorkflow } from '../../../../workflows/micro-grant.workflow';
import { decideUpdate, intakeUpdate, microGrantStateQuery, submitReportUpdate } from '../../../../workflows/micro-grant.messages';
import { envelopeQuery } from '../../../../workflows/envelope.messages';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { BoundedCache } from '../common/bounded-cache';
import { keyedStart } from '../common/idempotency';
import { ENGINE_WAIT_MS, TemporalClient, domainErrorOf, engineUnavailable } from '../common/temporal';
import { DecisionDto, ReportDto, RequestMicroGrantDto } from './micro-grants.dto';

/** How long POST /micro-grants waits for the envelope check before answering "requested". */
const INTAKE_WAIT_MS = 10_000;
type MicroGrantHandle = WorkflowHandle<typeof microGrantWorkflow>;

@Injectable()
export class MicroGrantsService {
  /** Ended lifecycles' results: final, so kept (the most recent 10,000) instead of asked again. */
  private readonly ended = new BoundedCache<string, MicroGrantState>(10_000);

  constructor(
    private readonly temporal: TemporalClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async request(principal: Principal, dto: RequestMicroGrantDto, idempotencyKey?: string): Promise<MicroGrantState> {
    const association = await this.directory.association(principal.org!);
    if (!association) throw new DomainError('forbidden', `organisation ${principal.org} is not a registered association`);
    const binome = await this.directory.binome(dto.binomeId);
    if (!binome) throw new DomainError('validation', `binomeId: no binôme ${dto.binomeId}`, { fields: ['binomeId'] });
    if (!association.territories.includes(binome.territoryId)) {
      throw new DomainError(
        'validation',
        `binomeId: ${association.name} does not act in territory ${binome.territoryId} (it acts in ${association.territories.join(', ')})`,
        { fields: ['binomeId'] },
      );
    }

    // Whom the action is for: a pre-set public, or one the association defines from its self-assessment of non-take-up.
    let targetPublic: TargetPublic | undefined;
    if (dto.targetPublic) {
      const problems = targetPublicProblems(dto.targetPublic);
      if (problems.length) throw new DomainError('validation', problems.join('; '), { fields: ['targetPublic'] });
      targetPublic = normalizeTargetPublic(dto.targetPublic as TargetPublic);
    }

    const keyed = await keyedStart(this.dataSource, 'mg', `micro-grant:${association.id}`, idempotencyKey, [
      dto.binomeId,
      dto.title,
      dto.purpose,
      dto.amountCents,
      dto.qpv ?? null,
      dto.targetPublic ? JSON.stringify(targetPublic) : null,
    ]);
    const grantId = keyed.id;

    const requestedAt = new Date().toISOString();
    const input: MicroGrantInput = {
      grantId,
      binomeId: binome.id,
      territoryId: binome.territoryId,
      year: envelopeYearOf(requestedAt),
      associationId: association.id,
      requestedBy: principal.sub,
      title: dto.title.trim(),
      purpose: dto.purpose.trim(),
      amountCents: dto.amountCents,
      qpv: dto.qpv?.trim(),
      ...(targetPublic ? { targetPublic } : {}),
      requestedAt,
      policy: microGrantPolicyOf(this.config),
      envelope: envelopeTermsOf(binome),
    };
    // The state once the envelope has answered (reserved or escalated), or as it is after a short wait.
    return this.temporal.startAndAsk<typeof microGrantWorkflow, MicroGrantState>(
      { workflowType: 'microGrantWorkflow', workflowId: grantId, args: [input] },
      intakeUpdate,
      { waitMs: INTAKE_WAIT_MS, started: keyed.started, fallback: () => this.queryState(grantId) },
    );
  }

  async get(principal: Principal, grantId: string): Promise<MicroGrantState> {
    const state = await this.queryState(grantId);
    const problem = readProblem(principal, state);
    if (problem) throw problem;
    return state;
  }

  async decide(principal: Principal, grantId: string, dto: DecisionDto): Promise<MicroGrantState> {
    const state = await this.queryState(grantId);
    const problem = decideProblem(principal, state);
    if (problem) throw problem;
    const role = principal.role as 'project_lead' | 'prefect_delegate';
    return this.update(grantId, (handle) =>
      handle.executeUpdate(decideUpdate, {
        args: [{ role, actorId: principal.sub, decision: dto.decision, reason: dto.reason?.trim() || undefined }],
      }),
    );
  }

  async report(principal: Principal, grantId: string, dto: ReportDto): Promise<MicroGrantState> {
    const state = await this.queryState(grantId);
    const problem = reportAccessProblem(principal, state);
    if (problem) throw problem;
    return this.update(grantId, (handle) => handle.executeUpdate(submitReportUpdate, { args: [{ actorId: principal.sub, summary: dto.summary }] }));
  }

  async envelope(binomeId: string, year: number): Promise<EnvelopeSummary> {
    const binome = await this.directory.binome(binomeId);
    if (!binome) throw new DomainError('not_found', `no binôme ${binomeId}`);
    try {
      return await this.temporal.workflow.getHandle(envelopeWorkflowId(binomeId, year)).query(envelopeQuery);
    } catch (error) {
      if (domainErrorOf(error)?.code !== 'not_found') throw engineUnavailable(error);
      // No request yet this year: the envelope is whole.
      return summarizeEnvelope(newEnvelope(binomeId, year, { totalCents: binome.envelopeTotalCents, ceilingCents: binome.ceilingCents }));
    }
  }

  private async update(grantId: string, send: (handle: MicroGrantHandle) => Promise<MicroGrantState>): Promise<MicroGrantState> {
    const handle = this.temporal.workflow.getHandle<typeof microGrantWorkflow>(grantId);
    try {
      return await this.temporal.bounded(ENGINE_WAIT_MS, () => send(handle));
    } catch (error) {
      const domain = domainErrorOf(error);
      if (domain?.code === 'not_found') {
        // The lifecycle exists (we just read it) but has ended: nothing more can be done to it.
        const state = await this.queryState(grantId);
        throw new DomainError('conflict', `the grant is ${state.status}: its lifecycle has ended`);
      }
      if (domain) throw domain;
      throw engineUnavailable(error);
    }
  }

  private async queryState(grantId: string): Promise<MicroGrantState> {
    if (!isMicroGrantId(grantId)) throw new DomainError('not_found', `no micro-grant ${grantId}`);
    const known = this.ended.get(grantId);
    if (known) return known;
    const status = await loadGrantStatus(this.dataSource.manager, grantId);
    if (status && (FINAL_MICRO_GRANT_STATUSES as readonly string[]).includes(status)) {
      // An ended lifecycle's state is its result: read from its close event, with no worker and no replay.
      try {
        const result = await this.temporal.bounded(ENGINE_WAIT_MS, () => this.temporal.workflow.getHandle<typeof microGrantWorkflow>(grantId).result());
        this.ended.set(grantId, result);
        return result;
      } catch {
        // not closed yet in Temporal (the read model is a step ahead), or gone: ask the workflow
      }
    }
    try {
      return await this.temporal.bounded(ENGINE_WAIT_MS, () =>
        this.temporal.workflow.getHandle<typeof microGrantWorkflow>(grantId).query(microGrantStateQuery),
      );
    } catch (error) {
      if (domainErrorOf(error)?.code === 'not_found') {
        if (!status) throw new DomainError('not_found', `no micro-grant ${grantId}`);
        throw new DomainError('unavailable', `the lifecycle of ${grantId} is no longer held by Temporal; see GET /grants/${grantId}/events`);
      }
      throw engineUnavailable(error);
    }
  }
}
