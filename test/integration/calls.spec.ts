import { TestStack } from '../support/stack';
import { recordHistory } from '../support/histories';

// Runs continue as new after 10 updates here, so that every call of the suite crosses runs.
const stack = new TestStack({ WORKFLOW_UPDATES_PER_RUN: '10' });

const association = (org: string) => stack.token({ role: 'association', org, sub: `user-${org}` });
const tokens = {
  lead: () => stack.token({ role: 'project_lead', territory: 'plaine-commune', sub: 'pl-plaine-commune' }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: 'plaine-commune', sub: 'pd-plaine-commune' }),
  otherLead: () => stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
  funder: () => stack.token({ role: 'funder', org: 'funder-caf-93', sub: 'user-funder-caf-93' }),
  etat: () => stack.token({ role: 'funder', org: 'funder-etat-93', sub: 'user-funder-etat-93' }),
  rectorat: () => stack.token({ role: 'funder', org: 'funder-rectorat-creteil', sub: 'user-funder-rectorat-creteil' }),
  auditor: () => stack.token({ role: 'auditor' }),
  francsMoisins: () => association('assoc-francs-moisins'),
  jeunesse: () => association('assoc-jeunesse-aubervilliers'),
  sport: () => association('assoc-sport-pour-tous'),
  femmesRelais: () => association('assoc-femmes-relais-93'),
};
// Matched by themes (lien social, jeunesse) and territory (Plaine Commune): these three, none other.
const MATCHED = ['assoc-francs-moisins', 'assoc-jeunesse-aubervilliers', 'assoc-sport-pour-tous'];

const seconds = (n: number) => new Date(Date.now() + n * 1000).toISOString();
const sleepUntil = async (iso: string) => new Promise((r) => setTimeout(r, Math.max(Date.parse(iso) - Date.now() + 300, 0)));

function callBody(eoiInSeconds: number, proposalsInSeconds: number, budgetCents = 6_000_000) {
  return {
    title: 'Tisser du lien aux Francs-Moisins',
    themes: ['lien social', 'jeunesse'],
    territories: ['plaine-commune'],
    targetPublic: 'Jeunes de 12 à 25 ans du quartier',
    budgetCents,
    fundingPlan: [
      { funderId: 'funder-etat-93', amountCents: budgetCents - 2_000_000 },
      { funderId: 'funder-caf-93', amountCents: 2_000_000 },
    ],
    meetupWindow: { startsAt: seconds(1), endsAt: seconds(eoiInSeconds - 1) },
    eoiDeadline: seconds(eoiInSeconds),
    proposalDeadline: seconds(proposalsInSeconds),
  };
}

const thisYear = new Date().getUTCFullYear();
const member = (associationId: string, shareCents: number, hours: number) => ({ associationId, shareCents, contribution: { role: 'animation', hours } });
const proposal = (members: ReturnType<typeof member>[], requestedAmountCents = members.reduce((s, m) => s + m.shareCents, 0)) => ({
  requestedAmountCents,
  members,
  targetPublicPlan: 'Permanences au pied des immeubles, relais par les médiateurs',
  actionStart: `${thisYear}-03-01`,
  actionEnd: `${thisYear + 1}-02-28`,
});

/** A micro-grant of the association, approved and paid: what a consortium proposal may fund twice. */
async function paidMicroGrant(): Promise<string> {
  const created = await stack.request('POST', '/micro-grants', {
    token: tokens.francsMoisins(),
    body: { binomeId: 'binome-plaine-commune', title: 'Goûter des Francs-Moisins', purpose: 'Goûter de quartier', amountCents: 80_000 },
  });
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  for (const token of [tokens.lead(), tokens.delegate()]) {
    expect((await stack.request('POST', `/micro-grants/${id}/decisions`, { token, body: { decision: 'approve' } })).status).toBe(200);
  }
  await stack.eventually(
    () => stack.request('GET', `/micro-grants/${id}`, { token: tokens.francsMoisins() }),
    (r) => r.body.status === 'paid',
  );
  return id;
}

beforeAll(async () => {
  await stack.start();
});

afterAll(async () => {
  await stack.stop();
});

