import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '@grants/audit/chain';
import { isValidSiret } from '@grants/domain';
import { loadChainedEvents, rebuildProjections } from '@grants/persistence';
import { recordHistory } from '../support/histories';
import { TestStack } from '../support/stack';
import { ownTerritory, Territory } from '../support/territory';

/**
 * Open data of subsidies (SCDL "Subventions" 2.1.1) produced by real lifecycles through the HTTP API:
 * an agreement over two years amended then ended, a consortium award split between three members,
 * a micro-grant below the threshold, the legal deadline (compressed here to 30 s, its reminder 15 s
 * before) and a funder without a SIRET. Every file served is validated with frictionless against the
 * official Table Schema, and both SIRETs of every row by their checksum.
 */
const stack = new TestStack({ OPEN_DATA_PUBLICATION_DELAY: '30s', OPEN_DATA_REMINDER_BEFORE: '15s', ANCHORING_YEAR: '10m' });

const FUNDERS = {
  state: { id: 'funder-od-etat', name: 'Préfecture de test (État)', siret: '13000121000108' },
  city: { id: 'funder-od-ville', name: 'Ville de test', siret: '21930001000119' },
  late: { id: 'funder-od-tardif', name: 'Bailleur de test', siret: '27930001000105' },
  noSiret: { id: 'funder-od-sans-siret', name: 'Fondation sans SIRET', siret: null as string | null },
};

let territory: Territory;
let third: string;
const tokens = {
  admin: () => stack.token({ role: 'admin', sub: 'od-admin' }),
  auditor: () => stack.token({ role: 'auditor', sub: 'od-auditor' }),
  funder: (org: string) => stack.token({ role: 'funder', org, sub: `user-${org}` }),
  lead: () => stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: territory.id, sub: `pd-${territory.id}` }),
  association: (org: string) => stack.token({ role: 'association', org, sub: `user-${org}` }),
};

const seconds = (n: number) => new Date(Date.now() + n * 1000).toISOString();
const sleepUntil = async (iso: string) => new Promise((r) => setTimeout(r, Math.max(Date.parse(iso) - Date.now() + 300, 0)));

type Row = Record<string, string | number | null>;
const publicJson = async (query = ''): Promise<Row[]> => {
  const response = await stack.request('GET', `/open-data/subventions.json${query}`);
  expect(response.status).toBe(200);
  return response.body;
};
const rowsOf = (rows: Row[], grantId: string) => rows.filter((r) => r.referenceDecision === grantId);
const obligations = async (funderId: string) => {
  const response = await stack.request('GET', '/open-data/obligations', { token: tokens.funder(funderId) });
  expect(response.status).toBe(200);
  return response.body;
};
const settings = async (funderId: string, patch: Record<string, unknown>) => {
  const body = { autoPublish: false, publishBelowThreshold: false, thresholdCents: 2_300_000, programmeId: null, notifiedToEu: false, ...patch };
  const response = await stack.request('PUT', '/open-data/settings', { token: tokens.funder(funderId), body });
  expect(response.status).toBe(200);
  return response.body;
};

/** Validates what the API serves right now (CSV and JSON) with frictionless, and every SIRET's checksum. */
function validateWithFrictionless(csv: string, json: Row[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'scdl-'));
  copyFileSync(join(__dirname, '../../docs/open-data/scdl-subventions-2.1.1.schema.json'), join(dir, 'schema.json'));
  writeFileSync(join(dir, 'subventions.csv'), csv);
  writeFileSync(join(dir, 'subventions.json'), JSON.stringify(json));
  const frictionless = process.env.FRICTIONLESS_PATH ?? join(__dirname, '../../.venv/bin/frictionless');
  for (const file of ['subventions.csv', 'subventions.json']) {
    // `--type table`: the JSON file is data (an array of rows), not a descriptor.
    const run = spawnSync(frictionless, ['validate', '--json', '--type', 'table', '--schema', 'schema.json', file], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(run.stdout);
    const errors = report.tasks?.flatMap((t: { errors: { message: string }[] }) => t.errors.map((e) => e.message)) ?? [];
    expect({ file, valid: report.valid, errors }).toEqual({ file, valid: true, errors: [] });
    // It read every row (a JSON file taken for a descriptor would validate without reading any).
    expect(report.tasks[0].stats.rows).toBe(json.length);
  }
  for (const row of json) {
    expect(isValidSiret(String(row.idAttribuant))).toBe(true);
    if (row.idBeneficiaire !== null) expect(isValidSiret(String(row.idBeneficiaire))).toBe(true);
  }
}

