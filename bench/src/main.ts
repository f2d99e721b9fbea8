import { ChildProcess, fork, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { Principal } from '@grants/domain';
import { ApiKeysRepository, AuditRepository, ReplayVerdictRepository, dataSourceOptions } from '@grants/persistence';
import { HistoryJson } from '@grants/audit';
import { ReplayPool } from '@grants/audit/replay-pool';
import { verifyArchive } from '@grants/audit/verify-archive';
import { issueApiKey } from '../../apps/api/src/accounts/api-keys.service';

import type { baselineLifecycleWorkflow } from './baseline.workflows';
import { baselineDecideUpdate, baselineIntakeUpdate, baselineReportUpdate, baselineStateQuery } from './baseline.workflows';
import { Latencies, MemorySampler, Samples, pool, progress } from './stats';
import { compareRuns, describeComparison, previousRun } from './compare';
import { CapacityPoint, CpuMeter, capacityChart, pidsMatching, projectedMinutes, saturation } from './capacity';

const ROOT = resolve(__dirname, '../../..');
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the benchmark with \`npm run bench\``);
  return value;
};

const { values: flags } = parseArgs({
  options: {
    /** Lifecycles per side (default 100); in capacity mode, per level (default six per client). */
    lifecycles: { type: 'string' },
    concurrency: { type: 'string', default: '10' },
    'list-rows': { type: 'string', default: '100000' },
    'read-clients': { type: 'string', default: '20' },
    'read-requests': { type: 'string', default: '2000' },
    'read-warmup': { type: 'string', default: '200' },
    agreements: { type: 'string', default: '40' },
    'replay-copies': { type: 'string', default: '20' },
    'replay-processes': { type: 'string', default: String(cpus().length) },
    'auditor-replays': { type: 'string', default: '30' },
    'reverify-histories': { type: 'string', default: '30000' },
    capacity: { type: 'boolean', default: false },
    levels: { type: 'string', default: '10,20,40,80' },
  },
});
const N = Number(flags.lifecycles ?? 100);
const C = Number(flags.concurrency);
/** The goal of #18: a national year, 30,000 micro-grant lifecycles, through the API in a quarter of an hour. */
const NATIONAL_YEAR = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PhaseResult {
  lifecycles: number;
  concurrency: number;
  seconds: number;
  lifecyclesPerSecond: number;
  lifecycleLatencyMs: ReturnType<Samples['summary']>;
  calls: ReturnType<Latencies['summary']>;
  peakRssMb: Record<string, number>;
  /** CPU seconds each process used during the phase. */
  cpuSeconds: Record<string, number>;
  /** One lifecycle of the phase, whose history is counted. */
  sampleWorkflowId: string;
}

/** The embedded Temporal dev server and PostgreSQL's processes (the benchmark owns its throwaway stack). */
const TEMPORAL = () => pidsMatching(/temporal.*server start-dev/);
const POSTGRES = () => pidsMatching(/^postgres[: ]|\/postgres -D /);

// ------------------------------------------------------------------ (a) the bare Temporal baseline

