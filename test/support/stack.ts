import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Principal } from '@grants/domain';
import { dataSourceOptions } from '@grants/persistence';
import { signToken } from '../../apps/api/src/accounts/tokens';
import { dataConverterOf } from '@grants/temporal';
import { KeyRing, parseKeyRing } from '@grants/webhooks/secret-box';
import { DATABASE_URL, JWT_SECRET, TEMPORAL_ADDRESS } from './env';
import { isRunning, recordShared, runningProcesses, sharedStackFile, stopShared } from './shared-stack';

const ROOT = join(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A compiled app (worker or API) running as its own process, as in production. */
export class AppProcess {
  private output = '';
  readonly exited: Promise<number | null>;

  /** Its output is kept in memory, or written to `logFile` when the process outlives its suite (shared). */
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile?: string,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get log(): string {
    return this.logFile ? readFileSync(this.logFile, 'utf8') : this.output;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.log)) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited (${this.child.exitCode}):\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not print ${pattern} in ${timeoutMs} ms:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Kills the process with this signal and waits until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** The worker and the API as separate processes against the Temporal server and PostgreSQL that `npm test` started. */
export class TestStack {
  /**
   * One task queue for every integration suite of a run, as in production: entity workflows (the
   * envelopes) started by one suite's worker are then served by the next suite's worker. The browser
   * suites, three at a time, take one per Jest worker (GRANTS_TEST_QUEUE_PER_WORKER): they work on
   * territories of their own, and each worker keeps its suite's settings.
   */
  readonly taskQueue =
    process.env.GRANTS_TEST_TASK_QUEUE ?? (process.env.GRANTS_TEST_QUEUE_PER_WORKER ? `grants-it-${process.env.JEST_WORKER_ID ?? '1'}` : 'grants-it');
  worker?: AppProcess;
  api?: AppProcess;
  baseUrl = '';
  client!: Client;
  db!: DataSource;
  private env: NodeJS.ProcessEnv;
  /** The browser suites' file naming the processes this Jest worker shares between its suites. */
  private readonly sharedFile = sharedStackFile();
  /** The API's pid when this suite took over a previous suite's processes. */
  private sharedApiPid?: number;

  constructor(private readonly extraEnv: Record<string, string> = {}) {
    this.env = {
      ...process.env,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      DATABASE_URL: DATABASE_URL(),
      TEMPORAL_ADDRESS: TEMPORAL_ADDRESS(),
      JWT_SECRET: JWT_SECRET(),
      LOG_LEVEL: 'warn',
      // Suites drive many requests from one account; the rate limits have their own test.
      RATE_LIMIT_READS: '0',
      RATE_LIMIT_WRITES: '0',
      // The suites' webhook receivers listen on 127.0.0.1; the public-address check has its own test.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      // Every worker dispatches the queued webhook deliveries with its own retries: the browser suites,
      // three at a time, share theirs. A delivery gives up after 3 s (webhooks.spec watches one fail).
      ...(this.sharedFile ? { WEBHOOK_RETRY_INITIAL: '200ms', WEBHOOK_RETRY_MAX_INTERVAL: '500ms', WEBHOOK_GIVE_UP_AFTER: '3s' } : {}),
      ...extraEnv,
    };
  }

  /**
   * Starts the worker (unless `worker: false`, for suites that start no lifecycle) and the API; or,
   * for the browser suites, takes over those the previous suite of this Jest worker left running
   * with the same settings.
   */
  async start(options: { worker?: boolean } = {}): Promise<this> {
    this.db = await new DataSource(dataSourceOptions(DATABASE_URL(), 4)).initialize();
    this.client = new Client({ connection: await Connection.connect({ address: TEMPORAL_ADDRESS() }), dataConverter: dataConverterOf(this.keyRing()) });
    const key = JSON.stringify({ env: this.extraEnv, worker: options.worker !== false });
    if (this.sharedFile) {
      const running = await runningProcesses(this.sharedFile);
      if (running?.key === key) {
        this.baseUrl = running.baseUrl;
        this.sharedApiPid = running.api.pid;
        return this;
      }
      // Other settings: the worker serving this Jest worker's task queue must be this suite's.
      await stopShared(this.sharedFile);
    }
    try {
      if (options.worker !== false) await this.startWorker();
      await this.startApi();
    } catch (error) {
      await this.api?.kill();
      await this.worker?.kill();
      throw error;
    }
    if (this.sharedFile) {
      const shared = (app?: AppProcess) => (app ? { pid: app.child.pid!, logFile: app.logFile! } : undefined);
      recordShared(this.sharedFile, { key, baseUrl: this.baseUrl, api: shared(this.api)!, worker: shared(this.worker) });
    }
    return this;
  }

  /** Spawns a compiled app; a shared one writes its output to a file beside the Jest worker's. */
  private spawnApp(name: string, script: string, env: NodeJS.ProcessEnv): AppProcess {
    if (!this.sharedFile) return new AppProcess(name, spawn(process.execPath, [join(ROOT, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    const logFile = this.sharedFile.replace(/\.json$/, `-${name}-${Date.now()}.log`);
    const fd = openSync(logFile, 'a');
    try {
      const child = spawn(process.execPath, [join(ROOT, script)], { env, stdio: ['ignore', fd, fd] });
      // Jest may end with it running: `npm test` stops it then.
      child.unref();
      return new AppProcess(name, child, logFile);
    } finally {
      closeSync(fd);
    }
  }

  /** The key ring the processes encrypt Temporal payloads with (ENCRYPTION_KEYS), for the suites' own client. */
  keyRing(): KeyRing | undefined {
    const ring = this.env.ENCRYPTION_KEYS ? parseKeyRing(this.env.ENCRYPTION_KEYS) : undefined;
    if (typeof ring === 'string') throw new Error(`ENCRYPTION_KEYS: ${ring}`);
    return ring;
  }

  async startWorker(): Promise<AppProcess> {
    this.worker = this.spawnApp('worker', 'dist/apps/worker/src/main.js', this.env);
    await this.worker.waitForOutput(/worker ready/);
    return this.worker;
  }

  async startApi(): Promise<AppProcess> {
    const port = await freePort();
    this.api = this.spawnApp('api', 'dist/apps/api/src/main.js', {
      ...this.env,
      API_PORT: String(port),
      API_HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    const child = this.api.child;
    this.baseUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`api exited:\n${this.api.log}`);
      try {
        if ((await fetch(`${this.baseUrl}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`api not healthy in 60 s:\n${this.api.log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return this.api;
  }

  /** Stops the worker and the API, unless the next browser suite of this Jest worker may take them over. */
  async stop(): Promise<void> {
    if (!this.sharedFile) {
      await this.api?.kill();
      await this.worker?.kill();
    }
    await this.client?.connection.close();
    await this.db?.destroy();
  }

  private readonly accountsToCreate = new Map<string, Principal>();
  private readonly accountsCreated = new Set<string>();

  /**
   * A development token speaking for an account with this authority. The account is created (as an
   * admin would have invited it) before the next request, unless it exists: the API authorises from
   * the account, never from the token's claims.
   */
  token(claims: Omit<Principal, 'sub'> & { sub?: string }): string {
    const principal: Principal = { sub: claims.sub ?? `${claims.role}-${randomUUID()}`, ...claims };
    if (!this.accountsCreated.has(principal.sub)) this.accountsToCreate.set(principal.sub, principal);
    return signToken(JWT_SECRET(), 'grants-engine', principal);
  }

  /** Creates the accounts of the tokens minted so far (those already there are left as they are). */
  async ensureAccounts(): Promise<void> {
    for (const [id, principal] of this.accountsToCreate) {
      await this.db.query(`INSERT INTO accounts (id, role, org_id, territory_id, display_name) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, [
        id,
        principal.role,
        principal.org ?? null,
        principal.territory ?? null,
        `Test ${id}`,
      ]);
      this.accountsToCreate.delete(id);
      this.accountsCreated.add(id);
    }
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    if (options.token) await this.ensureAccounts();
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    } else if (options.rawBody !== undefined) {
      headers['content-type'] ??= 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    } catch (error) {
      throw this.unanswered(method, path, error);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed as T };
  }

  /** A request the API did not answer: why (the socket's own error), and whether the API process still runs. */
  private unanswered(method: string, path: string, error: unknown): Error {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const child = this.api?.child;
    const api = this.sharedApiPid
      ? `the API process taken over from the previous suite ${isRunning(this.sharedApiPid) ? 'runs' : 'exited'}`
      : !child
        ? 'no API process'
        : child.exitCode === null && child.signalCode === null
          ? 'the API process runs'
          : `the API process exited (${child.exitCode ?? child.signalCode})`;
    return new Error(`${method} ${path}: ${(error as Error).message} (${cause?.code ?? cause?.message ?? 'no cause'}); ${api}`, { cause: error });
  }

  /** Every notification of an account's inbox, all pages (the workflow suites leave some dated in the future). */
  async inbox(token: string): Promise<{ grantId: string | null; eventType: string; subject: string; body: string }[]> {
    const items: { grantId: string | null; eventType: string; subject: string; body: string }[] = [];
    for (let page = 1; ; page++) {
      const response = await this.request('GET', `/me/notifications?pageSize=100&page=${page}`, { token });
      items.push(...response.body.items);
      if (!response.body.items.length || items.length >= response.body.total) return items;
    }
  }

  /** Polls GET until the check passes (lifecycles move on asynchronously). */
  async eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (check(value)) return value;
      if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM (${sql}) AS rows`, params);
    return count;
  }

  /** Workflows started on the integration task queue (Temporal visibility). */
  async workflowsStarted(): Promise<number> {
    const { count } = await this.client.workflow.count(`TaskQueue = '${this.taskQueue}'`);
    return count;
  }
}
