// `npm run bench [-- --lifecycles N --concurrency C ...]`: the embedded default (Temporal dev server
// with its SQLite file, local PostgreSQL) on throwaway ports and folders, the worker and the API as
// `npm start` runs them, then the benchmark driver (dist/bench/src/main.js).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, exitCodeOf, freePort, log, runWithThrowawayStack, startProcess, waitForApi } from './lib/stack.mjs';

await runWithThrowawayStack({ name: 'bench', keepVariable: 'KEEP_BENCH_DATA' }, async ({ postgres, temporal, work }) => {
  const apiPort = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporal.address,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('hex')}`,
    AUDIT_ANCHOR_FILE: join(work, 'audit', 'merkle-roots.jsonl'),
    API_PORT: String(apiPort),
    API_HOST: '127.0.0.1',
    WORKFLOW_BUNDLE_PATH: join(ROOT, 'dist/workflow-bundle.js'),
    LOG_LEVEL: 'warn',
    // The benchmark measures capacity with a few machine accounts: no fair-use limit per account.
    RATE_LIMIT_READS: '0',
    RATE_LIMIT_WRITES: '0',
  };
  // BENCH_CPU_PROFILE=<folder>: the worker and the API write V8 CPU profiles there when they stop.
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const worker = startProcess('worker', process.execPath, [...profile, join(ROOT, 'dist/apps/worker/src/main.js')], { env, logFile: join(work, 'worker.log') });
  const api = startProcess('api', process.execPath, [...profile, join(ROOT, 'dist/apps/api/src/main.js')], { env, logFile: join(work, 'api.log') });
  await waitForApi(apiPort);
  log('stack ready; running the benchmark');
  const driver = spawn(process.execPath, [join(ROOT, 'dist/bench/src/main.js'), ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...env, API_URL: `http://127.0.0.1:${apiPort}`, WORKER_PID: String(worker.child.pid), API_PID: String(api.child.pid) },
  });
  return exitCodeOf(driver);
});
