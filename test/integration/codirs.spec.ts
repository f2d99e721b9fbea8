import { rebuildProjections } from '@grants/persistence';
import { recordHistory } from '../support/histories';
import { TestStack } from '../support/stack';
import { ownTerritory, Territory } from '../support/territory';

// A CODIR day lasts one second here: statements due 14 s before the meeting (reminded 5 s before),
// commitments reminded 14 s before their due date, followed 365 s.
const stack = new TestStack({ CODIR_DAY: '1s' });
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));
let territory: Territory;
const tokens = {
  lead: () => stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: territory.id, sub: `pd-${territory.id}` }),
  otherLead: () => stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
  association: () => stack.token({ role: 'association', org: territory.associations[0].id, sub: `user-${territory.associations[0].id}` }),
  funder: () => stack.token({ role: 'funder', org: 'funder-caf-93', sub: 'user-funder-caf-93' }),
  auditor: () => stack.token({ role: 'auditor' }),
  admin: () => stack.token({ role: 'admin' }),
};
const DIRECTIONS = [
  { directionId: 'education', sector: 'education', name: 'Direction de l’éducation', contact: 'education@ville.example' },
  { directionId: 'solidarites', sector: 'social_action', name: 'Direction des solidarités', contact: '01 23 45 67 89' },
  { directionId: 'sports', sector: 'sport', name: 'Direction des sports', contact: 'sports@ville.example' },
];
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

beforeAll(async () => {
  await stack.start();
  territory = await ownTerritory(stack, 'codir-territoire');
});

afterAll(async () => {
  await stack.stop();
});

