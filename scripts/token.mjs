// `npm run token -- --role <role> [--org <id>] [--territory <id>] [--sub <account id>] [--hours N]`:
// prints a short-lived development bearer token speaking for a demo account (the API checks it
// against that account). A development convenience: it refuses to run with NODE_ENV=production,
// where machine clients use API keys (POST /me/api-keys).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, build, ensureNodeModules } from './lib/stack.mjs';

if (process.env.NODE_ENV === 'production') {
  console.error('npm run token is a development convenience and does not run with NODE_ENV=production: sign in, then create an API key (POST /me/api-keys)');
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    org: { type: 'string' },
    territory: { type: 'string' },
    sub: { type: 'string' },
    hours: { type: 'string', default: '12' },
  },
});
if (!values.role) {
  console.error(
    'usage: npm run token -- --role <project_lead|prefect_delegate|association|funder|auditor|admin> [--org <id>] [--territory <id>] [--sub <account id>] [--hours N (at most 168)]',
  );
  process.exit(2);
}
const hours = Number(values.hours);
if (!(hours > 0 && hours <= 168)) {
  console.error('--hours must be between 1 and 168 (a week): development tokens are short-lived');
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
/** The demo account this role speaks for (as seeded): the API refuses a token whose account does not exist or disagrees. */
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
  console.log(signToken(secret, process.env.JWT_ISSUER ?? 'grants-engine', claims, Math.round(hours * 3600)));
} catch (error) {
  console.error(`cannot make this token: ${error.message}`);
  process.exit(2);
}
