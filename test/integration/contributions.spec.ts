import { rebuildProjections } from '@grants/persistence';
import { recordHistory } from '../support/histories';
import { TestStack } from '../support/stack';
import { ownTerritory, Territory } from '../support/territory';

// The other side signs within 4 seconds here (reminded 1 second before).
const stack = new TestStack({ CONTRIBUTION_SIGN_WITHIN: '4s' });
const SIGNATORY = 'funder-ctb-bailleur';
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));
let territory: Territory;
const tokens = {
  lead: () => stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: territory.id, sub: `pd-${territory.id}` }),
  otherLead: () => stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
  signatory: () => stack.token({ role: 'funder', org: SIGNATORY, sub: `user-${SIGNATORY}` }),
  otherFunder: () => stack.token({ role: 'funder', org: 'funder-caf-93', sub: 'user-funder-caf-93' }),
  association: () => stack.token({ role: 'association', org: 'assoc-francs-moisins', sub: 'user-assoc-francs-moisins' }),
  auditor: () => stack.token({ role: 'auditor' }),
};
const terms = (overrides: Record<string, unknown> = {}) => ({
  territory: territory.id,
  signatoryId: SIGNATORY,
  orientation: 'cadre_de_vie',
  year: YEAR,
  nature: 'funding',
  amountCents: 5_000_000,
  description: 'Médiation dans les halls des résidences du quartier',
  coCarriers: ['funder-caf-93'],
  ...overrides,
});

beforeAll(async () => {
  await stack.start();
  territory = await ownTerritory(stack, 'ctb-territoire');
  // The signatory of this suite's own, funding the territory's binôme envelope: its payments are this suite's alone.
  await stack.db.query(`INSERT INTO funders (id, name, kind) VALUES ($1, 'Bailleur des contributions', 'social_landlord') ON CONFLICT (id) DO NOTHING`, [
    SIGNATORY,
  ]);
  await stack.db.query('UPDATE binomes SET funder_id = $1 WHERE id = $2', [SIGNATORY, territory.binomeId]);
});

afterAll(async () => {
  await stack.stop();
});

