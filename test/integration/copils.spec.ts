import { rebuildProjections } from '@grants/persistence';
import { recordHistory } from '../support/histories';
import { TestStack } from '../support/stack';
import { ownTerritory, Territory } from '../support/territory';

/**
 * A territory's Copil by colleges through the HTTP API: designation rounds, candidacies (an
 * association for itself, the project lead for anyone), the college's designation once candidacies
 * close, one per seat, mandates to their term (a day is 50 ms here: a year of mandate lasts 18 s),
 * a meeting with every seat invited, its attendance crediting a coordination token to an attending
 * association's token-mode anchoring agreement, decisions by the colleges' votes; who may do what.
 */
const stack = new TestStack({ COPIL_DAY: '50ms', ANCHORING_TERMINATION_NOTICE: '1s' });
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));
let territory: Territory;
const tokens = {
  lead: () => stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: territory.id, sub: `pd-${territory.id}` }),
  otherLead: () => stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
  association: (n = 0) => stack.token({ role: 'association', org: territory.associations[n].id, sub: `user-${territory.associations[n].id}` }),
  outsider: () => stack.token({ role: 'association', org: 'assoc-francs-moisins', sub: 'user-assoc-francs-moisins' }),
  funder: (org = 'funder-caf-93') => stack.token({ role: 'funder', org, sub: `user-${org}` }),
  auditor: () => stack.token({ role: 'auditor' }),
  admin: () => stack.token({ role: 'admin' }),
};
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const VOTES_FOR = { state: 'for', local_authorities: 'for', associations: 'for', citizens: 'abstain' };
let agreementId = '';

beforeAll(async () => {
  await stack.start();
  territory = await ownTerritory(stack, 'copil-territoire');
  // The first association's anchoring agreement pays its coordination by tokens.
  const proposed = await stack.request('POST', '/anchoring-agreements', {
    token: tokens.lead(),
    body: {
      associationId: territory.associations[0].id,
      years: 2,
      yearlyAmountCents: 2_000_000,
      startDate: new Date().toISOString(),
      fundingPlan: [{ funderId: 'funder-caf-93', amountCents: 2_000_000 }],
      coordination: { mode: 'tokens', tokenValueCents: 8_000, yearlyCapCents: 160_000 },
    },
  });
  expect(proposed.status).toBe(201);
  agreementId = proposed.body.id;
  expect((await stack.request('POST', `/anchoring-agreements/${agreementId}/funding-line/accept`, { token: tokens.funder() })).status).toBe(200);
  expect((await stack.request('POST', `/anchoring-agreements/${agreementId}/accept`, { token: tokens.association() })).status).toBe(200);
  await stack.eventually(
    () => stack.request('GET', `/anchoring-agreements/${agreementId}`, { token: tokens.auditor() }),
    (r) => r.body.status === 'active',
  );
});

afterAll(async () => {
  await stack.stop();
});

