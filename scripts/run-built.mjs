// Runs one of the compiled tools (migrate, seed, projections:rebuild, replay): builds first when
// needed, and points at the embedded PostgreSQL of `npm start` when DATABASE_URL is not set.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, build, ensureNodeModules } from './lib/stack.mjs';

const [script, ...args] = process.argv.slice(2);
const target = join(ROOT, 'dist', script);
if (!existsSync(target)) {
  ensureNodeModules();
  build();
}
const env = { ...process.env };
const dataDir = resolve(env.GRANTS_DATA_DIR ?? join(ROOT, 'data'));
// The archived histories' payloads are encrypted with `npm start`'s key: the replay opens them with it.
const keyFile = join(dataDir, 'secrets', 'encryption-key');
if (!env.ENCRYPTION_KEYS && existsSync(keyFile)) env.ENCRYPTION_KEYS = `k1:${readFileSync(keyFile, 'utf8').trim()}`;
if (!env.DATABASE_URL) {
  const passwordFile = join(dataDir, 'secrets', 'postgres-password');
  if (existsSync(passwordFile)) {
    const password = readFileSync(passwordFile, 'utf8').trim();
    env.DATABASE_URL = `postgres://grants:${password}@127.0.0.1:${env.PG_PORT ?? 5433}/grants`;
  }
}
const result = spawnSync(process.execPath, [target, ...args], { stdio: 'inherit', env, cwd: env.INIT_CWD ?? process.cwd() });
process.exit(result.status ?? 1);
