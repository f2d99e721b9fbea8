import { Webhook } from 'standardwebhooks';
import { IncomingMessage, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { recordHistory } from '../support/histories';
import { SmtpListener } from '../support/smtp';
import { TestStack } from '../support/stack';
import { parseKeyRing, seal } from '@grants/webhooks/secret-box';

/** A real SMTP listener and a real webhook receiver, started by the test. */
const smtp = new SmtpListener();
const inbox = smtp.inbox;

interface Received {
  id: string;
  type: string;
  status: number;
  signatureValid: boolean;
  body: { id: string; type: string; streamId: string; data: Record<string, unknown> };
}

/**
 * The receiver verifies each signature with the secret it was given, as the README shows, and
 * answers as the test tells it: per delivery id, a number of failures first, or a delay.
 */
class Receiver {
  secret = '';
  /** Secrets of other endpoints delivering here (another organisation's). */
  readonly otherSecrets: string[] = [];
  readonly received: Received[] = [];
  readonly failFirst = new Map<string, number>();
  failNextOfType = new Map<string, number>();
  holdMs = 0;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req).then(([status]) => res.writeHead(status).end()));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A delivery is processed once: the first 2xx answer for its id. */
  accepted(type?: string): Received[] {
    const seen = new Set<string>();
    return this.received.filter((r) => r.status === 200 && r.signatureValid && (!type || r.type === type) && !seen.has(r.id) && seen.add(r.id));
  }

  private async handle(req: IncomingMessage): Promise<[number]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const id = String(req.headers['webhook-id']);
    // Verified as any receiver would, with the reference Standard Webhooks library (signature and freshness).
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    const signatureValid = [this.secret, ...this.otherSecrets].some((secret) => {
      try {
        new Webhook(secret).verify(raw, headers);
        return true;
      } catch {
        return false;
      }
    });
    const body = JSON.parse(raw) as Received['body'];
    if (this.holdMs) await new Promise((r) => setTimeout(r, this.holdMs));
    const typeFailures = this.failNextOfType.get(body.type) ?? 0;
    if (typeFailures > 0 && !this.failFirst.has(id)) {
      this.failFirst.set(id, typeFailures);
      this.failNextOfType.delete(body.type);
    }
    const remaining = this.failFirst.get(id) ?? 0;
    const status = !signatureValid ? 401 : remaining > 0 ? 500 : 200;
    if (remaining > 0) this.failFirst.set(id, remaining - 1);
    this.received.push({ id, type: body.type, status, signatureValid, body });
    return [status];
  }
}

const receiver = new Receiver();
let stack: TestStack;
const ORG = 'assoc-jardins-montreuil';
const association = () => stack.token({ role: 'association', org: ORG, sub: `user-${ORG}` });
const binome = () => [
  stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
  stack.token({ role: 'prefect_delegate', territory: 'est-ensemble', sub: 'pd-est-ensemble' }),
];

async function requestGrant(title: string): Promise<string> {
  const created = await stack.request('POST', '/micro-grants', {
    token: association(),
    body: { binomeId: 'binome-est-ensemble', title, purpose: 'Graines et outils', amountCents: 123_456 },
  });
  expect(created.status).toBe(201);
  // The request answers once the envelope has, or as it is after a short wait (a loaded machine): decisions come once it awaits them.
  await stack.eventually(
    () => stack.request('GET', `/micro-grants/${created.body.id}`, { token: association() }),
    (r) => r.body.status === 'awaiting_decisions',
  );
  return created.body.id;
}

beforeAll(async () => {
  const smtpUrl = await smtp.start();
  await receiver.start();
  stack = new TestStack({
    SMTP_URL: smtpUrl,
    WEBHOOK_RETRY_INITIAL: '300ms',
    WEBHOOK_RETRY_MAX_INTERVAL: '1s',
    WEBHOOK_GIVE_UP_AFTER: '2m',
  });
  await stack.start();
});

afterAll(async () => {
  await stack?.stop();
  await receiver.stop();
  await smtp.stop();
});

