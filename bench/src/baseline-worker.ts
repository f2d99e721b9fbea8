import { existsSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

/** The worker of the bare baseline: no-op activities, its own bundle and task queue. */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') }); // its state changes would interleave with the progress bars
  const bundle = process.env.BASELINE_BUNDLE_PATH;
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.BASELINE_TASK_QUEUE ?? 'bench-baseline',
    ...(bundle && existsSync(bundle) ? { workflowBundle: { codePath: bundle } } : { workflowsPath: require.resolve('./baseline.workflows') }),
    activities: { async noop() {} },
    maxConcurrentActivityTaskExecutions: Number(process.env.WORKER_MAX_CONCURRENT_ACTIVITIES ?? 100),
    maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 1000),
  });
  console.log('baseline worker ready');
  await worker.run();
  await connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
