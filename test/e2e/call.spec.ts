import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, plainSpaces, signInAs, Territory } from '../support/web';

/**
 * A call for projects in a real browser: a project lead launches one from the form and schedules its
 * meetup; a funder named in its plan accepts its own line (the page says which funders the call still
 * awaits); an invited association answers a meetup. Then a whole path on a call whose deadlines come
 * within 75 s: a consortium formed and joined, its interest expressed with the stipend's split,
 * attendance recorded, the paid pre-selection with its reason, the stipend's part, a proposal refused
 * with each rule broken named beside its member then accepted, the awards with the double-funding flag
 * beside the proposal, and the final report that releases the balance. axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
let callId = '';
let associationEmail = '';
let territory: Territory;
// The path's call: expressions of interest close 40 s after it is launched, proposals 35 s later (on
// 2 cores, three browser suites at a time, the steps before each deadline take up to 15 s).
let pathCallId = '';
let eoiDeadline = '';
let proposalDeadline = '';
let microGrantTitle = '';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-call');
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

/** The path's call (budget 60,000 €: the pre-selection is paid), both funders' lines accepted, a meetup in 3 s; and a micro-grant paid to the first association this year. */
async function launchPathCall(): Promise<void> {
  const lead = stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` });
  const inSeconds = (n: number) => new Date(Date.now() + n * 1000).toISOString();
  eoiDeadline = inSeconds(40);
  proposalDeadline = inSeconds(75);
  const launched = await stack.request('POST', '/calls', {
    token: lead,
    body: {
      title: 'Jardins partagés en pied d’immeuble',
      themes: ['lien social'],
      territories: [territory.id],
      targetPublic: 'Familles des résidences du quartier',
      budgetCents: 6_000_000,
      fundingPlan: [
        { funderId: 'funder-etat-93', amountCents: 4_000_000 },
        { funderId: 'funder-caf-93', amountCents: 2_000_000 },
      ],
      meetupWindow: { startsAt: inSeconds(1), endsAt: inSeconds(35) },
      eoiDeadline,
      proposalDeadline,
    },
  });
  expect(launched.status).toBe(201);
  pathCallId = launched.body.id;
  expect((await stack.request('POST', `/calls/${pathCallId}/meetups`, { token: lead, body: { at: inSeconds(3), place: 'Local des jardiniers' } })).status).toBe(
    201,
  );
  for (const funderId of ['funder-etat-93', 'funder-caf-93']) {
    const accepted = await stack.request('POST', `/calls/${pathCallId}/funding-line/accept`, {
      token: stack.token({ role: 'funder', org: funderId, sub: `user-${funderId}` }),
    });
    expect(accepted.status).toBe(200);
  }
  microGrantTitle = 'Fête des voisins des jardins';
  const association = stack.token({ role: 'association', org: territory.associations[0].id, sub: `user-${territory.associations[0].id}` });
  const requested = await stack.request('POST', '/micro-grants', {
    token: association,
    body: { binomeId: territory.binomeId, title: microGrantTitle, purpose: 'Fête de quartier', amountCents: 80_000 },
  });
  expect(requested.status).toBe(201);
  for (const [role, prefix] of [
    ['project_lead', 'pl'],
    ['prefect_delegate', 'pd'],
  ] as const) {
    const token = stack.token({ role, territory: territory.id, sub: `${prefix}-${territory.id}` });
    await stack.eventually(
      () => stack.request('POST', `/micro-grants/${requested.body.id}/decisions`, { token, body: { decision: 'approve' } }),
      (r) => r.status === 200,
    );
  }
  await stack.eventually(
    () => stack.request('GET', `/micro-grants/${requested.body.id}`, { token: association }),
    (r) => r.body.status === 'paid',
  );
}

const sleepUntil = (iso: string) => new Promise((r) => setTimeout(r, Math.max(Date.parse(iso) - Date.now() + 500, 0)));
const managerToken = () => stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` });

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('a call for projects in the browser', () => {
  it('lets a funder accept its own line and an invited association answer a meetup', async () => {
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

  it('lets a project lead launch a call from the form and schedule its meetup', async () => {
    const lead = await personIn(browser);
    const page = lead.page;
    await signInAs(page, stack.baseUrl, territory.lead);
    await page.getByRole('link', { name: 'Appels à projets' }).first().click();
    await page.getByRole('link', { name: 'Lancer un appel à projets' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lancer un appel à projets' }).waitFor();
    // Sent empty: every field at fault is named, on the field and above the form.
    await page.getByRole('button', { name: 'Lancer l’appel' }).click();
    await page.getByRole('alert').filter({ hasText: 'Titre de l’appel' }).waitFor();
    audits.push(...(await checkPage(page, 'appel-lancer')));
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    await page.getByLabel('Titre de l’appel').fill('Fêtes de quartier solidaires');
    await page.getByLabel('Thèmes').fill('lien social');
    await page.getByLabel('Public visé').fill('Habitants des résidences');
    await page.getByLabel('Budget').fill('30 000');
    await page.getByLabel('Financeur 1').selectOption('funder-caf-93');
    await page.getByLabel('Montant de la ligne 1 (€)').fill('20 000');
    await page.getByRole('button', { name: 'Ajouter un financeur' }).click();
    await page.getByLabel('Financeur 2').selectOption('funder-etat-93');
    await page.getByLabel('Montant de la ligne 2 (€)').fill('10 000');
    await page.getByText(/Total du plan : 30\s000,00/).waitFor();
    await page.getByLabel('Rencontres à partir du').fill(day(1));
    await page.getByLabel('Rencontres jusqu’au').fill(day(3));
    await page.getByLabel('Manifestations d’intérêt jusqu’au').fill(day(4));
    await page.getByLabel('Projets jusqu’au').fill(day(10));
    await page.getByRole('button', { name: 'Lancer l’appel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fêtes de quartier solidaires' }).waitFor();
    const launchedId = page.url().split('/').pop()!;
    const seen = await stack.request('GET', `/calls/${launchedId}`, { token: managerToken() });
    expect(seen.body).toMatchObject({ budgetCents: 3_000_000, territories: [territory.id], phase: 'open' });
    expect(seen.body.invited).toEqual(expect.arrayContaining(territory.associations.map((a) => a.id)));

    await page.getByText('Programmer une rencontre').click();
    await page.getByLabel('Jour de la rencontre').fill(day(2));
    await page.getByLabel('Lieu', { exact: true }).fill('Salle polyvalente');
    await page.getByRole('button', { name: 'Programmer la rencontre' }).click();
    await page.getByText('La rencontre est programmée.').waitFor();
    await page.getByRole('heading', { level: 3, name: /Salle polyvalente/ }).waitFor();
    audits.push(...(await checkPage(page, 'appel-gestion')));
    await lead.context.close();
  });

  it('takes a consortium from its meetup to its final report', async () => {
    await launchPathCall();
    const [first, second] = territory.associations;
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, first.email);
    const page = lead.page;
    // « À traiter » shows the open call and its deadline.
    const toDo = page.getByRole('region', { name: 'Appels à projets : ce qui vous attend' });
    await toDo
      .getByText(/Ouvert : manifestez votre intérêt avant le/)
      .first()
      .waitFor();
    await toDo.getByRole('link', { name: 'Jardins partagés en pied d’immeuble' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jardins partagés en pied d’immeuble' }).waitFor();
    await page.getByText('Former un consortium').click();
    await page.getByLabel('Nom du consortium').fill('Jardiniers associés');
    await page.getByRole('button', { name: 'Former le consortium' }).click();
    await page.getByRole('heading', { name: 'Inviter une association dans « Jardiniers associés »' }).waitFor();
    await page.getByLabel('Association invitée à l’appel').selectOption(second.id);
    await page.getByRole('button', { name: 'Inviter', exact: true }).click();
    await page.getByText(`Invitations en attente : ${second.name}`).waitFor();

    const partner = await personIn(browser);
    await signInAs(partner.page, stack.baseUrl, second.email, `/app/appels/${pathCallId}`);
    await partner.page.getByRole('heading', { name: 'Invitation dans le consortium « Jardiniers associés »' }).waitFor();
    await partner.page.getByRole('button', { name: 'Rejoindre le consortium' }).click();
    await partner.page.getByText(`${first.name}, cheffe de file, exprime l’intérêt du consortium.`).waitFor();

    // The lead expresses interest, the stipend split 60/40.
    await page.reload();
    await page.getByRole('heading', { name: 'Manifester l’intérêt de « Jardiniers associés »' }).waitFor();
    await page.getByLabel('Votre idée de projet').fill('Des jardins cultivés avec les familles, des ateliers chaque samedi');
    await page.getByLabel(`Part de ${first.name} (%)`).fill('60');
    await page.getByLabel(`Part de ${second.name} (%)`).fill('40');
    await page.getByRole('button', { name: 'Manifester l’intérêt' }).click();
    await page.getByRole('link', { name: 'Jardiniers associés' }).waitFor();
    expect(await page.getByRole('button', { name: 'Manifester l’intérêt' }).count()).toBe(0);
    audits.push(...(await checkPage(page, 'appel-consortium')));

    // The project lead records who came to the meetup.
    const manager = await personIn(browser);
    await signInAs(manager.page, stack.baseUrl, territory.lead, `/app/appels/${pathCallId}`);
    await manager.page.getByRole('checkbox', { name: first.name }).check();
    await manager.page.getByRole('checkbox', { name: second.name }).check();
    await manager.page.getByRole('button', { name: 'Enregistrer les présences' }).click();
    await manager.page.getByText(`Présentes : ${first.name}, ${second.name}.`).waitFor();

    // After the deadline: the pre-selection, with its reason.
    await sleepUntil(eoiDeadline);
    await stack.eventually(
      () => stack.request('GET', `/calls/${pathCallId}`, { token: managerToken() }),
      (r) => r.body.phase === 'preselection',
    );
    // The project lead's « À traiter » says the pre-selection is to decide, and leads to it.
    await manager.page.goto(`${stack.baseUrl}/app/`);
    const managerToDo = manager.page.getByRole('region', { name: 'Appels à projets : ce qui vous attend' });
    await managerToDo.getByText('Présélection à décider. Candidatures reçues : 1.').waitFor();
    await managerToDo.getByRole('link', { name: 'Jardins partagés en pied d’immeuble' }).click();
    await manager.page.getByRole('heading', { name: 'Présélection' }).waitFor();
    await manager.page.getByRole('button', { name: 'Enregistrer la présélection' }).click();
    await manager.page.getByRole('alert').filter({ hasText: 'Chaque décision a son motif.' }).waitFor();
    audits.push(...(await checkPage(manager.page, 'appel-preselection')));
    await manager.page.getByLabel('Décision pour Jardiniers associés').selectOption('true');
    await manager.page.getByLabel('Motif pour Jardiniers associés').fill('Deux associations de proximité, des familles déjà mobilisées');
    await manager.page.getByRole('button', { name: 'Enregistrer la présélection' }).click();
    await manager.page.getByText('Jardiniers associés : retenue — « Deux associations de proximité, des familles déjà mobilisées »').waitFor();

    // The lead opens the application from « À traiter »: its part of the stipend, then the proposal.
    await page.goto(`${stack.baseUrl}/app/`);
    await toDo.getByRole('listitem').filter({ hasText: 'Le projet du consortium est à déposer.' }).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Candidature de Jardiniers associés' }).waitFor();
    const applicationId = page.url().split('/').pop()!;
    await stack.eventually(
      () => stack.request('GET', `/applications/${applicationId}`, { token: managerToken() }),
      (r) => r.body.stipend !== undefined,
    );
    await page.reload();
    await page.getByText(/Votre part : 1\s200,00/).waitFor();
    await page.getByLabel('Montant demandé (€)').fill('40 000');
    await page.getByLabel('Début de l’action').fill(`${new Date().getFullYear()}-03-01`);
    await page.getByLabel('Fin de l’action').fill(`${new Date().getFullYear() + 1}-02-28`);
    await page.getByLabel('Comment l’action atteint son public').fill('Des permanences au pied des immeubles, relayées par les gardiens');
    for (const [who, share, hours] of [
      [first.name, '36 000', '500'],
      [second.name, '4 000', '500'],
    ]) {
      await page.getByLabel(`Part de ${who} (€)`).fill(share);
      await page.getByLabel(`Rôle de ${who} dans l’action`).fill('Animation des ateliers');
      await page.getByLabel(`Heures apportées par ${who}`).fill(hours);
    }
    await page.getByText(/Les parts totalisent 40\s000,00\s€ sur 40\s000,00\s€ demandés/).waitFor();
    await page.getByRole('button', { name: 'Déposer le projet' }).click();
    // Each rule broken, named, in French; and said again beside the member it names.
    const broken = page.getByRole('alert').filter({ hasText: 'La répartition ne respecte pas les règles (3)' });
    await broken.waitFor();
    expect(plainSpaces(await broken.textContent())).toContain(
      `${first.name} : sa part (90 % du montant) dépasse 1,5 fois sa part des contributions déclarées (50 %).`,
    );
    const partnerRules = plainSpaces(await page.getByRole('list', { name: `Règles non respectées par ${second.name}` }).textContent());
    expect(partnerRules).toContain('un membre de proximité reçoit au moins 20 % du montant ; sa part en est 10 %.');
    expect(partnerRules).toContain('est inférieure à 0,5 fois');
    audits.push(...(await checkPage(page, 'candidature-regles')));
    await page.getByLabel(`Part de ${first.name} (€)`).fill('24 000');
    await page.getByLabel(`Part de ${second.name} (€)`).fill('16 000');
    await page.getByLabel(`Heures apportées par ${first.name}`).fill('600');
    await page.getByLabel(`Heures apportées par ${second.name}`).fill('400');
    await page.getByRole('button', { name: 'Déposer le projet' }).click();
    await page.getByText('Le projet est déposé.').waitFor();
    await page.getByRole('heading', { name: 'Projet déposé' }).waitFor();
    await page
      .getByText(new RegExp(`est déjà financée par « ${microGrantTitle} »`))
      .first()
      .waitFor();

    // After the proposal deadline: the awards, the flag beside the proposal.
    await sleepUntil(proposalDeadline);
    await stack.eventually(
      () => stack.request('GET', `/calls/${pathCallId}`, { token: managerToken() }),
      (r) => r.body.phase === 'deciding',
    );
    await manager.page.reload();
    const awards = manager.page.getByRole('region', { name: 'Attribution' });
    await awards.waitFor();
    // The associations' names come with the directory, which may answer after the call itself.
    await awards.getByText(`${first.name} (SIRET`).waitFor();
    expect(plainSpaces(await awards.textContent())).toContain(`${first.name} (SIRET`);
    expect(plainSpaces(await awards.textContent())).toContain(`est déjà financée par « ${microGrantTitle} »`);
    audits.push(...(await checkPage(manager.page, 'appel-attribution')));
    await manager.page.getByLabel('Montant attribué à Jardiniers associés (€)').fill('35 000');
    await manager.page.getByLabel('Motif de la décision').fill('Projet co-construit, budget ajusté');
    await manager.page.getByRole('button', { name: 'Attribuer' }).click();
    await manager.page.getByRole('heading', { name: 'Décision d’attribution' }).waitFor();
    await manager.context.close();

    // The partner follows its notice's link to the application, sees its tranches and files the final report.
    await stack.eventually(
      () =>
        stack.count(`SELECT 1 FROM notifications WHERE grant_id = $1 AND event_type = 'ApplicationAwarded' AND audience = $2`, [
          applicationId,
          `org:${second.id}`,
        ]),
      (n) => n > 0,
    );
    await partner.page.goto(`${stack.baseUrl}/app/notifications`);
    await partner.page.getByRole('listitem').filter({ hasText: 'Subvention accordée' }).first().getByRole('link', { name: 'Ouvrir le dossier' }).click();
    await partner.page.waitForURL(`${stack.baseUrl}/app/candidatures/${applicationId}`);
    const award = partner.page.getByRole('table', { name: /Les versements de chaque membre/ });
    await award.waitFor();
    expect(plainSpaces(await award.textContent())).toContain('14 000,00 €');
    await partner.page.getByLabel('Ce que l’action a fait').fill('Quarante familles ont cultivé six parcelles');
    await partner.page.getByRole('button', { name: 'Remettre le bilan final' }).click();
    await partner.page.getByText(/Bilan final remis le/).waitFor();
    audits.push(...(await checkPage(partner.page, 'candidature-laureate')));
    await stack.eventually(
      () => stack.count(`SELECT 1 FROM payment_orders WHERE grant_id = $1 AND purpose = 'final_tranche'`, [applicationId]),
      (n) => n === 2,
    );
    await Promise.all([lead.context.close(), partner.context.close()]);
  });

  it('finds no accessibility violation on the pages at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(20);
  });
});
