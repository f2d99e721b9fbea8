import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, plainSpaces, signInAs, Territory } from '../support/web';

/**
 * The territory's annual report in a real browser: the project lead opens it from its dashboard,
 * reads the year's payments (charts with their tables), downloads the PDF; an auditor chooses a
 * territory and a year; another territory's binôme gets "introuvable"; axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
let territory: Territory;
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));
const AUDITOR = 'audit@demo.grants.local';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-rapport');
  // One micro-grant of 1,500 € decided by the binôme and paid: the year's only payment in the territory.
  const association = territory.associations[0].id;
  const requested = await stack.request('POST', '/micro-grants', {
    token: stack.token({ role: 'association', org: association, sub: `user-${association}` }),
    body: { binomeId: territory.binomeId, title: 'Fête des voisins', purpose: 'Goûter et affiches', amountCents: 150_000, qpv: 'Francs-Moisins' },
  });
  expect(requested.status).toBe(201);
  for (const [prefix, role] of [
    ['pl', 'project_lead'],
    ['pd', 'prefect_delegate'],
  ] as const) {
    const token = stack.token({ role, territory: territory.id, sub: `${prefix}-${territory.id}` });
    expect((await stack.request('POST', `/micro-grants/${requested.body.id}/decisions`, { token, body: { decision: 'approve' } })).status).toBe(200);
  }
  await stack.eventually(
    () => stack.count(`SELECT 1 FROM payment_orders WHERE grant_id = $1`, [requested.body.id]),
    (n) => n === 1,
  );
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe("a territory's annual report in the browser", () => {
  it('opens from the binôme’s dashboard: the year’s payments in charts and tables, French amounts, the PDF', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, '/app/');
    // « À traiter » shows the year's dashboard: the envelope's gauge, then the payments by QPV, theme, funder and month.
    await lead.page.getByRole('heading', { level: 2, name: `Le tableau de bord ${YEAR} du territoire` }).waitFor();
    await lead.page.getByRole('img', { name: 'Par quartier prioritaire (QPV)' }).waitFor();
    const dashboard = lead.page.getByRole('table', { name: 'Par quartier prioritaire (QPV) : les montants' });
    expect(plainSpaces(await dashboard.getByRole('row').nth(1).textContent())).toContain('Francs-Moisins1 500,00 €');
    expect(plainSpaces(await lead.page.getByText(/^Versé cette année/).textContent())).toContain('Versé cette année : 1 500,00 € (ordres de paiement : 1).');
    audits.push(...(await checkPage(lead.page, 'tableau-de-bord')));
    await lead.page.getByRole('link', { name: `Rapport annuel ${YEAR} du territoire` }).click();
    const title = `Rapport annuel ${YEAR} — Territoire ${territory.id}`;
    await lead.page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await lead.page.title()).toMatch(new RegExp(`^${title}`));
    const facts = plainSpaces(await lead.page.locator('dl.facts').first().textContent());
    expect(facts).toContain('Total ordonnancé1 500,00 €');
    expect(facts).toContain('Ordres de paiement1');
    // Each chart is an image named after its breakdown, its figures in the table below it.
    await lead.page.getByRole('img', { name: 'Par quartier prioritaire (QPV)' }).waitFor();
    const qpv = lead.page.getByRole('table', { name: 'Par quartier prioritaire (QPV) : les montants' });
    expect(plainSpaces(await qpv.getByRole('row').nth(1).textContent())).toContain('Francs-Moisins1 500,00 €');
    const months = lead.page.getByRole('table', { name: 'Par mois : les montants' });
    expect(await months.getByRole('row').count()).toBe(2);
    expect(plainSpaces(await months.getByRole('row').nth(1).textContent())).toContain('1 500,00 €');
    await lead.page.getByRole('heading', { level: 2, name: 'Enveloppe des micro-subventions' }).waitFor();
    expect(plainSpaces(await lead.page.locator('dl.facts').nth(1).textContent())).toContain('Disponible28 500,00 €');
    audits.push(...(await checkPage(lead.page, 'rapport-annuel')));

    const download = lead.page.waitForEvent('download');
    await lead.page.getByRole('link', { name: 'Télécharger le rapport (PDF)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`rapport-${territory.id}-${YEAR}.pdf`);

    // The previous year: nothing happened there.
    await lead.page.getByRole('link', { name: `Rapport ${YEAR - 1}` }).click();
    await lead.page.getByRole('heading', { level: 1, name: `Rapport annuel ${YEAR - 1} — Territoire ${territory.id}` }).waitFor();
    await lead.page.getByText('Le journal des événements ne compte aucun événement du territoire cette année.').waitFor();
    await lead.context.close();
  });

  it('is chosen by an auditor, territory and year; another territory’s binôme finds it "introuvable"', async () => {
    const auditor = await personIn(browser);
    await signInAs(auditor.page, stack.baseUrl, AUDITOR, '/app/rapports');
    await auditor.page.getByRole('heading', { level: 1, name: 'Rapports annuels des territoires' }).waitFor();
    await auditor.page.getByRole('button', { name: 'Voir le rapport' }).click();
    await auditor.page.getByRole('alert').filter({ hasText: 'Choisissez un territoire' }).waitFor();
    audits.push(...(await checkPage(auditor.page, 'rapports-annuels')));
    await auditor.page.getByLabel('Territoire').selectOption(territory.id);
    await auditor.page.getByLabel('Année').fill(String(YEAR));
    await auditor.page.getByRole('button', { name: 'Voir le rapport' }).click();
    await auditor.page.getByRole('heading', { level: 1, name: `Rapport annuel ${YEAR} — Territoire ${territory.id}` }).waitFor();
    await auditor.context.close();

    const other = await ownTerritory(stack, 'e2e-rapport-voisin');
    const neighbour = await personIn(browser);
    await signInAs(neighbour.page, stack.baseUrl, other.lead, `/app/rapports/${territory.id}/${YEAR}`);
    await neighbour.page.getByRole('heading', { level: 1, name: 'Rapport introuvable' }).waitFor();
    await neighbour.context.close();
  });

  it('has no accessibility violation found by axe at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(6);
  });
});
