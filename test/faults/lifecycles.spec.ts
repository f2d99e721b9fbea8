import { randomUUID } from 'node:crypto';
import { ApiResponse, TestStack } from '../support/stack';
import { startPostgres, startTemporal, stopPostgres, stopRestartedTemporal, stopTemporal } from '../support/services';

/**
 * Faults with 100 micro-grant lifecycles in flight, and multi-year anchoring agreements crossing a
 * year boundary (a year lasts 15 s here: their tranches and coordination are ordered while the
 * fault lasts). Each scenario ends with every lifecycle closed or advanced, exactly one payment
 * order per approved grant, and one per agreement, year and funder. Clients behave as real ones:
 * they retry on 5xx and on refused connections, and a decision or report that a retry finds
 * already recorded (409) is done.
 */
const YEAR_MS = 15_000;
const stack = new TestStack({
  ANCHORING_YEAR: `${YEAR_MS}ms`,
  ANCHORING_REPORT_DUE: '5m',
  ANCHORING_REPORT_REMINDERS: '2m,1m',
  ANCHORING_ACCEPTANCE_DELAY: '5m',
  ANCHORING_TERMINATION_NOTICE: '2s',
});
const LIFECYCLES = 100;
const AGREEMENTS = 4;

const PARTIES = [
  { territory: 'plaine-commune', association: 'assoc-francs-moisins' },
  { territory: 'paris-terres-d-envol', association: 'assoc-cite-des-savoirs' },
  { territory: 'est-ensemble', association: 'assoc-jardins-montreuil' },
];

interface Lifecycle {
  key: string;
  id: string;
  territory: string;
  association: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function say(line: string): void {
  process.stdout.write(`  [faults] ${line}\n`);
}

/** Sends until the API answers below 500, as a client with a retry policy does. */
async function send(method: string, path: string, options: Parameters<TestStack['request']>[2], timeoutMs = 180_000): Promise<ApiResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await stack.request(method, path, options);
      if (response.status < 500) return response;
    } catch {
      // connection refused or reset: the API is restarting
    }
    if (Date.now() > deadline) throw new Error(`${method} ${path} never succeeded`);
    await sleep(300);
  }
}

/**
 * The API's answer, whatever its status: a request the socket lost (a kept-alive connection closed
 * as it was reused, under the load of the lifecycles in flight) is sent again, and said.
 */
async function answered(method: string, path: string): Promise<ApiResponse> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await stack.request(method, path);
    } catch (error) {
      say(`${method} ${path} not answered (attempt ${attempt}): ${(error as Error).message}`);
      if (attempt === 5) throw error;
      await sleep(500);
    }
  }
}

const associationToken = (association: string) => stack.token({ role: 'association', org: association, sub: `user-${association}` });
const funderToken = (funderId: string) => stack.token({ role: 'funder', org: funderId, sub: `user-${funderId}` });
const binomeToken = (role: 'project_lead' | 'prefect_delegate', territory: string) => stack.token({ role, territory, sub: `${role}-${territory}` });
const auditor = () => stack.token({ role: 'auditor', sub: 'auditor-faults' });

async function request(label: string, i: number): Promise<Lifecycle> {
  const party = PARTIES[i % PARTIES.length];
  const key = `${label}-${i}-${randomUUID()}`;
  const created = await send('POST', '/micro-grants', {
    token: associationToken(party.association),
    headers: { 'Idempotency-Key': key },
    body: { binomeId: `binome-${party.territory}`, title: `${label} ${i}`, purpose: 'Atelier de quartier', amountCents: 1_000 },
  });
  expect(created.status).toBe(201);
  return { key, id: created.body.id, territory: party.territory, association: party.association };
}

async function decide(life: Lifecycle, role: 'project_lead' | 'prefect_delegate'): Promise<void> {
  await waitFor(life, (s) => s !== 'requested');
  const response = await send('POST', `/micro-grants/${life.id}/decisions`, { token: binomeToken(role, life.territory), body: { decision: 'approve' } });
  // 409: a retry whose first attempt was recorded before the fault.
  expect([200, 409]).toContain(response.status);
}

