// `npm start`: installs what is missing, starts PostgreSQL, the Temporal dev server, the sign-in
// provider, the worker and the API on embedded defaults, seeds the demo data, and prints the URLs and
// a short-lived development token per demo role.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import {
  ROOT,
  build,
  ensureNodeModules,
  ensureTemporalBinaries,
  killStale,
  log,
  persistentSecret,
  startPostgres,
  prepareDatabase,
  startIdp,
  startProcess,
  startTemporal,
  waitForApi,
} from './lib/stack.mjs';

const require = createRequire(import.meta.url);
const env = process.env;
const dataDir = resolve(env.GRANTS_DATA_DIR ?? join(ROOT, 'data'));
const runDir = join(dataDir, 'run');
const apiPort = Number(env.API_PORT ?? 3000);
const temporalPort = Number(env.TEMPORAL_PORT ?? 7233);
const temporalUiPort = Number(env.TEMPORAL_UI_PORT ?? temporalPort + 1000);
const pgPort = Number(env.PG_PORT ?? 5433);
const idpPort = Number(env.IDP_PORT ?? apiPort + 1);

let postgres;
let stopping = false;
const services = [];

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const service of services.reverse()) await service.stop();
  postgres?.stop();
  log('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  ensureNodeModules();
  const temporalBin = ensureTemporalBinaries();
  build();
  killStale(runDir);

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    postgres = await startPostgres({ dir: join(dataDir, 'postgres'), port: pgPort, secretsDir: dataDir });
    databaseUrl = postgres.url;
    log(`PostgreSQL on 127.0.0.1:${pgPort} (cluster in ${postgres.dir})`);
  }
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${apiPort}`).replace(/\/+$/, '');
  let temporalAddress = env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const temporal = await startTemporal({
      temporalBin: temporalBin.temporal,
      dbFile: join(dataDir, 'temporal', 'temporal.sqlite'),
      port: temporalPort,
      uiPort: temporalUiPort,
      // The UI shows the encrypted payloads in clear to a signed-in auditor or administrator (see the README).
      codecEndpoint: `${publicUrl}/temporal-codec`,
      pidFile: join(runDir, 'temporal.pid'),
    });
    services.push(temporal);
    temporalAddress = temporal.address;
  }

  await prepareDatabase(databaseUrl);
  log('demo data seeded');

  let signIn = {};
  if (!env.OIDC_ISSUER) {
    const idp = await startIdp({
      port: idpPort,
      apiUrl: publicUrl,
      clientSecret: persistentSecret(dataDir, 'idp-client-secret'),
      cookieSecret: persistentSecret(dataDir, 'idp-cookie-secret'),
      pidFile: join(runDir, 'idp.pid'),
    });
    services.push(idp);
    signIn = idp.env;
  }

  // Development tokens exist outside production only (machine clients use API keys there).
  const production = env.NODE_ENV === 'production';
  const jwtSecret = production ? undefined : (env.JWT_SECRET ?? persistentSecret(dataDir, 'jwt-secret'));
  const childEnv = {
    ...env,
    ...signIn,
    SESSION_SECRET: env.SESSION_SECRET ?? persistentSecret(dataDir, 'session-secret'),
    ENCRYPTION_KEYS: env.ENCRYPTION_KEYS ?? `k1:${persistentSecret(dataDir, 'encryption-key')}`,
    TEMPORAL_CODEC_ORIGINS: env.TEMPORAL_CODEC_ORIGINS ?? (env.TEMPORAL_ADDRESS ? '' : `http://localhost:${temporalUiPort},http://127.0.0.1:${temporalUiPort}`),
    AUDIT_ANCHOR_FILE: env.AUDIT_ANCHOR_FILE ?? join(dataDir, 'audit', 'merkle-roots.jsonl'),
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    ...(jwtSecret ? { JWT_SECRET: jwtSecret } : {}),
    API_PORT: String(apiPort),
    PUBLIC_URL: publicUrl,
    WORKFLOW_BUNDLE_PATH: env.WORKFLOW_BUNDLE_PATH ?? join(ROOT, 'dist/workflow-bundle.js'),
  };
  const worker = startProcess('worker', process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], {
    env: childEnv,
    pidFile: join(runDir, 'worker.pid'),
    color: 32,
  });
  services.push(worker);
  const api = startProcess('api', process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    env: childEnv,
    pidFile: join(runDir, 'api.pid'),
    color: 34,
  });
  services.push(api);
  for (const service of [worker, api]) {
    service.exited.then(({ code, signal }) => {
      if (stopping) return;
      log(`${service.name} exited (${signal ?? code}): stopping everything`);
      void shutdown(1);
    });
  }
  await waitForApi(apiPort);

  const { signToken } = require(join(ROOT, 'dist/apps/api/src/accounts/tokens.js'));
  const issuer = env.JWT_ISSUER ?? 'grants-engine';
  const demo = [
    ['project_lead', { sub: 'pl-plaine-commune', role: 'project_lead', territory: 'plaine-commune' }],
    ['prefect_delegate', { sub: 'pd-plaine-commune', role: 'prefect_delegate', territory: 'plaine-commune' }],
    ['association', { sub: 'user-assoc-francs-moisins', role: 'association', org: 'assoc-francs-moisins' }],
    ['funder', { sub: 'user-funder-caf-93', role: 'funder', org: 'funder-caf-93' }],
    ['auditor', { sub: 'auditor-demo', role: 'auditor' }],
    ['admin', { sub: 'admin-demo', role: 'admin' }],
  ];
  const base = publicUrl;
  // The demo mode as the API reads it (same defaults, same figures as its Demo-Time header).
  const { configSchema, demoTimeOf } = require(join(ROOT, 'dist/libs/config/src/config.js'));
  const demoTime = demoTimeOf(
    configSchema.pick({ DEMO_TIME: true, DEMO_YEAR: true }).parse({ DEMO_TIME: env.DEMO_TIME || undefined, DEMO_YEAR: env.DEMO_YEAR || undefined }),
  );
  const demoLine = demoTime
    ? `\n  DEMO TIME: every deadline is compressed, a year lasts ${demoTime.yearSeconds / 60} minutes (a day ${demoTime.daySeconds} s). Never for real grants.\n`
    : '';
  console.log(`
  Grants engine is up.${demoLine}
    Web app       ${base}/app/   (sign in as any demo person)
    API           ${base}
    Sign in       ${base}/auth/login   (then ${base}/auth/me says who you are)
    Sign-in provider ${env.OIDC_ISSUER ?? `http://localhost:${idpPort}   (embedded, demo people, no password)`}
    OpenAPI       ${base}/docs   (JSON: ${base}/docs-json)
    Open data     ${base}/open-data/subventions.csv   (SCDL « Subventions », public)
    Temporal UI   ${env.TEMPORAL_ADDRESS ? "(your Temporal cluster's UI)" : `http://localhost:${temporalUiPort}`}
    Health        ${base}/health

  Development tokens for the demo accounts (valid 12 hours; more with: npm run token -- --role <role> [--org <id>] [--territory <id>]):`);
  if (production) console.log('    (none: NODE_ENV=production; sign in, then create API keys at POST /me/api-keys)');
  else
    for (const [label, claims] of demo) {
      const scope = claims.territory ? ` (${claims.territory})` : claims.org ? ` (${claims.org})` : '';
      console.log(`    ${label}${scope}:\n      ${signToken(jwtSecret, issuer, claims, 12 * 3600)}`);
    }
  console.log('\n  Ctrl-C stops everything; the next `npm start` finds every lifecycle where it was.\n');
} catch (error) {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : error}`);
  await shutdown(1);
}
