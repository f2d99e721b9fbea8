import { rebuildProjections } from '@grants/persistence';
import { recordHistory } from '../support/histories';
import { TestStack } from '../support/stack';
import { ownTerritory, Territory } from '../support/territory';

/**
 * The binôme's mission sheet through the HTTP API: drafted from the engine's data of the past year,
 * written and signed by both members, sent back by the Copil, adopted, then read by the
 * territory's associations; who may do what.
 */
const stack = new TestStack();
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));
let territory: Territory;
const tokens = {
  lead: () => stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: territory.id, sub: `pd-${territory.id}` }),
  otherLead: () => stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
  association: () => stack.token({ role: 'association', org: territory.associations[0].id, sub: `user-${territory.associations[0].id}` }),
  outsider: () => stack.token({ role: 'association', org: 'assoc-francs-moisins', sub: 'user-assoc-francs-moisins' }),
  funder: () => stack.token({ role: 'funder', org: 'funder-caf-93', sub: 'user-funder-caf-93' }),
  auditor: () => stack.token({ role: 'auditor' }),
  admin: () => stack.token({ role: 'admin' }),
};
const FULL = {
  activityReport: 'Bilan complété par le binôme',
  priorities: 'Emploi des jeunes',
  splitOfWork: 'Les appels pour la cheffe de projet',
  complementarity: 'Les bailleurs pour le délégué',
};
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  await stack.start();
  territory = await ownTerritory(stack, 'ms-territoire');
  // This year's one micro-grant, decided and paid: the draft of next year's sheet counts it.
  const requested = await stack.request('POST', '/micro-grants', {
    token: tokens.association(),
    body: { binomeId: territory.binomeId, title: 'Fête des voisins', purpose: 'Goûter', amountCents: 150_000, qpv: 'Francs-Moisins' },
  });
  expect(requested.status).toBe(201);
  for (const token of [tokens.lead(), tokens.delegate()]) {
    expect((await stack.request('POST', `/micro-grants/${requested.body.id}/decisions`, { token, body: { decision: 'approve' } })).status).toBe(200);
  }
  await stack.eventually(
    () => stack.count('SELECT 1 FROM payment_orders WHERE grant_id = $1', [requested.body.id]),
    (n) => n === 1,
  );
});

afterAll(async () => {
  await stack.stop();
});

