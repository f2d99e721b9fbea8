import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, signInAs, Territory } from '../support/web';

/**
 * A need routed to a signatory in a real browser: an association describes it, the project lead
 * routes it to a named contact of the social landlord, the landlord offers its support, and the
 * association reads the answer; axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
let territory: Territory;
const LANDLORD = 'subventions@funder-bailleur-seine-saint-denis-habitat.demo.grants.local';
const NEED = 'Un local pour l’aide aux devoirs, deux soirs par semaine';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-besoin');
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('a need routed to a signatory, in the browser', () => {
  it('is described by an association, routed by the project lead, answered by the signatory', async () => {
    const association = await personIn(browser);
    await signInAs(association.page, stack.baseUrl, territory.associations[0].email, '/app/besoins');
    await association.page.getByRole('heading', { level: 1, name: 'Besoins des associations' }).waitFor();
    await association.page.getByLabel('Orientation').selectOption('jeunesse');
    await association.page.getByLabel('Appui recherché').selectOption('premises');
    await association.page.getByRole('button', { name: 'Envoyer au binôme' }).click();
    await association.page.getByRole('alert').getByText('Le besoin').waitFor();
    audits.push(...(await checkPage(association.page, 'besoins')));
    await association.page.getByLabel('Le besoin', { exact: true }).fill(NEED);
    await association.page.getByRole('button', { name: 'Envoyer au binôme' }).click();
    await association.page.getByRole('heading', { level: 1, name: NEED }).waitFor();
    const url = association.page.url();

    // What awaits the project lead: the need to route, on its « À traiter » page.
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, '/app/');
    await lead.page.getByRole('heading', { name: 'Besoins à orienter' }).waitFor();
    await lead.page.getByRole('link', { name: NEED }).click();
    await lead.page.getByRole('heading', { name: 'Orienter vers un signataire' }).waitFor();
    await lead.page.getByLabel('Signataire', { exact: true }).selectOption('funder-bailleur-seine-saint-denis-habitat');
    await lead.page.getByLabel('Contact nommé').fill('M. Martin, gestionnaire de proximité');
    audits.push(...(await checkPage(lead.page, 'besoin-a-orienter')));
    await lead.page.getByRole('button', { name: 'Orienter', exact: true }).click();
    await lead.page.getByText('Orienté, réponse attendue').first().waitFor();
    await lead.context.close();

    // And the landlord: the need to answer, on its own.
    const landlord = await personIn(browser);
    await signInAs(landlord.page, stack.baseUrl, LANDLORD, '/app/');
    await landlord.page.getByRole('heading', { name: 'Besoins à traiter' }).waitFor();
    await landlord.page.getByRole('link', { name: NEED }).click();
    await landlord.page.waitForURL(url);
    await landlord.page.getByLabel('L’appui proposé et sa forme').fill('Le local du 12, rue du Landy, le mardi et le jeudi de 17 h à 19 h');
    await landlord.page.getByRole('button', { name: 'Proposer cet appui' }).click();
    await landlord.page.getByText('Appui proposé', { exact: true }).waitFor();
    await landlord.context.close();

    await association.page.reload();
    await association.page.getByText(/appui proposé : Le local du 12, rue du Landy/).waitFor();
    audits.push(...(await checkPage(association.page, 'besoin-appui-propose')));
    await association.context.close();
  });

  it('finds no accessibility violation on its pages at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(6);
  });
});
