import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig, webhookRetryOf } from '../../../libs/config/src';
import { dataSourceOptions } from '../../../libs/persistence/src';
import { createGrantActivities } from '../../../activities';
import { retryDueEmails } from '../../../activities/notifications.activities';
import { createSmtpMailer } from './mailer';
import { ensureAuditSchedule, ensureDigestSchedule } from './schedules';

const logger = new Logger('worker');

/** The prebuilt bundle when there is one (fast start, same code as replay), else the sources. */
function workflowCode(config: AppConfig): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = config.WORKFLOW_BUNDLE_PATH ?? resolve(__dirname, '../../../workflow-bundle.js');
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return { workflowsPath: require.resolve('../../../workflows') };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await new DataSource(dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE)).initialize();
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const mailer = createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
  const emailRetry = { initialIntervalMs: config.EMAIL_RETRY_INITIAL, maximumIntervalMs: config.EMAIL_RETRY_MAX_INTERVAL, giveUpAfterMs: config.EMAIL_GIVE_UP_AFTER };
  // E-mails that failed are sent again here, apart from the lifecycles (which never wait for them).
  let retrying = false;
  const emailRetries = mailer
    ? setInterval(() => {
        if (retrying) return;
        retrying = true;
        retryDueEmails(dataSource, mailer, config.PUBLIC_URL ?? `http://localhost:${config.API_PORT}`, emailRetry)
          .catch((error: Error) => logger.warn(`e-mail retries: ${error.message}`))
          .finally(() => (retrying = false));
      }, config.EMAIL_RETRY_EVERY)
    : undefined;
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      ...workflowCode(config),
      activities: createGrantActivities({
        dataSource,
        client,
        mailer,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        maxOperationsPerRun: config.ENVELOPE_MAX_OPERATIONS_PER_RUN,
        publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.API_PORT}`,
        webhookRetry: webhookRetryOf(config),
        allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
        keyRing: config.ENCRYPTION_KEYS,
        auditAnchorFile: resolve(config.AUDIT_ANCHOR_FILE),
        emailRetry,
      }),
      maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    });
    await ensureAuditSchedule(client, config.TEMPORAL_TASK_QUEUE, config.AUDIT_ARCHIVE_EVERY);
    await ensureDigestSchedule(client, config.TEMPORAL_TASK_QUEUE);
    console.log(`worker ready: polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`);
    await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks are done
  } finally {
    clearInterval(emailRetries);
    mailer?.close();
    await connection.close();
    await clientConnection.close();
    await dataSource.destroy();
    logger.log('worker stopped');
  }
}

main().catch((error: unknown) => {
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
