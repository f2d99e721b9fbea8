import { randomUUID } from 'node:crypto';
import { APPROVED_AND_CLOSED } from '../support/lifecycles';
import { TestStack } from '../support/stack';
import { ownTerritory } from '../support/territory';

const stack = new TestStack();
const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date()));

const tokens = {
  association: () => stack.token({ role: 'association', org: 'assoc-francs-moisins', sub: 'user-assoc-francs-moisins' }),
  otherAssociation: () => stack.token({ role: 'association', org: 'assoc-jeunesse-aubervilliers' }),
  projectLead: () => stack.token({ role: 'project_lead', territory: 'plaine-commune', sub: 'pl-plaine-commune' }),
  prefectDelegate: () => stack.token({ role: 'prefect_delegate', territory: 'plaine-commune', sub: 'pd-plaine-commune' }),
  otherProjectLead: () => stack.token({ role: 'project_lead', territory: 'est-ensemble' }),
  auditor: () => stack.token({ role: 'auditor' }),
};

const request = (overrides: Record<string, unknown> = {}) => ({
  binomeId: 'binome-plaine-commune',
  title: 'Fête de quartier des Francs-Moisins',
  purpose: 'Matériel, affiches et goûter pour 200 habitants',
  amountCents: 150_000,
  qpv: 'Francs-Moisins',
  ...overrides,
});

async function requestGrant(body = request(), token = tokens.association()): Promise<string> {
  const created = await stack.request('POST', '/micro-grants', { token, body });
  expect(created.status).toBe(201);
  return created.body.id;
}

beforeAll(async () => {
  await stack.start();
});

afterAll(async () => {
  await stack.stop();
});

