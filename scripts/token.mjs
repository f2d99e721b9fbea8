// `npm run token -- --role <role> [--org <id>] [--territory <id>] [--sub <id>]`: prints a bearer token.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, build, ensureNodeModules } from './lib/stack.mjs';

const { values } = parseArgs({
  options: { role: { type: 'string' }, org: { type: 'string' }, territory: { type: 'string' }, sub: { type: 'string' }, days: { type: 'string', default: '30' } },
});
if (!values.role) {
  console.error('usage: npm run token -- --role <project_lead|prefect_delegate|association|funder|auditor|admin> [--org <id>] [--territory <id>] [--sub <id>]');
  process.exit(2);
}
const tokens = join(ROOT, 'dist/apps/api/src/accounts/tokens.js');
if (!existsSync(tokens)) {
  ensureNodeModules();
  build();
}
const secretFile = join(resolve(process.env.GRANTS_DATA_DIR ?? join(ROOT, 'data')), 'secrets', 'jwt-secret');
const secret = process.env.JWT_SECRET ?? (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : undefined);
if (!secret) {
  console.error('no JWT secret: set JWT_SECRET, or run `npm start` once to generate the embedded one');
  process.exit(2);
}
/** The demo account this role speaks for (as seeded), so that per-account features (preferences, read marks) work. */
function demoAccountOf({ role, org, territory }) {
  if ((role === 'association' || role === 'funder') && org) return `user-${org}`;
  if (role === 'project_lead' && territory) return `pl-${territory}`;
  if (role === 'prefect_delegate' && territory) return `pd-${territory}`;
  if (role === 'auditor') return 'auditor-demo';
  if (role === 'admin') return 'admin-demo';
  return `${role}-${org ?? territory ?? 'local'}`;
}
const sub = values.sub ?? demoAccountOf(values);
try {
  const { signToken } = createRequire(import.meta.url)(tokens);
  const claims = { sub, role: values.role, org: values.org, territory: values.territory };
  console.log(signToken(secret, process.env.JWT_ISSUER ?? 'grants-engine', claims, Number(values.days) * 24 * 3600));
} catch (error) {
  console.error(`cannot make this token: ${error.message}`);
  process.exit(2);
}
