import { TestStack } from '../support/stack';
import { rebuildProjections } from '@grants/persistence';
import { recordHistory } from '../support/histories';

// A task force's month lasts 3 seconds here: every rhythm (reminders, grace periods) scales with it.
const stack = new TestStack({ TASK_FORCE_MONTH: '3s' });
const association = (org: string) => stack.token({ role: 'association', org, sub: `user-${org}` });
const funder = (org: string) => stack.token({ role: 'funder', org, sub: `user-${org}` });
const tokens = {
  lead: () => stack.token({ role: 'project_lead', territory: 'plaine-commune', sub: 'pl-plaine-commune' }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: 'plaine-commune', sub: 'pd-plaine-commune' }),
  otherLead: () => stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
  auditor: () => stack.token({ role: 'auditor' }),
};

const MEMBERS = [
  { kind: 'association', organisationId: 'assoc-francs-moisins' },
  { kind: 'association', organisationId: 'assoc-femmes-relais-93' },
  { kind: 'association', organisationId: 'assoc-jeunesse-aubervilliers' },
  { kind: 'signatory', organisationId: 'funder-caf-93' },
  { kind: 'signatory', organisationId: 'funder-bailleur-seine-saint-denis-habitat' },
  { kind: 'service', name: 'Direction de la tranquillité publique, Ville de Saint-Denis', contact: 'tranquillite@ville-saint-denis.test' },
];
const proposal = (overrides: Record<string, unknown> = {}) => ({
  territory: 'plaine-commune',
  qpv: 'Francs-Moisins',
  title: 'Halls d’immeubles rue Gabriel-Péri',
  problem: 'Les regroupements dans les halls inquiètent les habitants',
  durationMonths: 2,
  members: MEMBERS,
  ...overrides,
});
const memberIdOf = (state: { members: { memberId: string; organisationId?: string; kind: string }[] }, org: string) =>
  state.members.find((m) => m.organisationId === org || (org === 'service' && m.kind === 'service'))!.memberId;

beforeAll(async () => {
  await stack.start();
});

afterAll(async () => {
  await stack.stop();
});

