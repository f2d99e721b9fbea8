import { rebuildProjections } from '@grants/persistence';
import { recordHistory } from '../support/histories';
import { TestStack } from '../support/stack';
import { ownTerritory, Territory } from '../support/territory';

// A signatory answers within 3 seconds here (reminded 0.75 s before).
const stack = new TestStack({ REFERRAL_ANSWER_WITHIN: '3s' });
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));
const LANDLORD = 'funder-ref-bailleur';
const CAF = 'funder-ref-caf';
let territory: Territory;
const funder = (org: string) => stack.token({ role: 'funder', org, sub: `user-${org}` });
const tokens = {
  association: () => stack.token({ role: 'association', org: territory.associations[0].id, sub: `user-${territory.associations[0].id}` }),
  otherAssociation: () => stack.token({ role: 'association', org: territory.associations[1].id, sub: `user-${territory.associations[1].id}` }),
  lead: () => stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: territory.id, sub: `pd-${territory.id}` }),
  otherLead: () => stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
  auditor: () => stack.token({ role: 'auditor' }),
};
const need = { orientation: 'cadre_de_vie', supportKind: 'premises', description: 'Un local pour l’aide aux devoirs, deux soirs par semaine' };

beforeAll(async () => {
  await stack.start();
  territory = await ownTerritory(stack, 'ref-territoire');
  for (const [id, name] of [
    [LANDLORD, 'Bailleur du fléchage'],
    [CAF, 'CAF du fléchage'],
  ]) {
    await stack.db.query(`INSERT INTO funders (id, name, kind) VALUES ($1, $2, 'other') ON CONFLICT (id) DO NOTHING`, [id, name]);
  }
  // The landlord declared premises for the living environment in this territory: the engine suggests it.
  const proposed = await stack.request('POST', '/contributions', {
    token: tokens.lead(),
    body: {
      territory: territory.id,
      signatoryId: LANDLORD,
      orientation: 'cadre_de_vie',
      year: YEAR,
      nature: 'premises',
      description: 'Deux locaux en pied d’immeuble',
    },
  });
  expect(proposed.status).toBe(201);
  expect((await stack.request('POST', `/contributions/${proposed.body.id}/sign`, { token: funder(LANDLORD) })).body.status).toBe('agreed');
});

afterAll(async () => {
  await stack.stop();
});