/** The status each lifecycle was last read in, and those done: said while a scenario waits, so that a hang names what hangs. */
const lastSeen = new Map<string, string>();
const finished = new Set<string>();

/** Resolves as `rest` does; meanwhile, every 30 s, says what is still under way and where it was last seen. */
async function watched(label: string, ids: string[], rest: Promise<void>): Promise<void> {
  const timer = setInterval(() => {
    const open = ids.filter((id) => !finished.has(id));
    const seen = open.slice(0, 6).map((id) => `${id} (${lastSeen.get(id) ?? 'not read yet'})`);
    if (open.length) say(`${label}: ${open.length} of ${ids.length} not done yet, e.g. ${seen.join(', ')}`);
  }, 30_000);
  try {
    await rest;
  } finally {
    clearInterval(timer);
  }
}

async function waitFor(life: Lifecycle, done: (status: string) => boolean): Promise<void> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const response = await send('GET', `/micro-grants/${life.id}`, { token: auditor() });
    lastSeen.set(life.id, response.status === 200 ? response.body.status : `HTTP ${response.status}`);
    if (response.status === 200 && done(response.body.status)) return;
    if (Date.now() > deadline) throw new Error(`${life.id} stuck in ${response.body?.status}`);
    await sleep(250);
  }
}

async function finish(life: Lifecycle): Promise<void> {
  await decide(life, 'prefect_delegate');
  await waitFor(life, (s) => s === 'paid' || s === 'closed');
  const report = await send('POST', `/micro-grants/${life.id}/report`, { token: associationToken(life.association), body: { summary: 'Fait.' } });
  expect([200, 409]).toContain(report.status);
  await waitFor(life, (s) => s === 'closed');
  lastSeen.set(life.id, 'closed in its workflow, not yet in the read model');
  await waitForClosedInReadModel(life.id);
  finished.add(life.id);
}

/**
 * The workflow's state says closed as the report is taken; its event reaches the log and the read
 * model a moment later (later still when the append was retrying through an outage).
 */
async function waitForClosedInReadModel(id: string): Promise<void> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const closed = await stack.count(`SELECT 1 FROM grants WHERE id = $1 AND status = 'closed'`, [id]).catch(() => 0);
    if (closed === 1) return;
    if (Date.now() > deadline) throw new Error(`${id} closed in its workflow but never in the read model`);
    await sleep(250);
  }
}

// ---- anchoring agreements: tranches and coordination ordered across the fault

const lead = () => stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' });
const AGREEMENT_ASSOCIATIONS = ['assoc-jardins-montreuil', 'assoc-bondy-culture'];

/** Proposes an agreement (Idempotency-Key: a retry after a fault is the same agreement) and has its association accept it. */
async function proposeAgreement(label: string, i: number): Promise<{ key: string; id: string; association: string; body: object }> {
  const association = AGREEMENT_ASSOCIATIONS[i % AGREEMENT_ASSOCIATIONS.length];
  const key = `${label}-agreement-${i}-${randomUUID()}`;
  const body = agreementTerms(association);
  const proposed = await send('POST', '/anchoring-agreements', { token: lead(), headers: { 'Idempotency-Key': key }, body });
  expect(proposed.status).toBe(201);
  return { key, id: proposed.body.id, association, body };
}

function agreementTerms(association: string) {
  return {
    associationId: association,
    years: 2,
    yearlyAmountCents: 4_000_000,
    startDate: new Date().toISOString(),
    fundingPlan: [
      { funderId: 'funder-etat-93', amountCents: 3_000_000 },
      { funderId: 'funder-caf-93', amountCents: 1_000_000 },
    ],
    coordination: { mode: 'flat', flatAmountCents: 300_000 },
  };
}