describe('signed webhooks', () => {
  let endpoint = '';

  it('registers an endpoint for catalogued event types only, with a secret shown once', async () => {
    const catalogue = await stack.request('GET', '/notifications/catalogue', { token: association() });
    expect(catalogue.body.find((e: { eventType: string }) => e.eventType === 'PaymentOrdered')).toMatchObject({
      path: 'micro_grant',
      recipients: "the association, the funder of the binôme's envelope",
    });
    const bad = await stack.request('POST', '/webhooks', { token: association(), body: { url: receiver.url, eventTypes: ['NotAnEvent'] } });
    expect(bad.status).toBe(400);
    const registered = await stack.request('POST', '/webhooks', {
      token: association(),
      body: { url: receiver.url, eventTypes: ['MicroGrantFundsReserved', 'MicroGrantApproved'] },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.secret).toMatch(/^whsec_/);
    receiver.secret = registered.body.secret;
    endpoint = registered.body.id;
    const listed = await stack.request('GET', '/webhooks', { token: association() });
    expect(listed.body).toEqual([expect.objectContaining({ id: endpoint, secretVersion: 1 })]);
    expect(JSON.stringify(listed.body)).not.toContain(receiver.secret);
    // Kept encrypted at rest (AES-256-GCM under ENCRYPTION_KEYS), never as it is.
    const [{ secret: stored }] = await stack.db.query('SELECT secret FROM webhook_endpoints WHERE id = $1', [endpoint]);
    expect(stored).toMatch(/^enc:v1:k1:/);
    expect(stored).not.toContain(receiver.secret.slice('whsec_'.length));
    expect(
      (await stack.request('GET', `/webhooks/${endpoint}/deliveries`, { token: stack.token({ role: 'association', org: 'assoc-bondy-culture' }) })).status,
    ).toBe(404);
  });

  it('retries a refused delivery with backoff: the first two fail, the third is received exactly once, all logged', async () => {
    receiver.failNextOfType.set('MicroGrantFundsReserved', 2);
    const grantId = await requestGrant('Jardin des Roses');
    const delivered = await stack.eventually(
      () => stack.request('GET', `/webhooks/${endpoint}/deliveries`, { token: association() }),
      (r) => r.body.some((d: { streamId: string; status: string }) => d.streamId === grantId && d.status === 'delivered'),
    );
    const delivery = delivered.body.find((d: { streamId: string }) => d.streamId === grantId);
    expect(delivery.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery.attempts.every((a: { latencyMs: number }) => a.latencyMs >= 0)).toBe(true);
    const mine = receiver.received.filter((r) => r.id === delivery.id);
    expect(mine.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(mine.every((r) => r.signatureValid)).toBe(true);
    expect(receiver.accepted('MicroGrantFundsReserved').filter((r) => r.body.streamId === grantId)).toHaveLength(1);
    expect(mine[2].body).toMatchObject({ id: delivery.id, type: 'MicroGrantFundsReserved', streamId: grantId, data: { amountCents: 123_456 } });
    await recordHistory(stack.client, delivery.id, 'webhook-delivery-retried');
  });

  it('signs the next delivery with a rotated secret', async () => {
    const rotated = await stack.request('POST', `/webhooks/${endpoint}/rotate-secret`, { token: association() });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ secretVersion: 2, secret: expect.stringMatching(/^whsec_/) });
    const oldSecret = receiver.secret;
    receiver.secret = rotated.body.secret;
    const grantId = await requestGrant('Jardin des Lilas');
    const got = await stack.eventually(
      async () => receiver.received.filter((r) => r.body.streamId === grantId),
      (list) => list.length > 0,
    );
    expect(got[0]).toMatchObject({ status: 200, signatureValid: true });
    expect(rotated.body.secret).not.toBe(oldSecret);
    const log = await stack.request('GET', `/webhooks/${endpoint}/deliveries?status=delivered`, { token: association() });
    expect(log.body.find((d: { streamId: string }) => d.streamId === grantId).attempts[0].secretVersion).toBe(2);
  });

  it('sends no duplicate when the worker is killed while a delivery is in flight', async () => {
    receiver.holdMs = 2_500; // every delivery now takes 2.5 s to answer
    const grantId = await requestGrant('Jardin des Capucines');
    // Wait until the delivery is being posted, then kill the worker while the receiver holds it.
    await stack.eventually(
      () => stack.count(`SELECT 1 FROM webhook_deliveries WHERE stream_id = $1`, [grantId]),
      (n) => n === 1,
    );
    await new Promise((r) => setTimeout(r, 800));
    await stack.worker!.kill('SIGKILL');
    receiver.holdMs = 0;
    await stack.startWorker();
    await stack.eventually(
      () => stack.count(`SELECT 1 FROM webhook_deliveries WHERE stream_id = $1 AND status = 'delivered'`, [grantId]),
      (n) => n === 1,
      90_000,
    );
    // The receiver processed it once; every POST carried the same delivery id to de-duplicate on.
    const posts = receiver.received.filter((r) => r.body.streamId === grantId);
    expect(new Set(posts.map((r) => r.id)).size).toBe(1);
    expect(receiver.accepted().filter((r) => r.body.streamId === grantId)).toHaveLength(1);
    expect(await stack.count(`SELECT 1 FROM webhook_deliveries WHERE stream_id = $1`, [grantId])).toBe(1);
  });

  it('lets its owner replay a failed delivery by hand', async () => {
    const [row] = await stack.db.query(`SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'delivered' LIMIT 1`, [endpoint]);
    expect((await stack.request('POST', `/webhooks/${endpoint}/deliveries/${row.id}/replay`, { token: association() })).status).toBe(409);
    await stack.db.query(`UPDATE webhook_deliveries SET status = 'failed', failed_at = now() WHERE id = $1`, [row.id]);
    const before = receiver.received.filter((r) => r.id === row.id).length;
    const replayed = await stack.request('POST', `/webhooks/${endpoint}/deliveries/${row.id}/replay`, { token: association() });
    expect(replayed.status).toBe(202);
    await stack.eventually(
      async () => receiver.received.filter((r) => r.id === row.id).length,
      (n) => n === before + 1,
    );
  });
});

