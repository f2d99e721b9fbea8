import { resolve } from 'node:path';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ChainVerdict,
  DomainEventView,
  RunHistory,
  TimelineEntry,
  compareWithDomainEvents,
  decisionTimeline,
  decompressHistory,
  liveRunHistories,
  merkleRoot,
  historySha256,
  verifyChain,
} from '@grants/audit';
import { CodeIdentity, ReplayPool } from '@grants/audit/replay-pool';
import { verdictToRecord } from '@grants/audit/verify-archive';
import { AuditedStream, DomainError, Principal } from '@grants/domain';
import { AuditRepository, ReplayVerdictRepository, StoredReplayVerdict, dayEventHashes, loadChainedEvents } from '@grants/persistence';
import { readAnchors } from '@grants/audit/anchor';
import type { DigestDto } from './audit.dto';
import { BoundedQueue } from '../common/bounded-queue';
import { visibleGrant } from '../common/visible-grant';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { TemporalClient } from '../common/temporal';
import { decryptPayloadsInJson } from '@grants/temporal';
import { deployedWorkflowCode } from '@grants/temporal/bundler';

export interface ReplayReport {
  grantId: string;
  deterministic: boolean;
  /** The code the verdicts were reached with. */
  code: CodeIdentity;
  runs: {
    runId: string;
    source: 'live' | 'archive';
    events: number;
    deterministic: boolean;
    /** When this history was replayed with this code; earlier than now when the verdict was already known. */
    verifiedAt: string;
    verifiedBy: StoredReplayVerdict['verifiedBy'];
    cached: boolean;
  }[];
  divergence?: { runId?: string; eventId?: number; message: string };
  timeline: TimelineEntry[];
  domainEvents: DomainEventView[];
  mismatches: string[];
}

@Injectable()
export class AuditService implements OnModuleDestroy {
  /** Replays are CPU-bound: a few at a time per process, a short queue, 503 beyond. */
  private readonly replays: BoundedQueue;
  /** Warm replay processes, started at the first replay. */
  private pool?: Promise<ReplayPool>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
    private readonly verdicts: ReplayVerdictRepository,
    private readonly temporal: TemporalClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.replays = new BoundedQueue('replays', config.REPLAY_CONCURRENCY, config.REPLAY_QUEUE);
  }

  /** The grant, if this principal may see it (404 otherwise, as everywhere). */
  grant(principal: Principal, grantId: string): Promise<AuditedStream> {
    return visibleGrant(this.dataSource, principal, grantId);
  }

  async verify(grant: AuditedStream): Promise<ChainVerdict> {
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
        sha256: row.sha256,
      });
    }
    const started = (r: RunHistory) => Date.parse(r.history.events[0]?.eventTime ?? '') || 0;
    return runs.sort((a, b) => started(a) - started(b));
  }

  /**
   * Replays every run of the grant with the current workflow code, in a warm replay process. A
   * history already verified with this code and this SDK is not replayed again (unless `force`): its
   * recorded verdict answers, with when it was reached.
   */
  replay(grant: AuditedStream, requestedBy: string, force = false): Promise<ReplayReport> {
    return this.replays.run(() => this.replayNow(grant, requestedBy, force));
  }

  private async replayNow(grant: AuditedStream, requestedBy: string, force: boolean): Promise<ReplayReport> {
    const stored = await this.storedHistories(grant.id);
    if (!stored.length) throw new DomainError('not_found', `no history of ${grant.id}, live or archived`);
    const runs = stored.map((run) => ({
      ...run,
      sha256: run.sha256 ?? historySha256(run.history),
      history: decryptPayloadsInJson(this.config.ENCRYPTION_KEYS, run.history),
    }));
    const pool = await this.replayPool();
    const known = force
      ? new Map<string, StoredReplayVerdict>()
      : await this.verdicts.cached(
          runs.map((r) => r.sha256),
          pool.identity,
        );
    const missing = runs.filter((r) => !known.has(r.sha256));
    if (missing.length) {
      const replayed = await pool.replay(missing.map((r) => ({ workflowId: r.workflowId, runId: r.runId, history: r.history })));
      const toRecord = missing.map((r, i) => verdictToRecord(r, replayed[i], 'api', requestedBy));
      for (const verdict of await this.verdicts.record(toRecord, pool.identity)) known.set(verdict.historySha256, verdict);
    }
    const timeline = runs.flatMap((r) => decisionTimeline(r.history).map((entry) => ({ ...entry, runId: r.runId })));
    const domainEvents = (await loadChainedEvents(this.dataSource, grant.id)).map(
      ({ seq, type, actor, payload, occurredAt }) => ({ seq, type, actor, payload, occurredAt }) as DomainEventView,
    );
    const verdicts = runs.map((r) => known.get(r.sha256)!);
    const failed = verdicts.find((v) => !v.deterministic);
    return {
      grantId: grant.id,
      deterministic: !failed,
      code: pool.identity,
      runs: runs.map((r, i) => ({
        runId: r.runId,
        source: r.source,
        events: r.history.events.length,
        deterministic: verdicts[i].deterministic,
        verifiedAt: verdicts[i].verifiedAt,
        verifiedBy: verdicts[i].verifiedBy,
        cached: !missing.includes(r),
      })),
      divergence: failed?.divergence ?? undefined,
      timeline,
      domainEvents,
      mismatches: compareWithDomainEvents(timeline, domainEvents),
    };
  }

  /** When each run of the grant was last verified by a replay, with which code, and by whom. */
  async replayVerdicts(grantId: string): Promise<StoredReplayVerdict[]> {
    return this.verdicts.ofWorkflow(grantId);
  }

  async onModuleDestroy(): Promise<void> {
    await (await this.pool?.catch(() => undefined))?.close();
  }

  private replayPool(): Promise<ReplayPool> {
    this.pool ??= ReplayPool.load(deployedWorkflowCode(this.config.WORKFLOW_BUNDLE_PATH), {
      processes: this.config.REPLAY_CONCURRENCY,
      stackTraceLimit: this.config.REPLAY_STACK_TRACE_LIMIT,
    });
    this.pool.catch(() => (this.pool = undefined));
    return this.pool;
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
}