describe("the binôme's mission sheet through the HTTP API", () => {
  const id = () => `ms-${territory.id}-${YEAR + 1}`;
  const path = () => `/mission-sheets/${id()}`;

  it('is opened by a member of the binôme with the past year’s activity report drafted from the engine’s data', async () => {
    const open = (body: Record<string, unknown>, token = tokens.delegate()) =>
      stack.request('POST', '/mission-sheets', { token, body: { territory: territory.id, year: YEAR + 1, copilAt: inDays(30), ...body } });
    expect((await open({ copilAt: inDays(-1) })).status).toBe(400);
    expect((await open({ year: 1999 })).status).toBe(400);
    for (const token of [tokens.otherLead(), tokens.association(), tokens.funder(), tokens.auditor()]) expect((await open({}, token)).status).toBe(403);
    expect(
      (await stack.request('POST', '/mission-sheets', { token: tokens.admin(), body: { territory: 'nowhere-at-all', year: YEAR + 1, copilAt: inDays(30) } }))
        .status,
    ).toBe(404);
    const copilAt = inDays(30);
    const opened = await open({ copilAt });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ id: id(), territoryId: territory.id, year: YEAR + 1, status: 'drafting', openedBy: `pd-${territory.id}` });
    expect(opened.body.figures).toMatchObject({
      year: YEAR,
      microGrantsRequested: 1,
      microGrantsApproved: 1,
      paidCents: 150_000,
      paymentOrders: 1,
      envelopeTotalCents: 3_000_000,
    });
    expect(opened.body.versions[0].content.activityReport).toContain(`En ${YEAR}, le binôme a instruit 1 demande de micro-subvention`);
    expect(opened.body.versions[0].side).toBe('engine');
    expect((await open({ copilAt })).body.lastSeq).toBe(opened.body.lastSeq);
    const other = await open({ copilAt: inDays(31) });
    expect(other.status).toBe(409);
    expect(other.body.message).toMatch(/open already/);
  });

  it('is written and signed by each member; the Copil decides once both signed, sending it back with comments', async () => {
    const sign = (token: string) => stack.request('POST', `${path()}/signature`, { token });
    const unwritten = await sign(tokens.lead());
    expect(unwritten.status).toBe(400);
    expect(unwritten.body.message).toMatch(/priorities: to write before signing/);
    const revised = await stack.request('POST', `${path()}/versions`, { token: tokens.lead(), body: FULL });
    expect(revised.status).toBe(200);
    expect(revised.body.versions.map((v: { version: number; side: string }) => [v.version, v.side])).toEqual([
      [1, 'engine'],
      [2, 'project_lead'],
    ]);
    expect((await stack.request('POST', `${path()}/versions`, { token: tokens.lead(), body: FULL })).status).toBe(409);
    expect((await stack.request('POST', `${path()}/versions`, { token: tokens.otherLead(), body: FULL })).status).toBe(404);
    expect((await sign(tokens.lead())).status).toBe(200);
    expect((await sign(tokens.lead())).status).toBe(409);
    const decide = (body: Record<string, unknown>, token = tokens.lead()) => stack.request('POST', `${path()}/copil-decision`, { token, body });
    const early = await decide({ adopted: true });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/awaits the signature of the prefect delegate/);
    const signed = await sign(tokens.delegate());
    expect(signed.body.status).toBe('signed');
    expect((await decide({ adopted: true }, tokens.delegate())).status).toBe(403);
    expect((await decide({ adopted: false })).status).toBe(400);
    const sentBack = await decide({ adopted: false, comments: 'Préciser la répartition du travail' });
    expect(sentBack.status).toBe(200);
    expect(sentBack.body.status).toBe('drafting');
    expect(sentBack.body.decisions).toEqual([expect.objectContaining({ version: 2, adopted: false, comments: 'Préciser la répartition du travail' })]);
    // Not adopted: the associations do not see it.
    expect((await stack.request('GET', path(), { token: tokens.association() })).status).toBe(404);
  });

  it('is adopted after a new version signed by both, then read by the associations acting in the territory', async () => {
    expect(
      (
        await stack.request('POST', `${path()}/versions`, {
          token: tokens.delegate(),
          body: { ...FULL, splitOfWork: 'Les appels pour la cheffe de projet, les bailleurs pour le délégué' },
        })
      ).status,
    ).toBe(200);
    for (const token of [tokens.delegate(), tokens.lead()]) expect((await stack.request('POST', `${path()}/signature`, { token })).status).toBe(200);
    const adopted = await stack.request('POST', `${path()}/copil-decision`, { token: tokens.lead(), body: { adopted: true } });
    expect(adopted.status).toBe(200);
    expect(adopted.body.status).toBe('adopted');
    expect((await stack.request('POST', `${path()}/versions`, { token: tokens.lead(), body: FULL })).status).toBe(409);

    const read = await stack.request('GET', path(), { token: tokens.association() });
    expect(read.status).toBe(200);
    expect(read.body.versions.map((v: { version: number }) => v.version)).toEqual([3]);
    expect(read.body.decisions).toEqual([expect.objectContaining({ version: 3, adopted: true })]);
    const list = await stack.request('GET', '/mission-sheets', { token: tokens.association() });
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([id()]);
    expect((await stack.request('GET', path(), { token: tokens.outsider() })).status).toBe(404);
    expect((await stack.request('GET', '/mission-sheets', { token: tokens.funder() })).status).toBe(403);
    expect((await stack.request('GET', path(), { token: tokens.otherLead() })).status).toBe(404);

    // The other member heard of each version and signature; both of the Copil's decisions.
    const inbox = await stack.inbox(tokens.delegate());
    const types = inbox.filter((n) => n.grantId === id()).map((n) => n.eventType);
    expect(types).toEqual(
      expect.arrayContaining(['MissionSheetOpened', 'MissionSheetRevised', 'MissionSheetSigned', 'MissionSheetSentBack', 'MissionSheetAdopted']),
    );
    const adoption = inbox.find((n) => n.grantId === id() && n.eventType === 'MissionSheetAdopted')!;
    expect(adoption.body).toContain(`/app/feuilles-de-mission/${id()}`);
  });

  it('is audited like a grant and rebuilt from its events', async () => {
    const events = await stack.request('GET', `/grants/${id()}/events`, { token: tokens.auditor() });
    expect(events.body.map((e: { type: string }) => e.type)).toEqual([
      'MissionSheetOpened',
      'MissionSheetRevised',
      'MissionSheetSigned',
      'MissionSheetSigned',
      'MissionSheetSentBack',
      'MissionSheetRevised',
      'MissionSheetSigned',
      'MissionSheetSigned',
      'MissionSheetAdopted',
    ]);
    expect((await stack.request('GET', `/grants/${id()}/verify`, { token: tokens.auditor() })).body.valid).toBe(true);
    const before: unknown[] = await stack.db.query('SELECT * FROM mission_sheets WHERE territory_id = $1', [territory.id]);
    const { differences } = await rebuildProjections(stack.db);
    expect(differences.filter((d) => d.startsWith('mission sheet'))).toEqual([]);
    expect(await stack.db.query('SELECT * FROM mission_sheets WHERE territory_id = $1', [territory.id])).toEqual(before);
    await recordHistory(stack.client, id(), 'mission-sheet-adopted-through-http');
  });
});