describe('preferences and the daily digest', () => {
  it('gathers the day into one French e-mail for an account that asked for a digest, and sends nothing else to it', async () => {
    const prefs = await stack.request('PUT', '/me/preferences', { token: association(), body: { channels: 'both', dailyDigest: true } });
    expect(prefs).toEqual({ status: 200, body: { channels: 'both', dailyDigest: true, language: 'fr' } });
    // The prefect delegate reads in English.
    const [, delegate] = binome();
    expect(
      (await stack.request('PUT', '/me/preferences', { token: delegate, body: { channels: 'both', dailyDigest: false, language: 'en' } })).body.language,
    ).toBe('en');
    expect((await stack.request('PUT', '/me/preferences', { token: association(), body: { channels: 'fax', dailyDigest: true } })).status).toBe(400);
    const address = `contact@${ORG}.demo.grants.local`;
    const sentBefore = inbox.filter((m) => m.to.includes(address)).length;
    const grantId = await requestGrant('Jardin du Digest');
    for (const token of binome()) {
      expect((await stack.request('POST', `/micro-grants/${grantId}/decisions`, { token, body: { decision: 'approve' } })).status).toBe(200);
    }
    await stack.eventually(
      () => stack.request('GET', `/micro-grants/${grantId}`, { token: association() }),
      (r) => r.body.status === 'paid',
    );
    // The binôme is still e-mailed event by event; the association is not.
    await stack.eventually(
      async () => inbox.filter((m) => m.subject.startsWith('Micro-subvention accordée\u00a0: Jardin du Digest')).length,
      (n) => n >= 1,
    );
    const english = await stack.eventually(
      async () => inbox.filter((m) => m.to.includes('prefet.est-ensemble@demo.grants.local') && m.subject === 'Micro-grant approved: Jardin du Digest'),
      (list) => list.length === 1,
    );
    expect(english[0].html).toContain('<html lang="en">');
    expect(english[0].text).toMatch(/"Jardin du Digest" \(€1,234\.56\)/);
    const inboxEn = await stack.request('GET', '/me/notifications', { token: delegate });
    expect(inboxEn.body.items.some((n: { subject: string }) => n.subject === 'Micro-grant approved: Jardin du Digest')).toBe(true);
    expect(inbox.filter((m) => m.to.includes(address)).length).toBe(sentBefore);

    const schedule = stack.client.schedule.getHandle(`notification-digest-${stack.taskQueue}`);
    await schedule.trigger();
    const digest = await stack.eventually(
      async () => inbox.filter((m) => m.to.includes(address) && m.subject.startsWith('Votre résumé du')),
      (list) => list.length === 1,
    );
    expect(digest[0].subject).toMatch(/^Votre résumé du \d{1,2} \S+ \d{4}\u00a0: \d+ notifications$/);
    expect(digest[0].text).toContain('Micro-subvention accordée\u00a0: Jardin du Digest');
    expect(digest[0].text).toMatch(/1\s234,56\s€/);
    if (process.env.RECORD_HISTORIES) {
      const runs = await stack.eventually(
        async () => {
          const found: string[] = [];
          for await (const run of stack.client.workflow.list({ query: `WorkflowType = 'notificationDigestWorkflow' AND ExecutionStatus = 'Completed'` }))
            found.push(run.workflowId);
          return found;
        },
        (found) => found.length > 0,
      );
      await recordHistory(stack.client, runs[0], 'notification-digest');
    }
    // A second run of the schedule the same day sends nothing more.
    await schedule.trigger();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(inbox.filter((m) => m.to.includes(address) && m.subject.startsWith('Votre résumé du'))).toHaveLength(1);
    await stack.request('PUT', '/me/preferences', { token: association(), body: { channels: 'both', dailyDigest: false } });
    await stack.request('PUT', '/me/preferences', { token: delegate, body: { channels: 'both', dailyDigest: false, language: 'fr' } });
  });
});

