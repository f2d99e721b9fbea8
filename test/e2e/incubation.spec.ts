import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, signInAs, Territory } from '../support/web';

/**
 * An incubated project in a real browser: the project lead assigns a mentor among the suggestions,
 * the mentor sets the support plan and marks a milestone reached, the project's association files
 * its impact report and the project graduates; axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
let territory: Territory;
let incubationId = '';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-incubation');
  const lead = stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` });
  const base = `/incubation-cohorts/${territory.id}/2041`;
  const opened = await stack.request('POST', '/incubation-cohorts', {
    token: lead,
    body: { territory: territory.id, year: 2041, capacity: 10, nominationDeadline: new Date(Date.now() + 3_600_000).toISOString() },
  });
  expect(opened.status).toBe(201);
  const nominated = await stack.request('POST', `${base}/nominations`, {
    token: lead,
    body: {
      associationId: territory.associations[0].id,
      projectTitle: 'Repair café du quartier',
      description: 'Réparer ensemble plutôt que jeter',
      themes: ['lien social'],
      qpv: 'Les Courtillières',
    },
  });
  expect(nominated.status).toBe(201);
  const selected = await stack.request('POST', `${base}/selections`, {
    token: lead,
    body: { nominationId: nominated.body.nominationId, reason: 'Projet porté par les habitants' },
  });
  expect(selected.status).toBe(201);
  incubationId = selected.body.incubationId;
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('an incubated project in the browser', () => {
  it('goes from a mentor to a plan, a milestone and the impact report, each by whom it belongs to', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, `/app/incubations/${incubationId}`);
    await lead.page.getByRole('heading', { level: 1, name: 'Repair café du quartier' }).waitFor();
    await lead.page.getByText('En attente d’un mentor').waitFor();
    await lead.page.getByLabel('Associations proposées').selectOption(territory.associations[1].id);
    audits.push(...(await checkPage(lead.page, 'incubation-mentor')));
    await lead.page.getByRole('button', { name: 'Désigner cette association' }).click();
    await lead.page.getByText('En attente du plan d’accompagnement').waitFor();
    await lead.context.close();

    const mentor = await personIn(browser);
    await signInAs(mentor.page, stack.baseUrl, territory.associations[1].email, `/app/incubations/${incubationId}`);
    await mentor.page.getByLabel('gestion de projet').check();
    await mentor.page.getByRole('button', { name: 'Enregistrer le plan' }).click();
    await mentor.page.getByText('Appuis : mentorat, gestion de projet.').waitFor();
    await mentor.page.getByRole('button', { name: 'Marquer « Conception » comme atteinte' }).click();
    await mentor.page.getByText(/^atteinte le/).waitFor();
    await mentor.context.close();

    const own = await personIn(browser);
    await signInAs(own.page, stack.baseUrl, territory.associations[0].email, `/app/incubations/${incubationId}`);
    await own.page.getByLabel('Ce que le projet a produit').fill('42 objets réparés, 3 bénévoles formés');
    await own.page.getByRole('button', { name: 'Déposer le bilan' }).click();
    await own.page.getByText('Accompagnement achevé', { exact: true }).waitFor();
    await own.page.getByText('42 objets réparés, 3 bénévoles formés').first().waitFor();
    audits.push(...(await checkPage(own.page, 'incubation-achevee')));
    const project = await stack.request('GET', `/incubations/${incubationId}`, { token: stack.token({ role: 'auditor' }) });
    expect(project.body).toMatchObject({
      status: 'graduated',
      mentor: { associationId: territory.associations[1].id },
      plan: { supports: ['mentoring', 'project_management'] },
    });
    await own.context.close();
  });

  it("lets the project lead open next year's cohort, nominate a project and select it with a reason; an association nominates its own", async () => {
    const next = new Date().getFullYear() + 1;
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead);
    await lead.page.getByRole('link', { name: 'Incubation' }).click();
    await lead.page.getByRole('heading', { level: 1, name: 'Cohortes d’incubation' }).waitFor();
    const card = lead.page.getByRole('region', { name: `Cohorte ${next}, Territoire ${territory.id}` });
    await card.getByText('Cette cohorte n’est pas encore ouverte.').waitFor();
    audits.push(...(await checkPage(lead.page, 'cohortes')));
    await card.getByLabel('Propositions jusqu’au').fill(inAWeek);
    await card.getByRole('button', { name: `Ouvrir la cohorte ${next}` }).click();
    await card.getByRole('link', { name: `Voir la cohorte ${next}` }).click();
    await lead.page.getByRole('heading', { level: 1, name: `Cohorte ${next}, Territoire ${territory.id}` }).waitFor();
    await lead.page.getByLabel('Association', { exact: true }).selectOption(territory.associations[0].id);
    await lead.page.getByLabel('Titre du projet').fill('Ateliers vélo');
    await lead.page.getByLabel('Le projet en quelques lignes').fill('Apprendre à réparer son vélo');
    await lead.page.getByLabel('Thèmes').fill('lien social, mobilité');
    await lead.page.getByLabel('QPV').fill('Les Courtillières');
    await lead.page.getByRole('button', { name: 'Proposer le projet' }).click();
    await lead.page.getByText('Le projet est proposé.').waitFor();
    await lead.page.getByRole('row').filter({ hasText: 'Ateliers vélo' }).waitFor();

    // The other association nominates its own project, and sees only its own nominations.
    const association = await personIn(browser);
    await signInAs(association.page, stack.baseUrl, territory.associations[1].email, `/app/cohortes/${territory.id}/${next}`);
    await association.page.getByRole('heading', { level: 2, name: 'Proposer un projet de votre association' }).waitFor();
    await association.page.getByLabel('Titre du projet').fill('Jardin des enfants');
    await association.page.getByLabel('Le projet en quelques lignes').fill('Un potager pour les écoliers');
    await association.page.getByLabel('Thèmes').fill('lien social');
    await association.page.getByLabel('QPV').fill('Les Courtillières');
    await association.page.getByRole('button', { name: 'Proposer le projet' }).click();
    await association.page.getByRole('row').filter({ hasText: 'Jardin des enfants' }).waitFor();
    expect(await association.page.getByRole('row').filter({ hasText: 'Ateliers vélo' }).count()).toBe(0);
    await association.context.close();

    // The project lead selects with a reason: the project's page opens from the cohort.
    await lead.page.reload();
    await lead.page.getByLabel('Motif de la sélection de « Ateliers vélo »').fill('Un besoin fort de mobilité dans le quartier');
    await lead.page.getByRole('row').filter({ hasText: 'Ateliers vélo' }).getByRole('button', { name: 'Retenir ce projet' }).click();
    await lead.page.getByText('Retenu : « Un besoin fort de mobilité dans le quartier »').waitFor();
    audits.push(...(await checkPage(lead.page, 'cohorte')));
    await lead.page.getByRole('region', { name: 'Les projets incubés' }).getByRole('link', { name: 'Ateliers vélo' }).click();
    await lead.page.getByRole('heading', { level: 1, name: 'Ateliers vélo' }).waitFor();
    await lead.context.close();
  });

  it('finds no accessibility violation on the page at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(8);
  });
});
