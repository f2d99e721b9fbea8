import { TestStack } from '../support/stack';
import { recordHistory } from '../support/histories';

/** A year lasts 10 seconds here; reports are due 20 seconds after it (so nothing is withheld). */
const YEAR_MS = 10_000;
const stack = new TestStack({
  ANCHORING_YEAR: `${YEAR_MS}ms`,
  ANCHORING_REPORT_DUE: '20s',
  ANCHORING_REPORT_REMINDERS: '10s,5s',
  ANCHORING_ACCEPTANCE_DELAY: '5m',
  ANCHORING_TERMINATION_NOTICE: '2s',
});

const association = (org: string) => stack.token({ role: 'association', org, sub: `user-${org}` });
const funder = (org: string) => stack.token({ role: 'funder', org, sub: `user-${org}` });
/** Each funder of the plan accepts its own line (the agreement awaits them after the association's acceptance). */
async function fundersAccept(id: string, funderIds = ['funder-etat-93', 'funder-caf-93']): Promise<void> {
  for (const org of funderIds)
    expect((await stack.request('POST', `/anchoring-agreements/${id}/funding-line/accept`, { token: funder(org) })).status).toBe(200);
}
const tokens = {
  lead: () => stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: 'est-ensemble', sub: 'pd-est-ensemble' }),
  otherDelegate: () => stack.token({ role: 'prefect_delegate', territory: 'plaine-commune', sub: 'pd-plaine-commune' }),
  auditor: () => stack.token({ role: 'auditor' }),
};

function proposal(associationId: string, coordination: Record<string, unknown>, years = 2) {
  return {
    associationId,
    years,
    yearlyAmountCents: 4_000_000,
    startDate: new Date().toISOString(),
    fundingPlan: [
      { funderId: 'funder-etat-93', amountCents: 3_000_000 },
      { funderId: 'funder-caf-93', amountCents: 1_000_000 },
    ],
    coordination,
  };
}

async function activeAgreement(associationId: string, coordination: Record<string, unknown>, years = 2): Promise<{ id: string; startsAt: number }> {
  const proposed = await stack.request('POST', '/anchoring-agreements', { token: tokens.lead(), body: proposal(associationId, coordination, years) });
  expect(proposed.status).toBe(201);
  expect(proposed.body.status).toBe('proposed');
  const id: string = proposed.body.id;
  await fundersAccept(id);
  expect((await stack.request('POST', `/anchoring-agreements/${id}/accept`, { token: association(associationId) })).status).toBe(200);
  return { id, startsAt: Date.parse(proposed.body.schedule[0].startsAt) };
}

/** Ends an agreement by mutual agreement (so that nothing of it runs on into later suites). */
async function endByMutualAgreement(id: string, associationId: string): Promise<void> {
  // The association asks; each funder with a line still to come agrees for itself.
  const asked = await stack.request('POST', `/anchoring-agreements/${id}/termination`, {
    token: association(associationId),
    body: { mode: 'mutual', reason: 'Fin du test' },
  });
  expect(asked.status).toBe(200);
  for (const party of (asked.body.termination?.awaiting ?? []) as string[]) {
    const response = await stack.request('POST', `/anchoring-agreements/${id}/termination`, {
      token: funder(party),
      body: { mode: 'mutual', reason: 'Fin du test' },
    });
    expect(response.status).toBe(200);
  }
  await stack.eventually(
    () => stack.request('GET', `/anchoring-agreements/${id}`, { token: tokens.auditor() }),
    (r) => r.body.status === 'terminated',
  );
}

const get = (id: string) => stack.request('GET', `/anchoring-agreements/${id}`, { token: tokens.auditor() });

beforeAll(async () => {
  await stack.start();
});

afterAll(async () => {
  await stack.stop();
});

