import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ChainVerdict,
  DomainEventView,
  ReplayVerdict,
  RunHistory,
  TimelineEntry,
  WorkflowCode,
  compareWithDomainEvents,
  decisionTimeline,
  decompressHistory,
  liveRunHistories,
  merkleRoot,
  replayHistories,
  verifyChain,
} from '@grants/audit';
import { DomainError, Principal } from '@grants/domain';
import { AuditRepository, GrantEntity, dayEventHashes, loadChainedEvents } from '@grants/persistence';
import { readAnchors } from '@grants/audit/anchor';
import type { DigestDto } from './audit.dto';
import { BoundedQueue } from '../common/bounded-queue';
import { visibleGrant } from '../common/visible-grant';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { TemporalClient } from '../common/temporal';
import { decryptPayloadsInJson } from '@grants/temporal';

export interface ReplayReport {
  grantId: string;
  deterministic: boolean;
  runs: { runId: string; source: 'live' | 'archive'; events: number; deterministic: boolean }[];
  divergence?: { runId?: string; eventId?: number; message: string };
  timeline: TimelineEntry[];
  domainEvents: DomainEventView[];
  mismatches: string[];
}

@Injectable()
export class AuditService {
  /** Replays are CPU-bound: a few at a time per process, a short queue, 503 beyond. */
  private readonly replays: BoundedQueue;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
    private readonly temporal: TemporalClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.replays = new BoundedQueue('replays', config.REPLAY_CONCURRENCY, config.REPLAY_QUEUE);
  }

  /** The grant, if this principal may see it (404 otherwise, as everywhere). */
  grant(principal: Principal, grantId: string): Promise<GrantEntity> {
    return visibleGrant(this.dataSource, principal, grantId);
  }

  async verify(grant: GrantEntity): Promise<ChainVerdict> {
    return verifyChain(await loadChainedEvents(this.dataSource, grant.id), grant.lastSeq);
  }

  /**
   * Every run of the grant's workflow: from Temporal while it holds them, else from the archive.
   * Both hold the payloads encrypted (ENCRYPTION_KEYS); they are decrypted here, for the replay, the
   * timeline and the auditor who downloads them.
   */
  async histories(grantId: string): Promise<RunHistory[]> {
    const runs = await this.storedHistories(grantId);
    return runs.map((run) => ({ ...run, history: decryptPayloadsInJson(this.config.ENCRYPTION_KEYS, run.history) }));
  }

  private async storedHistories(grantId: string): Promise<RunHistory[]> {
    const live = await liveRunHistories(this.temporal.client, grantId);
    const runs = [...live];
    for (const row of await this.audit.archivedRuns(grantId)) {
      if (runs.some((r) => r.runId === row.runId)) continue;
      runs.push({
        workflowId: grantId,
        runId: row.runId,
        workflowType: row.workflowType,
        status: row.status,
        source: 'archive',
        history: decompressHistory(row.historyGzip),
      });
    }
    const started = (r: RunHistory) => Date.parse(r.history.events[0]?.eventTime ?? '') || 0;
    return runs.sort((a, b) => started(a) - started(b));
  }

  replay(grant: GrantEntity): Promise<ReplayReport> {
    return this.replays.run(() => this.replayNow(grant));
  }

  private async replayNow(grant: GrantEntity): Promise<ReplayReport> {
    const runs = await this.histories(grant.id);
    if (!runs.length) throw new DomainError('not_found', `no history of ${grant.id}, live or archived`);
    const verdicts: ReplayVerdict[] = await replayHistories(
      this.workflowCode(),
      runs.map((r) => ({ workflowId: r.workflowId, runId: r.runId, history: r.history })),
    );
    const timeline = runs.flatMap((r) => decisionTimeline(r.history).map((entry) => ({ ...entry, runId: r.runId })));
    const domainEvents = (await loadChainedEvents(this.dataSource, grant.id)).map(
      ({ seq, type, actor, payload, occurredAt }) => ({ seq, type, actor, payload, occurredAt }) as DomainEventView,
    );
    const failed = verdicts.find((v) => !v.deterministic);
    return {
      grantId: grant.id,
      deterministic: !failed,
      runs: runs.map((r, i) => ({ runId: r.runId, source: r.source, events: r.history.events.length, deterministic: verdicts[i].deterministic })),
      divergence: failed?.divergence,
      timeline,
      domainEvents,
      mismatches: compareWithDomainEvents(timeline, domainEvents),
    };
  }

  /**
   * A day's Merkle root recomputed from the events as they are, beside the one recorded in the
   * database and the one anchored outside it (AUDIT_ANCHOR_FILE): rewriting the events and the
   * recorded digest together still disagrees with the anchor.
   */
  async digest(day: string): Promise<DigestDto> {
    const hashes = await dayEventHashes(this.dataSource, day);
    const recomputed = merkleRoot(hashes);
    const stored = await this.audit.recordedDigest(day);
    const anchor = readAnchors(resolve(this.config.AUDIT_ANCHOR_FILE)).get(day);
    const matchesRecorded = stored ? stored.merkleRoot === recomputed && stored.events === hashes.length : null;
    const matchesAnchored = anchor ? anchor.merkleRoot === recomputed && anchor.events === hashes.length : null;
    return {
      date: day,
      events: hashes.length,
      merkleRoot: recomputed,
      recorded: stored ? { merkleRoot: stored.merkleRoot, events: stored.events, at: stored.computedAt.toISOString() } : null,
      matchesRecorded,
      anchored: anchor ? { merkleRoot: anchor.merkleRoot, events: anchor.events, at: anchor.at } : null,
      matchesAnchored,
      intact: matchesRecorded !== false && matchesAnchored !== false && (!stored || !anchor || stored.merkleRoot === anchor.merkleRoot),
    };
  }

  private workflowCode(): WorkflowCode {
    const bundle = this.config.WORKFLOW_BUNDLE_PATH ?? resolve(__dirname, '../../../../workflow-bundle.js');
    if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
    return { workflowsPath: require.resolve('../../../../workflows') };
  }
}