async function baseline(client: Client, count = N, clients = C): Promise<PhaseResult> {
  const taskQueue = `bench-baseline-${randomUUID()}`;
  const worker = spawn(process.execPath, [join(ROOT, 'dist/bench/src/baseline-worker.js')], {
    env: { ...process.env, BASELINE_TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    worker.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('baseline worker ready') && ready());
    worker.once('exit', (code) => fail(new Error(`baseline worker exited (${code})`)));
  });
  const sinkWorkflowId = `bench-sink-${randomUUID()}`;
  await client.workflow.start('baselineSinkWorkflow', { taskQueue, workflowId: sinkWorkflowId });
  const calls = new Latencies();
  const lifecycle = new Samples();
  const memory = new MemorySampler({ worker: worker.pid });
  const cpu = new CpuMeter({ worker: () => [worker.pid!], temporal: TEMPORAL });
  const bar = progress(`(a) bare Temporal baseline, ${clients} clients`, count);
  let sampleWorkflowId = '';
  memory.start();
  cpu.start();
  const started = performance.now();
  await pool(
    count,
    clients,
    async () => {
      const t0 = performance.now();
      const workflowId = `bench-baseline-${randomUUID()}`;
      sampleWorkflowId = workflowId;
      const handle = await calls.time('start', () =>
        client.workflow.start<typeof baselineLifecycleWorkflow>('baselineLifecycleWorkflow', { taskQueue, workflowId, args: [{ sinkWorkflowId }] }),
      );
      await calls.time('update intake', () => handle.executeUpdate(baselineIntakeUpdate));
      await calls.time('update decide', () => handle.executeUpdate(baselineDecideUpdate, { args: ['project_lead'] }));
      await calls.time('update decide', () => handle.executeUpdate(baselineDecideUpdate, { args: ['prefect_delegate'] }));
      while ((await calls.time('query state', () => handle.query(baselineStateQuery))) !== 'paid') await sleep(20);
      await calls.time('update report', () => handle.executeUpdate(baselineReportUpdate));
      await handle.result();
      lifecycle.add(performance.now() - t0);
    },
    bar.tick,
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpu.stop();
  bar.done();
  const peakRssMb = memory.stop();
  await client.workflow.getHandle(sinkWorkflowId).terminate('benchmark done');
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  return {
    lifecycles: count,
    concurrency: clients,
    seconds,
    lifecyclesPerSecond: count / seconds,
    lifecycleLatencyMs: lifecycle.summary(),
    calls: calls.summary(),
    peakRssMb,
    cpuSeconds,
    sampleWorkflowId,
  };
}

// ------------------------------------------------------------------ (b) the full path through the API

const PARTIES = [
  { territory: 'plaine-commune', association: 'assoc-francs-moisins' },
  { territory: 'paris-terres-d-envol', association: 'assoc-cite-des-savoirs' },
  { territory: 'est-ensemble', association: 'assoc-jardins-montreuil' },
  { territory: 'grand-paris-grand-est', association: 'assoc-clichy-solidaire' },
];

/** The seeded demo account a role and scope speak for. */
function accountOf(claims: Omit<Principal, 'sub'>): string {
  if (claims.role === 'association' || claims.role === 'funder') return `user-${claims.org}`;
  if (claims.role === 'project_lead') return `pl-${claims.territory}`;
  if (claims.role === 'prefect_delegate') return `pd-${claims.territory}`;
  return `${claims.role}-demo`;
}

/** The API keys the load generator sends, as a funder's information system would (the API runs in production mode). */
const apiKeys = new Map<string, string>();

async function issueApiKeys(): Promise<void> {
  const db = await new DataSource(dataSourceOptions(env('DATABASE_URL'), 2)).initialize();
  try {
    const accounts: { id: string }[] = await db.query(
      `SELECT id FROM accounts WHERE role IN ('association', 'funder', 'project_lead', 'prefect_delegate', 'auditor')`,
    );
    for (const { id } of accounts) {
      const { key } = await issueApiKey(new ApiKeysRepository(db), { accountId: id, name: 'benchmark', scope: 'read_write', expiresInDays: 1 });
      apiKeys.set(id, key);
    }
  } finally {
    await db.destroy();
  }
}

function tokenFor(claims: Omit<Principal, 'sub'>): string {
  const key = apiKeys.get(accountOf(claims));
  if (!key) throw new Error(`no API key for ${accountOf(claims)}`);
  return key;
}

/** A light load generator: node:http with keep-alive connections (fetch costs the client more CPU than the API). */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

async function http(calls: Latencies, name: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const url = new URL(path, env('API_URL'));
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return calls.time(
    name,
    () =>
      new Promise((resolvePromise, reject) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path: `${url.pathname}${url.search}`,
            method,
            headers: {
              authorization: `Bearer ${token}`,
              ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      }),
  );
}

/**
 * Runs `phase` with a second worker process on the same task queue beside the first (started from the
 * same build and environment, stopped after): more than one process of each kind, measured.
 */
async function withSecondWorker<T>(phase: () => Promise<T>): Promise<T> {
  const second = spawn(process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolveReady, reject) => {
    let output = '';
    second.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()).includes('worker ready') && resolveReady());
    second.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    second.once('exit', (code) => reject(new Error(`the second worker exited (${code}):\n${output}`)));
  });
  try {
    return await phase();
  } finally {
    const exited = new Promise((done) => second.once('exit', done));
    second.kill('SIGTERM');
    await exited;
  }
}

