import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, plainSpaces, signInAs } from '../support/web';

/**
 * An anchoring agreement in a real browser: the association accepts it, a funder accepts its own
 * line (the page says whom it still awaits), then an amendment changing both funders' lines waits
 * for the association and each of them; axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
const funderToken = (org: string) => stack.token({ role: 'funder', org, sub: `user-${org}` });
let agreementId = '';
let associationEmail = '';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  const territory = await ownTerritory(stack, 'e2e-agreement');
  const [association] = territory.associations;
  associationEmail = association.email;
  const proposed = await stack.request('POST', '/anchoring-agreements', {
    token: stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
    body: {
      associationId: association.id,
      years: 2,
      yearlyAmountCents: 3_000_000,
      startDate: new Date(Date.now() + 30 * 86_400_000).toISOString(), // the years to come stay amendable during the test
      fundingPlan: [
        { funderId: 'funder-etat-93', amountCents: 2_000_000 },
        { funderId: 'funder-caf-93', amountCents: 1_000_000 },
      ],
      coordination: { mode: 'tokens', tokenValueCents: 8_000, yearlyCapCents: 160_000 },
    },
  });
  expect(proposed.status).toBe(201);
  agreementId = proposed.body.id;
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('an anchoring agreement in the browser', () => {
  it('lets the association accept it and each funder accept its own line, saying whom it still awaits', async () => {
    const association = await personIn(browser);
    await signInAs(association.page, stack.baseUrl, associationEmail, `/app/conventions/${agreementId}`);
    const page = association.page;
    await page.getByRole('heading', { level: 1, name: /^Convention d’ancrage : Association 1/ }).waitFor();
    await page.getByText('La convention attend l’accord de : l’association, Préfecture de la Seine-Saint-Denis').waitFor();
    const plan = plainSpaces(await page.getByRole('table', { name: 'Chaque financeur accepte sa propre ligne' }).textContent());
    expect(plan).toContain('20 000,00 €');
    expect(plan).toContain('En attente de son accord');
    audits.push(...(await checkPage(page, 'convention-proposee')));
    await page.getByRole('button', { name: 'Accepter la convention' }).click();
    await page.getByText('C’est enregistré.').waitFor();
    await page.getByText(/La convention attend l’accord de : Préfecture de la Seine-Saint-Denis.*, CAF/).waitFor();
    expect(await page.getByRole('button', { name: 'Accepter la convention' }).count()).toBe(0);

    // The CAF's officer accepts the CAF's line, and only that one.
    const caf = await personIn(browser);
    await signInAs(caf.page, stack.baseUrl, 'subventions@funder-caf-93.demo.grants.local', `/app/conventions/${agreementId}`);
    await caf.page.getByRole('button', { name: 'Accepter notre ligne de financement' }).click();
    await caf.page.getByText('C’est enregistré.').waitFor();
    await caf.page.getByText(/La convention attend l’accord de : Préfecture de la Seine-Saint-Denis/).waitFor();
    expect(await caf.page.getByRole('button', { name: 'Accepter notre ligne de financement' }).count()).toBe(0);
    // The State accepts its own (through the API here): the agreement is signed.
    expect((await stack.request('POST', `/anchoring-agreements/${agreementId}/funding-line/accept`, { token: funderToken('funder-etat-93') })).status).toBe(
      200,
    );
    await caf.page.reload();
    await caf.page.getByText('En cours', { exact: true }).first().waitFor();
    await caf.context.close();

    // An amendment raising both funders' lines waits for the association and each funder.
    expect(
      (
        await stack.request('POST', `/anchoring-agreements/${agreementId}/amendments`, {
          token: funderToken('funder-caf-93'),
          body: { yearlyAmountCents: 3_600_000, fromYear: 2 },
        })
      ).status,
    ).toBe(200);
    await page.reload();
    await page
      .getByText(/Un avenant porte le montant annuel à 36\s000,00\s€ à partir de l’année 2\. Il attend l’accord de : l’association, Préfecture/)
      .waitFor();
    audits.push(...(await checkPage(page, 'convention-avenant')));
    await page.getByRole('button', { name: 'Accepter l’avenant' }).click();
    await page.getByText(/Il attend l’accord de : Préfecture de la Seine-Saint-Denis/).waitFor();
    expect(await page.getByRole('button', { name: 'Accepter l’avenant' }).count()).toBe(0);
    const years = plainSpaces(await page.getByRole('table', { name: /Tranche, temps de coordination et bilan/ }).textContent());
    expect(years).toContain('30 000,00 €'); // year 2 keeps its amount until the State agrees
    await association.context.close();
  });

  it('finds no accessibility violation on the page at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(4);
  });
});
