import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, signInAs, Territory } from '../support/web';

/**
 * The binôme's mission sheet in a real browser: the project lead opens it (the activity report
 * drafted), writes the rest and signs, the prefect delegate signs from its own session, the Copil's
 * adoption is recorded, and an association of the territory reads the adopted sheet; axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
let territory: Territory;
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date())) + 1;
const copilDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + 30 * 86_400_000));

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-feuille');
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe("the binôme's mission sheet in the browser", () => {
  const title = `Feuille de mission ${YEAR} — Territoire e2e-feuille`;

  it('is opened by the project lead with its activity report drafted, completed and signed', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, '/app/');
    await lead.page.getByRole('link', { name: 'Feuilles de mission' }).click();
    await lead.page.getByRole('heading', { level: 1, name: 'Feuilles de mission du binôme' }).waitFor();
    await lead.page.getByRole('button', { name: 'Ouvrir la feuille de mission' }).click();
    await lead.page.getByRole('alert').filter({ hasText: 'Jour du Copil qui l’adoptera' }).waitFor();
    await lead.page.locator('#field-sheet-copil').fill(copilDay);
    await lead.page.getByRole('button', { name: 'Ouvrir la feuille de mission' }).click();
    await lead.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await lead.page
      .getByText(`En ${YEAR - 1}, le binôme a instruit 0 demande de micro-subvention`)
      .first()
      .waitFor();
    await lead.page.getByText('À rédiger.').first().waitFor();
    await lead.page.locator('#field-revise-priorities').fill('L’emploi des jeunes des Francs-Moisins');
    await lead.page.locator('#field-revise-splitOfWork').fill('La cheffe de projet suit les appels, le délégué les bailleurs');
    await lead.page.locator('#field-revise-complementarity').fill('Une réunion commune chaque mois');
    await lead.page.getByRole('button', { name: 'Mettre cette version sur la table' }).click();
    await lead.page.getByRole('button', { name: 'Signer la version 2' }).click();
    await lead.page
      .getByText(/^signée le /)
      .first()
      .waitFor();
    audits.push(...(await checkPage(lead.page, 'feuille-de-mission')));
    await lead.context.close();
  });

  it('is signed by the prefect delegate from its own session, then adopted by the Copil', async () => {
    const delegate = await personIn(browser);
    await signInAs(delegate.page, stack.baseUrl, territory.delegate, `/app/feuilles-de-mission/ms-${territory.id}-${YEAR}`);
    await delegate.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await delegate.page.getByRole('button', { name: 'Signer la version 2' }).click();
    await delegate.page.getByText('Signée, à présenter au Copil').waitFor();
    // Only the project lead records the Copil's decision.
    expect(await delegate.page.getByRole('button', { name: 'Le Copil l’a adoptée' }).count()).toBe(0);
    await delegate.context.close();

    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, `/app/feuilles-de-mission/ms-${territory.id}-${YEAR}`);
    await lead.page.getByRole('button', { name: 'Le Copil l’a adoptée' }).click();
    await lead.page.getByText(/^Adoptée par le Copil le /).waitFor();
    await lead.context.close();
  });

  it('is read, once adopted, by an association of the territory', async () => {
    const association = await personIn(browser);
    await signInAs(association.page, stack.baseUrl, territory.associations[0].email, '/app/feuilles-de-mission');
    await association.page.getByRole('link', { name: `Feuille de mission ${YEAR}` }).click();
    await association.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await association.page.getByText('L’emploi des jeunes des Francs-Moisins').waitFor();
    expect(await association.page.getByRole('button', { name: /Signer/ }).count()).toBe(0);
    audits.push(...(await checkPage(association.page, 'feuille-de-mission-adoptee')));
    await association.context.close();
  });

  it('has no accessibility violation found by axe at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(4);
  });
});
