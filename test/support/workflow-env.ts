import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { quietReplayLogs } from '@grants/audit';
import { workflowBundlerOptions, workflowInterceptorModules } from '@grants/temporal/bundler';
import { searchAttributeDefinitions } from '@grants/temporal/search-attributes';
import { DataSource } from 'typeorm';
import { createGrantActivities, Mailer } from '../../activities';
import { dataSourceOptions } from '@grants/persistence';
import { DATABASE_URL, testEnv } from './env';

/** Workers log warnings only: test output stays readable. */
export const quietWorkerLogs = quietReplayLogs;

/** The time-skipping test server from the project's venv (nothing is downloaded). */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietWorkerLogs();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnv('TEMPORAL_TEST_SERVER_PATH') } },
  });
  // The lifecycles write their search attributes (the test server registers them, it cannot list them).
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes: searchAttributeDefinitions() });
  return env;
}

export async function openDataSource(): Promise<DataSource> {
  return new DataSource(dataSourceOptions(DATABASE_URL(), 4)).initialize();
}

/** E-mails a worker would have sent, kept for assertions. */
export class CapturingMailer implements Mailer {
  readonly sent: { to: string; subject: string; text: string; html?: string }[] = [];
  async send(message: { to: string; subject: string; text: string; html?: string }): Promise<void> {
    this.sent.push(message);
  }
}

/** A worker with the real activities (PostgreSQL, the environment's Temporal client) on a fresh task queue. */
export async function createTestWorker(env: TestWorkflowEnvironment, dataSource: DataSource, mailer?: Mailer): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = `test-${randomUUID()}`;
  const bundle = process.env.WORKFLOW_BUNDLE_PATH;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    ...(bundle
      ? { workflowBundle: { codePath: bundle } }
      : {
          workflowsPath: require.resolve('../../workflows'),
          bundlerOptions: workflowBundlerOptions(),
          interceptors: { workflowModules: workflowInterceptorModules() },
        }),
    activities: createGrantActivities({
      dataSource,
      client: env.client,
      mailer,
      taskQueue,
      maxOperationsPerRun: 500,
      publicUrl: 'http://grants.test',
      webhookRetry: { initialIntervalMs: 200, maximumIntervalMs: 1_000, giveUpAfterMs: 60_000 },
      allowPrivateTargets: true,
      auditAnchorFile: join(tmpdir(), `grants-anchors-${process.pid}.jsonl`),
    }),
  });
  return { worker, taskQueue };
}

/**
 * A suite on the time-skipping server with the real PostgreSQL: registers its set-up and tear-down,
 * and returns a getter for the environment and the data source (valid from the first beforeAll).
 */
export function useTimeSkippingSuite(): () => { env: TestWorkflowEnvironment; dataSource: DataSource } {
  let env: TestWorkflowEnvironment | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    dataSource = await openDataSource();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await env?.teardown();
  });
  return () => {
    if (!env || !dataSource) throw new Error('the time-skipping suite is not set up yet');
    return { env, dataSource };
  };
}

/**
 * Like useTimeSkippingSuite, but a fresh time-skipping server for each test: for workflows that
 * outlive their test (children abandoned by their parent, agreements still running), which would
 * otherwise keep the shared clock from skipping in the next test.
 */
export function useTimeSkippingServerPerTest(): () => { env: TestWorkflowEnvironment; dataSource: DataSource } {
  let env: TestWorkflowEnvironment | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    dataSource = await openDataSource();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
    env = undefined;
  });
  return () => {
    if (!env || !dataSource) throw new Error('the time-skipping server is not set up yet');
    return { env, dataSource };
  };
}