/** Each funder accepts its own line, then the association: the agreement is signed (a repeat after a fault: 409). */
async function accept(agreement: { id: string; association: string }): Promise<void> {
  for (const funderId of ['funder-etat-93', 'funder-caf-93']) {
    const line = await send('POST', `/anchoring-agreements/${agreement.id}/funding-line/accept`, { token: funderToken(funderId) });
    expect([200, 409]).toContain(line.status);
  }
  const accepted = await send('POST', `/anchoring-agreements/${agreement.id}/accept`, { token: associationToken(agreement.association) });
  expect([200, 409]).toContain(accepted.status);
}

/** Year 2 begun: its tranches ordered, and year 1's coordination paid. */
async function waitForYearTwo(id: string): Promise<void> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const response = await send('GET', `/anchoring-agreements/${id}`, { token: auditor() });
    const schedule = response.body?.schedule;
    // The state says paid as the tranche is ordered; its events are in the log a moment later.
    // (PostgreSQL may be down in the outage test: not yet, then.)
    const recorded = await stack
      .count(
        `SELECT 1 FROM grant_events WHERE grant_id = $1 AND ((type = 'OperatingTrancheOrdered' AND payload->>'year' = '2') OR (type = 'CoordinationCompensationOrdered' AND payload->>'year' = '1'))`,
        [id],
      )
      .catch(() => 0);
    lastSeen.set(id, `year 2 tranche ${schedule?.[1]?.tranche}, year 1 coordination ${schedule?.[0]?.coordination?.status}, ${recorded} of 2 events logged`);
    if (response.status === 200 && schedule?.[1]?.tranche === 'paid' && schedule?.[0]?.coordination?.status === 'paid' && recorded === 2) {
      finished.add(id);
      return;
    }
    if (Date.now() > deadline) throw new Error(`${id} did not reach year 2: ${JSON.stringify(response.body)}`);
    await sleep(250);
  }
}

type Agreement = { id: string; association: string };

async function agreementsInFlight(label: string): Promise<{ agreements: Agreement[]; rest: Promise<void> }> {
  const agreements = await Promise.all(Array.from({ length: AGREEMENTS }, (_, i) => proposeAgreement(label, i)));
  await Promise.all(agreements.map(accept));
  say(`${label}: ${agreements.length} two-year anchoring agreements accepted; year 2 begins in ${YEAR_MS / 1000} s`);
  return { agreements, rest: Promise.all(agreements.map((a) => waitForYearTwo(a.id))).then(() => undefined) };
}

async function checkAgreements(label: string, agreements: Agreement[]): Promise<void> {
  const ids = agreements.map((a) => a.id);
  const orders: { grant_id: string; key: string; funder: string | null; amount: number }[] = await stack.db.query(
    `SELECT grant_id, order_key AS key, funder_id AS funder, amount_cents::int AS amount FROM payment_orders WHERE grant_id = ANY($1) ORDER BY grant_id, order_key`,
    [ids],
  );
  for (const id of ids) {
    const mine = orders.filter((o) => o.grant_id === id && /:(tranche:[12]|coordination:1)(:|$)/.test(o.key));
    expect(mine.map((o) => [o.key.slice(id.length + 1), o.funder, o.amount])).toEqual([
      ['coordination:1', null, 300_000],
      ['tranche:1:funder-caf-93', 'funder-caf-93', 1_000_000],
      ['tranche:1:funder-etat-93', 'funder-etat-93', 3_000_000],
      ['tranche:2:funder-caf-93', 'funder-caf-93', 1_000_000],
      ['tranche:2:funder-etat-93', 'funder-etat-93', 3_000_000],
    ]);
    const ordered: { year: number }[] = await stack.db.query(
      `SELECT (payload->>'year')::int AS year FROM grant_events WHERE grant_id = $1 AND type = 'OperatingTrancheOrdered' ORDER BY seq`,
      [id],
    );
    expect(ordered.map((e) => e.year).slice(0, 2)).toEqual([1, 2]);
    expect(new Set(ordered.map((e) => e.year)).size).toBe(ordered.length);
    expect((await stack.request('GET', `/grants/${id}/verify`, { token: auditor() })).body).toMatchObject({ valid: true });
  }
  // Ended by mutual agreement, so that nothing of them runs on into the next scenario.
  await Promise.all(
    agreements.map(async ({ id, association }) => {
      // The association asks; each funder with a line still to come agrees for itself.
      const asked = await send('POST', `/anchoring-agreements/${id}/termination`, {
        token: associationToken(association),
        body: { mode: 'mutual', reason: 'Fin du scénario' },
      });
      expect(asked.status).toBe(200);
      for (const funderId of (asked.body.termination?.awaiting ?? []) as string[]) {
        const agreed = await send('POST', `/anchoring-agreements/${id}/termination`, {
          token: funderToken(funderId),
          body: { mode: 'mutual', reason: 'Fin du scénario' },
        });
        expect(agreed.status).toBe(200);
      }
    }),
  );
  say(
    `${label}: checked ${ids.length} agreements: ${orders.length} payment orders, one per agreement, year and funder (and year 1's coordination), each tranche event once, intact chains`,
  );
}

