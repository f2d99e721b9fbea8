import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { AgreementSide, AgreementState, AgreementTerms, DomainError, Principal, agreementSideOf, agreementTermsProblems } from '@grants/domain';
import { AgreementInput, CoordinationMeetingInput, CoordinationMeetingResult, isAgreementId } from '@grants/contracts';
import { anchoringPolicyOf } from '@grants/config';
import { DirectoryRepository } from '@grants/persistence';
import type { anchoringAgreementWorkflow } from '../../../../workflows/anchoring-agreement.workflow';
import type { coordinationMeetingWorkflow } from '../../../../workflows/coordination-meeting.workflow';
import {
  acceptAgreementUpdate,
  acceptFundingLineUpdate,
  acceptAmendmentUpdate,
  agreementStateQuery,
  proposeAmendmentUpdate,
  proposedUpdate,
  submitActivityReportUpdate,
  terminateUpdate,
} from '../../../../workflows/anchoring-agreement.messages';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { keyedStart } from '../common/idempotency';
import { ENGINE_WAIT_MS, TemporalClient } from '../common/temporal';
import { ActivityReportDto, AmendmentDto, CoordinationMeetingDto, CoordinationMeetingResultDto, ProposeAgreementDto, TerminationDto } from './anchoring.dto';

type AgreementHandle = WorkflowHandle<typeof anchoringAgreementWorkflow>;

