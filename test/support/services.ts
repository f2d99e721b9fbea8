import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { testEnv } from './env';

/** Stops and starts the services `npm test` started, for the fault suite. */
interface PostgresControl {
  dir: string;
  binDir: string;
  port: number;
  asPostgresUser: boolean;
}

function pgCtl(args: string[]): void {
  const control = JSON.parse(testEnv('GRANTS_TEST_POSTGRES')) as PostgresControl;
  const command = join(control.binDir, 'pg_ctl');
  const full = ['-D', control.dir, ...args];
  const result = control.asPostgresUser
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...full], { encoding: 'utf8' })
    : spawnSync(command, full, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pg_ctl ${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
}

export function stopPostgres(): void {
  pgCtl(['-m', 'fast', '-w', 'stop']);
}

export function startPostgres(): void {
  const control = JSON.parse(testEnv('GRANTS_TEST_POSTGRES')) as PostgresControl;
  pgCtl([
    '-l',
    join(control.dir, 'postgres.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${control.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    'start',
  ]);
}

interface TemporalControl {
  argv: string[];
  pid: number;
  port: number;
  logFile: string;
}

let temporalPid: number | undefined;
let restarted: ChildProcess | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Stops the Temporal dev server (SIGTERM, as an operator would) and waits until it is gone. */
export async function stopTemporal(): Promise<void> {
  const control = JSON.parse(testEnv('GRANTS_TEST_TEMPORAL')) as TemporalControl;
  const pid = temporalPid ?? control.pid;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/** Starts it again with the same arguments, on the same SQLite file, and waits until it serves. */
export async function startTemporal(): Promise<void> {
  const control = JSON.parse(testEnv('GRANTS_TEST_TEMPORAL')) as TemporalControl;
  const log = openSync(control.logFile, 'a');
  restarted = spawn(control.argv[0], control.argv.slice(1), { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  restarted.unref();
  temporalPid = restarted.pid;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (await portOpen(control.port)) {
      const health = spawnSync(control.argv[0], ['operator', 'cluster', 'health', '--address', `127.0.0.1:${control.port}`], { encoding: 'utf8' });
      if (health.status === 0 && /SERVING/.test(health.stdout)) return;
    }
    if (Date.now() > deadline) throw new Error('the Temporal dev server did not come back within 90 s');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The Temporal server this suite restarted, stopped at the end (`npm test` stops the one it started). */
export async function stopRestartedTemporal(): Promise<void> {
  if (restarted?.pid && alive(restarted.pid)) await stopTemporal();
}
