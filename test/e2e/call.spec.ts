import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, plainSpaces, signInAs } from '../support/web';

/**
 * A call for projects in a real browser: a funder named in its plan accepts its own line (the page
 * says which funders the call still awaits), an invited association answers a meetup and sees its
 * own answer; axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
let callId = '';
let associationEmail = '';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  const territory = await ownTerritory(stack, 'e2e-call');
  associationEmail = territory.associations[0].email;
  const lead = stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` });
  const launched = await stack.request('POST', '/calls', {
    token: lead,
    body: {
      title: 'Cultiver le lien au quartier',
      themes: ['lien social'],
      territories: [territory.id],
      targetPublic: 'Habitantes et habitants du quartier',
      budgetCents: 6_000_000,
      fundingPlan: [
        { funderId: 'funder-etat-93', amountCents: 4_000_000 },
        { funderId: 'funder-caf-93', amountCents: 2_000_000 },
      ],
      meetupWindow: { startsAt: later(1), endsAt: later(48) },
      eoiDeadline: later(72),
      proposalDeadline: later(96),
    },
  });
  expect(launched.status).toBe(201);
  callId = launched.body.id;
  const meetup = await stack.request('POST', `/calls/${callId}/meetups`, { token: lead, body: { at: later(24), place: 'Maison de quartier' } });
  expect(meetup.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('a call for projects in the browser', () => {
  it("lets a funder accept its own line and an invited association answer a meetup", async () => {
    const funder = await personIn(browser);
    await signInAs(funder.page, stack.baseUrl, 'subventions@funder-caf-93.demo.grants.local', `/app/appels/${callId}`);
    const page = funder.page;
    await page.getByRole('heading', { level: 1, name: 'Cultiver le lien au quartier' }).waitFor();
    await page.getByText(/L’appel attend l’accord de : Préfecture de la Seine-Saint-Denis \(État\), CAF de la Seine-Saint-Denis\./).waitFor();
    const plan = plainSpaces(await page.getByRole('table', { name: /Chaque financeur accepte sa propre ligne/ }).textContent());
    expect(plan).toContain('20 000,00 €');
    audits.push(...(await checkPage(page, 'appel-financeur')));
    await page.getByRole('button', { name: 'Accepter notre ligne de financement' }).click();
    await page.getByText('C’est enregistré.').waitFor();
    await page.getByText(/L’appel attend l’accord de : Préfecture de la Seine-Saint-Denis \(État\)\./).waitFor();
    expect(await page.getByRole('button', { name: 'Accepter notre ligne de financement' }).count()).toBe(0);
    await funder.context.close();

    // The association finds the call among those it is invited to.
    const association = await personIn(browser);
    await signInAs(association.page, stack.baseUrl, associationEmail);
    await association.page.getByRole('link', { name: 'Appels à projets' }).click();
    await association.page.getByRole('heading', { level: 1, name: 'Appels à projets' }).waitFor();
    const listed = association.page.getByRole('row').filter({ hasText: 'Cultiver le lien au quartier' });
    expect(plainSpaces(await listed.textContent())).toContain('60 000,00 €');
    audits.push(...(await checkPage(association.page, 'appels-association')));
    await listed.getByRole('link', { name: 'Cultiver le lien au quartier' }).click();
    await association.page.getByText('Vous n’avez pas encore répondu.').waitFor();
    await association.page.getByRole('button', { name: 'Je participe' }).click();
    await association.page.getByText('Vous avez indiqué que vous participez.').waitFor();
    audits.push(...(await checkPage(association.page, 'appel-association')));
    const seen = await stack.request('GET', `/calls/${callId}`, { token: stack.token({ role: 'project_lead', territory: 'e2e-call', sub: 'pl-e2e-call' }) });
    expect(seen.body.meetups[0].rsvps).toEqual([expect.objectContaining({ attending: true })]);
    await association.context.close();
  });

  it('finds no accessibility violation on the pages at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(6);
  });
});