@Injectable()
export class AnchoringService {
  constructor(
    private readonly temporal: TemporalClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async propose(principal: Principal, dto: ProposeAgreementDto, idempotencyKey?: string): Promise<AgreementState> {
    const association = await this.directory.association(dto.associationId);
    if (!association) throw new DomainError('validation', `associationId: no association ${dto.associationId}`, { fields: ['associationId'] });
    const territoryId = principal.role === 'project_lead' ? principal.territory! : association.territories[0];
    if (!association.territories.includes(territoryId)) {
      throw new DomainError('validation', `associationId: ${association.name} does not act in territory ${territoryId}`);
    }
    const c = dto.coordination;
    const terms: AgreementTerms = {
      associationId: association.id,
      territoryId,
      years: dto.years ?? 3,
      yearlyAmountCents: dto.yearlyAmountCents,
      startDate: this.startDateOf(dto.startDate),
      fundingPlan: dto.fundingPlan.map(({ funderId, amountCents }) => ({ funderId, amountCents })),
      coordination:
        c.mode === 'flat'
          ? { mode: 'flat', flatAmountCents: c.flatAmountCents! }
          : { mode: 'tokens', tokenValueCents: c.tokenValueCents!, yearlyCapCents: c.yearlyCapCents! },
    };
    const problems = agreementTermsProblems(terms, new Date().toISOString());
    const funders = await this.directory.funders(terms.fundingPlan.map((l) => l.funderId));
    for (const line of terms.fundingPlan) if (!funders.some((f) => f.id === line.funderId)) problems.push(`fundingPlan: no funder ${line.funderId}`);
    if (problems.length) throw new DomainError('validation', problems.join('; '), { problems });
    if (agreementSideOf(principal, terms) !== 'funding') throw new DomainError('forbidden', 'an agreement is proposed by the funder side');

    const keyed = await keyedStart(this.dataSource, 'anc', `anchoring:${principal.sub}`, idempotencyKey, [terms]);
    const input: AgreementInput = {
      agreementId: keyed.id,
      title: `Convention pluriannuelle d'ancrage : ${association.name} (${terms.years} an${terms.years > 1 ? 's' : ''})`,
      proposedBy: { id: principal.sub, role: principal.role, ...(principal.role === 'funder' && principal.org ? { org: principal.org } : {}) },
      proposedAt: new Date().toISOString(),
      terms,
      policy: anchoringPolicyOf(this.config),
    };
    // The agreement once its proposal is recorded.
    return this.temporal.startAndAsk<typeof anchoringAgreementWorkflow, AgreementState>(
      { workflowType: 'anchoringAgreementWorkflow', workflowId: input.agreementId, args: [input] },
      proposedUpdate,
      { started: keyed.started, fallback: () => this.state(input.agreementId) },
    );
  }

  async get(principal: Principal, id: string): Promise<AgreementState> {
    const state = await this.state(id);
    if (principal.role === 'auditor' || (principal.role === 'prefect_delegate' && principal.territory === state.territoryId)) return state;
    const side = agreementSideOf(principal, state);
    if (side instanceof DomainError) throw side;
    return state;
  }

  async accept(principal: Principal, id: string): Promise<AgreementState> {
    await this.sideOf(principal, id);
    return this.update(id, (h) => h.executeUpdate(acceptAgreementUpdate, { args: [{ actorId: principal.sub, associationId: principal.org ?? '' }] }));
  }

  /** A funder accepts its own line of the plan (its organisation's; 403 for a funder without one). */
  async acceptFundingLine(principal: Principal, id: string): Promise<AgreementState> {
    await this.sideOf(principal, id);
    return this.update(id, (h) => h.executeUpdate(acceptFundingLineUpdate, { args: [{ actorId: principal.sub, funderId: principal.org ?? '' }] }));
  }

  async report(principal: Principal, id: string, dto: ActivityReportDto): Promise<AgreementState> {
    await this.sideOf(principal, id);
    return this.update(id, (h) =>
      h.executeUpdate(submitActivityReportUpdate, {
        args: [{ actorId: principal.sub, associationId: principal.org ?? '', year: dto.year, summary: dto.summary }],
      }),
    );
  }

  async proposeAmendment(principal: Principal, id: string, dto: AmendmentDto): Promise<AgreementState> {
    const side = await this.sideOf(principal, id);
    return this.update(id, (h) =>
      h.executeUpdate(proposeAmendmentUpdate, {
        args: [{ actorId: principal.sub, side, ...funderOf(principal), yearlyAmountCents: dto.yearlyAmountCents, fromYear: dto.fromYear }],
      }),
    );
  }

  async acceptAmendment(principal: Principal, id: string): Promise<AgreementState> {
    const side = await this.sideOf(principal, id);
    return this.update(id, (h) => h.executeUpdate(acceptAmendmentUpdate, { args: [{ actorId: principal.sub, side, ...funderOf(principal) }] }));
  }

  async terminate(principal: Principal, id: string, dto: TerminationDto): Promise<AgreementState> {
    const side = await this.sideOf(principal, id);
    return this.update(id, (h) =>
      h.executeUpdate(terminateUpdate, { args: [{ actorId: principal.sub, side, ...funderOf(principal), mode: dto.mode, reason: dto.reason }] }),
    );
  }

  /**
   * Records a coordination meeting once, and credits a token to every attending association with a
   * token-mode agreement in the territory. The meeting is a workflow whose id derives from the
   * Idempotency-Key: a retried request finds the first meeting and credits nothing more.
   */
  async recordMeeting(principal: Principal, dto: CoordinationMeetingDto, idempotencyKey?: string): Promise<CoordinationMeetingResultDto> {
    if (principal.role !== 'admin' && principal.territory !== dto.territory) {
      throw new DomainError(
        'forbidden',
        `the binôme of ${dto.territory} records its coordination meetings; you act in ${principal.territory ?? 'no territory'}`,
      );
    }
    if (!(await this.directory.territoryExists(dto.territory))) {
      throw new DomainError('validation', `territory: no territory ${dto.territory}`);
    }
    const date = dto.date ? new Date(dto.date) : new Date();
    if (date.getTime() > Date.now() + 60_000) throw new DomainError('validation', 'date: a meeting is recorded once it has taken place');
    const attendees = [...new Set(dto.attendeeAssociationIds)];
    const known = await this.directory.associationsByIds(attendees);
    const unknown = attendees.filter((id) => !known.some((a) => a.id === id));
    if (unknown.length) throw new DomainError('validation', `attendeeAssociationIds: no association ${unknown.join(', ')}`);

    const keyed = await keyedStart(this.dataSource, 'cm', `coordination-meeting:${dto.territory}`, idempotencyKey, [
      dto.territory,
      dto.date ? date.toISOString() : null, // a retry without a date is the same meeting
      dto.topic.trim(),
      [...attendees].sort(),
    ]);
    const meetingId = keyed.id;
    const input: CoordinationMeetingInput = {
      meetingId,
      territoryId: dto.territory,
      date: date.toISOString(),
      topic: dto.topic.trim(),
      attendeeAssociationIds: attendees,
      recordedBy: principal.sub,
    };
    const handle = await this.temporal.startOnce<typeof coordinationMeetingWorkflow>('coordinationMeetingWorkflow', meetingId, [input]);
    await keyed.started();
    const result = await this.temporal.call(() => handle.result());
    return this.settledCredits(result);
  }

  /**
   * Which agreements actually took the meeting's token: each one decides (the meeting may fall
   * outside its current year), so the answer waits until each has settled the credit.
   */
  private async settledCredits(result: CoordinationMeetingResult): Promise<CoordinationMeetingResultDto> {
    const answer: CoordinationMeetingResultDto = { meetingId: result.meetingId, creditedAgreementIds: [], rejectedCredits: [], pendingAgreementIds: [] };
    const deadline = Date.now() + ENGINE_WAIT_MS;
    for (const agreementId of result.creditedAgreementIds) {
      for (;;) {
        const state = await this.state(agreementId).catch(() => undefined);
        const rejected = state?.rejectedCredits.find((c) => c.meetingId === result.meetingId);
        if (state?.schedule.some((y) => y.tokens.some((t) => t.meetingId === result.meetingId))) {
          answer.creditedAgreementIds.push(agreementId);
        } else if (rejected) {
          answer.rejectedCredits.push({ agreementId, reason: rejected.reason });
        } else if (Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        } else {
          answer.pendingAgreementIds.push(agreementId);
        }
        break;
      }
    }
    return answer;
  }

  /** An agreement starts on the date given, or today (in the demo mode, now: its years last minutes). */
  private startDateOf(startDate: string | undefined): string {
    if (startDate) return new Date(startDate).toISOString();
    const now = new Date();
    return this.config.DEMO_TIME === 'off' ? `${now.toISOString().slice(0, 10)}T00:00:00.000Z` : now.toISOString();
  }

  private async sideOf(principal: Principal, id: string): Promise<AgreementSide> {
    const state = await this.state(id);
    const side = agreementSideOf(principal, state);
    if (side instanceof DomainError) throw side;
    return side;
  }

  private state(id: string): Promise<AgreementState> {
    if (!isAgreementId(id)) throw new DomainError('not_found', `no anchoring agreement ${id}`);
    return this.temporal.queryState(`no anchoring agreement ${id}`, () =>
      this.temporal.workflow.getHandle<typeof anchoringAgreementWorkflow>(id).query(agreementStateQuery),
    );
  }

  private update(id: string, send: (handle: AgreementHandle) => Promise<AgreementState>): Promise<AgreementState> {
    return this.temporal.command(`the agreement ${id} has ended: it takes no more commands`, () =>
      send(this.temporal.workflow.getHandle<typeof anchoringAgreementWorkflow>(id)),
    );
  }
}

/** The funder a funder's account speaks for: it agrees for its own line only (a project lead or an admin for none). */
function funderOf(principal: Principal): { funderId?: string } {
  return principal.role === 'funder' && principal.org ? { funderId: principal.org } : {};
}
