// `npm test`: the same set-up as `npm start` on throwaway ports and folders (PostgreSQL, the
// Temporal dev server), then every Jest suite (unit, workflow, replay, integration, faults). Extra
// arguments go to Jest: `npm test -- test/unit` (the unit tier alone starts nothing: seconds).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureChromium, ensureFrictionless, exitCodeOf, freePort, log, runWithThrowawayStack, startIdp } from './lib/stack.mjs';

function check(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${args[0].split('/').slice(-3).join('/')} failed`);
}

function staticChecks() {
  if (process.env.SKIP_STATIC_CHECKS) return;
  log("type-checking the tests and the web app, linting, checking the format, the web app's API client and the recorded histories…");
  check(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
  check(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'apps/web/tsconfig.json', '--noEmit']);
  check(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '.']);
  check(process.execPath, [join(ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--check', '--log-level', 'warn', '.']);
  check(process.execPath, [join(ROOT, 'scripts/web-client.mjs'), '--check']);
  check(process.execPath, [join(ROOT, 'scripts/check-histories.mjs')]);
}

/** Stops the workers and APIs the browser suites shared (test/support/shared-stack.ts names them in `dir`). */
async function stopSharedStacks(dir) {
  if (!existsSync(dir)) return;
  const running = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const pids = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      const shared = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      return [shared.api.pid, shared.worker?.pid].filter(Boolean);
    });
  for (const pid of pids.filter(running)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (pids.some(running) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const pid of pids.filter(running)) process.kill(pid, 'SIGKILL');
}

// The unit tier needs neither PostgreSQL nor Temporal nor a build: Jest alone.
const paths = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unitOnly = paths.length > 0 && paths.every((path) => /^(\.\/)?test\/unit(\/|$)/.test(path.replace(/\\/g, '/')));
if (unitOnly && existsSync(join(ROOT, 'node_modules/jest/bin/jest.js'))) {
  log('the unit tier: nothing to start');
  const unit = spawn(process.execPath, [join(ROOT, 'node_modules/jest/bin/jest.js'), ...process.argv.slice(2)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test' },
    stdio: 'inherit',
  });
  process.exit(await exitCodeOf(unit));
}

await runWithThrowawayStack(
  { name: 'test', keepVariable: 'KEEP_TEST_DATA', beforeStack: staticChecks },
  async ({ postgres, temporal, temporalPort, bin, work }) => {
    // The real sign-in provider, registered for any API the suites start on the loopback interface.
    const idp = await startIdp({
      port: await freePort(),
      apiUrl: 'http://127.0.0.1:3000',
      allowLoopback: true,
      clientSecret: randomBytes(24).toString('hex'),
      cookieSecret: randomBytes(24).toString('hex'),
      logFile: join(work, 'idp.log'),
    });
    log(`throwaway sign-in provider on ${idp.issuer}`);
    const chromium = ensureChromium();
    const frictionless = ensureFrictionless();
    const env = {
      ...idp.env,
      CHROMIUM_PATH: chromium,
      FRICTIONLESS_PATH: frictionless,
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_CLI_PATH: bin.temporal,
      TEMPORAL_TEST_SERVER_PATH: bin.testServer,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('hex')}`,
      AUDIT_ANCHOR_FILE: join(work, 'audit', 'merkle-roots.jsonl'),
      WORKFLOW_BUNDLE_PATH: join(ROOT, 'dist/workflow-bundle.js'),
      GRANTS_TEST_WORK_DIR: work,
      // For the fault suite, which stops and restarts these services itself.
      GRANTS_TEST_POSTGRES: JSON.stringify(postgres.control),
      GRANTS_TEST_TEMPORAL: JSON.stringify({ argv: temporal.argv, pid: temporal.child.pid, port: temporalPort, logFile: temporal.logFile }),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    };
    const jest = (args, extraEnv = {}) =>
      exitCodeOf(
        spawn(process.execPath, [join(ROOT, 'node_modules/jest/bin/jest.js'), ...args], { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: 'inherit' }),
      );
    // The browser suites wait on real deadlines and browsers more than on the CPU: three at a time, each
    // Jest worker on a task queue of its own (a suite's worker then serves only its own suites, with
    // their settings: the demo time, the webhooks' retries). A suite leaves its worker and API running
    // for the next suite of its Jest worker that asks for the same settings; they are stopped at the end.
    const browsers = async (args) => {
      try {
        return await jest(['--maxWorkers=3', ...args], { GRANTS_TEST_QUEUE_PER_WORKER: '1', GRANTS_TEST_SHARE_STACK: '1' });
      } finally {
        await stopSharedStacks(join(work, 'stacks'));
      }
    };
    const args = process.argv.slice(2);
    if (paths.length && paths.every((path) => /^(\.\/)?test\/e2e(\/|$)/.test(path))) return browsers(args);
    if (paths.length) return jest(['--runInBand', ...args]);
    // Everything: the suites on the shared stack one at a time, the browser suites three at a time, then
    // the fault suite (it stops and restarts the shared services). Each phase runs whatever the last gave.
    const codes = [
      await jest(['--runInBand', '--testPathIgnorePatterns', '/test/(e2e|faults)/', ...args]),
      await browsers(['test/e2e', ...args]),
      await jest(['--runInBand', 'test/faults', ...args]),
    ];
    return codes.find((code) => code !== 0) ?? 0;
  },
);
