import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, signInAs, Territory } from '../support/web';

/**
 * A territory's Copil by colleges in a real browser: the project lead opens next year's Copil and a
 * call for candidates of the associations' college, designates the citizens' college member once its
 * candidacies closed, records a meeting with its attendance and a priority axis voted by the colleges;
 * an association of the territory stands for itself and reads the decisions; axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
let territory: Territory;
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date())) + 1;
const lead = () => stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` });
const copilId = () => `copil-${territory.id}-${YEAR}`;

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-copil');
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe("a territory's Copil in the browser", () => {
  const title = `Copil ${YEAR} — Territoire e2e-copil`;

  it("is opened by the project lead, with a call for candidates of the associations' college", async () => {
    const person = await personIn(browser);
    await signInAs(person.page, stack.baseUrl, territory.lead, '/app/');
    await person.page.getByRole('link', { name: 'Copil', exact: true }).click();
    await person.page.getByRole('heading', { level: 1, name: 'Comités de pilotage' }).waitFor();
    await person.page.getByLabel('Année', { exact: true }).selectOption(String(YEAR));
    await person.page.getByRole('button', { name: 'Ouvrir le Copil' }).click();
    await person.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await person.page.getByText('Aucun membre désigné pour l’instant.').waitFor();

    await person.page.getByText('Ouvrir un appel à candidatures').click();
    await person.page.getByRole('button', { name: 'Ouvrir l’appel' }).click();
    await person.page.getByRole('alert').filter({ hasText: 'Candidatures jusqu’au' }).waitFor();
    await person.page.locator('#field-round-due').fill(`${YEAR}-01-20`);
    await person.page.getByLabel('Collège', { exact: true }).selectOption('associations');
    await person.page.getByLabel('Sièges').fill('2');
    await person.page.getByRole('button', { name: 'Ouvrir l’appel' }).click();
    await person.page.getByRole('heading', { level: 3, name: 'Collège : Associations' }).waitFor();
    await person.page.getByText('Candidatures ouvertes').waitFor();
    audits.push(...(await checkPage(person.page, 'copil')));
    await person.context.close();
  });

  it("designates the citizens' member once candidacies closed, and records a meeting with a priority axis voted by the colleges", async () => {
    // The citizens' round closes in three seconds (a date picker cannot say that): opened through the API.
    const round = await stack.request('POST', `/copils/${copilId()}/rounds`, {
      token: lead(),
      body: { college: 'citizens', seats: 1, candidaciesDueAt: new Date(Date.now() + 3_000).toISOString(), termYears: 2 },
    });
    expect(round.status).toBe(201);
    expect(
      (await stack.request('POST', `/copils/${copilId()}/rounds/r2/candidacies`, { token: lead(), body: { name: 'Conseil citoyen des Francs-Moisins' } }))
        .status,
    ).toBe(201);
    await stack.eventually(
      () => stack.request('GET', `/copils/${copilId()}`, { token: lead() }),
      (r) => r.body.rounds[1].status === 'designating',
      20_000,
    );

    const person = await personIn(browser);
    await signInAs(person.page, stack.baseUrl, territory.lead, `/app/copil/${copilId()}`);
    await person.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await person.page.getByLabel('Motif de la désignation').fill('Désigné par le conseil citoyen le 2 décembre');
    await person.page.getByRole('button', { name: 'Désigner' }).click();
    await person.page.getByRole('cell', { name: 'Désigné par le conseil citoyen le 2 décembre' }).waitFor();

    const scheduled = await stack.request('POST', `/copils/${copilId()}/meetings`, {
      token: lead(),
      body: { at: new Date(Date.now() + 2_000).toISOString(), agenda: ['Axes prioritaires de l’année'] },
    });
    expect(scheduled.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await person.page.reload();
    await person.page.getByText('Enregistrer la réunion : présences, compte rendu, décisions').click();
    await person.page.getByLabel('Conseil citoyen des Francs-Moisins (Habitants (conseils citoyens))').check();
    await person.page.getByLabel('Ce qui a été dit et décidé').fill('Un axe voté à l’unanimité des collèges présents.');
    await person.page.getByLabel('Intitulé de l’axe').fill('Accès aux droits des familles');
    await person.page.getByLabel('Vote : Habitants (conseils citoyens)').selectOption('abstain');
    await person.page.getByRole('button', { name: 'Enregistrer la réunion' }).click();
    await person.page.getByRole('heading', { level: 2, name: 'Décisions : axes prioritaires' }).waitFor();
    await person.page.getByRole('cell', { name: 'Adopté', exact: true }).waitFor();
    audits.push(...(await checkPage(person.page, 'copil-reunion')));
    await person.context.close();
  });

  it('is read by an association of the territory, which stands for itself in its college', async () => {
    const person = await personIn(browser);
    await signInAs(person.page, stack.baseUrl, territory.associations[0].email, '/app/copil');
    await person.page.getByRole('link', { name: `Copil ${YEAR}` }).click();
    await person.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await person.page.getByText('Accès aux droits des familles').waitFor();
    await person.page.getByLabel('Motivation').fill('Dix ans d’ateliers au cœur du quartier.');
    await person.page.getByRole('button', { name: 'Présenter notre candidature' }).click();
    await person.page.getByText('Votre candidature est enregistrée.').waitFor();
    expect(await person.page.getByRole('button', { name: 'Désigner' }).count()).toBe(0);
    audits.push(...(await checkPage(person.page, 'copil-association')));
    await person.context.close();
  });

  it('has no accessibility violation found by axe at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(6);
  });
});