describe('a micro-grant through the HTTP API', () => {
  it('goes from request to closure: reserved, both approvals, one payment order, report', async () => {
    const created = await stack.request('POST', '/micro-grants', { token: tokens.association(), body: request() });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^mg-/), status: 'awaiting_decisions' });
    const id: string = created.body.id;

    const first = await stack.request('POST', `/micro-grants/${id}/decisions`, { token: tokens.projectLead(), body: { decision: 'approve' } });
    expect(first).toEqual({ status: 200, body: { status: 'awaiting_decisions' } });
    const second = await stack.request('POST', `/micro-grants/${id}/decisions`, {
      token: tokens.prefectDelegate(),
      body: { decision: 'approve', reason: 'Action de proximité utile' },
    });
    expect(second.status).toBe(200);
    expect(['approved', 'paid']).toContain(second.body.status);

    const paid = await stack.eventually(
      () => stack.request('GET', `/micro-grants/${id}`, { token: tokens.association() }),
      (r) => r.body.status === 'paid',
    );
    expect(paid.body).toMatchObject({
      id,
      amountCents: 150_000,
      binomeId: 'binome-plaine-commune',
      associationId: 'assoc-francs-moisins',
      paymentOrderId: expect.stringMatching(/^po-/),
      reportDueAt: expect.any(String),
    });
    expect(paid.body.decisions).toEqual([
      { role: 'project_lead', decision: 'approve', at: expect.any(String) },
      { role: 'prefect_delegate', decision: 'approve', reason: 'Action de proximité utile', at: expect.any(String) },
    ]);

    const report = await stack.request('POST', `/micro-grants/${id}/report`, {
      token: tokens.association(),
      body: { summary: '180 habitants, 12 bénévoles, partenariat avec le centre social' },
    });
    expect(report).toEqual({ status: 200, body: { status: 'closed' } });

    expect(await stack.count('SELECT 1 FROM payment_orders WHERE grant_id = $1', [id])).toBe(1);
    const events = await stack.request('GET', `/grants/${id}/events`, { token: tokens.auditor() });
    expect(events.body.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(APPROVED_AND_CLOSED);
    expect(events.body[2].actor).toEqual({ kind: 'user', id: 'pl-plaine-commune', role: 'project_lead' });

    const listed = await stack.request('GET', `/grants?kind=micro_grant&status=closed&pageSize=100`, { token: tokens.association() });
    expect(listed.body.items.map((g: { id: string }) => g.id)).toContain(id);

    const inbox = await stack.request('GET', '/me/notifications?pageSize=100', { token: tokens.association() });
    const mine = inbox.body.items.filter((n: { grantId: string }) => n.grantId === id);
    expect(mine.map((n: { eventType: string }) => n.eventType)).toEqual(
      expect.arrayContaining(['MicroGrantApproved', 'PaymentOrdered', 'MicroGrantFundsReserved']),
    );
    const binomeInbox = await stack.request('GET', '/me/notifications?pageSize=100', { token: tokens.prefectDelegate() });
    const report_ = binomeInbox.body.items.find((n: { grantId: string; eventType: string }) => n.grantId === id && n.eventType === 'ReportSubmitted');
    expect(report_.subject).toBe('Bilan reçu\u00a0: Fête de quartier des Francs-Moisins');
    const read = await stack.request('POST', `/me/notifications/${report_.id}/read`, { token: tokens.prefectDelegate() });
    expect(read.status).toBe(200);
    const unread = await stack.request('GET', '/me/notifications?unread=true&pageSize=100', { token: tokens.prefectDelegate() });
    expect(unread.body.items.map((n: { id: number }) => n.id)).not.toContain(report_.id);

    const envelope = await stack.request('GET', `/binomes/binome-plaine-commune/envelopes/${year}`, { token: tokens.auditor() });
    expect(envelope.body).toMatchObject({ totalCents: 3_000_000, ceilingCents: 300_000 });
    expect(envelope.body.committedCents).toBeGreaterThanOrEqual(150_000);
    expect(envelope.body.availableCents).toBe(envelope.body.totalCents - envelope.body.reservedCents - envelope.body.committedCents);
  });

  it('escalates a request over the ceiling and tells the requester why', async () => {
    const created = await stack.request('POST', '/micro-grants', { token: tokens.association(), body: request({ amountCents: 300_001 }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'escalated', escalationReason: expect.stringContaining('ceiling') });
    expect(await stack.count('SELECT 1 FROM payment_orders WHERE grant_id = $1', [created.body.id])).toBe(0);
  });

  it('records the target public: pre-set, or defined from the association’s self-assessment of non-take-up', async () => {
    const nonTakeUp = {
      basis: 'non_take_up',
      public: '  Familles monoparentales de la cité Gabriel-Péri ',
      assessment: {
        rights: 'Prime d’activité, complémentaire santé solidaire',
        estimatedPeople: 60,
        evidence: 'Nos permanences : 40 familles sur 100 ne la touchent pas',
      },
    };
    // Over the ceiling: escalated at once, so the lifecycle ends within the test.
    const created = await stack.request('POST', '/micro-grants', {
      token: tokens.association(),
      body: request({ amountCents: 300_001, targetPublic: nonTakeUp }),
    });
    expect(created.status).toBe(201);
    const read = await stack.request('GET', `/micro-grants/${created.body.id}`, { token: tokens.projectLead() });
    expect(read.body.targetPublic).toEqual({ ...nonTakeUp, public: 'Familles monoparentales de la cité Gabriel-Péri' });
    const [event]: { payload: { targetPublic: unknown } }[] = await stack.db.query(
      `SELECT payload FROM grant_events WHERE grant_id = $1 AND type = 'MicroGrantRequested'`,
      [created.body.id],
    );
    expect(event.payload.targetPublic).toEqual(read.body.targetPublic);

    const eligible = await stack.request('POST', '/micro-grants', {
      token: tokens.association(),
      body: request({ amountCents: 300_002, targetPublic: { basis: 'eligible', publics: ['young_people', 'families'] } }),
    });
    expect((await stack.request('GET', `/micro-grants/${eligible.body.id}`, { token: tokens.association() })).body.targetPublic).toEqual({
      basis: 'eligible',
      publics: ['young_people', 'families'],
    });

    const refused = async (targetPublic: unknown, words: RegExp) => {
      const response = await stack.request('POST', '/micro-grants', { token: tokens.association(), body: request({ targetPublic }) });
      expect(response.status).toBe(400);
      expect(String(response.body.message)).toMatch(words);
    };
    await refused({ basis: 'non_take_up', public: 'Familles', assessment: { rights: 'RSA', estimatedPeople: 0, evidence: 'x' } }, /estimatedPeople/);
    await refused({ basis: 'non_take_up', public: 'Familles' }, /targetPublic\.assessment\.rights/);
    await refused({ basis: 'eligible', publics: [] }, /at least one eligible public/);
    await refused({ basis: 'eligible', publics: ['martians'] }, /targetPublic\.publics/);
    await refused({ basis: 'eligible', publics: ['families'], public: 'Familles' }, /takes no self-assessment/);
    await refused({ basis: 'everyone' }, /targetPublic\.basis/);
  });

  it('enforces roles and territories', async () => {
    const id = await requestGrant();
    const path = `/micro-grants/${id}`;
    expect((await stack.request('GET', path)).status).toBe(401);
    expect((await stack.request('GET', path, { token: 'not.a.token' })).status).toBe(401);
    expect((await stack.request('GET', path, { token: tokens.otherAssociation() })).status).toBe(404);
    expect((await stack.request('GET', path, { token: tokens.auditor() })).status).toBe(200);
    // Another territory's grant does not exist for a project lead (404, not a 403 that would confirm it).
    expect((await stack.request('GET', path, { token: tokens.otherProjectLead() })).status).toBe(404);

    const decide = (token: string) => stack.request('POST', `${path}/decisions`, { token, body: { decision: 'approve' } });
    expect((await decide(tokens.auditor())).status).toBe(403);
    expect((await decide(tokens.association())).status).toBe(403);
    expect((await decide(tokens.otherProjectLead())).status).toBe(404);
    const report = await stack.request('POST', `${path}/report`, { token: tokens.otherAssociation(), body: { summary: 'x' } });
    expect(report.status).toBe(404);
    const early = await stack.request('POST', `${path}/report`, { token: tokens.association(), body: { summary: 'trop tôt' } });
    expect(early.status).toBe(409);

    // The other association does not see the grant in lists or events either.
    const list = await stack.request('GET', '/grants?pageSize=100', { token: tokens.otherAssociation() });
    expect(list.body.items.map((g: { id: string }) => g.id)).not.toContain(id);
    expect((await stack.request('GET', `/grants/${id}/events`, { token: tokens.otherAssociation() })).status).toBe(404);
    expect((await stack.request('GET', '/micro-grants/mg-00000000-0000-0000-0000-000000000000', { token: tokens.auditor() })).status).toBe(404);

    // Deciding twice, and deciding a closed grant, are conflicts.
    expect((await decide(tokens.projectLead())).status).toBe(200);
    expect((await decide(tokens.projectLead())).status).toBe(409);
    const reject = await stack.request('POST', `${path}/decisions`, {
      token: tokens.prefectDelegate(),
      body: { decision: 'reject', reason: 'Hors des priorités du contrat de ville' },
    });
    expect(reject.body.status).toBe('rejected');
    await stack.eventually(
      () => stack.request('GET', path, { token: tokens.auditor() }),
      (r) => r.body.status === 'rejected',
    );
    const late = await stack.request('POST', `${path}/decisions`, { token: tokens.prefectDelegate(), body: { decision: 'approve' } });
    expect(late.status).toBe(409);
  });

  it('answers 400 to malformed bodies, naming the fields, and starts nothing', async () => {
    const before = { grants: await stack.count('SELECT 1 FROM grants'), workflows: await stack.workflowsStarted() };
    const bad: [string, unknown][] = [
      ['amountCents', request({ amountCents: 12.5 })],
      ['amountCents', request({ amountCents: '1500' })],
      ['amountCents', request({ amountCents: -100 })],
      ['title', request({ title: '' })],
      ['binomeId', request({ binomeId: 'nope' })],
      ['binomeId', request({ binomeId: 'binome-atlantis' })],
      ['binomeId', request({ binomeId: 'binome-est-ensemble' })], // the association does not act there
      ['extra', { ...request(), extra: true }],
    ];
    for (const [field, body] of bad) {
      const response = await stack.request('POST', '/micro-grants', { token: tokens.association(), body });
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(JSON.stringify(response.body)).toContain(field);
    }
    const notJson = await stack.request('POST', '/micro-grants', { token: tokens.association(), rawBody: '{"title": ' });
    expect(notJson.status).toBe(400);
    const missingReason = await stack.request('POST', '/micro-grants/mg-00000000-0000-0000-0000-000000000000/decisions', {
      token: tokens.projectLead(),
      body: { decision: 'reject' },
    });
    expect(missingReason.status).toBe(400);
    expect(missingReason.body.message).toMatch(/reason is required when rejecting/);

    await new Promise((r) => setTimeout(r, 1500)); // visibility is eventually consistent
    expect(await stack.count('SELECT 1 FROM grants')).toBe(before.grants);
    expect(await stack.workflowsStarted()).toBe(before.workflows);
  });

  it('starts one lifecycle for the same Idempotency-Key, and refuses the key with another body', async () => {
    const key = `key-${randomUUID()}`;
    const headers = { 'Idempotency-Key': key };
    const first = await stack.request('POST', '/micro-grants', { token: tokens.association(), body: request({ amountCents: 50_000 }), headers });
    const second = await stack.request('POST', '/micro-grants', { token: tokens.association(), body: request({ amountCents: 50_000 }), headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(await stack.count('SELECT 1 FROM grant_events WHERE grant_id = $1 AND type = $2', [first.body.id, 'MicroGrantRequested'])).toBe(1);
    const other = await stack.request('POST', '/micro-grants', { token: tokens.association(), body: request({ amountCents: 60_000 }), headers });
    expect(other.status).toBe(409);
  });

  it('keeps each association to its fair share of the envelope, a third by default, telling it why', async () => {
    const territory = await ownTerritory(stack, 'equite');
    const [first, second] = territory.associations.map((a) => stack.token({ role: 'association', org: a.id, sub: `user-${a.id}` }));
    const ask = async (token: string, title: string) => {
      const created = await stack.request('POST', '/micro-grants', { token, body: request({ binomeId: territory.binomeId, title, amountCents: 300_000 }) });
      expect(created.status).toBe(201);
      return stack.eventually(
        () => stack.request('GET', `/micro-grants/${created.body.id}`, { token }),
        (g) => g.body.status !== 'requested',
      );
    };
    // 3 × 3,000 € fit in the 10,000 € one association may hold; a fourth would make 12,000 €.
    for (const n of [1, 2, 3]) expect((await ask(first, `Atelier ${n}`)).body.status).toBe('awaiting_decisions');
    const fourth = await ask(first, 'Atelier 4');
    expect(fourth.body).toMatchObject({
      status: 'escalated',
      escalationReason: expect.stringMatching(/would hold 12000.00 EUR .* above the 10000.00 EUR one association may hold \(fair use\)/),
    });
    // The other association of the territory is not held back, and a binôme may set another cap.
    expect((await ask(second, 'Fête')).body.status).toBe('awaiting_decisions');
    await stack.db.query('UPDATE binomes SET association_cap_cents = 1500000 WHERE id = $1', [territory.binomeId]);
    expect((await ask(first, 'Atelier 5')).body.status).toBe('awaiting_decisions');
  });

  it('never over-commits an envelope under 50 concurrent requests', async () => {
    // Grand Paris Grand Est's envelope is used by no other test: 30,000 € for 50 requests of 1,000 €,
    // from one association to whom the binôme lets the whole envelope (no fair-use cap below it).
    await stack.db.query('UPDATE binomes SET association_cap_cents = envelope_total_cents WHERE id = $1', ['binome-grand-paris-grand-est']);
    const token = stack.token({ role: 'association', org: 'assoc-clichy-solidaire' });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        stack.request('POST', '/micro-grants', {
          token,
          body: request({ binomeId: 'binome-grand-paris-grand-est', title: `Atelier ${i}`, amountCents: 100_000 }),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const finals = await Promise.all(
      responses.map((r) =>
        stack.eventually(
          () => stack.request('GET', `/micro-grants/${r.body.id}`, { token }),
          (g) => g.body.status !== 'requested',
          120_000,
        ),
      ),
    );
    const statuses = finals.map((f) => f.body.status);
    for (const status of statuses) expect(['awaiting_decisions', 'escalated']).toContain(status);
    const reserved = statuses.filter((s) => s === 'awaiting_decisions').length;
    expect(reserved).toBe(30);
    for (const f of finals.filter((f) => f.body.status === 'escalated')) {
      expect(f.body.escalationReason).toMatch(/beyond what is left/);
    }
    const envelope = await stack.request('GET', `/binomes/binome-grand-paris-grand-est/envelopes/${year}`, { token });
    expect(envelope.body).toMatchObject({ totalCents: 3_000_000, reservedCents: 3_000_000, committedCents: 0, availableCents: 0 });
  });

  it('completes a lifecycle with exactly one payment order when the worker is killed (SIGKILL) mid-way', async () => {
    const id = await requestGrant(request({ amountCents: 20_000 }));
    await stack.request('POST', `/micro-grants/${id}/decisions`, { token: tokens.projectLead(), body: { decision: 'approve' } });
    // The second approval leads to the payment order; the worker dies while it is being handled.
    const approval = stack.request('POST', `/micro-grants/${id}/decisions`, { token: tokens.prefectDelegate(), body: { decision: 'approve' } });
    await new Promise((r) => setTimeout(r, 50));
    await stack.worker!.kill('SIGKILL');
    await stack.startWorker();
    expect((await approval).status).toBe(200);
    await stack.eventually(
      () => stack.request('GET', `/micro-grants/${id}`, { token: tokens.auditor() }),
      (r) => r.body.status === 'paid',
      90_000,
    );
    const report = await stack.request('POST', `/micro-grants/${id}/report`, { token: tokens.association(), body: { summary: 'Fait.' } });
    expect(report.body.status).toBe('closed');
    expect(await stack.count('SELECT 1 FROM payment_orders WHERE grant_id = $1', [id])).toBe(1);
    const types: { type: string }[] = await stack.db.query('SELECT type FROM grant_events WHERE grant_id = $1 ORDER BY seq', [id]);
    expect(types.map((t) => t.type)).toEqual(APPROVED_AND_CLOSED);
  });

  it('reports health, the directory and the OpenAPI document', async () => {
    expect(await stack.request('GET', '/health')).toEqual({ status: 200, body: { status: 'ok', temporal: 'up', postgres: 'up' } });
    const territories = await stack.request('GET', '/territories', { token: tokens.auditor() });
    // The four seeded territories (and those a suite configured for itself).
    expect(territories.body.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining(['est-ensemble', 'grand-paris-grand-est', 'paris-terres-d-envol', 'plaine-commune']),
    );
    const youth = await stack.request('GET', '/associations?territory=plaine-commune&theme=jeunesse', { token: tokens.auditor() });
    expect(youth.body.map((a: { id: string }) => a.id).sort()).toEqual(['assoc-jeunesse-aubervilliers', 'assoc-sport-pour-tous']);
    expect(youth.body[0].siret).toMatch(/^\d{14}$/);
    const openapi = await stack.request('GET', '/docs-json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/micro-grants', '/micro-grants/{id}/decisions', '/grants']));
    // Every answer a client may meet is declared, errors in their one shape; a start links to what takes its id.
    const request = openapi.body.paths['/micro-grants'].post;
    expect(Object.keys(request.responses).sort()).toEqual(['201', '400', '401', '403', '409', '429', '503']);
    expect(request.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorDto' });
    expect(request.responses['201'].links.GetById).toEqual(
      expect.objectContaining({ operationId: 'MicroGrantsController_get', parameters: { id: '$response.body#/id' } }),
    );
    expect(request.responses['201'].links.PostByIdDecisions.operationId).toBe('MicroGrantsController_decide');
    // The validators' constraints are in the schemas: bounds, integers, patterns, lengths.
    expect(openapi.body.components.schemas.ProposeAgreementDto.properties.years).toMatchObject({ type: 'integer', minimum: 1, maximum: 4 });
    expect(openapi.body.components.schemas.ActivityReportDto.properties.summary).toMatchObject({ pattern: '\\S', maxLength: 8000 });
    const decide = openapi.body.paths['/micro-grants/{id}/decisions'].post;
    expect(Object.keys(decide.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409']));
    for (const [path, item] of Object.entries<Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>(openapi.body.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (operation.security?.length)
          expect([`${method} ${path}`, Object.keys(operation.responses)]).toEqual([`${method} ${path}`, expect.arrayContaining(['401', '403'])]);
      }
    }
    // A documented path asked with a method it does not take: 405 and what it takes.
    const patched = await fetch(`${stack.baseUrl}/micro-grants`, { method: 'PATCH', headers: { authorization: `Bearer ${tokens.auditor()}` } });
    expect([patched.status, patched.headers.get('allow'), ((await patched.json()) as { error: string }).error]).toEqual([405, 'POST', 'method_not_allowed']);
    // A sign-in is a browser's: with an API key or a token, a clear 400 (it was a 500).
    expect(await stack.request('GET', '/auth/login', { token: tokens.auditor() })).toMatchObject({ status: 400, body: { error: 'validation' } });
    // One error shape everywhere, unknown routes included.
    expect(await stack.request('GET', '/nowhere', { token: tokens.auditor() })).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'not_found', message: 'Cannot GET /nowhere' },
    });
  });
});