describe('the yearly CODIR QPV through the HTTP API', () => {
  const id = () => `codir-${territory.id}-${YEAR}`;
  const get = (token = tokens.lead()) => stack.request('GET', `/codirs/${id()}`, { token });

  it('is opened by the territory’s yearly Temporal Schedule, which its project lead sets', async () => {
    const path = `/territories/${territory.id}/codir-schedule`;
    expect((await stack.request('GET', path, { token: tokens.lead() })).status).toBe(404);
    const bad = await stack.request('PUT', path, { token: tokens.lead(), body: { month: 13, day: 30, meetingAfterDays: 5, directions: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/month/);
    expect(bad.body.message).toMatch(/directions/);
    for (const token of [tokens.delegate(), tokens.otherLead(), tokens.association(), tokens.funder()]) {
      expect((await stack.request('PUT', path, { token, body: { month: 1, day: 15, meetingAfterDays: 30, directions: DIRECTIONS } })).status).toBe(403);
    }
    const set = await stack.request('PUT', path, { token: tokens.lead(), body: { month: 1, day: 15, meetingAfterDays: 30, directions: DIRECTIONS } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ territoryId: territory.id, month: 1, day: 15, meetingAfterDays: 30, lastOpenedAt: null });
    expect(set.body.directions).toHaveLength(3);
    // Each 15 January at 8:00 in Paris.
    expect(set.body.nextOpenings).toHaveLength(3);
    for (const at of set.body.nextOpenings)
      expect(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'numeric', hour: 'numeric' }).format(new Date(at))).toBe(
        '15/01 08 h',
      );
    expect((await stack.request('GET', path, { token: tokens.delegate() })).body.scheduleId).toBe(set.body.scheduleId);
    expect((await stack.request('GET', path, { token: tokens.otherLead() })).status).toBe(403);
    expect((await stack.request('GET', `/territories/nowhere-at-all/codir-schedule`, { token: tokens.admin() })).status).toBe(404);

    // The Schedule fires (now rather than on 15 January): that year's CODIR opens on its own.
    await stack.client.schedule.getHandle(set.body.scheduleId).trigger();
    const opened = await stack.eventually(get, (r) => r.status === 200);
    expect(opened.body).toMatchObject({ id: id(), territoryId: territory.id, year: YEAR, status: 'collecting', bySchedule: true, openedBy: 'engine' });
    expect(Date.parse(opened.body.meetingAt) - Date.parse(opened.body.statementsDueAt)).toBe(14_000);
    expect(opened.body.policy).toBeUndefined();
    expect(
      (
        await stack.eventually(
          () => stack.request('GET', path, { token: tokens.lead() }),
          (r) => r.body.lastOpenedAt !== null,
        )
      ).status,
    ).toBe(200);
    // A second firing the same year leaves it as it is.
    await stack.client.schedule.getHandle(set.body.scheduleId).trigger();
    await new Promise((r) => setTimeout(r, 1000));
    expect((await get()).body.lastSeq).toBe(opened.body.lastSeq);
  });

  it('records the directions’ statements, is read by the binôme, auditors and admins only', async () => {
    const statement = (directionId: string, token = tokens.lead()) =>
      stack.request('POST', `/codirs/${id()}/statements`, {
        token,
        body: { directionId, text: 'Trois écoles du quartier en cité éducative', qpvs: ['Francs-Moisins', ' '] },
      });
    expect((await statement('education', tokens.delegate())).status).toBe(403);
    expect((await statement('education', tokens.otherLead())).status).toBe(404);
    const unknown = await statement('voirie');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/voirie is not invited/);
    const recorded = await statement('education');
    expect(recorded.status).toBe(200);
    expect(recorded.body.directions[0].statement).toMatchObject({
      text: 'Trois écoles du quartier en cité éducative',
      qpvs: ['Francs-Moisins'],
      by: `pl-${territory.id}`,
    });
    expect((await statement('solidarites')).status).toBe(200);
    for (const token of [tokens.delegate(), tokens.auditor(), tokens.admin()]) expect((await get(token)).status).toBe(200);
    for (const token of [tokens.association(), tokens.funder(), tokens.otherLead()]) expect((await get(token)).status).toBe(404);
    const list = await stack.request('GET', '/codirs', { token: tokens.delegate() });
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id());
    expect(list.body.items.every((c: { territoryId: string }) => c.territoryId === territory.id)).toBe(true);
    expect((await stack.request('GET', '/codirs', { token: tokens.association() })).status).toBe(403);
  });

  it('answers each direction as a resource, from the suggested local relays', async () => {
    const suggestions = await stack.request('GET', `/codirs/${id()}/suggestions?directionId=solidarites`, { token: tokens.lead() });
    expect(suggestions.status).toBe(200);
    // The territory's associations work on « lien social », a theme of social action.
    expect(suggestions.body.relays.map((r: { associationId: string }) => r.associationId).sort()).toEqual(territory.associations.map((a) => a.id).sort());
    expect((await stack.request('GET', `/codirs/${id()}/suggestions?directionId=nobody`, { token: tokens.lead() })).status).toBe(400);
    const answer = (body: Record<string, unknown>) =>
      stack.request('POST', `/codirs/${id()}/answers`, {
        token: tokens.lead(),
        body: { directionId: 'solidarites', text: 'Deux associations relais', ...body },
      });
    const elsewhere = await answer({ relays: ['assoc-francs-moisins'] });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.message).toMatch(/does not act in codir-territoire/);
    expect((await answer({ coFunding: ['ctb-00000000-0000-4000-8000-000000000000'] })).status).toBe(400);
    const silent = await stack.request('POST', `/codirs/${id()}/answers`, { token: tokens.lead(), body: { directionId: 'sports', text: 'x' } });
    expect(silent.status).toBe(409);
    expect(silent.body.message).toMatch(/has not stated yet/);
    const answered = await answer({ relays: [territory.associations[0].id] });
    expect(answered.status).toBe(200);
    expect(answered.body.directions[1].answer).toMatchObject({ relays: [territory.associations[0].id], coFunding: [] });
  });

  it('reminds then closes the statements, records the meeting and follows its commitments', async () => {
    const closed = await stack.eventually(get, (r) => r.body.status === 'preparing', 30_000);
    expect(closed.body.missing).toEqual(['sports']);
    expect(closed.body.directions.map((d: { reminded: boolean }) => d.reminded)).toEqual([false, false, true]);
    expect(
      (await stack.request('POST', `/codirs/${id()}/statements`, { token: tokens.lead(), body: { directionId: 'sports', text: 'trop tard' } })).status,
    ).toBe(409);

    // Held 340 s ago (by the CODIR's days, nearly a year): its follow-up ends in 25 s, within this test.
    const heldOn = inSeconds(-340);
    const meeting = (body: Record<string, unknown>) =>
      stack.request('POST', `/codirs/${id()}/meeting`, {
        token: tokens.lead(),
        body: {
          heldOn,
          minutes: 'Tour de table des directions',
          attendees: ['education', 'solidarites'],
          commitments: [
            { directionId: 'sports', text: 'Gymnase ouvert le samedi', dueAt: inSeconds(16) },
            { directionId: 'education', text: 'Un référent par école', dueAt: inSeconds(22) },
          ],
          ...body,
        },
      });
    const late = await meeting({ commitments: [{ directionId: 'sports', text: 'x', dueAt: inSeconds(60) }] });
    expect(late.status).toBe(400);
    expect(late.body.message).toMatch(/before the next CODIR/);
    expect((await meeting({ heldOn: inSeconds(3600) })).status).toBe(400);
    expect((await meeting({ attendees: ['voirie'] })).status).toBe(400);
    const held = await meeting({});
    expect(held.status).toBe(200);
    expect(held.body.status).toBe('following');
    expect(held.body.commitments.map((c: { commitmentId: string; status: string }) => [c.commitmentId, c.status])).toEqual([
      ['c1', 'open'],
      ['c2', 'open'],
    ]);
    expect((await meeting({})).status).toBe(409);

    const overdue = await stack.eventually(get, (r) => r.body.commitments[0].status === 'overdue', 30_000);
    expect(overdue.body.commitments[0].remindedAt).toBeDefined();
    const done = (commitmentId: string) =>
      stack.request('POST', `/codirs/${id()}/commitments/${commitmentId}/done`, { token: tokens.lead(), body: { note: 'Nommés à la rentrée' } });
    expect((await done('c9')).status).toBe(404);
    expect((await done('c2')).body.commitments[1].status).toBe('done');
    expect((await done('c2')).status).toBe(409);
    // A year after its meeting, the CODIR closes, counting what was kept.
    const closedAtLast = await stack.eventually(get, (r) => r.body.status === 'closed', 30_000);
    expect(closedAtLast.body.commitments.map((c: { status: string }) => c.status)).toEqual(['overdue', 'done']);

    // The binôme heard of it, in French, with the CODIR's page.
    const inbox = await stack.inbox(tokens.delegate());
    const types = inbox.filter((n) => n.grantId === id()).map((n) => n.eventType);
    expect(types).toEqual(
      expect.arrayContaining(['CodirOpened', 'CodirStatementsClosed', 'CodirMeetingHeld', 'CodirCommitmentOverdue', 'CodirCommitmentDone', 'CodirClosed']),
    );
    expect(types).not.toContain('CodirStatementRecorded');
    const leadInbox = await stack.inbox(tokens.lead());
    const reminder = leadInbox.find((n) => n.grantId === id() && n.eventType === 'CodirStatementReminderSent')!;
    expect(reminder.body).toContain('Direction des sports');
    expect(reminder.body).toContain(`/app/codir/${id()}`);
  });

  it('is opened by hand for another year: the same opening again returns it, another is refused', async () => {
    const open = (body: Record<string, unknown>, token = tokens.lead()) =>
      stack.request('POST', '/codirs', {
        token,
        body: { territory: territory.id, year: YEAR + 1, meetingAt: inSeconds(60), directions: DIRECTIONS.slice(0, 1), ...body },
      });
    const soon = await open({ meetingAt: inSeconds(5) });
    expect(soon.status).toBe(400);
    expect(soon.body.message).toMatch(/meetingAt: from .* on, for the directions' statements/);
    expect((await open({ directions: [] })).status).toBe(400);
    expect((await open({}, tokens.delegate())).status).toBe(403);
    expect((await open({}, tokens.otherLead())).status).toBe(403);
    expect(
      (
        await stack.request('POST', '/codirs', {
          token: tokens.admin(),
          body: { territory: 'nowhere-at-all', meetingAt: inSeconds(60), directions: DIRECTIONS },
        })
      ).status,
    ).toBe(404);
    // Its meeting 16 s ahead: its statements close 2 s from now, within this suite.
    const meetingAt = inSeconds(16);
    const first = await open({ meetingAt });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: `codir-${territory.id}-${YEAR + 1}`, bySchedule: false, openedBy: `pl-${territory.id}` });
    const again = await open({ meetingAt });
    expect(again.status).toBe(201);
    expect(again.body.createdAt).toBe(first.body.createdAt);
    const other = await open({ meetingAt: inSeconds(90) });
    expect(other.status).toBe(409);
    expect(other.body.message).toMatch(/open already/);
    const invited = await stack.request('POST', `/codirs/${first.body.id}/directions`, { token: tokens.lead(), body: DIRECTIONS[2] });
    expect(invited.status).toBe(200);
    expect(invited.body.directions).toHaveLength(2);
    expect((await stack.request('POST', `/codirs/${first.body.id}/directions`, { token: tokens.lead(), body: DIRECTIONS[2] })).status).toBe(400);
    await stack.eventually(
      () => stack.request('GET', `/codirs/${first.body.id}`, { token: tokens.lead() }),
      (r) => r.body.status === 'preparing',
      30_000,
    );
  });

  it('is audited like a grant, rebuilt from its events, and its Schedule stopped', async () => {
    const events = await stack.request('GET', `/grants/${id()}/events`, { token: tokens.auditor() });
    expect(events.status).toBe(200);
    expect(events.body[0].type).toBe('CodirOpened');
    expect((await stack.request('GET', `/grants/${id()}/verify`, { token: tokens.auditor() })).body.valid).toBe(true);
    expect((await stack.request('GET', `/grants/${id()}/events`, { token: tokens.association() })).status).toBe(404);
    const before: unknown[] = await stack.db.query('SELECT * FROM codirs WHERE territory_id = $1 ORDER BY id', [territory.id]);
    const { differences } = await rebuildProjections(stack.db);
    expect(differences.filter((d) => d.startsWith('CODIR'))).toEqual([]);
    expect(await stack.db.query('SELECT * FROM codirs WHERE territory_id = $1 ORDER BY id', [territory.id])).toEqual(before);
    await recordHistory(stack.client, id(), 'codir-scheduled-through-http');

    const path = `/territories/${territory.id}/codir-schedule`;
    expect((await stack.request('DELETE', path, { token: tokens.delegate() })).status).toBe(403);
    expect((await stack.request('DELETE', path, { token: tokens.lead() })).status).toBe(204);
    expect((await stack.request('DELETE', path, { token: tokens.lead() })).status).toBe(404);
    expect((await stack.request('GET', path, { token: tokens.lead() })).status).toBe(404);
    // The CODIR it opened keeps its history.
    expect((await get()).body.status).toBe('closed');
  });
});