describe("associated signatories' contributions through the HTTP API", () => {
  let id = '';

  it('is proposed by either side only, for an orientation, a year and a nature, with what it commits', async () => {
    const bad = await stack.request('POST', '/contributions', {
      token: tokens.lead(),
      body: terms({ nature: 'staff', orientation: 'bonheur', coCarriers: [SIGNATORY] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/orientation/);
    const problems = await stack.request('POST', '/contributions', {
      token: tokens.lead(),
      body: terms({ nature: 'staff', coCarriers: [SIGNATORY, 'nobody-here'] }),
    });
    expect(problems.status).toBe(400);
    expect(problems.body.message).toMatch(/amountCents: only funding has an amount/);
    expect(problems.body.message).toMatch(/staffCount: staff on the ground counts 1 to 1,000 people/);
    expect(problems.body.message).toMatch(/coCarriers: the signatory carries its own contribution/);
    expect(problems.body.message).toMatch(/coCarriers: no organisation nobody-here/);
    expect((await stack.request('POST', '/contributions', { token: tokens.lead(), body: terms({ signatoryId: 'funder-nobody' }) })).status).toBe(400);
    // Neither side: another territory's lead, another funder, the prefect delegate, an association.
    expect((await stack.request('POST', '/contributions', { token: tokens.otherLead(), body: terms() })).status).toBe(403);
    expect((await stack.request('POST', '/contributions', { token: tokens.otherFunder(), body: terms() })).status).toBe(403);
    expect((await stack.request('POST', '/contributions', { token: tokens.delegate(), body: terms() })).status).toBe(403);
    expect((await stack.request('POST', '/contributions', { token: tokens.association(), body: terms() })).status).toBe(403);

    const key = `ctb-${Date.now()}`;
    const proposed = await stack.request('POST', '/contributions', { token: tokens.lead(), body: terms(), headers: { 'idempotency-key': key } });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'negotiating', version: 1, proposedBy: 'team', awaiting: 'signatory', signatures: { team: { version: 1 } } });
    id = proposed.body.id;
    expect((await stack.request('POST', '/contributions', { token: tokens.lead(), body: terms(), headers: { 'idempotency-key': key } })).body.id).toBe(id);
    const told = await stack.eventually(
      () => stack.inbox(tokens.signatory()),
      (items) => items.some((n) => n.grantId === id),
    );
    expect(told.find((n) => n.grantId === id)!.subject).toMatch(/^Contribution proposée au contrat de ville/);
  });

  it('takes two signatures of the same version: a counter-proposal clears the other side’s, the second signature concludes it', async () => {
    // The proposer cannot sign again; the signatory counter-proposes 40,000 €.
    expect((await stack.request('POST', `/contributions/${id}/sign`, { token: tokens.lead() })).status).toBe(409);
    expect((await stack.request('POST', `/contributions/${id}/sign`, { token: tokens.otherFunder() })).status).toBe(403);
    const moved = await stack.request('POST', `/contributions/${id}/revise`, { token: tokens.signatory(), body: terms({ territory: 'plaine-commune' }) });
    expect(moved.status).toBe(400);
    expect(moved.body.message).toMatch(/a revision keeps the territory and the signatory/);
    const revised = await stack.request('POST', `/contributions/${id}/revise`, { token: tokens.signatory(), body: terms({ amountCents: 4_000_000 }) });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ version: 2, awaiting: 'team', signatures: { signatory: { version: 2 } }, terms: { amountCents: 4_000_000 } });
    expect(revised.body.signatures.team).toBeUndefined();
    expect((await stack.request('POST', `/contributions/${id}/revise`, { token: tokens.signatory(), body: terms({ amountCents: 3_000_000 }) })).status).toBe(
      409,
    );
    const agreed = await stack.request('POST', `/contributions/${id}/sign`, { token: tokens.lead() });
    expect(agreed.status).toBe(200);
    expect(agreed.body).toMatchObject({ status: 'agreed', version: 2, signatures: { team: { version: 2 }, signatory: { version: 2 } } });
    expect((await stack.request('POST', `/contributions/${id}/withdraw`, { token: tokens.lead(), body: { reason: 'trop tard' } })).status).toBe(409);
    const types = (await stack.request('GET', `/grants/${id}/events`, { token: tokens.auditor() })).body.map((e: { type: string }) => e.type);
    expect(types).toEqual(['ContributionProposed', 'ContributionRevised', 'ContributionSigned', 'ContributionAgreed']);
    await stack.eventually(
      () => stack.client.workflow.getHandle(id).describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    await recordHistory(stack.client, id, 'contribution-revised-agreed');
    const replay = await stack.request('POST', `/grants/${id}/replay`, { token: tokens.auditor() });
    expect(replay.body).toMatchObject({ deterministic: true });
  });

  it('is reminded before the deadline and expires past it; withdrawn with a reason by either side', async () => {
    const late = await stack.request('POST', '/contributions', {
      token: tokens.signatory(),
      body: terms({ nature: 'staff', amountCents: undefined, staffCount: 2, description: 'Deux gardiens formés à la médiation' }),
    });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ proposedBy: 'signatory', awaiting: 'team' });
    const expired = await stack.eventually(
      () => stack.request('GET', `/contributions/${late.body.id}`, { token: tokens.association() }),
      (r) => r.body.status === 'expired',
      30_000,
    );
    expect(expired.body.remindedAt).toBeDefined();
    const reminder = await stack.eventually(
      () => stack.inbox(tokens.lead()),
      (items) => items.some((n) => n.grantId === late.body.id && n.eventType === 'ContributionReminderSent'),
    );
    expect(reminder.find((n) => n.grantId === late.body.id && n.eventType === 'ContributionReminderSent')!.subject).toMatch(
      /^Rappel\s: une contribution attend votre signature/,
    );
    expect((await stack.request('POST', `/contributions/${late.body.id}/sign`, { token: tokens.lead() })).status).toBe(409);

    const premises = await stack.request('POST', '/contributions', {
      token: tokens.lead(),
      body: terms({ nature: 'premises', amountCents: undefined, orientation: 'jeunesse', description: 'Un local au rez-de-chaussée de la résidence' }),
    });
    expect(premises.status).toBe(201);
    expect((await stack.request('POST', `/contributions/${premises.body.id}/withdraw`, { token: tokens.signatory(), body: { reason: ' ' } })).status).toBe(400);
    const withdrawn = await stack.request('POST', `/contributions/${premises.body.id}/withdraw`, {
      token: tokens.signatory(),
      body: { reason: 'Le local est promis à une autre association' },
    });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawal: { side: 'signatory', reason: 'Le local est promis à une autre association' } });
  });

  it('shows every account, per signatory and year, what it committed beside what it paid through the funding paths', async () => {
    // What the signatory pays: a micro-grant of the territory's binôme, whose envelope it funds.
    const association = stack.token({ role: 'association', org: territory.associations[0].id, sub: `user-${territory.associations[0].id}` });
    const grant = await stack.request('POST', '/micro-grants', {
      token: association,
      body: { binomeId: territory.binomeId, title: 'Fête des halls', purpose: 'Goûter', amountCents: 120_000 },
    });
    expect(grant.status).toBe(201);
    for (const token of [tokens.lead(), tokens.delegate()]) {
      expect((await stack.request('POST', `/micro-grants/${grant.body.id}/decisions`, { token, body: { decision: 'approve' } })).status).toBe(200);
    }
    await stack.eventually(
      () => stack.request('GET', `/micro-grants/${grant.body.id}`, { token: association }),
      (r) => r.body.status === 'paid',
    );
    const staff = await stack.request('POST', '/contributions', {
      token: tokens.signatory(),
      body: terms({ nature: 'staff', amountCents: undefined, staffCount: 3, orientation: 'cohesion_sociale', description: 'Trois gardiens' }),
    });
    expect((await stack.request('POST', `/contributions/${staff.body.id}/sign`, { token: tokens.lead() })).body.status).toBe('agreed');
    await stack.request('POST', '/contributions', { token: tokens.lead(), body: terms({ amountCents: 9_900_000 }) }); // still negotiating: not committed

    const year = await stack.request('GET', `/signatories/${SIGNATORY}/years/${YEAR}`, { token: tokens.association() });
    expect(year.status).toBe(200);
    const [paid]: { cents: number; orders: number }[] = await stack.db.query(
      `SELECT coalesce(sum(p.amount_cents), 0)::bigint AS cents, count(*)::int AS orders FROM payment_orders p LEFT JOIN binomes b ON b.id = p.binome_id
        WHERE coalesce(p.funder_id, b.funder_id) = $1 AND date_part('year', p.created_at AT TIME ZONE 'Europe/Paris') = $2`,
      [SIGNATORY, YEAR],
    );
    expect(year.body).toMatchObject({
      signatoryId: SIGNATORY,
      name: 'Bailleur des contributions',
      year: YEAR,
      committed: { fundingCents: 4_000_000, staff: 3, premises: 0 },
      paid: { cents: Number(paid.cents), orders: paid.orders },
      negotiating: 1,
    });
    expect(year.body.paid).toMatchObject({ cents: 120_000, orders: 1, byPurpose: [{ purpose: 'grant', cents: 120_000, orders: 1 }] });
    expect(year.body.committed.byOrientation).toEqual([
      { orientation: 'cadre_de_vie', fundingCents: 4_000_000, staff: 0, premises: 0 },
      { orientation: 'cohesion_sociale', fundingCents: 0, staff: 3, premises: 0 },
    ]);
    expect((await stack.request('GET', `/signatories/funder-nobody/years/${YEAR}`, { token: tokens.association() })).status).toBe(404);
    const listed = await stack.request('GET', `/contributions?signatory=${SIGNATORY}&year=${YEAR}&status=agreed`, { token: tokens.association() });
    expect(listed.body.items.map((c: { id: string }) => c.id).sort()).toEqual([id, staff.body.id].sort());
  });

  it('rebuilds the same contributions from the event log alone', async () => {
    const snapshot = () =>
      stack.db.query('SELECT id, status, amount_cents, staff_count, state FROM contributions WHERE signatory_id = $1 ORDER BY id', [SIGNATORY]);
    const before = await snapshot();
    await stack.db.query('DELETE FROM contributions WHERE id = $1', [id]);
    const { differences } = await rebuildProjections(stack.db);
    expect(differences.filter((d) => d.startsWith('contribution'))).toEqual([`contribution ${id}: has events but no read-model row (added)`]);
    expect(await snapshot()).toEqual(before);
  });
});
