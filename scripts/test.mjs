// `npm test`: the same set-up as `npm start` on throwaway ports and folders (PostgreSQL, the
// Temporal dev server), then every Jest suite (unit, workflow, integration). Extra arguments go to
// Jest: `npm test -- test/unit`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, build, ensureNodeModules, ensureTemporalBinaries, log, startThrowawayStack, stopAll,
} from './lib/stack.mjs';

function check(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${args[0].split('/').slice(-3).join('/')} failed`);
}

const work = mkdtempSync(join(tmpdir(), 'grants-test-'));
chmodSync(work, 0o755);
let postgres;
let exitCode = 1;
try {
  ensureNodeModules();
  const bin = ensureTemporalBinaries();
  build();
  if (!process.env.SKIP_STATIC_CHECKS) {
    log('type-checking the tests and linting…');
    check(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
    check(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '.']);
  }
  const stack = await startThrowawayStack(work, bin.temporal);
  postgres = stack.postgres;
  const { temporal, temporalPort } = stack;

  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_CLI_PATH: bin.temporal,
    TEMPORAL_TEST_SERVER_PATH: bin.testServer,
    JWT_SECRET: randomBytes(32).toString('hex'),
    WORKFLOW_BUNDLE_PATH: join(ROOT, 'dist/workflow-bundle.js'),
    GRANTS_TEST_WORK_DIR: work,
    // For the fault suite, which stops and restarts these services itself.
    GRANTS_TEST_POSTGRES: JSON.stringify(postgres.control),
    GRANTS_TEST_TEMPORAL: JSON.stringify({ argv: temporal.argv, pid: temporal.child.pid, port: temporalPort, logFile: temporal.logFile }),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const jest = spawn(process.execPath, [join(ROOT, 'node_modules/jest/bin/jest.js'), '--runInBand', ...process.argv.slice(2)], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  exitCode = await new Promise((resolveExit) => jest.once('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0))));
} catch (error) {
  console.error(`\nnpm test failed to set up: ${error instanceof Error ? error.message : error}`);
  exitCode = 1;
} finally {
  await stopAll();
  postgres?.stop();
  if (!process.env.KEEP_TEST_DATA) rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