describe("a territory's Copil by colleges through the HTTP API", () => {
  const id = () => `copil-${territory.id}-${YEAR}`;
  const path = () => `/copils/${id()}`;
  const get = (token = tokens.lead()) => stack.request('GET', path(), { token });

  it("is opened by the territory's project lead, once a year, and read by its binôme and associations", async () => {
    const open = (body: Record<string, unknown>, token = tokens.lead()) =>
      stack.request('POST', '/copils', { token, body: { territory: territory.id, year: YEAR, ...body } });
    expect((await open({ year: YEAR + 2 })).status).toBe(400);
    expect((await open({ year: 1999 })).status).toBe(400);
    for (const token of [tokens.otherLead(), tokens.delegate(), tokens.association(), tokens.funder(), tokens.auditor()])
      expect((await open({}, token)).status).toBe(403);
    expect((await stack.request('POST', '/copils', { token: tokens.admin(), body: { territory: 'nowhere-at-all', year: YEAR } })).status).toBe(404);
    const opened = await open({});
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ id: id(), territoryId: territory.id, year: YEAR, status: 'active', rounds: [], mandates: [], meetings: [] });
    expect((await open({})).body.lastSeq).toBe(opened.body.lastSeq);
    expect((await open({}, tokens.admin())).status).toBe(409);

    for (const token of [tokens.delegate(), tokens.association(1), tokens.auditor()]) expect((await get(token)).status).toBe(200);
    for (const token of [tokens.outsider(), tokens.otherLead(), tokens.funder()]) expect((await get(token)).status).toBe(404);
    expect((await stack.request('GET', '/copils', { token: tokens.funder() })).status).toBe(403);
    expect((await stack.request('GET', '/copils', { token: tokens.association() })).body.items.map((c: { id: string }) => c.id)).toEqual([id()]);
  });

  it('takes candidacies in a round until its due date: an association for itself, in its college; the project lead records the others', async () => {
    const round = (body: Record<string, unknown>, token = tokens.lead()) =>
      stack.request('POST', `${path()}/rounds`, { token, body: { college: 'associations', seats: 1, candidaciesDueAt: inSeconds(5), termYears: 1, ...body } });
    expect((await round({ seats: 0 })).status).toBe(400);
    expect((await round({ candidaciesDueAt: inSeconds(-60) })).status).toBe(400);
    expect((await round({ college: 'bishops' })).status).toBe(400);
    expect((await round({}, tokens.delegate())).status).toBe(403);
    expect((await round({}, tokens.otherLead())).status).toBe(404);
    const opened = await round({});
    expect(opened.status).toBe(201);
    expect(opened.body.rounds).toEqual([expect.objectContaining({ roundId: 'r1', college: 'associations', seats: 1, termYears: 1, status: 'open' })]);
    expect((await round({})).status).toBe(409);
    expect((await round({ college: 'citizens', seats: 2 })).status).toBe(201);

    const stand = (roundId: string, body: Record<string, unknown>, token: string) =>
      stack.request('POST', `${path()}/rounds/${roundId}/candidacies`, { token, body });
    const first = await stand('r1', { statement: 'Nous animons le quartier depuis dix ans.' }, tokens.association(0));
    expect(first.status).toBe(201);
    expect(first.body.rounds[0].candidacies).toEqual([
      expect.objectContaining({ candidacyId: 'r1-c1', candidate: { name: territory.associations[0].name, associationId: territory.associations[0].id } }),
    ]);
    expect((await stand('r1', {}, tokens.association(0))).status).toBe(409);
    expect((await stand('r1', { associationId: territory.associations[1].id }, tokens.association(0))).status).toBe(403);
    expect((await stand('r2', {}, tokens.association(1))).status).toBe(400);
    expect((await stand('r1', {}, tokens.outsider())).status).toBe(404);
    expect((await stand('r9', {}, tokens.association(1))).status).toBe(404);
    expect((await stand('r1', {}, tokens.delegate())).status).toBe(403);
    expect((await stand('r1', {}, tokens.association(1))).status).toBe(201);
    expect((await stand('r2', {}, tokens.lead())).status).toBe(400);
    expect((await stand('r2', { name: 'Conseil citoyen du centre', statement: 'Désignation au conseil du 2 décembre' }, tokens.lead())).status).toBe(201);

    // The associations acting in the territory heard of the associations' round; the candidate of its own candidacy.
    const inbox = await stack.inbox(tokens.association(1));
    expect(inbox.filter((n) => n.grantId === id()).map((n) => n.eventType)).toEqual(expect.arrayContaining(['CopilRoundOpened', 'CopilCandidacyFiled']));
    const told = inbox.find((n) => n.grantId === id() && n.eventType === 'CopilRoundOpened')!;
    expect(told.body).toContain(`/app/copil/${id()}`);
  });

  it('designates once the candidacies close, one candidate per seat with its reason', async () => {
    const designate = (roundId: string, body: Record<string, unknown>, token = tokens.lead()) =>
      stack.request('POST', `${path()}/rounds/${roundId}/designations`, { token, body });
    const early = await designate('r1', { candidacyId: 'r1-c1', reason: 'Élue' });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/candidacies are taken until/);
    await stack.eventually(
      () => get(),
      (r) => r.body.rounds.every((x: { status: string }) => x.status === 'designating'),
      20_000,
    );
    expect((await designate('r1', { candidacyId: 'r1-c1', reason: ' ' })).status).toBe(400);
    expect((await designate('r1', { candidacyId: 'r1-c9', reason: 'Élue' })).status).toBe(400);
    expect((await designate('r1', { candidacyId: 'r1-c1', reason: 'Élue' }, tokens.delegate())).status).toBe(403);
    const designated = await designate('r1', { candidacyId: 'r1-c1', reason: 'Élue par le collège des associations, 9 voix sur 14' });
    expect(designated.status).toBe(201);
    expect(designated.body.rounds[0].status).toBe('complete');
    const full = await designate('r1', { candidacyId: 'r1-c2', reason: 'Un siège de trop' });
    expect(full.status).toBe(409);
    expect(full.body.message).toMatch(/every seat/);
    expect((await designate('r2', { candidacyId: 'r2-c1', reason: 'Désigné par le conseil citoyen' })).status).toBe(201);

    const seats = await stack.request('GET', `/territories/${territory.id}/copil-seats`, { token: tokens.association(1) });
    expect(seats.status).toBe(200);
    expect(seats.body.seats.map((s: { college: string; holder: string }) => [s.college, s.holder])).toEqual([
      ['associations', territory.associations[0].name],
      ['citizens', 'Conseil citoyen du centre'],
    ]);
    expect((await stack.request('GET', `/territories/${territory.id}/copil-seats`, { token: tokens.outsider() })).status).toBe(404);
  });

  it("meets with every seat invited; an association present earns its agreement's coordination token; each axis is decided by the colleges' votes", async () => {
    const scheduled = await stack.request('POST', `${path()}/meetings`, {
      token: tokens.lead(),
      body: { at: inSeconds(2), agenda: ['Axes prioritaires de l’année', 'Feuille de mission du binôme'] },
    });
    expect(scheduled.status).toBe(201);
    const meeting = scheduled.body.meetings[0];
    expect(meeting.invited.map((s: { holder: string }) => s.holder)).toEqual([territory.associations[0].name, 'Conseil citoyen du centre']);
    expect((await stack.request('POST', `${path()}/meetings`, { token: tokens.lead(), body: { at: inSeconds(2), agenda: [] } })).status).toBe(400);
    const record = (body: Record<string, unknown>, token = tokens.lead()) =>
      stack.request('POST', `${path()}/meetings/${meeting.meetingId}/record`, {
        token,
        body: { heldOn: new Date().toISOString(), minutes: 'Deux axes votés.', attendees: [meeting.invited[0].mandateId], decisions: [], ...body },
      });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await record({ attendees: ['someone-else'] })).status).toBe(400);
    const unvoted = await record({ decisions: [{ title: 'Accès aux droits', votes: { state: 'for' } }] });
    expect(unvoted.status).toBe(400);
    expect(unvoted.body.message).toMatch(/local_authorities/);
    expect((await record({}, tokens.delegate())).status).toBe(403);
    const recorded = await record({
      decisions: [
        { title: 'Accès aux droits des familles', votes: VOTES_FOR },
        { title: 'Vidéoprotection', votes: { state: 'for', local_authorities: 'against', associations: 'against', citizens: 'against' } },
      ],
    });
    expect(recorded.status).toBe(200);
    const held = recorded.body.meetings[0];
    expect(held.status).toBe('held');
    expect(held.decisions.map((d: { title: string; adopted: boolean }) => [d.title, d.adopted])).toEqual([
      ['Accès aux droits des familles', true],
      ['Vidéoprotection', false],
    ]);
    expect(held.creditedAgreementIds).toEqual([agreementId]);
    expect((await record({})).status).toBe(409);
    const agreement = await stack.eventually(
      () => stack.request('GET', `/anchoring-agreements/${agreementId}`, { token: tokens.auditor() }),
      (r) => r.body.totals.tokens >= 1,
    );
    expect(agreement.body.schedule[0].coordination).toMatchObject({ tokens: 1, accruedCents: 8_000 });
    expect(
      await stack.count(`SELECT 1 FROM grant_events WHERE grant_id = $1 AND type = 'CoordinationTokenCredited' AND payload->>'meetingId' = $2`, [
        agreementId,
        meeting.meetingId,
      ]),
    ).toBe(1);
  });

  it('reminds the holders before their term ends and ends their mandates (a day is 50 ms here)', async () => {
    const ended = await stack.eventually(
      () => get(),
      (r) => r.body.mandates.every((m: { status: string }) => m.status === 'ended'),
      40_000,
    );
    expect(ended.body.mandates.every((m: { remindedAt?: string }) => m.remindedAt)).toBe(true);
    expect((await stack.request('GET', `/territories/${territory.id}/copil-seats`, { token: tokens.lead() })).body.seats).toEqual([]);
    const inbox = await stack.inbox(tokens.association(0));
    expect(inbox.filter((n) => n.grantId === id()).map((n) => n.eventType)).toEqual(
      expect.arrayContaining(['CopilSeatDesignated', 'CopilMeetingScheduled', 'CopilMandateReminderSent', 'CopilMandateEnded']),
    );
  });

  it("gives the territory's annual report its designations and decisions", async () => {
    const report = await stack.request('GET', `/territories/${territory.id}/annual-reports/${YEAR}`, { token: tokens.lead() });
    expect(report.status).toBe(200);
    expect(report.body.copil).toMatchObject({ id: id(), meetingsHeld: 1 });
    expect(report.body.copil.designations.map((d: { college: string; holder: string }) => [d.college, d.holder])).toEqual([
      ['associations', territory.associations[0].name],
      ['citizens', 'Conseil citoyen du centre'],
    ]);
    expect(report.body.copil.decisions.map((d: { title: string; adopted: boolean }) => [d.title, d.adopted])).toEqual([
      ['Accès aux droits des familles', true],
      ['Vidéoprotection', false],
    ]);
    const pdf = await stack.request('GET', `/territories/${territory.id}/annual-reports/${YEAR}/pdf`, { token: tokens.lead() });
    expect(pdf.status).toBe(200);
  });

  it('is audited like a grant and rebuilt from its events', async () => {
    const events = await stack.request('GET', `/grants/${id()}/events`, { token: tokens.auditor() });
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'CopilOpened',
        'CopilRoundOpened',
        'CopilSeatDesignated',
        'CopilMeetingHeld',
        'CopilAxisDecided',
        'CopilTokensCredited',
        'CopilMandateEnded',
      ]),
    );
    expect((await stack.request('GET', `/grants/${id()}/verify`, { token: tokens.auditor() })).body.valid).toBe(true);
    const before: unknown[] = await stack.db.query('SELECT * FROM copils WHERE territory_id = $1', [territory.id]);
    const { differences } = await rebuildProjections(stack.db);
    expect(differences.filter((d) => d.startsWith('Copil'))).toEqual([]);
    expect(await stack.db.query('SELECT * FROM copils WHERE territory_id = $1', [territory.id])).toEqual(before);
    await recordHistory(stack.client, id(), 'copil-met-through-http');
  });

  it('leaves nothing running on into later suites: the agreement ends by mutual agreement', async () => {
    const asked = await stack.request('POST', `/anchoring-agreements/${agreementId}/termination`, {
      token: tokens.association(),
      body: { mode: 'mutual', reason: 'Fin du test' },
    });
    expect(asked.status).toBe(200);
    for (const party of (asked.body.termination?.awaiting ?? []) as string[]) {
      expect(
        (
          await stack.request('POST', `/anchoring-agreements/${agreementId}/termination`, {
            token: tokens.funder(party),
            body: { mode: 'mutual', reason: 'Fin du test' },
          })
        ).status,
      ).toBe(200);
    }
    await stack.eventually(
      () => stack.request('GET', `/anchoring-agreements/${agreementId}`, { token: tokens.auditor() }),
      (r) => r.body.status === 'terminated',
    );
  });
});
