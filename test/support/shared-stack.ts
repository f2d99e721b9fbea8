import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The browser suites, three at a time, keep one worker and one API per Jest worker
 * (GRANTS_TEST_SHARE_STACK): a suite leaves its processes running for the next suite of the same Jest
 * worker, which takes them over when it asks for the same settings, and otherwise stops them and
 * starts its own. Each Jest worker writes what runs for it in a file of the run's folder; `npm test`
 * stops whatever these files still name once the browser suites are over.
 */
export interface SharedProcesses {
  /** The suite's settings (its extra environment, whether it starts a worker). */
  key: string;
  baseUrl: string;
  api: { pid: number; logFile: string };
  worker?: { pid: number; logFile: string };
}

/** This Jest worker's file, or undefined when the suites do not share their processes. */
export function sharedStackFile(): string | undefined {
  const dir = process.env.GRANTS_TEST_WORK_DIR;
  if (!process.env.GRANTS_TEST_SHARE_STACK || !dir) return undefined;
  mkdirSync(join(dir, 'stacks'), { recursive: true });
  return join(dir, 'stacks', `jest-worker-${process.env.JEST_WORKER_ID ?? '1'}.json`);
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** What a previous suite of this Jest worker left running, if it still runs and answers. */
export async function runningProcesses(file: string): Promise<SharedProcesses | undefined> {
  let shared: SharedProcesses;
  try {
    shared = JSON.parse(readFileSync(file, 'utf8')) as SharedProcesses;
  } catch {
    return undefined;
  }
  if (!isRunning(shared.api.pid) || (shared.worker && !isRunning(shared.worker.pid))) return undefined;
  try {
    return (await fetch(`${shared.baseUrl}/health`)).ok ? shared : undefined;
  } catch {
    return undefined;
  }
}

/** Stops what the file names (SIGTERM, then SIGKILL after 20 s) and waits until it is gone. */
export async function stopShared(file: string): Promise<void> {
  let shared: SharedProcesses;
  try {
    shared = JSON.parse(readFileSync(file, 'utf8')) as SharedProcesses;
  } catch {
    return;
  }
  const pids = [shared.api.pid, ...(shared.worker ? [shared.worker.pid] : [])];
  for (const pid of pids) if (isRunning(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (pids.some(isRunning)) {
    if (Date.now() > deadline) for (const pid of pids.filter(isRunning)) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(file, { force: true });
}

export function recordShared(file: string, shared: SharedProcesses): void {
  writeFileSync(file, JSON.stringify(shared));
}
