import 'reflect-metadata';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { loadConfig, openDataPolicyOf, temporalConnectionOf, webhookRetryOf } from '@grants/config';
import { dataSourceOptions } from '@grants/persistence';
import { createGrantActivities } from '../../../activities';
import { retryDueEmails } from '../../../activities/notifications.activities';
import { dispatchWebhooks } from '../../../activities/webhooks.activities';
import { kickOpenDataWorkflows } from '../../../activities/open-data.activities';
import { dataConverterOf } from '@grants/temporal';
import { deployedWorkflowCode, workflowInterceptorModules, workflowSources } from '@grants/temporal/bundler';
import { ensureSearchAttributes } from '@grants/temporal/search-attributes';
import { AppLogger, requestIdActivityInterceptor, requestIdClientInterceptor } from '@grants/observability';
import { installWorkerRuntime } from '@grants/observability/temporal-logging';
import { startTracing, tracingClientInterceptors, tracingWorkerOptions } from '@grants/observability/tracing';
import { createSmtpMailer } from './mailer';
import { ensureAuditSchedule, ensureDigestSchedule, ensureHistoryVerificationSchedule } from './schedules';

const logger = new Logger('worker');

/** Runs `task` every `ms`, never two at once; a failure is logged and the next round tries again. */
function every(ms: number, what: string, task: () => Promise<unknown>): NodeJS.Timeout {
  let running = false;
  return setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch((error: Error) => logger.warn(`${what}: ${error.message}`))
      .finally(() => (running = false));
  }, ms);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const appLogger = new AppLogger('worker', { level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  Logger.overrideLogger(appLogger);
  // The SDK's metrics (workflow and activity tasks, latencies, slots, polls, sticky cache) for Prometheus, when configured.
  installWorkerRuntime(
    appLogger,
    config.LOG_LEVEL,
    config.WORKER_METRICS_ADDRESS ? { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } } } : {},
  );
  // Traces (off unless an OTLP endpoint is configured): the workflows' and activities' spans, children of the API request's.
  const tracing = startTracing('grants-worker', { http: false });
  const dataSource = await new DataSource(dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE)).initialize();
  const temporal = temporalConnectionOf(config);
  const clientConnection = await Connection.connect(temporal);
  const dataConverter = dataConverterOf(config.ENCRYPTION_KEYS);
  const client = new Client({
    connection: clientConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter,
    interceptors: { workflow: [requestIdClientInterceptor(), ...tracingClientInterceptors()] },
  });
  const added = await ensureSearchAttributes(clientConnection, config.TEMPORAL_NAMESPACE);
  if (added.length) logger.log(`search attributes registered: ${added.join(', ')}`);
  const connection = await NativeConnection.connect(temporal);
  const mailer = createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
  const emailRetry = {
    initialIntervalMs: config.EMAIL_RETRY_INITIAL,
    maximumIntervalMs: config.EMAIL_RETRY_MAX_INTERVAL,
    giveUpAfterMs: config.EMAIL_GIVE_UP_AFTER,
  };
  const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.API_PORT}`;
  const webhookDeps = {
    dataSource,
    client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    webhookRetry: webhookRetryOf(config),
    allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    keyRing: config.ENCRYPTION_KEYS,
  };
  // Apart from the lifecycles, which never wait for them: e-mails that failed are sent again, and
  // queued webhook deliveries are started, and the open-data workflows of funders whose rows changed are woken.
  const background = [
    ...(mailer ? [every(config.EMAIL_RETRY_EVERY, 'e-mail retries', () => retryDueEmails(dataSource, mailer, publicUrl, emailRetry))] : []),
    every(config.WEBHOOK_DISPATCH_EVERY, 'webhook dispatch', () => dispatchWebhooks(webhookDeps)),
    every(config.OPEN_DATA_KICK_EVERY, 'open data', () => kickOpenDataWorkflows(webhookDeps)),
  ];
  try {
    // With traces, the sources are bundled at start with the OpenTelemetry workflow interceptors.
    const code = tracing ? workflowSources() : deployedWorkflowCode(config.WORKFLOW_BUNDLE_PATH);
    const traced = tracingWorkerOptions(tracing);
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      dataConverter,
      ...code,
      interceptors: {
        // The prebuilt bundle has the workflows' interceptors in it; sources are bundled with them.
        ...('workflowsPath' in code ? { workflowModules: workflowInterceptorModules({ tracing: tracing !== null }) } : {}),
        activity: [requestIdActivityInterceptor, ...traced.activity],
      },
      sinks: traced.sinks,
      activities: createGrantActivities({
        ...webhookDeps,
        mailer,
        maxOperationsPerRun: config.ENVELOPE_MAX_OPERATIONS_PER_RUN,
        publicUrl,
        auditAnchorFile: resolve(config.AUDIT_ANCHOR_FILE),
        archivePassLimit: config.ARCHIVE_PASS_LIMIT,
        workflowCode: deployedWorkflowCode(config.WORKFLOW_BUNDLE_PATH),
        replayStackTraceLimit: config.REPLAY_STACK_TRACE_LIMIT,
        emailRetry,
        openDataPolicy: openDataPolicyOf(config),
      }),
      maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    });
    await ensureAuditSchedule(client, config.TEMPORAL_TASK_QUEUE, config.AUDIT_ARCHIVE_EVERY);
    await ensureDigestSchedule(client, config.TEMPORAL_TASK_QUEUE);
    await ensureHistoryVerificationSchedule(client, config.TEMPORAL_TASK_QUEUE);
    appLogger.announce(`worker ready: polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`);
    if (config.WORKER_METRICS_ADDRESS) appLogger.announce(`metrics on http://${config.WORKER_METRICS_ADDRESS}/metrics`);
    await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks are done
  } finally {
    background.forEach(clearInterval);
    mailer?.close();
    await connection.close();
    await clientConnection.close();
    await dataSource.destroy();
    await tracing?.shutdown();
    logger.log('worker stopped');
  }
}

main().catch((error: unknown) => {
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
