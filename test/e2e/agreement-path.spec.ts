import { Browser, Page } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, plainSpaces, signInAs, Territory } from '../support/web';

/**
 * An anchoring agreement's whole path in a real browser, in the demo mode, on a year of 45 s: the project lead
 * proposes it from « À traiter » (the plan's sum checked on the field at fault), the association
 * accepts it from its « À traiter », each funder accepts its own line (the CAF from its « À
 * traiter »), the binôme records a coordination meeting the association attended (a token), and
 * once the year is over the association sends its activity report: the agreement is completed,
 * its coordination paid. axe at both widths on each new page.
 */
// On 2 cores, three browser suites at a time, the year's steps (the acceptances, the meeting) take
// about 20 s.
const YEAR_MS = 45_000;
// The demo mode: an agreement proposed without a start date starts now (its year lasts 45 s; the
// demo's own year, which scales the other policy durations, its shortest: a minute).
const stack = new TestStack({
  DEMO_TIME: 'compressed',
  DEMO_YEAR: '1m',
  ANCHORING_YEAR: `${YEAR_MS}ms`,
  ANCHORING_ACCEPTANCE_DELAY: '10m',
  ANCHORING_REPORT_DUE: '5m',
  ANCHORING_REPORT_REMINDERS: '2m,1m',
});
let browser: Browser;
const audits: AxeResult[] = [];
let territory: Territory;
let association: Territory['associations'][number];

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-agreement-path');
  association = territory.associations[0];
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

/** The agreement as its association reads it, through the API. */
async function agreement(id: string) {
  const response = await stack.request('GET', `/anchoring-agreements/${id}`, {
    token: stack.token({ role: 'association', org: association.id, sub: `user-${association.id}` }),
  });
  expect(response.status).toBe(200);
  return response.body;
}

/** In « À traiter », the card of this agreement (other suites' agreements share the demo funders). */
const card = (page: Page) => page.locator('li.card').filter({ has: page.getByRole('link', { name: new RegExp(association.name) }) });