describe('a funder hears of the orders made from its money', () => {
  const funderReceiver = new Receiver();
  beforeAll(() => funderReceiver.start());
  afterAll(() => funderReceiver.stop());

  it("delivers each year's tranche to the webhook an admin registered for the funder, with the funder's line, and to its inbox", async () => {
    const admin = stack.token({ role: 'admin', sub: 'admin-demo' });
    const registered = await stack.request('POST', '/webhooks', {
      token: admin,
      body: { url: funderReceiver.url, eventTypes: ['OperatingTrancheOrdered', 'StipendOrdered', 'ConsortiumTrancheOrdered'], orgId: 'funder-caf-93' },
    });
    expect(registered).toMatchObject({ status: 201, body: { orgId: 'funder-caf-93' } });
    funderReceiver.secret = registered.body.secret;
    expect((await stack.request('POST', '/webhooks', { token: admin, body: { url: funderReceiver.url, eventTypes: ['*'] } })).status).toBe(400);

    const proposed = await stack.request('POST', '/anchoring-agreements', {
      token: stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
      body: {
        associationId: 'assoc-bondy-culture',
        years: 2,
        yearlyAmountCents: 2_000_000,
        fundingPlan: [
          { funderId: 'funder-etat-93', amountCents: 1_500_000 },
          { funderId: 'funder-caf-93', amountCents: 500_000 },
        ],
        coordination: { mode: 'flat', flatAmountCents: 100_000 },
      },
    });
    expect(proposed.status).toBe(201);
    const agreementId: string = proposed.body.id;
    for (const funderId of ['funder-etat-93', 'funder-caf-93']) {
      const line = await stack.request('POST', `/anchoring-agreements/${agreementId}/funding-line/accept`, {
        token: stack.token({ role: 'funder', org: funderId, sub: `user-${funderId}` }),
      });
      expect(line.status).toBe(200);
    }
    const accepted = await stack.request('POST', `/anchoring-agreements/${agreementId}/accept`, {
      token: stack.token({ role: 'association', org: 'assoc-bondy-culture', sub: 'user-assoc-bondy-culture' }),
    });
    expect(accepted.status).toBe(200);

    const [delivery] = await stack.eventually(
      async () => funderReceiver.accepted('OperatingTrancheOrdered').filter((r) => r.body.streamId === agreementId),
      (found) => found.length > 0,
    );
    expect(delivery.body.data).toMatchObject({
      year: 1,
      amountCents: 2_000_000,
      orders: expect.arrayContaining([expect.objectContaining({ funderId: 'funder-caf-93', amountCents: 500_000 })]),
    });
    const funder = stack.token({ role: 'funder', org: 'funder-caf-93', sub: 'user-funder-caf-93' });
    await stack.eventually(
      () => stack.inbox(funder),
      (items) => items.some((n) => n.eventType === 'OperatingTrancheOrdered' && n.grantId === agreementId),
    );
    // The State, the other funder of the agreement, hears of it in its own inbox.
    const state = await stack.inbox(stack.token({ role: 'funder', org: 'funder-etat-93', sub: 'user-funder-etat-93' }));
    expect(state.some((n) => n.eventType === 'OperatingTrancheOrdered' && n.grantId === agreementId)).toBe(true);
  });

  it("delivers a micro-grant's payment order to the funder whose money the binôme's envelope is", async () => {
    const admin = stack.token({ role: 'admin', sub: 'admin-demo' });
    const registered = await stack.request('POST', '/webhooks', {
      token: admin,
      body: { url: funderReceiver.url, eventTypes: ['PaymentOrdered'], orgId: 'funder-etat-93' },
    });
    expect(registered.status).toBe(201);
    funderReceiver.otherSecrets.push(registered.body.secret);
    const grantId = await requestGrant('Paiement vu par l’État');
    for (const token of binome()) {
      expect((await stack.request('POST', `/micro-grants/${grantId}/decisions`, { token, body: { decision: 'approve' } })).status).toBe(200);
    }
    const [delivery] = await stack.eventually(
      async () => funderReceiver.accepted('PaymentOrdered').filter((r) => r.body.streamId === grantId),
      (found) => found.length > 0,
    );
    expect(delivery.body.data).toMatchObject({ amountCents: 123_456, paymentOrderId: expect.any(String) });
  });

  it("lets an admin rotate a funder's secret without reading the new one; the funder reads its own", async () => {
    const admin = stack.token({ role: 'admin', sub: 'admin-demo' });
    const [endpoint] = (await stack.request('GET', '/webhooks', { token: admin })).body.filter(
      (e: { orgId: string; url: string }) => e.orgId === 'funder-caf-93' && e.url === funderReceiver.url,
    );
    const byAdmin = await stack.request('POST', `/webhooks/${endpoint.id}/rotate-secret`, { token: admin });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body).not.toHaveProperty('secret');
    const byFunder = await stack.request('POST', `/webhooks/${endpoint.id}/rotate-secret`, {
      token: stack.token({ role: 'funder', org: 'funder-caf-93', sub: 'user-funder-caf-93' }),
    });
    expect(byFunder.body).toMatchObject({ secretVersion: endpoint.secretVersion + 2, secret: expect.stringMatching(/^whsec_/) });
  });
});