describe('neighbourhood task forces through the HTTP API', () => {
  let id = '';

  it('a project lead proposes one in its territory: 6 to 8 members, its pilot included, organisations from the directory; a repeated proposal is the same task force', async () => {
    const tooMany = await stack.request('POST', '/task-forces', {
      token: tokens.lead(),
      body: proposal({
        members: [...MEMBERS, { kind: 'association', organisationId: 'assoc-sport-pour-tous' }, { kind: 'service', name: 'Service jeunesse' }],
      }),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/a task force has 6 to 8 members, its pilot included/);
    const tooFew = await stack.request('POST', '/task-forces', { token: tokens.lead(), body: proposal({ members: MEMBERS.slice(0, 4) }) });
    expect(tooFew.status).toBe(400);
    const elsewhere = await stack.request('POST', '/task-forces', {
      token: tokens.lead(),
      body: proposal({ members: [...MEMBERS.slice(0, 5), { kind: 'association', organisationId: 'assoc-cite-des-savoirs' }] }),
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.message).toMatch(/La Cité des Savoirs does not act in plaine-commune/);
    const twice = await stack.request('POST', '/task-forces', { token: tokens.lead(), body: proposal({ members: [...MEMBERS.slice(0, 5), MEMBERS[0]] }) });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toMatch(/assoc-francs-moisins is invited twice/);
    const nameless = await stack.request('POST', '/task-forces', {
      token: tokens.lead(),
      body: proposal({ members: [...MEMBERS.slice(0, 5), { kind: 'service' }] }),
    });
    expect(nameless.status).toBe(400);
    expect(nameless.body.message).toMatch(/name the service/);
    expect((await stack.request('POST', '/task-forces', { token: tokens.lead(), body: proposal({ durationMonths: 7 }) })).status).toBe(400);
    // Only a project lead, in its own territory.
    expect((await stack.request('POST', '/task-forces', { token: tokens.delegate(), body: proposal() })).status).toBe(403);
    expect((await stack.request('POST', '/task-forces', { token: association('assoc-francs-moisins'), body: proposal() })).status).toBe(403);
    expect((await stack.request('POST', '/task-forces', { token: tokens.otherLead(), body: proposal() })).status).toBe(403);

    const key = `tf-${Date.now()}`;
    const proposed = await stack.request('POST', '/task-forces', { token: tokens.lead(), body: proposal(), headers: { 'idempotency-key': key } });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'forming', territoryId: 'plaine-commune', pilotId: 'pl-plaine-commune', durationMonths: 2 });
    expect(proposed.body.members).toHaveLength(7);
    expect(proposed.body.members[0]).toMatchObject({ kind: 'pilot', status: 'accepted' });
    expect(proposed.body.members[1]).toMatchObject({ organisationId: 'assoc-francs-moisins', name: 'Les Ateliers des Francs-Moisins', status: 'invited' });
    expect(proposed.body.policy).toBeUndefined();
    id = proposed.body.id;
    const again = await stack.request('POST', '/task-forces', { token: tokens.lead(), body: proposal(), headers: { 'idempotency-key': key } });
    expect(again.body.id).toBe(id);
    expect(
      (await stack.request('POST', '/task-forces', { token: tokens.lead(), body: proposal({ title: 'Autre' }), headers: { 'idempotency-key': key } })).status,
    ).toBe(409);
    expect(await stack.count("SELECT 1 FROM grant_events WHERE grant_id = $1 AND type = 'TaskForceProposed'", [id])).toBe(1);

    // The invited organisations are told; the prefect delegate too.
    const invitation = await stack.eventually(
      () => stack.inbox(association('assoc-femmes-relais-93')),
      (items) => items.some((n) => n.grantId === id),
    );
    expect(invitation.find((n) => n.grantId === id)!.subject).toMatch(/^Task force proposée/);
    expect((await stack.inbox(tokens.delegate())).some((n) => n.grantId === id)).toBe(true);
  });

  it('is seen by its territory, the organisations invited, auditors; nobody else (404)', async () => {
    for (const token of [tokens.lead(), tokens.delegate(), association('assoc-francs-moisins'), funder('funder-caf-93'), tokens.auditor()]) {
      expect((await stack.request('GET', `/task-forces/${id}`, { token })).status).toBe(200);
    }
    for (const token of [tokens.otherLead(), association('assoc-sport-pour-tous'), funder('funder-rectorat-creteil')]) {
      expect((await stack.request('GET', `/task-forces/${id}`, { token })).status).toBe(404);
    }
    expect((await stack.request('GET', '/task-forces/tf-nope', { token: tokens.lead() })).status).toBe(404);
    const mine = await stack.request('GET', '/task-forces?status=forming', { token: association('assoc-francs-moisins') });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((t: { id: string }) => t.id)).toContain(id);
    expect(mine.body.items[0]).toMatchObject({ nextStep: { step: 'kick_off', dueAt: null }, accepted: 1, seated: 7 });
    const notMine = await stack.request('GET', '/task-forces', { token: association('assoc-sport-pour-tous') });
    expect(notMine.body.items.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await stack.request('GET', '/task-forces', { token: tokens.otherLead() })).body.items.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await stack.request('GET', '/task-forces?status=sleeping', { token: tokens.lead() })).status).toBe(400);
  });

  it('each invitation is answered by its own organisation (a service by the pilot); six accepted before the kick-off', async () => {
    const state = (await stack.request('GET', `/task-forces/${id}`, { token: tokens.lead() })).body;
    const francs = memberIdOf(state, 'assoc-francs-moisins');
    expect((await stack.request('POST', `/task-forces/${id}/members/${francs}/accept`, { token: association('assoc-femmes-relais-93') })).status).toBe(403);
    expect((await stack.request('POST', `/task-forces/${id}/members/${francs}/accept`, { token: tokens.delegate() })).status).toBe(403);
    expect((await stack.request('POST', `/task-forces/${id}/members/${francs}/accept`, { token: tokens.lead() })).status).toBe(403);
    expect((await stack.request('POST', `/task-forces/${id}/members/m99/accept`, { token: tokens.lead() })).status).toBe(404);
    const accepted = await stack.request('POST', `/task-forces/${id}/members/${francs}/accept`, { token: association('assoc-francs-moisins') });
    expect(accepted.status).toBe(200);
    expect(accepted.body.members.find((m: { memberId: string }) => m.memberId === francs).status).toBe('accepted');
    expect((await stack.request('POST', `/task-forces/${id}/members/${francs}/accept`, { token: association('assoc-francs-moisins') })).status).toBe(409);

    const jeunesse = memberIdOf(state, 'assoc-jeunesse-aubervilliers');
    expect(
      (
        await stack.request('POST', `/task-forces/${id}/members/${jeunesse}/decline`, {
          token: association('assoc-jeunesse-aubervilliers'),
          body: { reason: ' ' },
        })
      ).status,
    ).toBe(400);
    const declined = await stack.request('POST', `/task-forces/${id}/members/${jeunesse}/decline`, {
      token: association('assoc-jeunesse-aubervilliers'),
      body: { reason: 'Équipe trop réduite ce semestre' },
    });
    expect(declined.status).toBe(200);
    for (const [org, token] of [
      ['assoc-femmes-relais-93', association('assoc-femmes-relais-93')],
      ['funder-caf-93', funder('funder-caf-93')],
    ] as const) {
      expect((await stack.request('POST', `/task-forces/${id}/members/${memberIdOf(state, org)}/accept`, { token })).status).toBe(200);
    }
    const service = memberIdOf(state, 'service');
    expect((await stack.request('POST', `/task-forces/${id}/members/${service}/accept`, { token: association('assoc-francs-moisins') })).status).toBe(403);
    const byPilot = await stack.request('POST', `/task-forces/${id}/members/${service}/accept`, { token: tokens.lead() });
    expect(byPilot.status).toBe(200);

    const tooEarly = await stack.request('POST', `/task-forces/${id}/kick-off`, { token: tokens.lead(), body: { summary: 'Diagnostic partagé' } });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.message).toMatch(/5 members have accepted, the pilot included: a task force starts with 6/);
    // A replacement for the association that declined: the pilot invites, it accepts.
    expect(
      (
        await stack.request('POST', `/task-forces/${id}/members`, {
          token: association('assoc-francs-moisins'),
          body: { kind: 'association', organisationId: 'assoc-sport-pour-tous' },
        })
      ).status,
    ).toBe(403);
    const invited = await stack.request('POST', `/task-forces/${id}/members`, {
      token: tokens.lead(),
      body: { kind: 'association', organisationId: 'assoc-sport-pour-tous' },
    });
    expect(invited.status).toBe(200);
    const sport = memberIdOf(invited.body, 'assoc-sport-pour-tous');
    expect((await stack.request('GET', `/task-forces/${id}`, { token: association('assoc-sport-pour-tous') })).status).toBe(200);
    expect((await stack.request('POST', `/task-forces/${id}/members/${sport}/accept`, { token: association('assoc-sport-pour-tous') })).status).toBe(200);
    const full = await stack.request('POST', `/task-forces/${id}/members`, {
      token: tokens.lead(),
      body: { kind: 'service', name: 'Service jeunesse, Plaine Commune' },
    });
    expect(full.status).toBe(200);
    const ninth = await stack.request('POST', `/task-forces/${id}/members`, {
      token: tokens.lead(),
      body: { kind: 'signatory', organisationId: 'funder-rectorat-creteil' },
    });
    expect(ninth.status).toBe(409);
    expect(ninth.body.message).toMatch(/the most it takes \(8\)/);
  });

  it('runs from its kick-off: the action log, monthly check-ins, the mid-term review, one extension, the end and its final report', async () => {
    expect((await stack.request('POST', `/task-forces/${id}/kick-off`, { token: tokens.delegate(), body: { summary: 'x' } })).status).toBe(403);
    expect(
      (
        await stack.request('POST', `/task-forces/${id}/kick-off`, {
          token: tokens.lead(),
          body: { summary: 'x', heldOn: new Date(Date.now() + 86_400_000).toISOString() },
        })
      ).status,
    ).toBe(400);
    const started = await stack.request('POST', `/task-forces/${id}/kick-off`, {
      token: tokens.lead(),
      body: { summary: 'Diagnostic partagé, trois actions retenues' },
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'active', checkIns: [{ n: 1, missed: false }] });
    expect((await stack.request('POST', `/task-forces/${id}/kick-off`, { token: tokens.lead(), body: { summary: 'encore' } })).status).toBe(409);

    const logged = await stack.request('POST', `/task-forces/${id}/actions`, {
      token: funder('funder-caf-93'),
      body: { text: 'Une travailleuse sociale présente le mercredi' },
    });
    expect(logged.status).toBe(200);
    expect(logged.body.actions.at(-1)).toMatchObject({ text: 'Une travailleuse sociale présente le mercredi', by: 'user-funder-caf-93' });
    expect((await stack.request('POST', `/task-forces/${id}/actions`, { token: tokens.lead(), body: { text: 'Réunion avec le bailleur' } })).status).toBe(200);
    // The association that declined, and the bailleur that never answered, do not write in the log.
    expect(
      (await stack.request('POST', `/task-forces/${id}/actions`, { token: association('assoc-jeunesse-aubervilliers'), body: { text: 'x' } })).status,
    ).toBe(403);
    expect(
      (await stack.request('POST', `/task-forces/${id}/actions`, { token: funder('funder-bailleur-seine-saint-denis-habitat'), body: { text: 'x' } })).status,
    ).toBe(403);
    expect((await stack.request('POST', `/task-forces/${id}/actions`, { token: tokens.delegate(), body: { text: 'x' } })).status).toBe(403);

    expect((await stack.request('POST', `/task-forces/${id}/check-ins/9`, { token: tokens.lead(), body: { summary: 'x' } })).status).toBe(404);
    expect(
      (await stack.request('POST', `/task-forces/${id}/check-ins/1`, { token: tokens.lead(), body: { summary: 'Permanence tenue quatre fois' } })).status,
    ).toBe(200);
    expect((await stack.request('POST', `/task-forces/${id}/check-ins/1`, { token: tokens.lead(), body: { summary: 'encore' } })).status).toBe(409);
    const review = await stack.request('POST', `/task-forces/${id}/mid-term-review`, {
      token: tokens.lead(),
      body: { assessment: 'Moins de regroupements signalés', adjustments: 'Un créneau le samedi' },
    });
    expect(review.status).toBe(200);

    expect((await stack.request('POST', `/task-forces/${id}/extension`, { token: tokens.lead(), body: { months: 4, reason: 'x' } })).status).toBe(400);
    const extended = await stack.request('POST', `/task-forces/${id}/extension`, {
      token: tokens.lead(),
      body: { months: 1, reason: 'Les travaux du hall ont pris du retard' },
    });
    expect(extended.status).toBe(200);
    expect(Date.parse(extended.body.endsAt) - Date.parse(extended.body.kickOff.heldOn)).toBe(9_000);
    const twice = await stack.request('POST', `/task-forces/${id}/extension`, { token: tokens.lead(), body: { months: 1, reason: 'encore' } });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/already extended once/);

    // Three months of three seconds: the end comes, the report is due, then overdue (the binôme told).
    const overdue = await stack.eventually(
      () => stack.request('GET', `/task-forces/${id}`, { token: tokens.lead() }),
      (r) => r.body.finalReportOverdueAt !== undefined,
      30_000,
    );
    expect(overdue.body.status).toBe('reporting');
    expect(overdue.body.checkIns.map((c: { n: number; missed: boolean }) => [c.n, c.missed])).toEqual([
      [1, false],
      [2, true],
    ]);
    const late = await stack.eventually(
      () => stack.inbox(tokens.delegate()),
      (items) => items.some((n) => n.grantId === id && n.eventType === 'TaskForceFinalReportOverdue'),
    );
    expect(late.find((n) => n.grantId === id && n.eventType === 'TaskForceFinalReportOverdue')!.subject).toMatch(/^Rapport final en retard/);

    expect((await stack.request('POST', `/task-forces/${id}/final-report`, { token: tokens.lead(), body: { coordinated: 'x' } })).status).toBe(400);
    const closed = await stack.request('POST', `/task-forces/${id}/final-report`, {
      token: tokens.lead(),
      body: { coordinated: 'Médiation, bailleur et ville sur un même planning', scaleUp: 'Le créneau du samedi passe dans le droit commun' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await stack.request('POST', `/task-forces/${id}/actions`, { token: tokens.lead(), body: { text: 'après coup' } })).status).toBe(409);
    expect((await stack.request('POST', `/task-forces/${id}/cancel`, { token: tokens.lead(), body: { reason: 'après coup' } })).status).toBe(409);
    await stack.eventually(
      () => stack.client.workflow.getHandle(id).describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    await recordHistory(stack.client, id, 'task-force-closed-through-http');
  });

  it('is audited like a grant: the chain verified, the history replayed with the current code', async () => {
    const verdict = await stack.request('GET', `/grants/${id}/verify`, { token: tokens.auditor() });
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ valid: true });
    const replay = await stack.request('POST', `/grants/${id}/replay`, { token: tokens.auditor() });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ deterministic: true, mismatches: [] });
    expect((await stack.request('GET', `/grants/${id}/verify`, { token: association('assoc-sport-pour-tous') })).status).toBe(403);
  });

  it('is stopped by its pilot with a reason; the members hear of it', async () => {
    const proposed = await stack.request('POST', '/task-forces', { token: tokens.lead(), body: proposal({ title: 'Sortie des écoles, rue du Landy' }) });
    expect(proposed.status).toBe(201);
    const other = proposed.body.id;
    expect((await stack.request('POST', `/task-forces/${other}/cancel`, { token: tokens.delegate(), body: { reason: 'x' } })).status).toBe(403);
    expect((await stack.request('POST', `/task-forces/${other}/cancel`, { token: tokens.otherLead(), body: { reason: 'x' } })).status).toBe(404);
    const cancelled = await stack.request('POST', `/task-forces/${other}/cancel`, {
      token: tokens.lead(),
      body: { reason: 'Pris en charge par le contrat local de sécurité' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Pris en charge par le contrat local de sécurité' } });
    const told = await stack.eventually(
      () => stack.inbox(funder('funder-caf-93')),
      (items) => items.some((n) => n.grantId === other && n.eventType === 'TaskForceCancelled'),
    );
    expect(told.find((n) => n.grantId === other && n.eventType === 'TaskForceCancelled')!.body).toMatch(/Pris en charge par le contrat local de sécurité/);
  });

  it('rebuilds the same task forces from the event log alone (npm run projections:rebuild)', async () => {
    const snapshot = () =>
      stack.db.query("SELECT id, status, accepted, seated, ends_at, next_step, state FROM task_forces WHERE territory_id = 'plaine-commune' ORDER BY id");
    const before = await snapshot();
    expect(before.length).toBeGreaterThanOrEqual(2);
    await stack.db.query('DELETE FROM task_forces WHERE id = $1', [id]);
    const { differences } = await rebuildProjections(stack.db);
    expect(differences.filter((d) => d.startsWith('task force'))).toEqual([`task force ${id}: has events but no read-model row (added)`]);
    expect(await snapshot()).toEqual(before);
  });
});