describe('anchoring agreements through the HTTP API', () => {
  it('refuses what is wrong, and only its association accepts an agreement', async () => {
    const bad = await stack.request('POST', '/anchoring-agreements', {
      token: tokens.lead(),
      body: { ...proposal('assoc-bondy-culture', { mode: 'flat', flatAmountCents: 100_000 }, 5), yearlyAmountCents: 5_000_000 },
    });
    expect(bad.status).toBe(400);
    const tokensWithoutCap = await stack.request('POST', '/anchoring-agreements', {
      token: tokens.lead(),
      body: proposal('assoc-bondy-culture', { mode: 'tokens', tokenValueCents: 8_000 }),
    });
    expect(tokensWithoutCap.status).toBe(400);
    expect(tokensWithoutCap.body.message).toMatch(/coordination\.yearlyCapCents is required in tokens mode/);
    const unbalanced = await stack.request('POST', '/anchoring-agreements', {
      token: tokens.lead(),
      body: { ...proposal('assoc-bondy-culture', { mode: 'flat', flatAmountCents: 100_000 }), yearlyAmountCents: 4_500_000 },
    });
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body.message).toMatch(/fundingPlan: the funders' yearly shares add up to 4000000 cents, not the yearly amount of 4500000 cents/);
    // A proposal retried with its Idempotency-Key is the same agreement; the key with other terms is refused.
    const body = proposal('assoc-bondy-culture', { mode: 'flat', flatAmountCents: 100_000 });
    const proposed = await stack.request('POST', '/anchoring-agreements', { token: tokens.lead(), headers: { 'Idempotency-Key': 'ancrage-bondy' }, body });
    expect(proposed.status).toBe(201);
    const id: string = proposed.body.id;
    const again = await stack.request('POST', '/anchoring-agreements', { token: tokens.lead(), headers: { 'Idempotency-Key': 'ancrage-bondy' }, body });
    expect(again).toMatchObject({ status: 201, body: { id, status: 'proposed' } });
    const otherTerms = await stack.request('POST', '/anchoring-agreements', {
      token: tokens.lead(),
      headers: { 'Idempotency-Key': 'ancrage-bondy' },
      body: { ...body, years: 3 },
    });
    expect(otherTerms.status).toBe(409);
    expect(otherTerms.body.message).toMatch(/Idempotency-Key was already used with a different request body/);
    expect((await stack.request('POST', `/anchoring-agreements/${id}/accept`, { token: association('assoc-jardins-montreuil') })).status).toBe(404);
    expect((await stack.request('GET', `/anchoring-agreements/${id}`, { token: association('assoc-jardins-montreuil') })).status).toBe(404);
    await fundersAccept(id);
    expect((await stack.request('POST', `/anchoring-agreements/${id}/accept`, { token: association('assoc-bondy-culture') })).status).toBe(200);
    expect((await stack.request('POST', `/anchoring-agreements/${id}/accept`, { token: association('assoc-bondy-culture') })).status).toBe(409);
    await endByMutualAgreement(id, 'assoc-bondy-culture');
  });

  it("never lets one party commit another's money: the State's line is ordered only once the State accepts it", async () => {
    // A CAF officer proposes an agreement putting 39,999 € a year on the State's line.
    const proposed = await stack.request('POST', '/anchoring-agreements', {
      token: funder('funder-caf-93'),
      body: {
        ...proposal('assoc-bondy-culture', { mode: 'flat', flatAmountCents: 100_000 }, 1),
        yearlyAmountCents: 4_000_000,
        fundingPlan: [
          { funderId: 'funder-etat-93', amountCents: 3_999_900 },
          { funderId: 'funder-caf-93', amountCents: 100 },
        ],
      },
    });
    expect(proposed.status).toBe(201);
    const id: string = proposed.body.id;
    expect(proposed.body).toMatchObject({ status: 'proposed', awaitingFunders: ['funder-etat-93'] }); // the CAF's own line is accepted by its proposal
    const accepted = await stack.request('POST', `/anchoring-agreements/${id}/accept`, { token: association('assoc-bondy-culture') });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'proposed', awaitingFunders: ['funder-etat-93'] });
    // Only the State accepts the State's line; nothing is ordered meanwhile.
    expect((await stack.request('POST', `/anchoring-agreements/${id}/funding-line/accept`, { token: funder('funder-caf-93') })).status).toBe(409);
    expect((await stack.request('POST', `/anchoring-agreements/${id}/funding-line/accept`, { token: funder('funder-rectorat-creteil') })).status).toBe(403);
    expect((await stack.request('POST', `/anchoring-agreements/${id}/funding-line/accept`, { token: association('assoc-bondy-culture') })).status).toBe(403);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stack.count('SELECT 1 FROM payment_orders WHERE grant_id = $1', [id])).toBe(0);
    const state = stack.token({ role: 'funder', org: 'funder-etat-93', sub: 'user-funder-etat-93' });
    const inbox = await stack.inbox(state);
    expect(inbox.some((n) => n.grantId === id && n.eventType === 'AgreementProposed')).toBe(true);
    const signed = await stack.request('POST', `/anchoring-agreements/${id}/funding-line/accept`, { token: state });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'active', awaitingFunders: [] });
    await stack.eventually(
      () => stack.count('SELECT 1 FROM payment_orders WHERE grant_id = $1', [id]),
      (n) => n === 2,
    );
    await endByMutualAgreement(id, 'assoc-bondy-culture');
  });

  it("lets nobody change a funder's line for it: an amendment and a mutual termination need each funder whose line changes", async () => {
    const startDate = new Date(Date.now() + 60_000).toISOString(); // year 2 is still to come for the whole test
    const proposed = await stack.request('POST', '/anchoring-agreements', {
      token: tokens.lead(),
      body: { ...proposal('assoc-reseau-national-mediation', { mode: 'flat', flatAmountCents: 100_000 }, 2), startDate },
    });
    expect(proposed.status).toBe(201);
    const id: string = proposed.body.id;
    await fundersAccept(id);
    expect((await stack.request('POST', `/anchoring-agreements/${id}/accept`, { token: association('assoc-reseau-national-mediation') })).body.status).toBe(
      'active',
    );

    // The CAF proposes 60,000 € a year from year 2: the State's line grows as well, so the State must agree too.
    const amended = await stack.request('POST', `/anchoring-agreements/${id}/amendments`, {
      token: funder('funder-caf-93'),
      body: { yearlyAmountCents: 6_000_000, fromYear: 2 },
    });
    expect(amended.status).toBe(200);
    expect(amended.body.pendingAmendment).toMatchObject({ awaitingFunders: ['funder-etat-93'], associationAgreed: false });
    const byAssociation = await stack.request('POST', `/anchoring-agreements/${id}/amendments/accept`, {
      token: association('assoc-reseau-national-mediation'),
    });
    expect(byAssociation.body.pendingAmendment).toMatchObject({ awaitingFunders: ['funder-etat-93'], associationAgreed: true });
    expect(byAssociation.body.schedule[1].amountCents).toBe(4_000_000);
    const byLead = await stack.request('POST', `/anchoring-agreements/${id}/amendments/accept`, { token: tokens.lead() });
    expect(byLead).toMatchObject({
      status: 403,
      body: { message: expect.stringMatching(/each funder whose line the amendment changes accepts it for itself \(awaiting funder-etat-93\)/) },
    });
    expect((await stack.request('POST', `/anchoring-agreements/${id}/amendments/accept`, { token: funder('funder-caf-93') })).status).toBe(409);
    const byState = await stack.request('POST', `/anchoring-agreements/${id}/amendments/accept`, { token: funder('funder-etat-93') });
    expect(byState.status).toBe(200);
    expect(byState.body.pendingAmendment).toBeUndefined();
    expect(byState.body.schedule[1]).toMatchObject({
      amountCents: 6_000_000,
      fundingPlan: [
        { funderId: 'funder-etat-93', amountCents: 4_500_000 },
        { funderId: 'funder-caf-93', amountCents: 1_500_000 },
      ],
    });
    const types: { type: string }[] = await stack.db.query(`SELECT type FROM grant_events WHERE grant_id = $1 AND type LIKE 'Amendment%' ORDER BY seq`, [id]);
    expect(types.map((t) => t.type)).toEqual(['AmendmentProposed', 'AmendmentAgreed', 'AmendmentAccepted']);

    // A mutual termination cancels every line to come: the association and the CAF asking is not enough.
    const ask = (token: string) =>
      stack.request('POST', `/anchoring-agreements/${id}/termination`, { token, body: { mode: 'mutual', reason: 'Projet repris par la ville' } });
    const first = await ask(association('assoc-reseau-national-mediation'));
    expect(first.body).toMatchObject({ status: 'active', termination: { mode: 'mutual', awaiting: ['funder-etat-93', 'funder-caf-93'] } });
    expect((await ask(tokens.lead())).status).toBe(403);
    expect((await ask(funder('funder-caf-93'))).body.termination.awaiting).toEqual(['funder-etat-93']);
    expect((await ask(funder('funder-caf-93'))).status).toBe(409);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await get(id)).body.status).toBe('active');
    expect((await ask(funder('funder-etat-93'))).status).toBe(200);
    await stack.eventually(
      () => get(id),
      (r) => r.body.status === 'terminated',
    );
    expect(await stack.count(`SELECT 1 FROM payment_orders WHERE grant_id = $1 AND purpose = 'operating_tranche'`, [id])).toBe(0);
    await stack.eventually(
      () => stack.client.workflow.getHandle(id).describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    await recordHistory(stack.client, id, 'anchoring-agreement-funders-agree-amendment-and-termination');
  });

  it('orders exactly one payment per tranche and funder when the worker is killed around a year boundary', async () => {
    const { id, startsAt } = await activeAgreement('assoc-jardins-montreuil', { mode: 'flat', flatAmountCents: 300_000 }, 4);
    await stack.eventually(
      () => get(id),
      (r) => r.body.schedule[0].tranche === 'paid',
    );
    // Killed a moment before the end of year 1, restarted after the start of year 2.
    await new Promise((r) => setTimeout(r, Math.max(startsAt + YEAR_MS - 1_500 - Date.now(), 0)));
    await stack.worker!.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, Math.max(startsAt + YEAR_MS + 1_500 - Date.now(), 0)));
    await stack.startWorker();
    const year2 = await stack.eventually(
      () => get(id),
      (r) => r.body.schedule[1].tranche === 'paid',
    );
    expect(year2.body.schedule[0].coordination).toMatchObject({ status: 'paid', paidCents: 300_000 });
    const orders: { key: string; funder: string | null; amount: number }[] = await stack.db.query(
      `SELECT order_key AS key, funder_id AS funder, amount_cents AS amount FROM payment_orders WHERE grant_id = $1 ORDER BY order_key`,
      [id],
    );
    // Years 1 and 2 (year 3 may have begun while the worker restarted: its orders are checked the same way).
    const tranches = orders.filter((o) => /:tranche:[12]:/.test(o.key)).map((o) => [o.key.slice(id.length + 1), o.funder, o.amount]);
    expect(tranches).toEqual([
      ['tranche:1:funder-caf-93', 'funder-caf-93', 1_000_000],
      ['tranche:1:funder-etat-93', 'funder-etat-93', 3_000_000],
      ['tranche:2:funder-caf-93', 'funder-caf-93', 1_000_000],
      ['tranche:2:funder-etat-93', 'funder-etat-93', 3_000_000],
    ]);
    expect(orders.find((o) => o.key.endsWith(':coordination:1'))?.amount).toBe(300_000);
    const perYearAndFunder = new Set(orders.map((o) => o.key));
    expect(perYearAndFunder.size).toBe(orders.length);
    const report = await stack.request('POST', `/anchoring-agreements/${id}/reports`, {
      token: association('assoc-jardins-montreuil'),
      body: { year: 1, summary: '12 ateliers, 300 habitants' },
    });
    expect(report.status).toBe(200);
    expect(report.body.schedule[0].report.status).toBe('received');
    expect(
      (
        await stack.request('POST', `/anchoring-agreements/${id}/reports`, {
          token: association('assoc-jardins-montreuil'),
          body: { year: 4, summary: 'trop tôt' },
        })
      ).status,
    ).toBe(409);
    const events = await stack.request('GET', `/grants/${id}/events`, { token: tokens.auditor() });
    const ordered = events.body.filter((e: { type: string }) => e.type === 'OperatingTrancheOrdered').map((e: { payload: { year: number } }) => e.payload.year);
    expect(ordered.slice(0, 2)).toEqual([1, 2]);
    expect(new Set(ordered).size).toBe(ordered.length);
    expect((await stack.request('GET', `/grants/${id}/verify`, { token: tokens.auditor() })).body).toMatchObject({ valid: true });
    await endByMutualAgreement(id, 'assoc-jardins-montreuil');
  });

  it('credits every attending association with a token agreement once, even when the meeting is recorded again with the same Idempotency-Key', async () => {
    const bondy = await activeAgreement('assoc-bondy-culture', { mode: 'tokens', tokenValueCents: 8_000, yearlyCapCents: 160_000 });
    const femmes = await activeAgreement('assoc-femmes-relais-93', { mode: 'tokens', tokenValueCents: 8_000, yearlyCapCents: 160_000 });
    // An agreement whose first year starts tomorrow refuses the credit: the answer says so, and does not list it as credited.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const notYet = await stack.request('POST', '/anchoring-agreements', {
      token: tokens.lead(),
      body: { ...proposal('assoc-jardins-montreuil', { mode: 'tokens', tokenValueCents: 8_000, yearlyCapCents: 160_000 }), startDate: tomorrow },
    });
    expect(notYet.status).toBe(201);
    await fundersAccept(notYet.body.id);
    expect((await stack.request('POST', `/anchoring-agreements/${notYet.body.id}/accept`, { token: association('assoc-jardins-montreuil') })).status).toBe(200);
    const meeting = {
      territory: 'est-ensemble',
      date: new Date().toISOString(),
      topic: 'Comité technique du contrat de ville',
      attendeeAssociationIds: ['assoc-bondy-culture', 'assoc-femmes-relais-93', 'assoc-jardins-montreuil'],
    };
    const headers = { 'Idempotency-Key': `copil-${Date.now()}` };
    const first = await stack.request('POST', '/coordination-meetings', { token: tokens.delegate(), body: meeting, headers });
    expect(first.status).toBe(201);
    expect([...first.body.creditedAgreementIds].sort()).toEqual([bondy.id, femmes.id].sort());
    expect(first.body.rejectedCredits).toEqual([{ agreementId: notYet.body.id, reason: expect.stringContaining('outside year 1') }]);
    expect(first.body.pendingAgreementIds).toEqual([]);
    const retried = await stack.request('POST', '/coordination-meetings', { token: tokens.lead(), body: meeting, headers });
    expect(retried.status).toBe(201);
    expect(retried.body.meetingId).toBe(first.body.meetingId);
    const otherBody = await stack.request('POST', '/coordination-meetings', { token: tokens.lead(), body: { ...meeting, topic: 'Autre' }, headers });
    expect(otherBody.status).toBe(409);
    expect((await stack.request('POST', '/coordination-meetings', { token: tokens.otherDelegate(), body: meeting })).status).toBe(403);
    for (const { id } of [bondy, femmes]) {
      const state = await stack.eventually(
        () => get(id),
        (r) => r.body.totals.tokens >= 1,
      );
      expect(state.body.totals.tokens).toBe(1);
      expect(state.body.schedule[0].coordination).toMatchObject({ tokens: 1, accruedCents: 8_000 });
    }
    expect(await stack.count('SELECT 1 FROM coordination_meetings WHERE id = $1', [first.body.meetingId])).toBe(1);
    expect(
      await stack.count(`SELECT 1 FROM grant_events WHERE type = 'CoordinationTokenCredited' AND payload->>'meetingId' = $1`, [first.body.meetingId]),
    ).toBe(2);
    await endByMutualAgreement(bondy.id, 'assoc-bondy-culture');
    await endByMutualAgreement(femmes.id, 'assoc-femmes-relais-93');
    await endByMutualAgreement(notYet.body.id, 'assoc-jardins-montreuil');
  });
});
