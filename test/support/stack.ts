import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Principal } from '../../libs/domain/src';
import { dataSourceOptions } from '../../libs/persistence/src';
import { signToken } from '../../apps/api/src/accounts/tokens';
import { dataConverterOf } from '../../libs/temporal/src';
import { KeyRing, parseKeyRing } from '../../libs/webhooks/src/secret-box';
import { DATABASE_URL, JWT_SECRET, TEMPORAL_ADDRESS } from './env';

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

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get log(): string {
    return this.output;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited (${this.child.exitCode}):\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not print ${pattern} in ${timeoutMs} ms:\n${this.output}`);
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
   * suites, two at a time, take one per Jest worker (GRANTS_TEST_QUEUE_PER_WORKER): they work on
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

  constructor(extraEnv: Record<string, string> = {}) {
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
      ...extraEnv,
    };
  }

  /** Starts the worker (unless `worker: false`, for suites that start no lifecycle) and the API. */
  async start(options: { worker?: boolean } = {}): Promise<this> {
    this.db = await new DataSource(dataSourceOptions(DATABASE_URL(), 4)).initialize();
    this.client = new Client({ connection: await Connection.connect({ address: TEMPORAL_ADDRESS() }), dataConverter: dataConverterOf(this.keyRing()) });
    if (options.worker !== false) await this.startWorker();
    await this.startApi();
    return this;
  }

  /** The key ring the processes encrypt Temporal payloads with (ENCRYPTION_KEYS), for the suites' own client. */
  keyRing(): KeyRing | undefined {
    const ring = this.env.ENCRYPTION_KEYS ? parseKeyRing(this.env.ENCRYPTION_KEYS) : undefined;
    if (typeof ring === 'string') throw new Error(`ENCRYPTION_KEYS: ${ring}`);
    return ring;
  }

  async startWorker(): Promise<AppProcess> {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.worker = new AppProcess('worker', child);
    await this.worker.waitForOutput(/worker ready/);
    return this.worker;
  }

  async startApi(): Promise<AppProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
      env: { ...this.env, API_PORT: String(port), API_HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.api = new AppProcess('api', child);
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

  async stop(): Promise<void> {
    await this.api?.kill();
    await this.worker?.kill();
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
    const api = !child
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