describe('routing project holders to the right signatory through the HTTP API', () => {
  let id = '';

  it('takes an association’s need in a territory where it acts; the binôme hears of it', async () => {
    expect((await stack.request('POST', '/needs', { token: tokens.lead(), body: need })).status).toBe(403);
    expect((await stack.request('POST', '/needs', { token: tokens.association(), body: { ...need, supportKind: 'money' } })).status).toBe(400);
    expect((await stack.request('POST', '/needs', { token: tokens.association(), body: { ...need, territory: 'est-ensemble' } })).status).toBe(400);
    const submitted = await stack.request('POST', '/needs', { token: tokens.association(), body: need, headers: { 'idempotency-key': `ref-${Date.now()}` } });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      need: { territoryId: territory.id, associationId: territory.associations[0].id, supportKind: 'premises' },
      routings: [],
    });
    id = submitted.body.id;
    await stack.eventually(
      () => stack.inbox(tokens.delegate()),
      (items) => items.some((n) => n.grantId === id && n.eventType === 'ReferralSubmitted'),
    );
    expect((await stack.request('GET', `/needs/${id}`, { token: tokens.otherAssociation() })).status).toBe(404);
    expect((await stack.request('GET', `/needs/${id}`, { token: tokens.otherLead() })).status).toBe(404);
    expect((await stack.request('GET', `/needs/${id}`, { token: funder(LANDLORD) })).status).toBe(404); // not routed to it yet
  });

  it('suggests the signatories whose contributions match; the binôme routes it to a named contact', async () => {
    const suggestions = await stack.request('GET', `/needs/${id}/suggestions`, { token: tokens.lead() });
    expect(suggestions.body).toEqual([{ signatoryId: LANDLORD, name: 'Bailleur du fléchage', contributions: 1, fundingCents: 0 }]);
    expect(
      (await stack.request('POST', `/needs/${id}/routing`, { token: tokens.association(), body: { signatoryId: LANDLORD, contactName: 'M. Martin' } })).status,
    ).toBe(403);
    expect(
      (await stack.request('POST', `/needs/${id}/routing`, { token: tokens.lead(), body: { signatoryId: 'funder-nobody', contactName: 'M. Martin' } })).status,
    ).toBe(400);
    const routed = await stack.request('POST', `/needs/${id}/routing`, {
      token: tokens.delegate(),
      body: { signatoryId: LANDLORD, contactName: 'M. Martin, gestionnaire de proximité' },
    });
    expect(routed.status).toBe(200);
    expect(routed.body).toMatchObject({
      status: 'routed',
      routings: [{ n: 1, signatoryId: LANDLORD, suggested: true, contactName: 'M. Martin, gestionnaire de proximité' }],
    });
    expect((await stack.request('POST', `/needs/${id}/routing`, { token: tokens.lead(), body: { signatoryId: CAF, contactName: 'x' } })).status).toBe(409);
    expect((await stack.request('GET', `/needs/${id}`, { token: funder(LANDLORD) })).status).toBe(200);
    expect((await stack.request('POST', `/needs/${id}/answer`, { token: funder(CAF), body: { supported: true, text: 'x' } })).status).toBe(404);
  });

  it('goes back to the binôme when unanswered in time (reminded before), then is routed again, declined, and supported', async () => {
    const escalated = await stack.eventually(
      () => stack.request('GET', `/needs/${id}`, { token: tokens.association() }),
      (r) => r.body.status === 'escalated',
      20_000,
    );
    expect(escalated.body.routings[0]).toMatchObject({ outcome: { kind: 'escalated' } });
    expect(escalated.body.routings[0].remindedAt).toBeDefined();
    await stack.eventually(
      () => stack.inbox(funder(LANDLORD)),
      (items) => items.some((n) => n.grantId === id && n.eventType === 'ReferralReminderSent'),
    );
    expect((await stack.request('POST', `/needs/${id}/answer`, { token: funder(LANDLORD), body: { supported: true, text: 'trop tard' } })).status).toBe(409);

    expect(
      (await stack.request('POST', `/needs/${id}/routing`, { token: tokens.lead(), body: { signatoryId: CAF, contactName: 'Mme Diallo' } })).body.routings[1],
    ).toMatchObject({ suggested: false });
    expect((await stack.request('POST', `/needs/${id}/answer`, { token: funder(CAF), body: { supported: false, text: ' ' } })).status).toBe(400);
    const declined = await stack.request('POST', `/needs/${id}/answer`, {
      token: funder(CAF),
      body: { supported: false, text: 'Pas de local dans ce quartier' },
    });
    expect(declined.body).toMatchObject({ status: 'declined', routings: [{}, { outcome: { kind: 'declined', reason: 'Pas de local dans ce quartier' } }] });
    expect((await stack.request('POST', `/needs/${id}/routing`, { token: tokens.lead(), body: { signatoryId: CAF, contactName: 'Mme Diallo' } })).status).toBe(
      409,
    );
    await stack.request('POST', `/needs/${id}/routing`, { token: tokens.lead(), body: { signatoryId: LANDLORD, contactName: 'M. Martin' } });
    const supported = await stack.request('POST', `/needs/${id}/answer`, {
      token: funder(LANDLORD),
      body: { supported: true, text: 'Le local du 12, rue du Landy, le mardi et le jeudi de 17 h à 19 h' },
    });
    expect(supported.body).toMatchObject({ status: 'supported' });
    const told = await stack.eventually(
      () => stack.inbox(tokens.association()),
      (items) => items.some((n) => n.grantId === id && n.eventType === 'ReferralSupported'),
    );
    expect(told.find((n) => n.grantId === id && n.eventType === 'ReferralSupported')!.body).toMatch(/12, rue du Landy/);
    expect((await stack.request('POST', `/needs/${id}/withdraw`, { token: tokens.association(), body: { reason: 'x' } })).status).toBe(409);
    await stack.eventually(
      () => stack.client.workflow.getHandle(id).describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    await recordHistory(stack.client, id, 'referral-escalated-declined-supported');
  });

  it('counts, per signatory and year, the needs routed to it, answered in time, supported', async () => {
    const withdrawn = await stack.request('POST', '/needs', {
      token: tokens.association(),
      body: { ...need, supportKind: 'expertise', description: 'Un appui pour monter un budget' },
    });
    await stack.request('POST', `/needs/${withdrawn.body.id}/routing`, { token: tokens.lead(), body: { signatoryId: LANDLORD, contactName: 'M. Martin' } });
    expect((await stack.request('POST', `/needs/${withdrawn.body.id}/withdraw`, { token: tokens.otherAssociation(), body: { reason: 'x' } })).status).toBe(404);
    expect(
      (await stack.request('POST', `/needs/${withdrawn.body.id}/withdraw`, { token: tokens.association(), body: { reason: 'Trouvé ailleurs' } })).body.status,
    ).toBe('withdrawn');
    const landlord = await stack.request('GET', `/signatories/${LANDLORD}/needs/${YEAR}`, { token: tokens.otherAssociation() });
    expect(landlord.body).toEqual({ signatoryId: LANDLORD, year: YEAR, routed: 3, answered: 1, supported: 1, declined: 0, unanswered: 1, awaiting: 0 });
    const caf = await stack.request('GET', `/signatories/${CAF}/needs/${YEAR}`, { token: tokens.otherAssociation() });
    expect(caf.body).toMatchObject({ routed: 1, answered: 1, supported: 0, declined: 1 });
    expect((await stack.request('GET', `/signatories/${CAF}/needs/1999`, { token: tokens.auditor() })).status).toBe(400);
    const mine = await stack.request('GET', '/needs', { token: funder(CAF) });
    expect(mine.body.items.map((n: { id: string }) => n.id)).toEqual([id]);
  });

  it('rebuilds the same needs from the event log alone', async () => {
    const snapshot = () => stack.db.query('SELECT id, status, signatory_ids, state FROM referrals WHERE territory_id = $1 ORDER BY id', [territory.id]);
    const before = await snapshot();
    await stack.db.query('DELETE FROM referrals WHERE id = $1', [id]);
    const { differences } = await rebuildProjections(stack.db);
    expect(differences.filter((d) => d.startsWith('referral'))).toEqual([`referral ${id}: has events but no read-model row (added)`]);
    expect(await snapshot()).toEqual(before);
  });
});
