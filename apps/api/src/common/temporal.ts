import { Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import {
  Client,
  Connection,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowHandle,
  WorkflowStartOptions,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { UpdateDefinition, Workflow } from '@temporalio/common';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { DomainError, isDomainErrorCode } from '@grants/domain';
import { APP_CONFIG, AppConfig } from './config.provider';
import { temporalConnectionOf } from '@grants/config';
import { dataConverterOf } from '@grants/temporal';
import { ApiMetrics, requestIdClientInterceptor } from '@grants/observability';
import { API_METRICS } from './config.module';
import { tracingClientInterceptors } from '@grants/observability/tracing';

/** How long a command or a query may wait for a worker before the API answers 503. */
export const ENGINE_WAIT_MS = 30_000;

/** The Temporal client of the API, closed with the application. */
@Injectable()
export class TemporalClient implements OnApplicationShutdown {
  private constructor(
    readonly client: Client,
    readonly taskQueue: string,
  ) {}

  static async connect(config: AppConfig, metrics: ApiMetrics | null = null): Promise<TemporalClient> {
    const connection = await Connection.connect(temporalConnectionOf(config));
    return new TemporalClient(
      new Client({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        dataConverter: dataConverterOf(config.ENCRYPTION_KEYS),
        // The id of the request being served goes along with each start, update and query.
        // With traces, each call is a span under the request's, its context carried to the workflow.
        interceptors: {
          workflow: [requestIdClientInterceptor(), ...(metrics ? [metrics.clientInterceptor()] : []), ...tracingClientInterceptors()],
        },
      }),
      config.TEMPORAL_TASK_QUEUE,
    );
  }

  get workflow(): Client['workflow'] {
    return this.client.workflow;
  }

  /**
   * A call to Temporal that gives up after `ms` (a worker down must not hold an HTTP request
   * forever). When the server sheds load (RESOURCE_EXHAUSTED: e.g. more than ~10 updates in flight
   * on one workflow), the call was not admitted: it is retried with a jittered backoff until then.
   */
  async bounded<T>(ms: number, call: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + ms;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.client.withAbortSignal(AbortSignal.timeout(Math.max(deadline - Date.now(), 1)), call);
      } catch (error) {
        const delay = Math.min(50 * 2 ** attempt, 1_000) * (0.5 + Math.random());
        if (!isResourceExhausted(error) || Date.now() + delay >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** A workflow's state by query: 404 (`missing`) when there is no such workflow, 503 when the engine does not answer. */
  async queryState<T>(missing: string, ask: () => Promise<T>, ms = ENGINE_WAIT_MS): Promise<T> {
    try {
      return await this.bounded(ms, ask);
    } catch (error) {
      if (domainErrorOf(error)?.code === 'not_found') throw new DomainError('not_found', missing);
      throw engineUnavailable(error);
    }
  }

  /**
   * A command (an update) to a lifecycle: the workflow's refusal as its domain error, 409 (`ended`)
   * when the lifecycle is over, 503 when the engine does not answer.
   */
  async command<T>(ended: string, send: () => Promise<T>, ms = ENGINE_WAIT_MS): Promise<T> {
    try {
      return await this.bounded(ms, send);
    } catch (error) {
      const domain = domainErrorOf(error);
      if (domain?.code === 'not_found') throw new DomainError('conflict', ended);
      if (domain) throw domain;
      throw engineUnavailable(error);
    }
  }

  /** Any other call to the engine (a start, a result): 503 when it does not answer. */
  async call<T>(send: () => Promise<T>, ms = ENGINE_WAIT_MS): Promise<T> {
    try {
      return await this.bounded(ms, send);
    } catch (error) {
      throw engineUnavailable(error);
    }
  }

  /**
   * Starts a workflow on the API's task queue, or finds the one already started with that id (a
   * retry under the same Idempotency-Key: running or ended, it is the same lifecycle). 503 when the
   * engine does not answer.
   */
  async startOnce<T extends Workflow>(workflowType: string, workflowId: string, args: Parameters<T>): Promise<WorkflowHandle<T>> {
    return this.call(async () => {
      try {
        return await this.client.workflow.start<T>(workflowType, {
          workflowId,
          taskQueue: this.taskQueue,
          args,
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        } as unknown as WorkflowStartOptions<T>);
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        return this.client.workflow.getHandle<T>(workflowId);
      }
    });
  }

  /**
   * Opens a lifecycle that exists once (a territory's process of a year): started and asked its first
   * answer; when it exists already, the same request again gets what it holds, another a 409.
   */
  async openOnce<W extends Workflow, R>(
    start: { workflowType: string; workflowId: string; args: Parameters<W> },
    firstAnswer: UpdateDefinition<R, []>,
    options: { fallback: () => Promise<R>; existing: () => Promise<R | null>; same: (existing: R) => boolean; conflict: string },
  ): Promise<R> {
    try {
      return await this.startAndAsk<W, R>({ ...start, onExisting: 'fail' }, firstAnswer, { fallback: options.fallback });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const existing = await options.existing();
      if (existing && options.same(existing)) return existing;
      throw new DomainError('conflict', options.conflict);
    }
  }

  /**
   * Starts a lifecycle and waits for its first answer in one call (update-with-start). A retry under
   * the same id (the same Idempotency-Key) meets the lifecycle already started (`onExisting: 'use'`),
   * or is refused with WorkflowExecutionAlreadyStartedError for the caller to say so (`'fail'`).
   * `started` runs once the lifecycle exists; one that has ended, or is slow to answer within
   * `waitMs`, is read with `fallback` instead. 503 when the engine does not answer.
   */
  async startAndAsk<W extends Workflow, R>(
    start: { workflowType: string; workflowId: string; args: Parameters<W>; onExisting?: 'use' | 'fail' },
    firstAnswer: UpdateDefinition<R, []>,
    options: { waitMs?: number; started?: () => Promise<void>; fallback: () => Promise<R> },
  ): Promise<R> {
    let answer: R;
    try {
      answer = await this.bounded(options.waitMs ?? ENGINE_WAIT_MS, () => {
        // A new operation for each attempt (an operation is used once).
        const operation = new WithStartWorkflowOperation<W>(start.workflowType, {
          workflowId: start.workflowId,
          taskQueue: this.taskQueue,
          args: start.args,
          workflowIdConflictPolicy: start.onExisting === 'fail' ? 'FAIL' : 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        } as unknown as ConstructorParameters<typeof WithStartWorkflowOperation<W>>[1]);
        return this.client.workflow.executeUpdateWithStart(firstAnswer, { startWorkflowOperation: operation });
      });
    } catch (error) {
      const alreadyThere = error instanceof WorkflowExecutionAlreadyStartedError;
      if (alreadyThere && start.onExisting === 'fail') throw error;
      // Ended already (a retry after its end), or started and slow to answer: read what it holds.
      const exists = alreadyThere || (await this.exists(start.workflowId));
      if (!exists) throw engineUnavailable(error);
      await options.started?.();
      return options.fallback();
    }
    await options.started?.();
    return answer;
  }

  /** Whether a workflow of that id exists (running or closed); false when the engine does not say within a few seconds. */
  private async exists(workflowId: string): Promise<boolean> {
    return this.client
      .withAbortSignal(AbortSignal.timeout(5_000), () => this.client.workflow.getHandle(workflowId).describe())
      .then(
        () => true,
        () => false,
      );
  }

  async isReachable(): Promise<boolean> {
    try {
      await this.client.withDeadline(Date.now() + 2000, () => this.client.connection.workflowService.getSystemInfo({}));
      return true;
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

@Module({
  providers: [
    {
      provide: TemporalClient,
      inject: [APP_CONFIG, API_METRICS],
      useFactory: (config: AppConfig, metrics: ApiMetrics | null) => TemporalClient.connect(config, metrics),
    },
  ],
  exports: [TemporalClient],
})
export class TemporalModule {}

/** A workflow's refusal (validator or handler) or absence, as a domain error; null for anything else. */
export function domainErrorOf(error: unknown): DomainError | null {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && isDomainErrorCode(cause.type)) {
      const [details] = (cause.details ?? []) as (Record<string, unknown> | undefined)[];
      return new DomainError(cause.type, cause.message, details && typeof details === 'object' ? details : undefined);
    }
  }
  if (error instanceof WorkflowNotFoundError) return new DomainError('not_found', 'no such lifecycle');
  return null;
}

const engineLog = new Logger('temporal');

/**
 * The engine did not answer (a timeout, the server down): 503. What it said goes to the log, never
 * to the caller (it may name internal addresses).
 */
export function engineUnavailable(error: unknown): DomainError {
  engineLog.warn(`the workflow engine did not answer: ${(error as Error)?.message ?? String(error)}`);
  return new DomainError('unavailable', 'the workflow engine did not answer: retry in a moment');
}

/** gRPC RESOURCE_EXHAUSTED (8), anywhere in the error's cause chain. */
function isResourceExhausted(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 8) return true;
  }
  return false;
}
