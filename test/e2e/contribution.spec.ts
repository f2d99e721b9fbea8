import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, plainSpaces, signInAs, Territory } from '../support/web';

/**
 * A signatory's contribution in a real browser: the project lead proposes one to the rectorat (its
 * proposal is its signature), the rectorat signs it from its own session, and every account reads
 * what the rectorat committed for the year beside what it paid; axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
let territory: Territory;
const YEAR = String(Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date())) - 1);
const RECTORAT = 'subventions@funder-rectorat-creteil.demo.grants.local';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-contribution');
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('a contribution in the browser', () => {
  let id = '';

  it('is proposed by the project lead, its proposal being its signature', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, '/app/contributions');
    await lead.page.getByRole('heading', { level: 1, name: 'Contributions des signataires' }).waitFor();
    await lead.page.getByLabel('Année').selectOption(YEAR);
    await lead.page.getByLabel('Signataire', { exact: true }).nth(1).selectOption('funder-rectorat-creteil');
    await lead.page.getByLabel('Orientation').selectOption('jeunesse');
    await lead.page.getByLabel('Nature').selectOption('staff');
    await lead.page.getByRole('button', { name: 'Proposer et signer' }).click();
    await lead.page.getByText('Un nombre entier de personnes, de 1 à 1 000.').first().waitFor();
    audits.push(...(await checkPage(lead.page, 'contributions')));
    await lead.page.getByLabel('Nombre de personnes').fill('2');
    await lead.page.getByLabel('Ce qu’apporte la contribution').fill('Deux enseignants référents pour le décrochage scolaire');
    await lead.page.getByRole('button', { name: 'Proposer et signer' }).click();
    await lead.page.getByRole('heading', { level: 1, name: `Contribution de Rectorat de Créteil (${YEAR})` }).waitFor();
    id = lead.page.url().split('/').pop()!;
    await lead.page.getByText('En négociation — signature du signataire attendue').waitFor();
    await expect(lead.page.getByRole('button', { name: 'Signer', exact: true }).count()).resolves.toBe(0);
    await lead.context.close();
  });

  it('is signed by the signatory from its own session: two signatures, concluded', async () => {
    const rectorat = await personIn(browser);
    // What awaits the rectorat: the contribution to sign, on its « À traiter » page.
    await signInAs(rectorat.page, stack.baseUrl, RECTORAT, '/app/');
    await rectorat.page.getByRole('heading', { name: 'Contributions à signer' }).waitFor();
    const toSign = rectorat.page.getByRole('link', { name: `Jeunesse, ${YEAR}` });
    expect(await toSign.getAttribute('href')).toBe(`/app/contributions/${id}`);
    await toSign.click();
    await rectorat.page.getByRole('heading', { name: 'Signer cette version' }).waitFor();
    audits.push(...(await checkPage(rectorat.page, 'contribution-a-signer')));
    await rectorat.page.getByRole('button', { name: 'Signer', exact: true }).click();
    await rectorat.page.getByText('Conclue', { exact: true }).waitFor();
    await rectorat.page.getByText(/Contribution conclue \(deux signatures\)/).waitFor();
    audits.push(...(await checkPage(rectorat.page, 'contribution-conclue')));
    await rectorat.context.close();
  });

  it('shows every account what the signatory committed for the year beside what it paid', async () => {
    const association = await personIn(browser);
    await signInAs(association.page, stack.baseUrl, territory.associations[0].email, '/app/contributions');
    await association.page.getByLabel('Année').selectOption(YEAR);
    await association.page.getByLabel('Signataire', { exact: true }).selectOption('funder-rectorat-creteil');
    const table = association.page.getByRole('table', { name: `Engagements de Rectorat de Créteil en ${YEAR}, par orientation` });
    await table.waitFor();
    const row = table.getByRole('row', { name: /Jeunesse/ });
    expect(plainSpaces(await row.textContent())).toContain('0,00 €');
    expect(await row.textContent()).toContain('2');
    await expect(association.page.getByRole('button', { name: 'Proposer et signer' }).count()).resolves.toBe(0);
    await association.context.close();
  });

  it('finds no accessibility violation on its pages at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(6);
  });
});