async function fullPath(count = N, clients = C, label = 'full path through the API'): Promise<PhaseResult & { grantIds: string[] }> {
  const calls = new Latencies();
  const lifecycle = new Samples();
  const memory = new MemorySampler({ worker: Number(env('WORKER_PID')), api: Number(env('API_PID')) });
  const worker = Number(env('WORKER_PID'));
  const api = Number(env('API_PID'));
  const cpu = new CpuMeter({ worker: () => [worker], api: () => [api], temporal: TEMPORAL, postgres: POSTGRES });
  const bar = progress(`(b) ${label}, ${clients} clients`, count);
  const grantIds: string[] = [];
  memory.start();
  cpu.start();
  const started = performance.now();
  await pool(
    count,
    clients,
    async (i) => {
      const party = PARTIES[i % PARTIES.length];
      const association = tokenFor({ role: 'association', org: party.association });
      const t0 = performance.now();
      const created = await http(calls, 'POST /micro-grants', 'POST', '/micro-grants', association, {
        binomeId: `binome-${party.territory}`,
        title: `Atelier ${i}`,
        purpose: 'Benchmark',
        amountCents: 100,
      });
      if (created.status !== 201) throw new Error(`POST /micro-grants: ${created.status} ${JSON.stringify(created.body)}`);
      const id: string = created.body.id;
      grantIds.push(id);
      let state = created.body.status as string;
      while (state === 'requested') state = (await http(calls, 'GET /micro-grants/:id', 'GET', `/micro-grants/${id}`, association)).body.status;
      for (const role of ['project_lead', 'prefect_delegate'] as const) {
        const decided = await http(
          calls,
          'POST /micro-grants/:id/decisions',
          'POST',
          `/micro-grants/${id}/decisions`,
          tokenFor({ role, territory: party.territory }),
          {
            decision: 'approve',
          },
        );
        if (decided.status !== 200) throw new Error(`decision: ${decided.status} ${JSON.stringify(decided.body)}`);
      }
      for (;;) {
        const current = await http(calls, 'GET /micro-grants/:id', 'GET', `/micro-grants/${id}`, association);
        if (current.body.status === 'paid') break;
        await sleep(20);
      }
      const reported = await http(calls, 'POST /micro-grants/:id/report', 'POST', `/micro-grants/${id}/report`, association, { summary: 'Fait.' });
      if (reported.body.status !== 'closed') throw new Error(`report: ${reported.status} ${JSON.stringify(reported.body)}`);
      lifecycle.add(performance.now() - t0);
    },
    bar.tick,
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpu.stop();
  bar.done();
  return {
    lifecycles: count,
    concurrency: clients,
    seconds,
    lifecyclesPerSecond: count / seconds,
    lifecycleLatencyMs: lifecycle.summary(),
    calls: calls.summary(),
    peakRssMb: memory.stop(),
    cpuSeconds,
    sampleWorkflowId: grantIds[0],
    grantIds,
  };
}

// ------------------------------------------------------------------ (c) anchoring agreements through the API

interface AgreementsResult {
  agreements: number;
  concurrency: number;
  seconds: number;
  agreementsPerSecond: number;
  lifecycleLatencyMs: ReturnType<Samples['summary']>;
  calls: ReturnType<Latencies['summary']>;
}

/**
 * A second path, with no baseline: agreements proposed by the territory's project lead, accepted by
 * the association, their first-year tranche ordered (one order per funder), then ended by mutual
 * agreement (both parties ask; the coordination owed is paid pro rata).
 */
async function agreements(): Promise<AgreementsResult> {
  const count = Number(flags.agreements);
  const calls = new Latencies();
  const lifecycle = new Samples();
  const bar = progress('(c) anchoring agreements through the API', count);
  const started = performance.now();
  const until = async (id: string, token: string, done: (body: any) => boolean) => {
    for (;;) {
      const current = await http(calls, 'GET /anchoring-agreements/:id', 'GET', `/anchoring-agreements/${id}`, token);
      if (current.status === 200 && done(current.body)) return;
      await sleep(20);
    }
  };
  await pool(
    count,
    C,
    async (i) => {
      const party = PARTIES[i % PARTIES.length];
      const association = tokenFor({ role: 'association', org: party.association });
      const lead = tokenFor({ role: 'project_lead', territory: party.territory });
      const t0 = performance.now();
      const proposed = await http(calls, 'POST /anchoring-agreements', 'POST', '/anchoring-agreements', lead, {
        associationId: party.association,
        years: 3,
        yearlyAmountCents: 4_000_000,
        startDate: new Date().toISOString(),
        fundingPlan: [
          { funderId: 'funder-etat-93', amountCents: 3_000_000 },
          { funderId: 'funder-caf-93', amountCents: 1_000_000 },
        ],
        coordination: { mode: 'flat', flatAmountCents: 300_000 },
      });
      if (proposed.status !== 201) throw new Error(`POST /anchoring-agreements: ${proposed.status} ${JSON.stringify(proposed.body)}`);
      const id: string = proposed.body.id;
      for (const funderId of ['funder-etat-93', 'funder-caf-93']) {
        const line = await http(
          calls,
          'POST /anchoring-agreements/:id/funding-line/accept',
          'POST',
          `/anchoring-agreements/${id}/funding-line/accept`,
          tokenFor({ role: 'funder', org: funderId }),
        );
        if (line.status !== 200) throw new Error(`funding line: ${line.status} ${JSON.stringify(line.body)}`);
      }
      const accepted = await http(calls, 'POST /anchoring-agreements/:id/accept', 'POST', `/anchoring-agreements/${id}/accept`, association);
      if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      await until(id, association, (body) => body.schedule[0].tranche === 'paid');
      // The association asks; each funder with a line still to come agrees for itself.
      const ending = { mode: 'mutual', reason: 'Fin du banc d’essai' };
      const asked = await http(calls, 'POST /anchoring-agreements/:id/termination', 'POST', `/anchoring-agreements/${id}/termination`, association, ending);
      if (asked.status !== 200) throw new Error(`termination: ${asked.status} ${JSON.stringify(asked.body)}`);
      for (const funderId of (asked.body.termination?.awaiting ?? []) as string[]) {
        const agreed = await http(
          calls,
          'POST /anchoring-agreements/:id/termination',
          'POST',
          `/anchoring-agreements/${id}/termination`,
          tokenFor({ role: 'funder', org: funderId }),
          ending,
        );
        if (agreed.status !== 200) throw new Error(`termination: ${agreed.status} ${JSON.stringify(agreed.body)}`);
      }
      await until(id, association, (body) => body.status === 'terminated');
      lifecycle.add(performance.now() - t0);
    },
    bar.tick,
  );
  const seconds = (performance.now() - started) / 1000;
  bar.done();
  return { agreements: count, concurrency: C, seconds, agreementsPerSecond: count / seconds, lifecycleLatencyMs: lifecycle.summary(), calls: calls.summary() };
}

// ------------------------------------------------------------------ reads at 20 concurrent clients

async function reads(
  grantIds: string[],
): Promise<{ rows: number; clients: number; listGrants: ReturnType<Samples['summary']>; grantState: ReturnType<Samples['summary']> }> {
  const rows = Number(flags['list-rows']);
  const db = new PgClient({ connectionString: env('DATABASE_URL') });
  await db.connect();
  const bar = progress(`filling grants to ${rows}`, 1);
  await db.query(
    `INSERT INTO grants (id, kind, status, title, association_id, territory_id, binome_id, amount_cents, created_at, updated_at, last_seq)
     SELECT 'mg-bench-' || g, 'micro_grant', (ARRAY['awaiting_decisions','paid','closed','rejected','escalated'])[1 + g % 5],
            'Synthetic grant ' || g, (ARRAY['assoc-francs-moisins','assoc-cite-des-savoirs','assoc-jardins-montreuil','assoc-clichy-solidaire'])[1 + g % 4],
            (ARRAY['plaine-commune','paris-terres-d-envol','est-ensemble','grand-paris-grand-est'])[1 + g % 4],
            'binome-plaine-commune', 100 * (1 + g % 3000), now() - g * interval '1 minute', now() - g * interval '1 minute', 1
     FROM generate_series(1, GREATEST($1::int - (SELECT count(*)::int FROM grants), 0)) AS g
     ON CONFLICT (id) DO NOTHING`,
    [rows],
  );
  // What autovacuum does to a table in steady state (PostgreSQL vacuums insert-only tables too): the
  // visibility map lets counts use index-only scans, as they would in production.
  await db.query('VACUUM ANALYZE grants');
  const [{ count }] = (await db.query('SELECT count(*)::int AS count FROM grants')).rows;
  await db.end();
  bar.tick();
  bar.done();
  const clients = Number(flags['read-clients']);
  const requests = Number(flags['read-requests']);
  const auditor = tokenFor({ role: 'auditor' });
  const association = tokenFor({ role: 'association', org: 'assoc-francs-moisins' });
  const lead = tokenFor({ role: 'project_lead', territory: 'est-ensemble' });
  const warmup = Number(flags['read-warmup']);
  const calls = new Latencies();
  /** Warm-up requests first (JIT, pooled connections, caches; not measured), then `requests` measured ones. */
  const phase = async (title: string, job: (i: number, into: Latencies) => Promise<void>): Promise<void> => {
    const unmeasured = new Latencies();
    await pool(
      warmup,
      clients,
      (i) => job(i, unmeasured),
      () => undefined,
    );
    const bar = progress(title, requests);
    await pool(requests, clients, (i) => job(i, calls), bar.tick);
    bar.done();
  };
  await phase(`GET /grants, ${clients} clients`, async (i, into) => {
    const page = 1 + (i % 50);
    const [token, query] = [
      [auditor, `page=${page}&pageSize=20`],
      [auditor, `status=closed&page=${page}`],
      [association, `page=${1 + (i % 5)}`],
      [lead, `kind=micro_grant&page=${page}`],
    ][i % 4];
    const response = await http(into, 'list', 'GET', `/grants?${query}`, token);
    if (response.status !== 200) throw new Error(`GET /grants?${query}: ${response.status}`);
  });
  await phase(`GET /micro-grants/:id, ${clients} clients`, async (i, into) => {
    const response = await http(into, 'state', 'GET', `/micro-grants/${grantIds[i % grantIds.length]}`, auditor);
    if (response.status !== 200) throw new Error(`GET /micro-grants/:id: ${response.status}`);
  });
  const summary = calls.summary();
  return { rows: count, clients, listGrants: summary.list, grantState: summary.state };
}

// ------------------------------------------------------------------ replay speed

interface ReplaySpeed {
  processes: number;
  histories: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** Replays `replay-copies` copies of the recorded histories split over `processes` replay processes (fork of replay-worker). */
async function replaySpeed(processes: number): Promise<ReplaySpeed> {
  const children = Array.from({ length: processes }, (_, index) =>
    fork(join(ROOT, 'dist/bench/src/replay-worker.js'), [], {
      env: { ...process.env, REPLAY_SHARE_INDEX: String(index), REPLAY_SHARE_COUNT: String(processes), REPLAY_COPIES: flags['replay-copies'] },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const message = (child: ChildProcess) =>
    new Promise<unknown>((resolveMessage, reject) => {
      child.once('message', resolveMessage);
      child.once('exit', (code) => reject(new Error(`a replay process exited (${code})`)));
    });
  await Promise.all(children.map(message));
  const bar = progress(`replay of recorded histories, ${processes} process${processes > 1 ? 'es' : ''}`, processes);
  const started = performance.now();
  const done = children.map((child) => message(child).then((result) => (bar.tick(), result as { histories: number; events: number; diverged: string[] })));
  for (const child of children) child.send('go');
  const results = await Promise.all(done);
  const seconds = (performance.now() - started) / 1000;
  bar.done();
  const diverged = results.flatMap((r) => r.diverged);
  if (diverged.length) throw new Error(`recorded histories did not replay deterministically: ${diverged.join(', ')}`);
  const histories = results.reduce((sum, r) => sum + r.histories, 0);
  const events = results.reduce((sum, r) => sum + r.events, 0);
  return { processes, histories, events, seconds, eventsPerSecond: events / seconds };
}

// ------------------------------------------------------------------ replay for auditors

interface AuditorReplay {
  /** POST /grants/:id/replay on ended micro-grants, one at a time: replayed (?force=true), then answered from the kept verdict. */
  http: { grants: number; eventsPerHistory: number; replayedMs: ReturnType<Samples['summary']>; cachedMs: ReturnType<Samples['summary']> };
  /** The largest recorded history replayed again and again in one warm replay process, at Node's default stack trace limit (10) and at 0. */
  warm: { events: number; defaultLimitMs: ReturnType<Samples['summary']>; noStackTracesMs: ReturnType<Samples['summary']>; per1000EventsP95Ms: number };
  /** `replay --all` over an archive of `histories` already verified with this code: nothing replayed. */
  reverify: { histories: number; seconds: number };
}

async function auditorReplay(grantIds: string[]): Promise<AuditorReplay> {
  const count = Math.min(Number(flags['auditor-replays']), grantIds.length);
  const auditor = tokenFor({ role: 'auditor' });
  const calls = new Latencies();
  const bar = progress('(e) replay for auditors', 3 + 2 * count);
  const replay = async (id: string, force: boolean) => {
    const t0 = performance.now();
    const answer = await http(calls, 'POST /grants/:id/replay', 'POST', `/grants/${id}/replay${force ? '?force=true' : ''}`, auditor);
    if (answer.status !== 200 || !answer.body.deterministic)
      throw new Error(`POST /grants/:id/replay: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    bar.tick();
    return { ms: performance.now() - t0, events: answer.body.runs.reduce((sum: number, r: { events: number }) => sum + r.events, 0) as number };
  };
  for (const id of grantIds.slice(0, 3)) await replay(id, true); // the replay process started and warm
  const replayed = new Samples();
  const cached = new Samples();
  let events = 0;
  for (const id of grantIds.slice(0, count)) {
    const r = await replay(id, true);
    replayed.add(r.ms);
    events += r.events;
  }
  for (const id of grantIds.slice(0, count)) cached.add((await replay(id, false)).ms);
  bar.done();

  const dir = join(ROOT, 'test/replay/histories');
  const largest = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as HistoryJson)
    .reduce((a, b) => (b.events.length > a.events.length ? b : a));
  const code = { workflowBundle: { codePath: join(ROOT, 'dist/workflow-bundle.js') } };
  const warmTimes = async (stackTraceLimit: number) => {
    const replayPool = await ReplayPool.load(code, { processes: 1, stackTraceLimit });
    const samples = new Samples();
    try {
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        const [verdict] = await replayPool.replay([{ workflowId: 'largest', history: largest }]);
        if (!verdict.deterministic) throw new Error('the largest recorded history does not replay');
        if (i >= 5) samples.add(performance.now() - t0);
      }
    } finally {
      await replayPool.close();
    }
    return samples.summary();
  };
  const defaultLimitMs = await warmTimes(10);
  const noStackTracesMs = await warmTimes(0);

  // An archive of a national year's histories, all verified already with this code: `replay --all` replays none.
  const histories = Number(flags['reverify-histories']);
  const db = await new DataSource(dataSourceOptions(env('DATABASE_URL'), 2)).initialize();
  const replayPool = await ReplayPool.load(code, { processes: cpus().length });
  try {
    await db.query(
      `INSERT INTO workflow_histories (workflow_id, run_id, workflow_type, status, event_count, history_gzip, sha256)
       SELECT 'bench-reverify-' || i, 'bench-reverify-run-' || i, 'microGrantWorkflow', 'COMPLETED', 124, '\\x00'::bytea, md5('h' || i) || md5('x' || i)
       FROM generate_series(1, $1) AS i`,
      [histories],
    );
    await db.query(
      `INSERT INTO replay_verdicts (history_sha256, bundle_sha256, sdk_version, workflow_id, run_id, events, deterministic, verified_by)
       SELECT md5('h' || i) || md5('x' || i), $2, $3, 'bench-reverify-' || i, 'bench-reverify-run-' || i, 124, true, 'cli' FROM generate_series(1, $1) AS i`,
      [histories, replayPool.identity.bundleSha256, replayPool.identity.sdkVersion],
    );
    const report = await verifyArchive({
      audit: new AuditRepository(db),
      verdicts: new ReplayVerdictRepository(db),
      pool: replayPool,
      verifiedBy: 'cli',
    });
    if (report.replayed !== 0 || report.cached < histories) throw new Error(`re-verification replayed ${report.replayed} histories`);
    return {
      http: { grants: count, eventsPerHistory: events / count, replayedMs: replayed.summary(), cachedMs: cached.summary() },
      warm: { events: largest.events.length, defaultLimitMs, noStackTracesMs, per1000EventsP95Ms: (noStackTracesMs.p95 * 1000) / largest.events.length },
      reverify: { histories: report.histories, seconds: report.seconds },
    };
  } finally {
    await db.query(`DELETE FROM replay_verdicts WHERE workflow_id LIKE 'bench-reverify-%'`);
    await db.query(`DELETE FROM workflow_histories WHERE workflow_id LIKE 'bench-reverify-%'`);
    await replayPool.close();
    await db.destroy();
  }
}

// ------------------------------------------------------------------ report

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`).join('\n');
}

/** A history's size: its events and its workflow tasks (what the worker and the server do per lifecycle). */
async function historySize(client: Client, workflowId: string): Promise<{ events: number; workflowTasks: number }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const completed = events.filter((e) => e.workflowTaskCompletedEventAttributes).length;
  return { events: events.length, workflowTasks: completed };
}

/**
 * `npm run bench -- --capacity`: the micro-grant path at increasing concurrency (`--levels`,
 * 10,20,40,80 by default; six lifecycles per client at each level unless `--lifecycles` says), the
 * bare baseline and the full path side by side, until throughput stops rising; CPU seconds per
 * lifecycle of each process, history events and workflow tasks per lifecycle, and the time a
 * national year would take. Writes capacity-<date>.json and the curve as capacity-<date>.svg.
 */
async function capacity(client: Client): Promise<void> {
  const levels = String(flags.levels)
    .split(',')
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  const runs: { clients: number; baseline: PhaseResult; full: PhaseResult }[] = [];
  for (const clients of levels) {
    const count = flags.lifecycles ? N : 6 * clients;
    const base = await baseline(client, count, clients);
    const full = await fullPath(count, clients);
    runs.push({ clients, baseline: base, full: { ...full, grantIds: undefined } as PhaseResult });
    await sleep(2_000); // the last lifecycles' trailing notifications settle before the next level
  }
  const points: CapacityPoint[] = runs.map((r) => ({
    clients: r.clients,
    baselinePerSecond: r.baseline.lifecyclesPerSecond,
    fullPerSecond: r.full.lifecyclesPerSecond,
  }));
  const baseSat = saturation(points, 'baselinePerSecond');
  const fullSat = saturation(points, 'fullPerSecond');
  const peakRun = runs.find((r) => r.clients === fullSat.clients)!;
  const perLifecycle = (phase: PhaseResult) =>
    Object.fromEntries(Object.entries(phase.cpuSeconds).map(([name, seconds]) => [name, seconds / phase.lifecycles]));
  const sizes = { baseline: await historySize(client, runs[0].baseline.sampleWorkflowId), full: await historySize(client, runs[0].full.sampleWorkflowId) };
  const result = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    levels: runs,
    points,
    saturation: { baseline: baseSat, full: fullSat },
    cpuSecondsPerLifecycle: { baseline: perLifecycle(peakRun.baseline), full: perLifecycle(peakRun.full) },
    history: sizes,
    nationalYear: {
      lifecycles: NATIONAL_YEAR,
      minutes: projectedMinutes(NATIONAL_YEAR, fullSat.peak),
      goalMinutes: 15,
      met: projectedMinutes(NATIONAL_YEAR, fullSat.peak) <= 15,
    },
  };
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stem = join(dir, `capacity-${result.date.replace(/[:.]/g, '-')}`);
  writeFileSync(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${stem}.svg`, capacityChart(points, `Micro-grant lifecycles per second, ${cpus().length} cores`));

  const f = (n: number, digits = 1) => n.toFixed(digits);
  const rows = [['clients', 'baseline /s', 'full path /s', 'full ÷ baseline', 'full path lifecycle p50 / p99 ms']];
  for (const r of runs) {
    rows.push([
      String(r.clients),
      f(r.baseline.lifecyclesPerSecond, 2),
      f(r.full.lifecyclesPerSecond, 2),
      `${f(r.full.lifecyclesPerSecond / r.baseline.lifecyclesPerSecond, 2)}×`,
      `${f(r.full.lifecycleLatencyMs.p50, 0)} / ${f(r.full.lifecycleLatencyMs.p99, 0)}`,
    ]);
  }
  console.log(`\n${table(rows)}\n`);
  console.log(
    `saturation: baseline ${f(baseSat.peak, 2)}/s from ${baseSat.clients} clients; full path ${f(fullSat.peak, 2)}/s from ${fullSat.clients} clients`,
  );
  const cpuRows = [['CPU seconds per lifecycle, at ' + `${fullSat.clients} clients`, 'baseline', 'full path']];
  const names = [...new Set([...Object.keys(result.cpuSecondsPerLifecycle.baseline), ...Object.keys(result.cpuSecondsPerLifecycle.full)])];
  for (const name of names) {
    const b = result.cpuSecondsPerLifecycle.baseline[name];
    const u = result.cpuSecondsPerLifecycle.full[name];
    cpuRows.push([name, b === undefined ? '' : f(b, 3), u === undefined ? '' : f(u, 3)]);
  }
  console.log(`\n${table(cpuRows)}\n`);
  console.log(
    `history per lifecycle: baseline ${sizes.baseline.events} events, ${sizes.baseline.workflowTasks} workflow tasks; full path ${sizes.full.events} events, ${sizes.full.workflowTasks} workflow tasks`,
  );
  console.log(
    `${NATIONAL_YEAR.toLocaleString('en-GB')} lifecycles at ${f(fullSat.peak, 2)}/s: ${f(result.nationalYear.minutes, 0)} minutes (goal ≤ 15: ${result.nationalYear.met ? 'met' : 'MISSED'})`,
  );
  console.log(`\nresult: ${stem}.json, the curve: ${stem}.svg`);
}

async function main(): Promise<void> {
  const connection = await Connection.connect({ address: env('TEMPORAL_ADDRESS') });
  const client = new Client({ connection });
  await issueApiKeys();
  if (flags.capacity) {
    process.stderr.write(`capacity: micro-grant lifecycles at ${flags.levels} concurrent clients, on ${cpus().length} cores\n`);
    await capacity(client);
    await connection.close();
    agent.destroy();
    return;
  }
  process.stderr.write(`benchmark: ${N} lifecycles, ${C} concurrent clients, on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB\n`);
  const base = await baseline(client);
  const full = await fullPath();
  await sleep(3_000); // the last lifecycles' trailing notifications settle: reads are measured on a quiet stack
  const read = await reads(full.grantIds);
  const anchoring = await agreements();
  // Last of the lifecycle phases: the reads and the agreements above ran with one worker, as always.
  const twoWorkers = await withSecondWorker(() => fullPath(N, C, 'the same with a second worker'));
  const processes = Math.max(1, Number(flags['replay-processes']));
  const replaySingle = await replaySpeed(1);
  const replay = processes > 1 ? await replaySpeed(processes) : replaySingle;
  const auditor = await auditorReplay(full.grantIds);
  await connection.close();
  agent.destroy();

  const ratio = full.lifecyclesPerSecond / base.lifecyclesPerSecond;
  /** A national year's histories (30,000, of the recorded histories' mean length) verified at the parallel replay rate. */
  const nationalArchiveMinutes = (NATIONAL_YEAR * (replay.events / replay.histories)) / replay.eventsPerSecond / 60;
  const result = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    settings: { lifecycles: N, concurrency: C, readClients: read.clients, listRows: read.rows },
    baseline: base,
    full: { ...full, grantIds: undefined },
    ratio,
    twoWorkers: { ...twoWorkers, grantIds: undefined, ratioToOneWorker: twoWorkers.lifecyclesPerSecond / full.lifecyclesPerSecond },
    agreements: anchoring,
    reads: read,
    replay: { single: replaySingle, parallel: replay },
    auditorReplay: auditor,
    nationalArchiveMinutes,
    goals: {
      'full path ≥ 0.5× baseline': ratio >= 0.5,
      'read p99 ≤ 100 ms at 20 clients (list)': read.listGrants.p99 <= 100,
      'read p99 ≤ 100 ms at 20 clients (a grant)': read.grantState.p99 <= 100,
      'replay ≥ 20,000 events/s': replay.eventsPerSecond >= 20_000,
      'replay of a 1,000-event history ≤ 100 ms at p95, warm': auditor.warm.per1000EventsP95Ms <= 100,
      "a national year's archive verified ≤ 10 minutes": nationalArchiveMinutes <= 10,
      'a national year re-verified with unchanged code < 1 minute': auditor.reverify.seconds < 60,
    },
  };
  const dir = join(ROOT, 'bench-results');
  const previous = previousRun(dir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  const f = (n: number, digits = 1) => n.toFixed(digits);
  const lat = (s: { p50: number; p95: number; p99: number }) => `${f(s.p50)} / ${f(s.p95)} / ${f(s.p99)}`;
  const rows: string[][] = [['measure', 'baseline (bare Temporal)', 'full path (API + PostgreSQL)']];
  rows.push(['lifecycles per second', f(base.lifecyclesPerSecond, 2), `${f(full.lifecyclesPerSecond, 2)} (${f(ratio, 2)}×)`]);
  rows.push(['lifecycle latency p50 / p95 / p99 ms', lat(base.lifecycleLatencyMs), lat(full.lifecycleLatencyMs)]);
  const baseCalls = Object.entries(base.calls);
  const fullCalls = Object.entries(full.calls);
  for (let i = 0; i < Math.max(baseCalls.length, fullCalls.length); i++) {
    const b = baseCalls[i];
    const u = fullCalls[i];
    rows.push([`call ${i + 1} p50 / p95 / p99 ms`, b ? `${b[0]}: ${lat(b[1])}` : '', u ? `${u[0]}: ${lat(u[1])}` : '']);
  }
  rows.push([
    'full path, two workers: lifecycles per second',
    '',
    `${f(twoWorkers.lifecyclesPerSecond, 2)} (${f(twoWorkers.lifecyclesPerSecond / full.lifecyclesPerSecond, 2)}× one worker)`,
  ]);
  rows.push(['peak RSS MB', `worker ${base.peakRssMb.worker ?? '?'}`, `worker ${full.peakRssMb.worker ?? '?'}, api ${full.peakRssMb.api ?? '?'}`]);
  console.log(`\n${table(rows)}\n`);
  console.log(
    table([
      [
        `anchoring agreements, ${anchoring.concurrency} clients`,
        `${anchoring.agreements} in ${f(anchoring.seconds, 1)} s = ${f(anchoring.agreementsPerSecond, 2)} per second`,
      ],
      ['agreement latency p50 / p95 / p99 ms (propose → terminated)', lat(anchoring.lifecycleLatencyMs)],
      ...Object.entries(anchoring.calls).map(([name, s]) => [`${name} p50 / p95 / p99 ms`, lat(s)]),
    ]),
  );
  console.log('');
  console.log(
    table([
      ['reads, ' + `${read.clients} clients, ${read.rows} grants`, 'p50 / p95 / p99 ms'],
      ['GET /grants (read model)', lat(read.listGrants)],
      ['GET /micro-grants/:id (ended lifecycles)', lat(read.grantState)],
    ]),
  );
  for (const r of processes > 1 ? [replaySingle, replay] : [replay]) {
    console.log(
      `${r === replaySingle ? '\n' : ''}replay, ${r.processes} process${r.processes > 1 ? 'es' : ''}: ${r.events} events of ${r.histories} histories in ${f(r.seconds, 2)} s = ${Math.round(r.eventsPerSecond)} events/s (prebuilt bundle)`,
    );
  }
  console.log('');
  console.log(
    table([
      ['replay for auditors', 'p50 / p95 / p99 ms'],
      [`POST /grants/:id/replay, replayed (${f(auditor.http.eventsPerHistory, 0)} events)`, lat(auditor.http.replayedMs)],
      ['POST /grants/:id/replay, verdict already kept', lat(auditor.http.cachedMs)],
      [`warm replay process, ${auditor.warm.events} events, --stack-trace-limit=10 (Node's default)`, lat(auditor.warm.defaultLimitMs)],
      [`warm replay process, ${auditor.warm.events} events, --stack-trace-limit=0`, lat(auditor.warm.noStackTracesMs)],
    ]),
  );
  console.log(
    `per 1,000 events (p95, --stack-trace-limit=0): ${f(auditor.warm.per1000EventsP95Ms, 0)} ms; a national year's archive (${NATIONAL_YEAR.toLocaleString('en-GB')} histories of ${f(replay.events / replay.histories, 0)} events) verified in ${f(result.nationalArchiveMinutes, 1)} min at ${Math.round(replay.eventsPerSecond)} events/s; re-verified with unchanged code in ${f(auditor.reverify.seconds, 1)} s (${auditor.reverify.histories.toLocaleString('en-GB')} histories, none replayed)`,
  );
  for (const [goal, met] of Object.entries(result.goals)) console.log(`${met ? 'met    ' : 'MISSED '} ${goal}`);
  if (previous) console.log(`\n${describeComparison(previous.file, compareRuns(previous.result, result))}`);
  console.log(`\nresult: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
