import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, plainSpaces, signInAs } from '../support/web';

/**
 * A funder's open-data page in a real browser: the convention it must publish and by when, one click
 * to publish it (then in the public SCDL file), its settings saved; axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
const FUNDER = 'funder-rectorat-creteil';
let agreementId = '';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  const territory = await ownTerritory(stack, 'e2e-open-data');
  const [association] = territory.associations;
  const proposed = await stack.request('POST', '/anchoring-agreements', {
    token: stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
    body: {
      associationId: association.id,
      years: 1,
      yearlyAmountCents: 2_500_000,
      startDate: new Date().toISOString(),
      fundingPlan: [{ funderId: FUNDER, amountCents: 2_500_000 }],
      coordination: { mode: 'flat', flatAmountCents: 100_000 },
    },
  });
  expect(proposed.status).toBe(201);
  agreementId = proposed.body.id;
  const line = await stack.request('POST', `/anchoring-agreements/${agreementId}/funding-line/accept`, {
    token: stack.token({ role: 'funder', org: FUNDER, sub: `user-${FUNDER}` }),
  });
  expect(line.status).toBe(200);
  const accepted = await stack.request('POST', `/anchoring-agreements/${agreementId}/accept`, {
    token: stack.token({ role: 'association', org: association.id, sub: `user-${association.id}` }),
  });
  expect(accepted.status).toBe(200);
  const funder = stack.token({ role: 'funder', org: FUNDER, sub: `user-${FUNDER}` });
  await stack.eventually(
    () => stack.request('GET', `/open-data/obligations?grantId=${agreementId}`, { token: funder }),
    (r) => r.body.awaiting === 1,
  );
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe("a funder's open data in the browser", () => {
  it('shows what awaits publication and by when, publishes it in one click, and saves the settings', async () => {
    const { context, page } = await personIn(browser);
    await signInAs(page, stack.baseUrl, `subventions@${FUNDER}.demo.grants.local`);
    await page.getByRole('link', { name: 'Données ouvertes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Données ouvertes des subventions' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: agreementId });
    await row.waitFor();
    const text = plainSpaces(await row.textContent());
    expect(text).toContain('25 000,00 €');
    expect(text).toContain('publication obligatoire');
    expect(text).toContain('À publier');
    audits.push(...(await checkPage(page, 'donnees-ouvertes')));

    await row.getByRole('button', { name: /^Publier/ }).click();
    await page.getByText('Lignes publiées : 1.').waitFor();
    await row.getByText('Publiée', { exact: true }).waitFor();
    const csv = await page.request.get(`${stack.baseUrl}/open-data/subventions.csv?funder=${FUNDER}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(agreementId);

    await page.getByLabel('Publier chaque convention dès sa signature').check();
    await page.getByLabel('Identifiant du dispositif d’aide (facultatif)').fill('PDV-ANCRAGE');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByText('Réglages enregistrés.').waitFor();
    const settings = await stack.request('GET', '/open-data/settings', { token: stack.token({ role: 'funder', org: FUNDER, sub: `user-${FUNDER}` }) });
    expect(settings.body).toMatchObject({ autoPublish: true, programmeId: 'PDV-ANCRAGE', thresholdCents: 2_300_000 });

    // A wrong threshold is said on its field.
    await page.getByLabel('Seuil par bénéficiaire et par an (en euros)').fill('beaucoup');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByText('Saisissez un montant en euros, par exemple 23000.').first().waitFor();
    audits.push(...(await checkPage(page, 'donnees-ouvertes-reglages')));
    await context.close();
  });

  it('finds no accessibility violation on the page at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(4);
  });
});
