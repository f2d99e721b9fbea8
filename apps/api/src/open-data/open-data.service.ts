import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError, Principal, attribuantProblem, isValidSiret, openDataStreamId, scdlCsv, scdlJson, scdlRecord } from '@grants/domain';
import {
  FunderRecord,
  FundersRepository,
  OpenDataSettings,
  awaitingPublication,
  loadOpenDataRows,
  loadOpenDataSettings,
  openDataChanges,
  publishedRecords,
  saveOpenDataSettings,
  toPublish,
} from '@grants/persistence';
import type { openDataPublicationWorkflow } from '../../../../workflows/open-data.workflow';
import { publishOpenDataUpdate } from '../../../../workflows/open-data.messages';
import { checkIdempotencyKey } from '../common/idempotency';
import { TemporalClient } from '../common/temporal';
import { FunderDto, FunderPatchDto, OpenDataChangeDto, OpenDataObligationsDto, OpenDataRowDto, PublicationResultDto } from './open-data.dto';

@Injectable()
export class OpenDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fundersOf: FundersRepository,
    private readonly temporal: TemporalClient,
  ) {}

  async csv(filter: { funder?: string; year?: number }): Promise<string> {
    return scdlCsv(await publishedRecords(this.dataSource.manager, { funderId: filter.funder, year: filter.year }));
  }

  async json(filter: { funder?: string; year?: number }): Promise<Record<string, string | number | null>[]> {
    return (await publishedRecords(this.dataSource.manager, { funderId: filter.funder, year: filter.year })).map(scdlJson);
  }

  async changelog(filter: { funder?: string; year?: number; before?: number; limit: number }): Promise<OpenDataChangeDto[]> {
    const changes = await openDataChanges(this.dataSource.manager, {
      funderId: filter.funder,
      year: filter.year,
      beforeId: filter.before,
      limit: filter.limit,
    });
    return changes.map((c) => ({ ...c, record: c.record ? (scdlJson(c.record) as unknown as OpenDataChangeDto['record']) : null }));
  }

  /** The funder a caller acts for: a funder its own organisation; admins and auditors name one. */
  private funderOf(principal: Principal, named: string | undefined, write: boolean): string {
    if (principal.role === 'funder') {
      if (named && named !== principal.org) throw new DomainError('not_found', `no funder ${named} of yours`);
      return principal.org!;
    }
    if (principal.role === 'admin' || (!write && principal.role === 'auditor')) {
      if (!named) throw new DomainError('validation', 'funder: name the funder (?funder=)');
      return named;
    }
    throw new DomainError('forbidden', "only a funder's own accounts (and admins) manage its open data");
  }

  private async funderRow(funderId: string): Promise<FunderRecord> {
    const funder = await this.fundersOf.find(funderId);
    if (!funder) throw new DomainError('not_found', `no funder ${funderId}`);
    return funder;
  }

  async obligations(principal: Principal, query: { funder?: string; year?: number; grantId?: string }): Promise<OpenDataObligationsDto> {
    const funderId = this.funderOf(principal, query.funder, false);
    const funder = await this.funderRow(funderId);
    const settings = await loadOpenDataSettings(this.dataSource.manager, funderId);
    const attribuant = { name: funder.name, siret: funder.siret, programmeId: settings.programmeId, notifiedToEu: settings.notifiedToEu };
    const now = Date.now();
    const rows = (await loadOpenDataRows(this.dataSource.manager, funderId, { year: query.year, grantId: query.grantId })).map((row): OpenDataRowDto => {
      const chosen = toPublish(row, settings);
      const awaiting = chosen && awaitingPublication(row);
      return {
        id: row.id,
        grantId: row.grantId,
        path: row.path,
        year: row.year,
        beneficiaryId: row.beneficiaryId,
        beneficiaryCents: row.beneficiaryCents,
        mandatory: row.beneficiaryCents > settings.thresholdCents,
        status: awaiting ? 'awaiting_publication' : row.withdrawn ? 'withdrawn' : row.publishedRevision > 0 ? 'published' : 'not_published',
        pendingChange: awaiting ? (row.withdrawn ? 'withdraw' : row.publishedRevision ? 'correct' : 'publish') : null,
        dueBy: row.dueBy,
        overdue: awaiting && Date.parse(row.dueBy) <= now,
        blockedReason: awaiting && row.blockedRevision >= row.revision ? row.blockedReason : null,
        revision: row.revision,
        publishedRevision: row.publishedRevision,
        publishedAt: row.publishedAt,
        preview: row.withdrawn ? null : (scdlJson(scdlRecord(row.fields, attribuant)) as unknown as OpenDataRowDto['preview']),
      };
    });
    const awaiting = rows.filter((row) => row.status === 'awaiting_publication');
    return {
      funderId,
      funderName: funder.name,
      siret: funder.siret,
      blockedBy: attribuantProblem(attribuant),
      settings,
      awaiting: awaiting.length,
      nextDueBy: awaiting.length ? awaiting.map((row) => row.dueBy).sort()[0] : null,
      rows,
    };
  }

  async settings(principal: Principal, named?: string): Promise<OpenDataSettings> {
    const funderId = this.funderOf(principal, named, false);
    await this.funderRow(funderId);
    return loadOpenDataSettings(this.dataSource.manager, funderId);
  }

  async saveSettings(principal: Principal, named: string | undefined, settings: OpenDataSettings): Promise<OpenDataSettings> {
    const funderId = this.funderOf(principal, named, true);
    await this.funderRow(funderId);
    await this.dataSource.transaction((em) => saveOpenDataSettings(em, funderId, settings));
    return loadOpenDataSettings(this.dataSource.manager, funderId);
  }

  /**
   * The funder's click: its workflow publishes the rows (all that await publication when none are
   * named), in the hash-chained log. A missing or invalid SIRET blocks it with what to do (409).
   */
  async publish(principal: Principal, named: string | undefined, rowIds: string[] | undefined, idempotencyKey?: string): Promise<PublicationResultDto> {
    const funderId = this.funderOf(principal, named, true);
    const funder = await this.funderRow(funderId);
    const problem = attribuantProblem({ name: funder.name, siret: funder.siret });
    if (problem) throw new DomainError('conflict', problem);
    if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey);
    const result = await this.temporal.command('the open-data workflow is not running', () =>
      this.temporal.workflow.executeUpdateWithStart(publishOpenDataUpdate, {
        args: [{ actorId: principal.sub, rowIds }],
        updateId: idempotencyKey ? `publish:${principal.sub}:${idempotencyKey}` : randomUUID(),
        startWorkflowOperation: new WithStartWorkflowOperation<typeof openDataPublicationWorkflow>('openDataPublicationWorkflow', {
          workflowId: openDataStreamId(funderId),
          taskQueue: this.temporal.taskQueue,
          args: [{ funderId }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      }),
    );
    if (result.unknown?.length) {
      throw new DomainError('conflict', `these rows are not ${funderId}'s or do not await publication: ${result.unknown.slice(0, 20).join(', ')}`, {
        rowIds: result.unknown,
      });
    }
    if (result.blocked) throw new DomainError('conflict', result.blocked);
    if (!result.rows.length) throw new DomainError('conflict', 'no row awaits publication');
    return { rows: result.rows, publishedAt: result.occurredAt };
  }

  funders(): Promise<FunderDto[]> {
    return this.fundersOf.list();
  }

  /** An admin sets a funder's official name or SIRET; rows blocked by it are tried again. */
  async patchFunder(id: string, patch: FunderPatchDto): Promise<FunderDto> {
    const funder = await this.funderRow(id);
    if (patch.siret && !isValidSiret(patch.siret)) throw new DomainError('validation', `siret: ${patch.siret} is not a valid SIRET (its checksum fails)`);
    const next = { ...funder, ...(patch.name !== undefined ? { name: patch.name.trim() } : {}), ...(patch.siret !== undefined ? { siret: patch.siret } : {}) };
    await this.fundersOf.rename(id, next.name, next.siret);
    return next;
  }
}