/**
 * Agreements accepted, then 100 lifecycles requested and half-decided: the fault comes while the
 * second decisions are in flight and before the agreements' second year begins.
 */
async function inFlight(label: string): Promise<{ lives: Lifecycle[]; agreements: Agreement[]; rest: Promise<void> }> {
  const { agreements, rest: agreementsRest } = await agreementsInFlight(label);
  const lives = await Promise.all(Array.from({ length: LIFECYCLES }, (_, i) => request(label, i)));
  await Promise.all(lives.map((life) => decide(life, 'project_lead')));
  say(`${label}: ${lives.length} lifecycles requested and approved by the project lead; second decisions in flight`);
  const ids = [...lives.map((l) => l.id), ...agreements.map((a) => a.id)];
  return {
    lives,
    agreements,
    rest: watched(
      label,
      ids,
      Promise.all([...lives.map(finish), agreementsRest]).then(() => undefined),
    ),
  };
}

async function checkNothingLostOrPaidTwice(label: string, lives: Lifecycle[]): Promise<void> {
  const ids = lives.map((l) => l.id);
  expect(new Set(ids).size).toBe(LIFECYCLES);
  const closed = await stack.count(`SELECT 1 FROM grants WHERE id = ANY($1) AND status = 'closed'`, [ids]);
  const orders: { grant_id: string; n: number }[] = await stack.db.query(
    'SELECT grant_id, count(*)::int AS n FROM payment_orders WHERE grant_id = ANY($1) GROUP BY grant_id',
    [ids],
  );
  const paymentEvents = await stack.count(`SELECT 1 FROM grant_events WHERE grant_id = ANY($1) AND type = 'PaymentOrdered'`, [ids]);
  const requested = await stack.count(`SELECT 1 FROM grant_events WHERE grant_id = ANY($1) AND type = 'MicroGrantRequested'`, [ids]);
  expect(closed).toBe(LIFECYCLES);
  expect(orders).toHaveLength(LIFECYCLES);
  expect(orders.every((o) => o.n === 1)).toBe(true);
  expect(paymentEvents).toBe(LIFECYCLES);
  expect(requested).toBe(LIFECYCLES);
  for (const id of ids.slice(0, 10)) {
    expect((await stack.request('GET', `/grants/${id}/verify`, { token: auditor() })).body).toMatchObject({ valid: true });
  }
  say(`${label}: checked ${closed} closed, ${orders.length} payment orders (one each), ${paymentEvents} PaymentOrdered events, intact event chains`);
}

beforeAll(async () => {
  await stack.start();
});

afterAll(async () => {
  await stack.stop();
  await stopRestartedTemporal();
});