async function validateServedFiles(): Promise<void> {
  const csv = await stack.request('GET', '/open-data/subventions.csv');
  expect(csv.status).toBe(200);
  validateWithFrictionless(csv.body as string, await publicJson());
}

async function agreement(fundingPlan: { funderId: string; amountCents: number }[], years: number, associationId: string): Promise<string> {
  const yearlyAmountCents = fundingPlan.reduce((s, l) => s + l.amountCents, 0);
  const proposed = await stack.request('POST', '/anchoring-agreements', {
    token: tokens.lead(),
    body: {
      associationId,
      years,
      yearlyAmountCents,
      startDate: new Date().toISOString(),
      fundingPlan,
      coordination: { mode: 'flat', flatAmountCents: 100_000 },
    },
  });
  expect(proposed.status).toBe(201);
  for (const line of fundingPlan) {
    expect((await stack.request('POST', `/anchoring-agreements/${proposed.body.id}/funding-line/accept`, { token: tokens.funder(line.funderId) })).status).toBe(
      200,
    );
  }
  expect((await stack.request('POST', `/anchoring-agreements/${proposed.body.id}/accept`, { token: tokens.association(associationId) })).status).toBe(200);
  return proposed.body.id;
}

async function endAgreement(id: string, associationId: string): Promise<void> {
  // The association asks; each funder with a line still to come agrees for itself.
  const asked = await stack.request('POST', `/anchoring-agreements/${id}/termination`, {
    token: tokens.association(associationId),
    body: { mode: 'mutual', reason: 'Fin de la convention' },
  });
  expect(asked.status).toBe(200);
  for (const funderId of (asked.body.termination?.awaiting ?? []) as string[]) {
    expect(
      (
        await stack.request('POST', `/anchoring-agreements/${id}/termination`, {
          token: tokens.funder(funderId),
          body: { mode: 'mutual', reason: 'Fin de la convention' },
        })
      ).status,
    ).toBe(200);
  }
  await stack.eventually(
    () => stack.request('GET', `/anchoring-agreements/${id}`, { token: tokens.auditor() }),
    (r) => r.body.status === 'terminated',
  );
}

let lateAgreement: string;

beforeAll(async () => {
  await stack.start();
  territory = await ownTerritory(stack, 'open-data');
  third = `assoc-${territory.id}-3`;
  await stack.db.transaction(async (em) => {
    for (const f of Object.values(FUNDERS)) {
      await em.query(`INSERT INTO funders (id, name, kind, siret) VALUES ($1, $2, 'test', $3) ON CONFLICT (id) DO UPDATE SET siret = EXCLUDED.siret`, [
        f.id,
        f.name,
        f.siret,
      ]);
    }
    await em.query(
      `INSERT INTO associations (id, name, siret, themes, territories, proximity, rna) VALUES ($1, 'Association 3 du open-data', '44306184100047', '{lien social}', $2, 'local', 'W931234567')
       ON CONFLICT (id) DO NOTHING`,
      [third, [territory.id]],
    );
    await em.query('UPDATE binomes SET funder_id = $2 WHERE id = $1', [territory.binomeId, FUNDERS.city.id]);
  });
  // The agreement whose deadline the last test waits for: signed first, so its 30 s run meanwhile.
  lateAgreement = await agreement(
    [
      { funderId: FUNDERS.late.id, amountCents: 2_500_000 },
      { funderId: FUNDERS.noSiret.id, amountCents: 2_500_000 },
    ],
    1,
    territory.associations[1].id,
  );
});

afterAll(async () => {
  await stack.stop();
});