describe('a call for projects through the HTTP API', () => {
  it('refuses bad terms with what is wrong, and launches only where the launcher acts', async () => {
    const late = { ...callBody(10, 20), eoiDeadline: seconds(30) };
    const bad = await stack.request('POST', '/calls', { token: tokens.lead(), body: late });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/eoiDeadline: must come before the proposal deadline/);
    const unbalanced = await stack.request('POST', '/calls', { token: tokens.lead(), body: { ...callBody(10, 20), budgetCents: 7_000_000 } });
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body.message).toMatch(/fundingPlan: the funders' shares add up to 6000000 cents, not the budget of 7000000 cents/);
    expect((await stack.request('POST', '/calls', { token: tokens.otherLead(), body: callBody(10, 20) })).status).toBe(403);
    expect((await stack.request('POST', '/calls', { token: tokens.francsMoisins(), body: callBody(10, 20) })).status).toBe(403);
    // A launch retried with its Idempotency-Key is the same call (no second invitation round).
    const body = callBody(10, 20);
    const launched = await stack.request('POST', '/calls', { token: tokens.lead(), headers: { 'Idempotency-Key': 'appel-2027' }, body });
    expect(launched.status).toBe(201);
    const again = await stack.request('POST', '/calls', { token: tokens.lead(), headers: { 'Idempotency-Key': 'appel-2027' }, body });
    expect(again).toMatchObject({ status: 201, body: { id: launched.body.id } });
    expect(await stack.count(`SELECT 1 FROM grant_events WHERE grant_id = $1 AND type = 'CallLaunched'`, [launched.body.id])).toBe(1);
    const badKey = await stack.request('POST', '/calls', { token: tokens.lead(), headers: { 'Idempotency-Key': 'x'.repeat(201) }, body });
    expect(badKey.status).toBe(400);
  });

  it('stays bounded under 3,000 RSVP toggles through HTTP: runs continue as new carrying every answer, and the call goes on to its end', async () => {
    const launched = await stack.request('POST', '/calls', { token: tokens.lead(), body: callBody(75, 85) });
    expect(launched.status).toBe(201);
    const callId: string = launched.body.id;
    const meetups: string[] = [];
    for (const at of [seconds(60), seconds(70)]) {
      const meetup = await stack.request('POST', `/calls/${callId}/meetups`, { token: tokens.lead(), body: { at, place: 'Visio' } });
      expect(meetup.status).toBe(201);
      meetups.push(meetup.body.meetupId);
    }
    // Three invitees hammer the button on both meetups: 500 toggles each, 3,000 in all, 30 at a time
    // (in order within a batch, as a script would send them).
    const invitees = [tokens.jeunesse, tokens.sport, tokens.francsMoisins];
    const pairs = invitees.flatMap((token) => meetups.map((meetupId) => ({ token, meetupId })));
    const statuses: number[] = [];
    for (let round = 0; round < 100; round++) {
      const batch = pairs.flatMap((pair) => Array.from({ length: 5 }, (_, i) => ({ ...pair, attending: (round * 5 + i) % 2 === 0 })));
      statuses.push(
        ...(await Promise.all(
          batch.map(({ token, meetupId, attending }) =>
            stack.request('POST', `/calls/${callId}/meetups/${meetupId}/rsvp`, { token: token(), body: { attending } }).then((r) => r.status),
          ),
        )),
      );
    }
    expect(statuses).toHaveLength(3_000);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    // At most 10 answers recorded per invitee and meetup, whatever the toggling.
    const recorded: { associationId: string; meetupId: string; n: number; last: boolean }[] = await stack.db.query(
      `SELECT payload->>'associationId' AS "associationId", payload->>'meetupId' AS "meetupId", count(*)::int AS n,
              (array_agg((payload->>'attending')::boolean ORDER BY seq DESC))[1] AS last
       FROM grant_events WHERE grant_id = $1 AND type = 'MeetupRsvpRecorded' GROUP BY 1, 2`,
      [callId],
    );
    expect(recorded).toHaveLength(6);
    expect(recorded.every((r) => r.n === 10)).toBe(true);
    // The call ran on several runs (WORKFLOW_UPDATES_PER_RUN is 10 in this suite), each short.
    const runs: { runId: string; startTime: Date }[] = [];
    for await (const run of stack.client.workflow.list({ query: `WorkflowId = '${callId}'` })) runs.push(run);
    expect(runs.length).toBeGreaterThanOrEqual(6);
    runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    const history = await stack.client.workflow.getHandle(callId).fetchHistory();
    expect(history.events!.length).toBeLessThan(400);
    // Every answer came through: each invitee sees its own, as last recorded, and the 11th is still refused.
    for (const token of invitees) {
      const seen = await stack.request('GET', `/calls/${callId}`, { token: token() });
      for (const meetup of seen.body.meetups) {
        expect(meetup.rsvps).toHaveLength(1);
        const last = recorded.find((r) => r.meetupId === meetup.id && r.associationId === meetup.rsvps[0].associationId)!;
        expect(meetup.rsvps[0].attending).toBe(last.last);
      }
    }
    const refused = await stack.request('POST', `/calls/${callId}/meetups/${meetups[0]}/rsvp`, {
      token: tokens.jeunesse(),
      body: { attending: !recorded.find((r) => r.meetupId === meetups[0] && r.associationId === 'assoc-jeunesse-aubervilliers')!.last },
    });
    expect(refused).toMatchObject({ status: 409, body: { message: expect.stringMatching(/at most 10 times/) } });
    // The call is not frozen: it moves on at its deadlines and closes when the lead decides.
    await stack.eventually(
      () => stack.request('GET', `/calls/${callId}`, { token: tokens.lead() }),
      (r) => r.body.phase === 'deciding',
      90_000,
    );
    const awarded = await stack.request('POST', `/calls/${callId}/awards`, { token: tokens.lead(), body: { awards: [], reason: 'Aucune candidature reçue' } });
    expect(awarded).toMatchObject({ status: 200, body: { phase: 'closed_without_award' } });
    await stack.eventually(
      () => stack.client.workflow.getHandle(callId).describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    expect(await stack.count(`SELECT 1 FROM grant_events WHERE grant_id = $1 AND type = 'CallLaunched'`, [callId])).toBe(1);
    expect(await stack.count(`SELECT 1 FROM grant_events WHERE grant_id = $1 AND type = 'ExpressionsClosed'`, [callId])).toBe(1);
    await recordHistory(stack.client, callId, 'call-first-run-continued-as-new', runs[0].runId);
    await recordHistory(stack.client, callId, 'call-last-run-after-continue-as-new');
  }, 420_000);

  it('takes the defaults for what a partial policy leaves out, and refuses stipends the budget cannot pay', async () => {
    const partial = await stack.request('POST', '/calls', { token: tokens.lead(), body: { ...callBody(10, 20), policy: { stipendCents: 150_000 } } });
    expect(partial.status).toBe(201);
    expect(partial.body.policy).toMatchObject({ stipendCents: 150_000, preselectionThresholdCents: 5_000_000, shortlistMax: 5, awardTranchePercent: 80 });
    const ruinous = await stack.request('POST', '/calls', {
      token: tokens.lead(),
      body: { ...callBody(10, 20), policy: { shortlistMax: 100, stipendCents: 100_000_000_000, preselectionThresholdCents: 0 } },
    });
    expect(ruinous.status).toBe(400);
    expect(ruinous.body.message).toMatch(/100 stipends of 100000000000 cents .* would take the whole budget of 6000000 cents/);
    expect(await stack.count(`SELECT 1 FROM grant_events WHERE type = 'CallLaunched' AND payload->'policy'->>'stipendCents' = '100000000000'`)).toBe(0);
  });

  it('runs a paid pre-selection end to end: invitations, meetup, consortium, stipend once across a worker crash, equity, double funding, awards', async () => {
    const microGrantId = await paidMicroGrant();
    const launched = await stack.request('POST', '/calls', { token: tokens.lead(), body: callBody(14, 34) });
    expect(launched.status).toBe(201);
    expect(launched.body).toMatchObject({ paidPreselection: true, phase: 'open', invited: MATCHED });
    const callId: string = launched.body.id;
    // The project lead put lines on the State's and the CAF's money: each funder hears of it and accepts its own.
    expect(launched.body.awaitingFunders).toEqual(['funder-etat-93', 'funder-caf-93']);
    const asked: { audience: string }[] = await stack.db.query(
      `SELECT audience FROM notifications WHERE grant_id = $1 AND event_type = 'CallLaunched' ORDER BY audience`,
      [callId],
    );
    expect(asked.map((n) => n.audience)).toEqual(['org:funder-caf-93', 'org:funder-etat-93']);

    // Invitations reach exactly the matched associations.
    const invited: { audience: string }[] = await stack.db.query(
      `SELECT audience FROM notifications WHERE grant_id = $1 AND event_type = 'AssociationsInvited' ORDER BY audience`,
      [callId],
    );
    expect(invited.map((n) => n.audience)).toEqual(MATCHED.map((id) => `org:${id}`));
    // Every page: the workflow suites leave notifications dated in their skipped future.
    expect((await stack.inbox(tokens.sport())).some((n) => n.grantId === callId)).toBe(true);
    expect((await stack.request('GET', `/calls/${callId}`, { token: tokens.femmesRelais() })).status).toBe(404);

    // A meetup before applications; RSVP; attendance once it has started.
    const meetupAt = seconds(2);
    const meetup = await stack.request('POST', `/calls/${callId}/meetups`, { token: tokens.lead(), body: { at: meetupAt, place: 'Maison de quartier' } });
    expect(meetup.status).toBe(201);
    const meetupId: string = meetup.body.meetupId;
    expect((await stack.request('POST', `/calls/${callId}/meetups/${meetupId}/rsvp`, { token: tokens.jeunesse(), body: { attending: true } })).status).toBe(
      200,
    );
    // Each association sees its own answer, never the other invitees' (in the answer to its RSVP as in the call).
    const sportAnswer = await stack.request('POST', `/calls/${callId}/meetups/${meetupId}/rsvp`, { token: tokens.sport(), body: { attending: false } });
    expect(sportAnswer.body.meetups[0].rsvps).toEqual([expect.objectContaining({ associationId: 'assoc-sport-pour-tous', attending: false })]);
    const seenByJeunesse = await stack.request('GET', `/calls/${callId}`, { token: tokens.jeunesse() });
    expect(seenByJeunesse.body.meetups[0].rsvps.map((r: { associationId: string }) => r.associationId)).toEqual(['assoc-jeunesse-aubervilliers']);
    const seenByLead = await stack.request('GET', `/calls/${callId}`, { token: tokens.lead() });
    expect(seenByLead.body.meetups[0].rsvps.map((r: { associationId: string }) => r.associationId).sort()).toEqual([
      'assoc-jeunesse-aubervilliers',
      'assoc-sport-pour-tous',
    ]);
    expect((await stack.request('POST', `/calls/${callId}/meetups/${meetupId}/rsvp`, { token: tokens.femmesRelais(), body: { attending: true } })).status).toBe(
      404,
    );

    // A consortium of two; the third association applies alone.
    const consortium = await stack.request('POST', `/calls/${callId}/consortia`, { token: tokens.francsMoisins(), body: { name: 'Francs-Moisins Ensemble' } });
    expect(consortium.status).toBe(201);
    const consortiumId: string = consortium.body.consortiumId;
    expect(
      (
        await stack.request('POST', `/consortia/${consortiumId}/invitations`, {
          token: tokens.francsMoisins(),
          body: { associationId: 'assoc-jeunesse-aubervilliers' },
        })
      ).status,
    ).toBe(201);
    expect((await stack.request('POST', `/consortia/${consortiumId}/invitations/assoc-jeunesse-aubervilliers/accept`, { token: tokens.sport() })).status).toBe(
      403,
    );
    expect(
      (await stack.request('POST', `/consortia/${consortiumId}/invitations/assoc-jeunesse-aubervilliers/accept`, { token: tokens.jeunesse() })).status,
    ).toBe(200);
    const second = await stack.request('POST', `/calls/${callId}/consortia`, { token: tokens.jeunesse(), body: { name: 'Deux fois' } });
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/already belongs to consortium/);

    const expressed = await stack.request('POST', `/calls/${callId}/expressions`, {
      token: tokens.francsMoisins(),
      body: {
        consortiumId,
        summary: 'Ateliers hebdomadaires et sorties culturelles',
        stipendSplit: [
          { associationId: 'assoc-francs-moisins', percent: 60 },
          { associationId: 'assoc-jeunesse-aubervilliers', percent: 40 },
        ],
      },
    });
    expect(expressed.status).toBe(201);
    const app: string = expressed.body.applicationId;
    const solo = await stack.request('POST', `/calls/${callId}/expressions`, { token: tokens.sport(), body: { summary: 'Tournois de quartier' } });
    expect(solo.status).toBe(201);
    const soloApp: string = solo.body.applicationId;

    // Each association sees its own application only.
    expect((await stack.request('GET', `/applications/${app}`, { token: tokens.jeunesse() })).body).toMatchObject({
      status: 'expressed',
      nextStep: 'wait for the pre-selection (shortlist)',
    });
    expect((await stack.request('GET', `/applications/${app}`, { token: tokens.sport() })).status).toBe(404);
    expect((await stack.request('GET', `/applications/${soloApp}`, { token: tokens.francsMoisins() })).status).toBe(404);
    const seenBySport = await stack.request('GET', `/calls/${callId}`, { token: tokens.sport() });
    expect(seenBySport.body.applications.map((a: { id: string }) => a.id)).toEqual([soloApp]);

    const early = await stack.request('POST', `/calls/${callId}/meetups/${meetupId}/attendance`, { token: tokens.lead(), body: { attendeeIds: [] } });
    expect([200, 409]).toContain(early.status); // 409 while the meetup has not started
    await sleepUntil(meetupAt);
    const attended = await stack.request('POST', `/calls/${callId}/meetups/${meetupId}/attendance`, {
      token: tokens.lead(),
      body: { attendeeIds: ['assoc-francs-moisins', 'assoc-jeunesse-aubervilliers'] },
    });
    expect(attended.status).toBe(200);

    // After the EOI deadline: 409; then the shortlist, with the worker killed right after it.
    await sleepUntil(launched.body.eoiDeadline);
    const late = await stack.request('POST', `/calls/${callId}/expressions`, { token: tokens.sport(), body: { summary: 'Encore' } });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/expression-of-interest deadline/);
    await stack.eventually(
      () => stack.request('GET', `/calls/${callId}`, { token: tokens.lead() }),
      (r) => r.body.phase === 'preselection',
    );
    const decisions = {
      decisions: [
        { applicationId: app, shortlisted: true, reason: 'Ancrage local et coopération' },
        { applicationId: soloApp, shortlisted: false, reason: 'Pas de partenaire de proximité' },
      ],
    };
    // No stipend is ordered on a funder's money before it has accepted its line.
    const beforeLines = await stack.request('POST', `/calls/${callId}/shortlist`, { token: tokens.funder(), body: decisions });
    expect(beforeLines).toMatchObject({
      status: 409,
      body: { message: expect.stringMatching(/still awaits funder-etat-93, funder-caf-93 accepting their lines/) },
    });
    expect((await stack.request('POST', `/calls/${callId}/funding-line/accept`, { token: tokens.lead() })).status).toBe(403);
    expect((await stack.request('POST', `/calls/${callId}/funding-line/accept`, { token: tokens.rectorat() })).status).toBe(403);
    const caf = await stack.request('POST', `/calls/${callId}/funding-line/accept`, { token: tokens.funder() });
    expect(caf).toMatchObject({ status: 200, body: { awaitingFunders: ['funder-etat-93'] } });
    expect((await stack.request('POST', `/calls/${callId}/funding-line/accept`, { token: tokens.funder() })).status).toBe(409);
    expect((await stack.request('POST', `/calls/${callId}/shortlist`, { token: tokens.funder(), body: decisions })).body.message).toMatch(
      /still awaits funder-etat-93 accepting its line/,
    );
    const etat = await stack.request('POST', `/calls/${callId}/funding-line/accept`, { token: tokens.etat() });
    expect(etat).toMatchObject({ status: 200, body: { awaitingFunders: [], fundersAccepted: ['funder-caf-93', 'funder-etat-93'] } });
    expect(await stack.count(`SELECT 1 FROM grant_events WHERE grant_id = $1 AND type = 'CallFundingLineAccepted'`, [callId])).toBe(2);
    const shortlisted = await stack.request('POST', `/calls/${callId}/shortlist`, { token: tokens.funder(), body: decisions });
    expect(shortlisted.status).toBe(200);
    await stack.worker!.kill('SIGKILL');
    await stack.startWorker();
    const withStipend = await stack.eventually(
      () => stack.request('GET', `/applications/${app}`, { token: tokens.jeunesse() }),
      (r) => r.body.stipend !== undefined,
    );
    expect(withStipend.body.stipend).toMatchObject({ amountCents: 200_000, yourShareCents: 80_000 });
    expect(await stack.count(`SELECT 1 FROM payment_orders WHERE grant_id = $1 AND purpose = 'stipend'`, [app])).toBe(1);
    expect(await stack.count(`SELECT 1 FROM payment_orders WHERE grant_id = $1`, [soloApp])).toBe(0);
    const told = await stack.eventually(
      () => stack.request('GET', `/applications/${soloApp}`, { token: tokens.sport() }),
      (r) => r.body.status === 'not_shortlisted',
    );
    expect(told.body).toMatchObject({ shortlistReason: 'Pas de partenaire de proximité', nextStep: 'none: the application is over' });

    // Equity: each rule broken is named with the member.
    const unfair = await stack.request('POST', `/applications/${app}/proposal`, {
      token: tokens.francsMoisins(),
      body: proposal([member('assoc-francs-moisins', 3_600_000, 500), member('assoc-jeunesse-aubervilliers', 400_000, 500)]),
    });
    expect(unfair.status).toBe(400);
    expect(unfair.body.problems).toEqual([
      expect.stringMatching(
        /^Les Ateliers des Francs-Moisins \(assoc-francs-moisins\): its share \(90 % of the amount\) exceeds 1.5× its share of the declared contributions/,
      ),
      expect.stringMatching(/^Jeunesse en Mouvement Aubervilliers \(assoc-jeunesse-aubervilliers\): its share \(10 % of the amount\) is below 0.5×/),
      expect.stringMatching(/^Jeunesse en Mouvement Aubervilliers \(assoc-jeunesse-aubervilliers\): a proximity \(local\) member must receive at least 20 %/),
    ]);
    // The same rules with their figures, for a reader that says them in its own words.
    expect(unfair.body.breaks).toEqual([
      expect.objectContaining({
        rule: 'share_above_contributions',
        associationId: 'assoc-francs-moisins',
        sharePercent: 90,
        contributionPercent: 50,
        bound: 1.5,
      }),
      expect.objectContaining({
        rule: 'share_below_contributions',
        associationId: 'assoc-jeunesse-aubervilliers',
        sharePercent: 10,
        contributionPercent: 50,
        bound: 0.5,
      }),
      expect.objectContaining({ rule: 'proximity_floor', associationId: 'assoc-jeunesse-aubervilliers', sharePercent: 10, bound: 20 }),
    ]);
    const unjustified = await stack.request('POST', `/applications/${app}/proposal`, {
      token: tokens.francsMoisins(),
      body: proposal([member('assoc-francs-moisins', 2_000_000, 500), member('assoc-jeunesse-aubervilliers', 1_000_000, 0)], 3_500_000),
    });
    expect(unjustified.status).toBe(400);
    expect(unjustified.body.problems).toEqual([
      'shares: they add up to 3000000 cents, not the requested 3500000 cents',
      'Jeunesse en Mouvement Aubervilliers (assoc-jeunesse-aubervilliers): declares no contribution (hours or costs) to justify its share',
    ]);
    expect(unjustified.body.breaks).toEqual([
      expect.objectContaining({ rule: 'sum', totalCents: 3_000_000, requestedCents: 3_500_000 }),
      expect.objectContaining({ rule: 'no_contribution', associationId: 'assoc-jeunesse-aubervilliers' }),
    ]);
    expect(
      (
        await stack.request('POST', `/applications/${app}/proposal`, {
          token: tokens.jeunesse(),
          body: proposal([member('assoc-jeunesse-aubervilliers', 100, 1)]),
        })
      ).status,
    ).toBe(403);

    // A fair proposal: accepted, and the micro-grant already funding a member this year is flagged.
    const fair = await stack.request('POST', `/applications/${app}/proposal`, {
      token: tokens.francsMoisins(),
      body: proposal([member('assoc-francs-moisins', 2_400_000, 600), member('assoc-jeunesse-aubervilliers', 1_600_000, 400)]),
    });
    expect(fair.status).toBe(200);
    expect(fair.body).toMatchObject({ status: 'proposal_submitted', proposal: { yourShareCents: 2_400_000 } });
    expect(fair.body.doubleFundingFlags).toEqual(
      expect.arrayContaining([expect.objectContaining({ associationId: 'assoc-francs-moisins', conflictingGrantId: microGrantId, siret: '79511522612904' })]),
    );
    const flagged = await stack.db.query(`SELECT payload FROM grant_events WHERE grant_id = $1 AND type = 'DoubleFundingFlagged'`, [app]);
    expect(flagged[0].payload.flags.map((f: { conflictingGrantId: string }) => f.conflictingGrantId)).toContain(microGrantId);
    const deciders = await stack.inbox(tokens.funder());
    expect(deciders.some((n) => n.subject.startsWith('Risque de double financement') && n.body.includes(microGrantId))).toBe(true);

    // Awards: not before the proposal deadline; never above the budget; then tranches per member.
    expect(
      (
        await stack.request('POST', `/calls/${callId}/awards`, {
          token: tokens.lead(),
          body: { awards: [{ applicationId: app, amountCents: 3_000_000 }], reason: 'x' },
        })
      ).status,
    ).toBe(409);
    await sleepUntil(launched.body.proposalDeadline);
    await stack.eventually(
      () => stack.request('GET', `/calls/${callId}`, { token: tokens.lead() }),
      (r) => r.body.phase === 'deciding',
    );
    const above = await stack.request('POST', `/calls/${callId}/awards`, {
      token: tokens.lead(),
      body: { awards: [{ applicationId: app, amountCents: 6_000_001 }], reason: 'Trop' },
    });
    expect(above.status).toBe(409);
    const awarded = await stack.request('POST', `/calls/${callId}/awards`, {
      token: tokens.lead(),
      body: { awards: [{ applicationId: app, amountCents: 3_500_000 }], reason: 'Projet co-construit, budget ajusté' },
    });
    expect(awarded.status).toBe(200);
    expect(awarded.body.phase).toBe('awarded');
    await stack.eventually(
      () => stack.client.workflow.getHandle(callId).describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    await recordHistory(stack.client, callId, 'call-funders-accepted-awarded');
    const grant = await stack.eventually(
      () => stack.request('GET', `/applications/${app}`, { token: tokens.jeunesse() }),
      (r) => r.body.status === 'awarded' && r.body.deadline,
    );
    expect(grant.body.award.yours).toEqual({
      associationId: 'assoc-jeunesse-aubervilliers',
      awardCents: 1_400_000,
      firstTrancheCents: 1_120_000,
      finalTrancheCents: 280_000,
    });
    await stack.eventually(
      () => stack.count(`SELECT 1 FROM payment_orders WHERE grant_id = $1 AND purpose = 'award_tranche'`, [app]),
      (n) => n === 2,
    );
    const report = await stack.request('POST', `/applications/${app}/final-report`, { token: tokens.jeunesse(), body: { summary: '140 jeunes accompagnés' } });
    expect(report.status).toBe(200);
    await stack.eventually(
      () => stack.count(`SELECT 1 FROM payment_orders WHERE grant_id = $1 AND purpose = 'final_tranche'`, [app]),
      (n) => n === 2,
    );
    const [{ total }] = await stack.db.query(`SELECT sum(amount_cents)::int AS total FROM payment_orders WHERE grant_id = $1 AND purpose <> 'stipend'`, [app]);
    expect(total).toBe(3_500_000);

    // The consortium grant is in the read model for its members, and its chain verifies.
    const mine = await stack.request('GET', '/grants?kind=consortium_application', { token: tokens.jeunesse() });
    expect(mine.body.items.map((g: { id: string }) => g.id)).toContain(app);
    expect((await stack.request('GET', `/grants/${app}/verify`, { token: tokens.auditor() })).body).toMatchObject({ valid: true });
    expect((await stack.request('GET', `/grants/${callId}/events`, { token: tokens.auditor() })).status).toBe(200);
  });
});