describe("an anchoring agreement's whole path in the browser", () => {
  let agreementId = '';

  it('is proposed by the project lead, accepted by the association and by each funder for its own line', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, '/app/');
    await lead.page.getByRole('heading', { level: 2, name: 'Conventions d’ancrage' }).waitFor();
    await lead.page.getByRole('link', { name: 'Proposer une convention d’ancrage' }).click();
    const form = lead.page;
    await form.getByRole('heading', { level: 1, name: 'Proposer une convention d’ancrage' }).waitFor();
    await form.getByLabel('Association', { exact: true }).selectOption({ label: association.name });
    await form.getByLabel('Durée').selectOption({ label: '1 an' });
    await form.getByLabel('Montant annuel de fonctionnement (€)').fill('12 000');
    await form.getByLabel('Financeur 1').selectOption({ label: 'Préfecture de la Seine-Saint-Denis (État)' });
    await form.getByLabel('Montant de la ligne 1 (€)').fill('8000');
    await form.getByRole('button', { name: 'Ajouter un financeur' }).click();
    await form.getByLabel('Financeur 2').selectOption({ label: 'CAF de la Seine-Saint-Denis' });
    await form.getByLabel('Montant de la ligne 2 (€)').fill('3000');
    await form.getByLabel('Valeur d’un jeton (€)').fill('80');
    await form.getByLabel('Plafond annuel des jetons (€)').fill('1600');
    await form.getByRole('button', { name: 'Proposer la convention' }).click();
    // The lines add up to 11,000 €, not 12,000 €: said on the first line's amount, and above the form.
    await form
      .getByText(/Les lignes totalisent 11\s000,00\s€, et non le budget de 12\s000,00\s€\./)
      .first()
      .waitFor();
    expect(await form.getByLabel('Montant de la ligne 1 (€)').getAttribute('aria-invalid')).toBe('true');
    audits.push(...(await checkPage(form, 'convention-nouvelle')));
    await form.getByLabel('Montant de la ligne 2 (€)').fill('4000');
    await form.getByRole('button', { name: 'Proposer la convention' }).click();
    await form.getByRole('heading', { level: 1, name: `Convention d’ancrage : ${association.name}` }).waitFor();
    agreementId = new URL(form.url()).pathname.split('/').pop()!;
    expect(agreementId).toMatch(/^anc-/);
    await form.getByText('Proposée', { exact: true }).first().waitFor();
    await form
      .getByText(/La convention attend l’accord de : l’association, Préfecture de la Seine-Saint-Denis \(État\), CAF de la Seine-Saint-Denis\./)
      .waitFor();
    await lead.context.close();

    // The association finds it in « À traiter » and accepts it.
    const assoc = await personIn(browser);
    await signInAs(assoc.page, stack.baseUrl, association.email, '/app/');
    await card(assoc.page).getByText('La convention attend votre acceptation.').waitFor();
    await card(assoc.page).getByRole('link').click();
    await assoc.page.getByRole('button', { name: 'Accepter la convention' }).click();
    await assoc.page.getByText('C’est enregistré.').waitFor();
    await assoc.context.close();

    // The CAF finds its line to accept in « À traiter »; the State accepts from the agreement's page.
    const caf = await personIn(browser);
    await signInAs(caf.page, stack.baseUrl, 'subventions@funder-caf-93.demo.grants.local', '/app/');
    await card(caf.page).getByText('La convention attend l’acceptation de votre ligne de financement.').waitFor();
    await card(caf.page).getByRole('link').click();
    await caf.page.getByRole('button', { name: 'Accepter notre ligne de financement' }).click();
    await caf.page.getByText('C’est enregistré.').waitFor();
    await caf.context.close();
    const state = await personIn(browser);
    await signInAs(state.page, stack.baseUrl, 'subventions@funder-etat-93.demo.grants.local', `/app/conventions/${agreementId}`);
    await state.page.getByRole('button', { name: 'Accepter notre ligne de financement' }).click();
    await state.page.getByText('C’est enregistré.').waitFor();
    await state.page.getByText('En cours', { exact: true }).first().waitFor();
    const years = plainSpaces(await state.page.getByRole('table', { name: /Tranche, temps de coordination et bilan/ }).textContent());
    expect(years).toContain('12 000,00 €');
    await state.context.close();
  });

  it('takes a token for a coordination meeting the binôme records, then the year’s report, and is completed', async () => {
    const delegate = await personIn(browser);
    await signInAs(delegate.page, stack.baseUrl, territory.delegate, '/app/');
    await delegate.page.getByRole('link', { name: 'Enregistrer une réunion de coordination' }).click();
    const page = delegate.page;
    await page.getByRole('heading', { level: 1, name: 'Réunions de coordination' }).waitFor();
    await page.getByRole('button', { name: 'Enregistrer la réunion' }).click();
    await page.getByText('Cochez au moins une association présente.').first().waitFor();
    audits.push(...(await checkPage(page, 'coordination')));
    await page.getByLabel('Sujet de la réunion').fill('Comité technique du contrat de ville');
    await page.getByLabel(association.name).check();
    await page.getByRole('button', { name: 'Enregistrer la réunion' }).click();
    await page.getByText('La réunion est enregistrée.').waitFor();
    await page.getByText(new RegExp(`Un jeton est compté pour la convention de : ${association.name}`)).waitFor();
    await delegate.context.close();

    // Once the year is over, the association's report is due: it sends it from the agreement's page.
    await stack.eventually(
      () => agreement(agreementId),
      (a) => a.schedule[0].report.status === 'due',
      YEAR_MS + 60_000,
    );
    const assoc = await personIn(browser);
    await signInAs(assoc.page, stack.baseUrl, association.email, '/app/');
    await card(assoc.page)
      .getByText(/Le bilan d’activité de l’année 1 est attendu avant le/)
      .waitFor();
    await card(assoc.page).getByRole('link').click();
    await assoc.page.getByRole('heading', { level: 2, name: 'Envoyer le bilan d’activité de l’année' }).waitFor();
    const years = plainSpaces(await assoc.page.getByRole('table', { name: /Tranche, temps de coordination et bilan/ }).textContent());
    expect(years).toContain('Réunions : 1');
    expect(years).toContain('Versée');
    audits.push(...(await checkPage(assoc.page, 'convention-bilan')));
    await assoc.page.getByRole('button', { name: 'Envoyer le bilan' }).click();
    await assoc.page.getByText('Ce champ est obligatoire.').first().waitFor();
    await assoc.page.getByLabel('Le bilan de l’année').fill('Douze ateliers de jardinage, quarante familles, deux fêtes de quartier.');
    await assoc.page.getByRole('button', { name: 'Envoyer le bilan' }).click();
    await assoc.page.getByText('Le bilan est reçu.').waitFor();
    await stack.eventually(
      () => agreement(agreementId),
      (a) => a.status === 'completed',
      60_000,
    );
    await assoc.page.reload();
    await assoc.page.getByText('Achevée', { exact: true }).first().waitFor();
    const done = plainSpaces(await assoc.page.getByRole('table', { name: /Tranche, temps de coordination et bilan/ }).textContent());
    expect(done).toContain('Reçu');
    expect(done).toContain('80,00 €'); // one token, paid at the year's end
    expect(await assoc.page.getByRole('heading', { name: 'Envoyer le bilan d’activité de l’année' }).count()).toBe(0);
    await assoc.context.close();
  });

  it('finds no accessibility violation on its pages at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(6);
  });
});