describe('open data of subsidies (SCDL "Subventions")', () => {
  it('is public, and refuses malformed filters with a 400', async () => {
    const csv = await stack.request('GET', '/open-data/subventions.csv');
    expect(csv.status).toBe(200);
    expect((csv.body as string).split('\r\n')[0]).toBe(
      'nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide',
    );
    const response = await fetch(`${stack.baseUrl}/open-data/subventions.csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await stack.request('GET', '/open-data/subventions.json?year=deux-mille')).status).toBe(400);
    expect((await stack.request('GET', '/open-data/subventions.csv?funder=../etc')).status).toBe(400);
    expect((await stack.request('GET', '/open-data/changelog')).status).toBe(200);
    // What a funder must publish is its own business.
    expect((await stack.request('GET', '/open-data/obligations')).status).toBe(401);
    expect((await stack.request('GET', '/open-data/obligations', { token: tokens.association(territory.associations[0].id) })).status).toBe(403);
    expect((await stack.request('GET', `/open-data/obligations?funder=${FUNDERS.state.id}`, { token: tokens.funder(FUNDERS.city.id) })).status).toBe(404);
    expect((await stack.request('GET', `/open-data/obligations?funder=${FUNDERS.state.id}`, { token: tokens.auditor() })).status).toBe(200);
    expect((await stack.request('PUT', '/open-data/settings', { token: tokens.auditor(), body: {} })).status).toBe(403);
    expect((await stack.request('PUT', '/open-data/settings', { token: tokens.funder(FUNDERS.state.id), body: { autoPublish: 'yes' } })).status).toBe(400);
    expect((await stack.request('PATCH', `/funders/${FUNDERS.state.id}`, { token: tokens.funder(FUNDERS.state.id), body: { siret: null } })).status).toBe(403);
  });

  it('publishes an agreement over two years at signature, corrects its amended year, and withdraws the year its termination cancels', async () => {
    await settings(FUNDERS.state.id, { autoPublish: true, programmeId: 'PDV-93-ANCRAGE' });
    await settings(FUNDERS.city.id, {});
    const associationId = territory.associations[0].id;
    const id = await agreement(
      [
        { funderId: FUNDERS.state.id, amountCents: 3_000_000 },
        { funderId: FUNDERS.city.id, amountCents: 2_000_000 },
      ],
      2,
      associationId,
    );
    // The State publishes at signature: one row per year, the year's tranche and period.
    const published = await stack.eventually(
      () => publicJson(`?funder=${FUNDERS.state.id}`),
      (rows) => rowsOf(rows, id).length === 2,
    );
    const [y1, y2] = rowsOf(published, id).sort((a, b) => String(a.datesPeriodeVersement).localeCompare(String(b.datesPeriodeVersement)));
    const start = new Date();
    const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
    expect(y1).toMatchObject({
      nomAttribuant: FUNDERS.state.name,
      idAttribuant: FUNDERS.state.siret,
      dateConvention: day(start),
      referenceDecision: id,
      nomBeneficiaire: territory.associations[0].name,
      montant: 30000,
      nature: 'aide en numéraire',
      conditionsVersement: 'échelonné',
      notificationUE: 'non',
      pourcentageSubvention: 1,
      dispositifAide: 'PDV-93-ANCRAGE',
    });
    expect(String(y1.objet)).toMatch(/^Convention pluriannuelle d'ancrage \(2 ans\), année 1/);
    expect(String(y1.datesPeriodeVersement)).toMatch(new RegExp(`^${day(start)}/\\d{4}-\\d{2}-\\d{2}$`));
    expect(String(y2.datesPeriodeVersement).slice(0, 4)).toBe(String(Number(day(start).slice(0, 4)) + 1));
    // The city's 20,000 € a year is below the threshold: not required, not published.
    const cityBefore = await obligations(FUNDERS.city.id);
    expect(
      cityBefore.rows.filter((r: { grantId: string }) => r.grantId === id).map((r: { status: string; mandatory: boolean }) => [r.status, r.mandatory]),
    ).toEqual([
      ['not_published', false],
      ['not_published', false],
    ]);

    // An amendment from year 2 (60,000 € a year): the State's year-2 row is corrected at once; the city's
    // becomes required (24,000 € > 23,000 €) and awaits its publication, due three months (here 30 s) on.
    expect(
      (await stack.request('POST', `/anchoring-agreements/${id}/amendments`, { token: tokens.lead(), body: { yearlyAmountCents: 6_000_000, fromYear: 2 } }))
        .status,
    ).toBe(200);
    expect((await stack.request('POST', `/anchoring-agreements/${id}/amendments/accept`, { token: tokens.association(associationId) })).status).toBe(200);
    // Each funder whose line changes agrees for itself.
    for (const funderId of [FUNDERS.state.id, FUNDERS.city.id]) {
      expect((await stack.request('POST', `/anchoring-agreements/${id}/amendments/accept`, { token: tokens.funder(funderId) })).status).toBe(200);
    }
    await stack.eventually(
      () => publicJson(`?funder=${FUNDERS.state.id}`),
      (rows) => rowsOf(rows, id).some((r) => r.montant === 36000),
    );
    const changes = await stack.request('GET', `/open-data/changelog?funder=${FUNDERS.state.id}`);
    expect(
      changes.body
        .filter((c: { grantId: string }) => c.grantId === id)
        .map((c: { change: string; revision: number; trigger: string }) => [c.change, c.revision, c.trigger]),
    ).toEqual([
      ['corrected', 2, 'automatic'],
      ['published', 1, 'automatic'],
      ['published', 1, 'automatic'],
    ]);
    const city = await stack.eventually(
      () => obligations(FUNDERS.city.id),
      (o) => o.rows.some((r: { grantId: string; status: string }) => r.grantId === id && r.status === 'awaiting_publication'),
    );
    const due = city.rows.find((r: { grantId: string; status: string }) => r.grantId === id && r.status === 'awaiting_publication');
    expect(due).toMatchObject({
      mandatory: true,
      pendingChange: 'publish',
      beneficiaryCents: 2_400_000,
      overdue: false,
      preview: { montant: 24000, idAttribuant: FUNDERS.city.siret },
    });
    expect(Date.parse(due.dueBy) - Date.now()).toBeGreaterThan(10_000);

    // The city publishes by hand; retried with its Idempotency-Key, nothing more happens. An unknown row: 409.
    expect((await stack.request('POST', '/open-data/publications', { token: tokens.funder(FUNDERS.city.id), body: { rowIds: ['nope'] } })).status).toBe(409);
    const headers = { 'idempotency-key': `od-${id}` };
    const first = await stack.request('POST', '/open-data/publications', { token: tokens.funder(FUNDERS.city.id), body: { rowIds: [due.id] }, headers });
    expect(first.status).toBe(201);
    expect(first.body.rows).toEqual([{ rowId: due.id, change: 'published', revision: 2 }]);
    const again = await stack.request('POST', '/open-data/publications', { token: tokens.funder(FUNDERS.city.id), body: { rowIds: [due.id] }, headers });
    expect(again.body).toEqual(first.body);
    expect(await stack.count(`SELECT 1 FROM grant_events WHERE grant_id = $1 AND type = 'OpenDataPublished'`, [`open-data-${FUNDERS.city.id}`])).toBe(1);
    expect(rowsOf(await publicJson(`?funder=${FUNDERS.city.id}`), id).map((r) => r.montant)).toEqual([24000]);
    await validateServedFiles();

    // Ended by mutual agreement during year 1: year 2 never happens, its rows leave the dataset.
    await endAgreement(id, associationId);
    await stack.eventually(
      () => publicJson(`?funder=${FUNDERS.state.id}`),
      (rows) => rowsOf(rows, id).length === 1,
    );
    const cityAfter = await stack.eventually(
      () => obligations(FUNDERS.city.id),
      (o) => o.rows.some((r: { id: string; pendingChange: string }) => r.id === due.id && r.pendingChange === 'withdraw'),
    );
    expect(cityAfter.awaiting).toBeGreaterThanOrEqual(1);
    const withdrawn = await stack.request('POST', '/open-data/publications', { token: tokens.funder(FUNDERS.city.id), body: { rowIds: [due.id] } });
    expect(withdrawn.body.rows).toEqual([{ rowId: due.id, change: 'withdrawn', revision: 3 }]);
    expect(rowsOf(await publicJson(`?funder=${FUNDERS.city.id}`), id)).toEqual([]);
    const log = await stack.request('GET', `/open-data/changelog?funder=${FUNDERS.city.id}`);
    expect(log.body[0]).toMatchObject({ rowId: due.id, change: 'withdrawn', record: null, trigger: 'funder' });
    // Every publication is an event of the funder's hash-chained stream, which verifies.
    const stream = await loadChainedEvents(stack.db.manager, `open-data-${FUNDERS.state.id}`);
    expect(stream.length).toBeGreaterThanOrEqual(3);
    expect(new Set(stream.map((e) => e.type))).toEqual(new Set(['OpenDataPublished']));
    expect(verifyChain(stream)).toMatchObject({ valid: true });
    await validateServedFiles();
  });

  it('publishes a consortium award as one row per member, each with its share, and below the threshold only when the funder chooses', async () => {
    const [a, b] = territory.associations.map((x) => x.id);
    const budgetCents = 12_000_000;
    const launched = await stack.request('POST', '/calls', {
      token: tokens.lead(),
      body: {
        title: 'Coopérer au quartier',
        themes: ['lien social'],
        territories: [territory.id],
        targetPublic: 'Habitants du quartier',
        budgetCents,
        fundingPlan: [
          { funderId: FUNDERS.state.id, amountCents: 9_000_000 },
          { funderId: FUNDERS.city.id, amountCents: 3_000_000 },
        ],
        meetupWindow: { startsAt: seconds(1), endsAt: seconds(5) },
        eoiDeadline: seconds(6),
        proposalDeadline: seconds(12),
        policy: { preselectionThresholdCents: 20_000_000 },
      },
    });
    expect(launched.status).toBe(201);
    expect(launched.body.paidPreselection).toBe(false);
    const callId: string = launched.body.id;
    // Each funder accepts its own line of the plan before any award is ordered.
    for (const funderId of [FUNDERS.state.id, FUNDERS.city.id]) {
      expect((await stack.request('POST', `/calls/${callId}/funding-line/accept`, { token: tokens.funder(funderId) })).status).toBe(200);
    }
    const consortium = await stack.request('POST', `/calls/${callId}/consortia`, { token: tokens.association(a), body: { name: 'Ensemble au quartier' } });
    expect(consortium.status).toBe(201);
    const consortiumId: string = consortium.body.consortiumId;
    for (const other of [b, third]) {
      expect(
        (await stack.request('POST', `/consortia/${consortiumId}/invitations`, { token: tokens.association(a), body: { associationId: other } })).status,
      ).toBe(201);
      expect((await stack.request('POST', `/consortia/${consortiumId}/invitations/${other}/accept`, { token: tokens.association(other) })).status).toBe(200);
    }
    const expressed = await stack.request('POST', `/calls/${callId}/expressions`, {
      token: tokens.association(a),
      body: { consortiumId, summary: 'Un lieu partagé' },
    });
    expect(expressed.status).toBe(201);
    const app: string = expressed.body.applicationId;
    await sleepUntil(launched.body.eoiDeadline);
    await stack.eventually(
      () => stack.request('GET', `/applications/${app}`, { token: tokens.association(a) }),
      (r) => r.body.status === 'proposal_open',
    );
    const year = new Date().getUTCFullYear();
    const member = (associationId: string, shareCents: number, hours: number) => ({ associationId, shareCents, contribution: { role: 'animation', hours } });
    const proposed = await stack.request('POST', `/applications/${app}/proposal`, {
      token: tokens.association(a),
      body: {
        requestedAmountCents: budgetCents,
        members: [member(a, 6_000_000, 500), member(b, 3_600_000, 300), member(third, 2_400_000, 200)],
        targetPublicPlan: 'Accueil partagé',
        actionStart: `${year + 1}-01-01`,
        actionEnd: `${year + 1}-12-31`,
      },
    });
    expect(proposed.status).toBe(200);
    await sleepUntil(launched.body.proposalDeadline);
    await stack.eventually(
      () => stack.request('GET', `/calls/${callId}`, { token: tokens.lead() }),
      (r) => r.body.phase === 'deciding',
    );
    const awarded = await stack.request('POST', `/calls/${callId}/awards`, {
      token: tokens.lead(),
      body: { awards: [{ applicationId: app, amountCents: budgetCents }], reason: 'Projet co-construit' },
    });
    expect(awarded.status).toBe(200);

    // The State (publishing at signature) pays 90,000 € of the award: members above 23,000 € are published at once.
    const state = await stack.eventually(
      () => publicJson(`?funder=${FUNDERS.state.id}`),
      (rows) => rowsOf(rows, app).length === 2,
    );
    expect(
      rowsOf(state, app)
        .map((r) => [r.nomBeneficiaire, r.montant, r.pourcentageSubvention, r.conditionsVersement])
        .sort(),
    ).toEqual([
      [territory.associations[0].name, 90000, 0.5, 'échelonné'],
      [territory.associations[1].name, 90000, 0.3, 'échelonné'],
    ]);
    const stateRows = (await obligations(FUNDERS.state.id)).rows.filter((r: { grantId: string }) => r.grantId === app);
    expect(stateRows.map((r: { beneficiaryCents: number; status: string }) => [r.beneficiaryCents, r.status]).sort()).toEqual([
      [1_800_000, 'not_published'],
      [2_700_000, 'published'],
      [4_500_000, 'published'],
    ]);
    // Choosing to publish below the threshold publishes the third member's row too.
    await settings(FUNDERS.state.id, { autoPublish: true, publishBelowThreshold: true, programmeId: 'PDV-93-ANCRAGE' });
    const all = await stack.eventually(
      () => publicJson(`?funder=${FUNDERS.state.id}`),
      (rows) => rowsOf(rows, app).length === 3,
    );
    const thirdRow = rowsOf(all, app).find((r) => r.nomBeneficiaire === 'Association 3 du open-data')!;
    expect(thirdRow).toMatchObject({ montant: 90000, pourcentageSubvention: 0.2, rnaBeneficiaire: 'W931234567', idBeneficiaire: '44306184100047' });
    expect(String(thirdRow.datesPeriodeVersement)).toMatch(/^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/);
    // The city's 30,000 € part is split 15,000 / 9,000 / 6,000 €: nothing required, nothing published.
    expect(rowsOf(await publicJson(`?funder=${FUNDERS.city.id}`), app)).toEqual([]);
    await validateServedFiles();
    await settings(FUNDERS.state.id, {});
  });

  it('keeps a micro-grant below the threshold out of the file until its funder chooses to publish it', async () => {
    const association = territory.associations[1].id;
    const created = await stack.request('POST', '/micro-grants', {
      token: tokens.association(association),
      body: { binomeId: territory.binomeId, title: 'Fête de quartier', purpose: 'Matériel et goûter', amountCents: 150_000 },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    for (const token of [tokens.lead(), tokens.delegate()]) {
      expect((await stack.request('POST', `/micro-grants/${id}/decisions`, { token, body: { decision: 'approve' } })).status).toBe(200);
    }
    const listed = await stack.eventually(
      () => obligations(FUNDERS.city.id),
      (o) => o.rows.some((r: { grantId: string }) => r.grantId === id),
    );
    expect(listed.rows.find((r: { grantId: string }) => r.grantId === id)).toMatchObject({
      path: 'micro_grant',
      status: 'not_published',
      mandatory: false,
      beneficiaryCents: 150_000,
    });
    expect(rowsOf(await publicJson(), id)).toEqual([]);
    expect((await stack.request('POST', '/open-data/publications', { token: tokens.funder(FUNDERS.city.id), body: {} })).status).toBe(409);

    await settings(FUNDERS.city.id, { publishBelowThreshold: true });
    const published = await stack.request('POST', '/open-data/publications', { token: tokens.funder(FUNDERS.city.id), body: {} });
    expect(published.status).toBe(201);
    expect(published.body.rows.map((r: { rowId: string }) => r.rowId)).toContain(`${id}/${FUNDERS.city.id}/${association}/micro-subvention`);
    const [row] = rowsOf(await publicJson(`?funder=${FUNDERS.city.id}`), id);
    expect(row).toMatchObject({ montant: 1500, conditionsVersement: 'unique', pourcentageSubvention: 1, nomAttribuant: FUNDERS.city.name });
    expect(String(row.objet)).toMatch(/^Micro-subvention du binôme : Fête de quartier/);
    await validateServedFiles();
  });

  it('reminds a funder a month before the deadline, publishes at the deadline, and a funder without a valid SIRET blocks only its own rows until it has one', async () => {
    // The reminder (15 s before the 30 s deadline) reaches both funders' accounts.
    for (const funder of [FUNDERS.late.id, FUNDERS.noSiret.id]) {
      const inbox = await stack.eventually(
        () => stack.inbox(tokens.funder(funder)),
        (items) => items.some((n) => n.eventType === 'OpenDataReminderSent'),
        60_000,
      );
      expect(inbox.find((n) => n.eventType === 'OpenDataReminderSent')!.subject).toMatch(/^Données essentielles à publier avant le /);
    }
    // The one without a SIRET cannot publish by hand: a 409 saying what to do.
    const refused = await stack.request('POST', '/open-data/publications', { token: tokens.funder(FUNDERS.noSiret.id), body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/has no SIRET in the directory: an administrator sets it/);

    // At the deadline: the row of the funder with a SIRET is published by the platform; the other is blocked, told why.
    const late = await stack.eventually(
      () => publicJson(`?funder=${FUNDERS.late.id}`),
      (rows) => rowsOf(rows, lateAgreement).length === 1,
      60_000,
    );
    expect(rowsOf(late, lateAgreement)[0]).toMatchObject({ montant: 25000, conditionsVersement: 'unique' });
    const changes = await stack.request('GET', `/open-data/changelog?funder=${FUNDERS.late.id}`);
    expect(changes.body[0]).toMatchObject({ grantId: lateAgreement, trigger: 'deadline', change: 'published' });
    const blocked = await stack.eventually(
      () => obligations(FUNDERS.noSiret.id),
      (o) => o.rows.some((r: { blockedReason: string | null }) => r.blockedReason),
    );
    expect(blocked).toMatchObject({ siret: null, blockedBy: expect.stringMatching(/no SIRET/) });
    expect(blocked.rows[0]).toMatchObject({ status: 'awaiting_publication', overdue: true, blockedReason: expect.stringMatching(/no SIRET/) });
    expect(rowsOf(await publicJson(), lateAgreement).map((r) => r.idAttribuant)).toEqual([FUNDERS.late.siret]);
    const told = await stack.eventually(
      () => stack.inbox(tokens.funder(FUNDERS.noSiret.id)),
      (items) => items.some((n) => n.eventType === 'OpenDataPublicationBlocked'),
    );
    expect(told.find((n) => n.eventType === 'OpenDataPublicationBlocked')!.body).toMatch(/Motif\s:\sl.annuaire n.a pas le SIRET de votre organisme/);
    await validateServedFiles();

    // An admin gives it a SIRET (a wrong checksum is a 400): the blocked row is published at once.
    const wrong = await stack.request('PATCH', `/funders/${FUNDERS.noSiret.id}`, { token: tokens.admin(), body: { siret: '12345678901234' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/not a valid SIRET/);
    const fixed = await stack.request('PATCH', `/funders/${FUNDERS.noSiret.id}`, { token: tokens.admin(), body: { siret: '77567227200033' } });
    expect(fixed.status).toBe(200);
    const now = await stack.eventually(
      () => publicJson(`?funder=${FUNDERS.noSiret.id}`),
      (rows) => rowsOf(rows, lateAgreement).length === 1,
    );
    expect(rowsOf(now, lateAgreement)[0]).toMatchObject({ idAttribuant: '77567227200033', nomAttribuant: FUNDERS.noSiret.name });
    await validateServedFiles();
    await endAgreement(lateAgreement, territory.associations[1].id);
    // The funder's workflow: reminder, deadline publication, update, signals (a replay fixture with RECORD_HISTORIES=1).
    await recordHistory(stack.client, `open-data-${FUNDERS.late.id}`, 'open-data-deadline-publication');
    await recordHistory(stack.client, `open-data-${FUNDERS.city.id}`, 'open-data-funder-publications');
  });

  it('rebuilds the same open data from the event log alone (npm run projections:rebuild)', async () => {
    await stack.worker!.kill(); // nothing appends meanwhile
    const snapshot = () =>
      stack.db
        .query(`SELECT id, revision, withdrawn, published_revision, published_record, due_by, (SELECT count(*) FROM open_data_changes c WHERE c.row_id = r.id) AS changes
                        FROM open_data_rows r WHERE funder_id LIKE 'funder-od-%' ORDER BY id`);
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(10);
    const { differences } = await rebuildProjections(stack.db);
    expect(differences.filter((d) => d.startsWith('open data') && d.includes('funder-od-'))).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(rowsOf(await publicJson(`?funder=${FUNDERS.state.id}`), lateAgreement)).toEqual([]);
    expect((await publicJson(`?funder=${FUNDERS.late.id}`)).length).toBe(1);
  });
});