describe('nothing is lost or paid twice', () => {
  it('survives the worker killed with SIGKILL, twice, and restarted', async () => {
    const { lives, agreements, rest } = await inFlight('worker-kill');
    await sleep(300);
    await stack.worker!.kill('SIGKILL');
    say('worker-kill: worker killed (SIGKILL); restarting');
    await stack.startWorker();
    say('worker-kill: worker back');
    await sleep(1500);
    await stack.worker!.kill('SIGKILL');
    say('worker-kill: worker killed again (SIGKILL); restarting');
    await stack.startWorker();
    say('worker-kill: worker back');
    await rest;
    await checkNothingLostOrPaidTwice('worker-kill', lives);
    await checkAgreements('worker-kill', agreements);
  });

  it('survives the Temporal dev server stopped and restarted on the same SQLite file', async () => {
    const { lives, agreements, rest } = await inFlight('temporal-restart');
    await sleep(300);
    await stopTemporal();
    say('temporal-restart: Temporal dev server stopped');
    await sleep(2000);
    await startTemporal();
    say('temporal-restart: Temporal dev server started again on the same SQLite file');
    await rest;
    await checkNothingLostOrPaidTwice('temporal-restart', lives);
    await checkAgreements('temporal-restart', agreements);
  });

  it('survives PostgreSQL stopped for 20 s and restarted (activities retry, nothing is duplicated)', async () => {
    const { lives, agreements, rest } = await inFlight('postgres-outage');
    await sleep(300);
    stopPostgres();
    say('postgres-outage: PostgreSQL stopped');
    try {
      const health = await answered('GET', '/health');
      expect(health).toMatchObject({ status: 503, body: { postgres: 'down' } });
      await sleep(20_000);
    } finally {
      // Whatever happened, the next scenarios need PostgreSQL.
      startPostgres();
    }
    say('postgres-outage: PostgreSQL started again after 20 s');
    await rest;
    await checkNothingLostOrPaidTwice('postgres-outage', lives);
    await checkAgreements('postgres-outage', agreements);
  });

  it('starts one lifecycle per Idempotency-Key while the API is killed and restarted under retrying clients', async () => {
    const label = 'api-restart';
    const requests = Promise.all(Array.from({ length: LIFECYCLES }, (_, i) => request(label, i)));
    const proposals = Promise.all(Array.from({ length: AGREEMENTS }, (_, i) => proposeAgreement(label, i)));
    await sleep(150);
    await stack.api!.kill('SIGKILL');
    say(
      `api-restart: API killed (SIGKILL) while ${LIFECYCLES} micro-grant requests and ${AGREEMENTS} agreement proposals with Idempotency-Keys were in flight; restarting`,
    );
    await stack.startApi();
    const lives = await requests;
    const agreements = await proposals;
    const proposedAgain = await Promise.all(
      agreements.map((a) => send('POST', '/anchoring-agreements', { token: lead(), headers: { 'Idempotency-Key': a.key }, body: a.body })),
    );
    expect(proposedAgain.map((r) => r.body.id)).toEqual(agreements.map((a) => a.id));
    expect(await stack.count(`SELECT 1 FROM grants WHERE id = ANY($1)`, [agreements.map((a) => a.id)])).toBe(AGREEMENTS);
    await Promise.all(agreements.map(accept));
    // Each key again, after the restart: the same lifecycle comes back.
    const again = await Promise.all(
      lives.map((life) =>
        send('POST', '/micro-grants', {
          token: associationToken(life.association),
          headers: { 'Idempotency-Key': life.key },
          body: { binomeId: `binome-${life.territory}`, title: `${label} ${lives.indexOf(life)}`, purpose: 'Atelier de quartier', amountCents: 1_000 },
        }),
      ),
    );
    expect(again.map((r) => r.body.id)).toEqual(lives.map((l) => l.id));
    await Promise.all(lives.map((life) => decide(life, 'project_lead')));
    const ids = [...lives.map((l) => l.id), ...agreements.map((a) => a.id)];
    await watched(
      label,
      ids,
      Promise.all([...lives.map(finish), ...agreements.map((a) => waitForYearTwo(a.id))]).then(() => undefined),
    );
    await checkNothingLostOrPaidTwice(label, lives);
    await checkAgreements(label, agreements);
  });
});
