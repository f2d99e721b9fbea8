import { randomUUID } from 'node:crypto';
import { ApiResponse, TestStack } from '../support/stack';
import { ownTerritory, Territory } from '../support/territory';

/**
 * More than one process of each kind: two API processes and two workers against the same Temporal
 * and PostgreSQL, on one task queue, the load split across both APIs. The invariants are the fault
 * suite's: the envelope never over-committed, one payment order per grant, and one lifecycle per
 * Idempotency-Key even when the same request reaches both APIs at once. (Caches kept per process,
 * the accounts', are tested across two APIs in test/integration/auth.spec.ts.)
 */
const first = new TestStack();
const second = new TestStack();
const apis = [first, second];
const REQUESTS = 30;
const AMOUNT = 100_000; // 1,000 €
const ENVELOPE = 20 * AMOUNT; // room for 20 of the 30
let territory: Territory;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends until the API answers below 500, as a client with a retry policy does. */
async function send(stack: TestStack, method: string, path: string, options: Parameters<TestStack['request']>[2]): Promise<ApiResponse> {
  for (let attempt = 1; ; attempt++) {
    const response = await stack.request(method, path, options).catch(() => undefined);
    if (response && response.status < 500) return response;
    if (attempt === 20) throw new Error(`${method} ${path}: ${response ? `HTTP ${response.status}` : 'no answer'}`);
    await sleep(300);
  }
}

const association = (n: number) => territory.associations[n % 2].id;
const tokenOf = (stack: TestStack, n: number) => stack.token({ role: 'association', org: association(n), sub: `user-${association(n)}` });
const member = (stack: TestStack, role: 'project_lead' | 'prefect_delegate') =>
  stack.token({ role, territory: territory.id, sub: `${role === 'project_lead' ? 'pl' : 'pd'}-${territory.id}` });

beforeAll(async () => {
  // Two workers polling the same task queue, two APIs: each stack starts one of each.
  await first.start();
  await second.start();
  territory = await ownTerritory(first, `scale-${randomUUID().slice(0, 8)}`);
  // An envelope with room for 20 requests of the 30, no fair-use cap below it: only the envelope limits.
  await first.db.query('UPDATE binomes SET envelope_total_cents = $2, association_cap_cents = $2 WHERE id = $1', [territory.binomeId, ENVELOPE]);
}, 240_000);

afterAll(async () => {
  await Promise.all(apis.map((stack) => stack.stop()));
});

describe('two API processes and two workers', () => {
  it('never over-commit the envelope and order one payment per grant, the load split across both', async () => {
    // 30 requests at once, every other one through each API: 20 reserved, 10 escalated (the envelope is spent).
    const created = await Promise.all(
      Array.from({ length: REQUESTS }, (_, n) =>
        send(apis[n % 2], 'POST', '/micro-grants', {
          token: tokenOf(apis[n % 2], n),
          headers: { 'Idempotency-Key': `scale-${territory.id}-${n}` },
          body: { binomeId: territory.binomeId, title: `Action ${n}`, purpose: 'Atelier de quartier', amountCents: AMOUNT },
        }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(REQUESTS).fill(201));
    const reserved = created.filter((r) => r.body.status === 'awaiting_decisions').map((r) => r.body.id as string);
    const escalated = created.filter((r) => r.body.status === 'escalated');
    expect(reserved).toHaveLength(20);
    expect(escalated).toHaveLength(10);

    // Both members approve each, the project lead through one API and the prefect's delegate through the other.
    await Promise.all(
      reserved.flatMap((id, n) => [
        send(apis[n % 2], 'POST', `/micro-grants/${id}/decisions`, { token: member(apis[n % 2], 'project_lead'), body: { decision: 'approve' } }),
        send(apis[(n + 1) % 2], 'POST', `/micro-grants/${id}/decisions`, {
          token: member(apis[(n + 1) % 2], 'prefect_delegate'),
          body: { decision: 'approve' },
        }),
      ]),
    );
    await first.eventually(
      () => first.count(`SELECT 1 FROM grants WHERE id = ANY($1) AND status = 'paid'`, [reserved]),
      (paid) => paid === reserved.length,
      120_000,
    );

    // One payment order per grant, and the envelope never over-committed, as either API reads it.
    const orders = await first.db.query(
      'SELECT grant_id, count(*)::int AS n, sum(amount_cents)::int AS cents FROM payment_orders WHERE grant_id = ANY($1) GROUP BY grant_id',
      [[...reserved, ...escalated.map((r) => r.body.id)]],
    );
    expect(orders).toHaveLength(reserved.length);
    expect(orders.every((o: { n: number; cents: number }) => o.n === 1 && o.cents === AMOUNT)).toBe(true);
    const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date()));
    for (const stack of apis) {
      const auditor = stack.token({ role: 'auditor', sub: 'auditor-scale-out' });
      const envelope = await send(stack, 'GET', `/binomes/${territory.binomeId}/envelopes/${year}`, { token: auditor });
      expect(envelope.body).toMatchObject({ totalCents: ENVELOPE, committedCents: ENVELOPE, reservedCents: 0, availableCents: 0 });
    }

    // Both workers served the lifecycles (a worker's identity is on each workflow task it completed).
    const identities = new Set<string>();
    for (const id of reserved) {
      const history = await first.client.workflow.getHandle(id).fetchHistory();
      for (const event of history.events ?? []) {
        const identity = event.workflowTaskCompletedEventAttributes?.identity;
        if (identity) identities.add(identity);
      }
    }
    expect(identities.size).toBe(2);
  });

  it('starts one lifecycle for one Idempotency-Key sent to both APIs at once', async () => {
    for (let n = 0; n < 10; n++) {
      const key = `race-${territory.id}-${n}`;
      const body = { binomeId: territory.binomeId, title: `Course ${n}`, purpose: 'Deux fois la même demande', amountCents: 1_000 };
      const answers = await Promise.all(
        apis.map((stack) => stack.request('POST', '/micro-grants', { token: tokenOf(stack, 0), headers: { 'Idempotency-Key': key }, body })),
      );
      // The same lifecycle answered twice, or the second refused while the first is under way.
      for (const answer of answers) expect([201, 409]).toContain(answer.status);
      const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
      expect(ids.size).toBe(1);
      expect(await first.count(`SELECT 1 FROM grants WHERE title = $1 AND association_id = $2`, [`Course ${n}`, association(0)])).toBe(1);
    }
  });
});