describe('many endpoints', () => {
  const slow = new Receiver();
  beforeAll(() => slow.start());
  afterAll(() => slow.stop());

  it("never holds a grant's step, however many endpoints hear of it: they are queued at once and started apart", async () => {
    // 150 endpoints (as many organisations' integrations would add up to), each answering slowly.
    slow.secret = 'whsec_' + Buffer.from('one secret for all of them').toString('base64');
    slow.holdMs = 1_000;
    const ring = parseKeyRing(process.env.ENCRYPTION_KEYS!);
    const sealed = seal(typeof ring === 'string' ? undefined : ring, slow.secret);
    const ids = Array.from({ length: 150 }, (_, i) => `wh-00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await stack.db.query(
      `INSERT INTO webhook_endpoints (id, org_id, url, event_types, secret, created_by) SELECT unnest($1::text[]), $2, $3, ARRAY['MicroGrantFundsReserved'], $4, 'test'`,
      [ids, ORG, slow.url, sealed],
    );
    try {
      const started = Date.now();
      const grantId = await requestGrant('Fête des voisins');
      expect(Date.now() - started).toBeLessThan(5_000); // the step queued 150 deliveries in one statement; they start apart
      await stack.eventually(
        async () => slow.accepted('MicroGrantFundsReserved').filter((r) => r.body.streamId === grantId).length,
        (n) => n === 150,
        120_000,
      );
      expect(
        await stack.count(`SELECT 1 FROM webhook_deliveries WHERE stream_id = $1 AND endpoint_id = ANY($2) AND dispatched_at IS NOT NULL`, [grantId, ids]),
      ).toBe(150);
    } finally {
      await stack.db.query('UPDATE webhook_endpoints SET active = false WHERE id = ANY($1)', [ids]);
    }
  }, 180_000);
});

describe('webhook endpoints a platform open to the outside can accept', () => {
  const strict = new TestStack({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', WEBHOOK_ENDPOINTS_PER_ORG: '3' });
  beforeAll(() => strict.start({ worker: false }));
  afterAll(() => strict.stop());

  it('refuses an endpoint on this machine, a private network or the cloud metadata address, with 400, and registers nothing', async () => {
    const org = 'assoc-cite-des-savoirs';
    const token = strict.token({ role: 'association', org });
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://10.0.0.5/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:192.168.1.1]/hook',
    ]) {
      const refused = await strict.request('POST', '/webhooks', { token, body: { url, eventTypes: ['*'] } });
      expect({ url, status: refused.status, message: refused.body.message }).toEqual({
        url,
        status: 400,
        message: expect.stringMatching(/address; webhooks go to public addresses only/),
      });
    }
    expect(await strict.count('SELECT 1 FROM webhook_endpoints WHERE org_id = $1', [org])).toBe(0);
  });

  it('keeps an organisation to its number of endpoints, even when it registers them all at once', async () => {
    const org = 'assoc-femmes-relais-93';
    const token = strict.token({ role: 'association', org });
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) => strict.request('POST', '/webhooks', { token, body: { url: `http://93.184.215.14/hook/${i}`, eventTypes: ['*'] } })),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    expect(attempts.find((a) => a.status === 409)!.body.message).toMatch(/at most 3 active endpoints/);
    expect(await strict.count('SELECT 1 FROM webhook_endpoints WHERE org_id = $1 AND active', [org])).toBe(3);
  });
});
