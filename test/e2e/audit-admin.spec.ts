import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, signInAs } from '../support/web';

/**
 * The auditor's and the admin's pages in a real browser: a file's timeline of who decided what and
 * why, its chain shown intact then broken at the altered event, the replay's verdict, the raw history;
 * accounts invited and disabled; preferences turning the app English. axe on every page at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
const AUDITOR = 'audit@demo.grants.local';
const ADMIN = 'admin@demo.grants.local';
let grantId = '';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  // A micro-grant decided through the API, in a territory of this suite's own (its envelope whole):
  // requested, rejected by the prefect delegate with a reason.
  const territory = await ownTerritory(stack, 'e2e-audit');
  const [first] = territory.associations;
  const association = stack.token({ role: 'association', org: first.id, sub: `user-${first.id}` });
  const created = await stack.request('POST', '/micro-grants', {
    token: association,
    body: { binomeId: territory.binomeId, title: 'Tournoi de quartier', purpose: 'Maillots et arbitrage', amountCents: 80_000 },
  });
  expect(created.status).toBe(201);
  grantId = created.body.id;
  await stack.eventually(
    () => stack.request('GET', `/micro-grants/${grantId}`, { token: association }),
    (r) => r.body.status === 'awaiting_decisions',
  );
  const delegate = stack.token({ role: 'prefect_delegate', territory: territory.id, sub: `pd-${territory.id}` });
  const rejected = await stack.request('POST', `/micro-grants/${grantId}/decisions`, {
    token: delegate,
    body: { decision: 'reject', reason: 'Déjà financé par la ville' },
  });
  expect(rejected.status).toBe(200);
  await stack.eventually(
    () => stack.request('GET', `/grants/${grantId}/events`, { token: association }),
    (r) => r.body.some((e: { type: string }) => e.type === 'MicroGrantRejected'),
  );
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('auditors and admins in the browser', () => {
  it('shows an auditor who decided what and why, the chain intact then broken at the altered event, and the replay', async () => {
    const { context, page } = await personIn(browser);
    await signInAs(page, stack.baseUrl, AUDITOR);
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Auditer un dossier' }).waitFor();
    audits.push(...(await checkPage(page, 'audit-recherche')));
    await page.getByLabel('Identifiant du dossier').fill(grantId);
    await page.getByRole('button', { name: 'Ouvrir le dossier' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit : Tournoi de quartier' }).waitFor();
    const timeline = page.getByRole('table').first();
    expect(await timeline.textContent()).toContain('Déjà financé par la ville');
    expect(await timeline.textContent()).toContain('Délégué·e du Préfet');

    await page.getByRole('button', { name: 'Vérifier la chaîne' }).click();
    // The number and its noun agree (« 1 événement vérifié », « 12 événements vérifiés »).
    await page.getByText(/Chaîne intacte : \d+ événements vérifiés\./).waitFor();
    await page.getByText('Cet historique n’a encore jamais été rejoué.').waitFor();
    await page.getByRole('button', { name: 'Rejouer l’historique' }).click();
    await page.getByText(/Rejeu déterministe/).waitFor({ timeout: 30_000 });
    // The auditor sees when, by whom and with which code the history was last verified.
    await page.getByText(/^Dernière vérification : .*, à la demande de .*, avec le code [0-9a-f]{12} \(SDK Temporal \d+\.\d+\.\d+\)\.$/).waitFor();
    // Asked again with the same code, the recorded verdict answers; replaying anyway stays possible.
    await page.getByRole('button', { name: 'Rejouer l’historique' }).click();
    await page.getByText(/^Déjà vérifié avec ce code le /).waitFor();
    audits.push(...(await checkPage(page, 'audit-dossier')));
    await page.getByRole('button', { name: 'Rejouer quand même' }).click();
    await page.getByText(/^Déjà vérifié avec ce code le /).waitFor({ state: 'detached' });
    await page.getByText(/Rejeu déterministe/).waitFor();
    const download = page.getByRole('link', { name: 'Télécharger l’historique brut (JSON)' });
    expect(await download.getAttribute('href')).toBe(`/grants/${grantId}/history`);
    const history = await page.request.get(`${stack.baseUrl}/grants/${grantId}/history`);
    expect(history.status()).toBe(200);
    expect((await history.json()).runs.length).toBeGreaterThan(0);

    // Someone with database access alters the decision's reason: the chain shows where.
    await stack.db.transaction(async (em) => {
      await em.query('ALTER TABLE grant_events DISABLE TRIGGER grant_events_no_update');
      await em.query(
        `UPDATE grant_events SET payload = jsonb_set(payload, '{reason}', '"Rien à signaler"') WHERE grant_id = $1 AND type = 'MicroGrantDecisionRecorded'`,
        [grantId],
      );
      await em.query('ALTER TABLE grant_events ENABLE TRIGGER grant_events_no_update');
    });
    const [{ seq }] = await stack.db.query(`SELECT seq FROM grant_events WHERE grant_id = $1 AND type = 'MicroGrantDecisionRecorded'`, [grantId]);
    await page.reload();
    await page.getByRole('button', { name: 'Vérifier la chaîne' }).click();
    await page.getByText(`Chaîne rompue à l’événement ${seq}`).waitFor();
    await context.close();
  });

  it('lets an admin invite an account and disable it', async () => {
    const { context, page } = await personIn(browser);
    await signInAs(page, stack.baseUrl, ADMIN);
    await page.getByRole('link', { name: 'Comptes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Comptes' }).waitFor();
    await page.getByRole('button', { name: 'Inviter', exact: true }).click();
    await page.getByText('Saisissez une adresse électronique').first().waitFor();
    audits.push(...(await checkPage(page, 'comptes')));
    const email = `benevole.${Date.now()}@asso-exemple.fr`;
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Nom affiché (facultatif)').fill('Camille Bénévole');
    await page.getByLabel('Rôle').selectOption('association');
    await page.getByLabel('Organisation').selectOption('assoc-bondy-culture');
    await page.getByRole('button', { name: 'Inviter', exact: true }).click();
    await page.getByText(`Invitation enregistrée pour ${email}.`).waitFor();
    const [account] = await stack.db.query(`SELECT id, role, org_id, status FROM accounts WHERE email = $1`, [email]);
    expect(account).toMatchObject({ role: 'association', org_id: 'assoc-bondy-culture', status: 'invited' });
    await stack.request('PATCH', `/accounts/${account.id}`, {
      token: stack.token({ role: 'admin', sub: 'admin-demo' }),
      body: { displayName: 'AAA Camille Bénévole' },
    });
    await page.reload();
    await page.getByRole('button', { name: 'Désactiver AAA Camille Bénévole' }).click();
    await page.getByRole('button', { name: 'Réactiver AAA Camille Bénévole' }).waitFor();
    expect((await stack.db.query(`SELECT status FROM accounts WHERE id = $1`, [account.id]))[0].status).toBe('disabled');
    await context.close();
  });

  it('turns the web app English for a person who chooses English', async () => {
    const { context, page } = await personIn(browser);
    await signInAs(page, stack.baseUrl, 'contact@assoc-sport-pour-tous.demo.grants.local');
    await page.getByRole('link', { name: 'Préférences' }).click();
    await page.getByRole('heading', { level: 1, name: 'Préférences' }).waitFor();
    audits.push(...(await checkPage(page, 'preferences')));
    await page.getByLabel('English').check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('link', { name: 'My files' }).waitFor();
    await page.getByRole('link', { name: 'To do' }).click();
    await page.getByRole('heading', { level: 1, name: 'To do' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await context.close();
  });

  it('shows a funder its portfolio, filtered, and exports exactly the filtered rows', async () => {
    // An agreement the CAF funds (proposed by Est Ensemble's project lead), and files it does not fund.
    const proposed = await stack.request('POST', '/anchoring-agreements', {
      token: stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
      body: {
        associationId: 'assoc-jardins-montreuil',
        years: 2,
        yearlyAmountCents: 2_000_000,
        startDate: new Date(Date.now() + 86_400_000).toISOString(),
        fundingPlan: [
          { funderId: 'funder-etat-93', amountCents: 1_000_000 },
          { funderId: 'funder-caf-93', amountCents: 1_000_000 },
        ],
        coordination: { mode: 'flat', flatAmountCents: 100_000 },
      },
    });
    expect(proposed.status).toBe(201);
    await stack.eventually(
      () => stack.db.query('SELECT 1 FROM grants WHERE id = $1', [proposed.body.id]),
      (rows) => rows.length === 1,
    );

    const { context, page } = await personIn(browser);
    await signInAs(page, stack.baseUrl, 'subventions@funder-caf-93.demo.grants.local');
    await page.getByRole('link', { name: 'Mon portefeuille' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon portefeuille' }).waitFor();
    await page.getByLabel('Dispositif').selectOption('anchoring_agreement');
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.waitForURL(/kind=anchoring_agreement/);
    const rows = page.getByRole('table').locator('tbody tr');
    await rows.first().waitFor();
    audits.push(...(await checkPage(page, 'portefeuille')));
    // Every filtered row, on every page of the list (its caption counts them): the export is not cut at a page.
    const shown = Number(/^(\d+)\+? dossier/.exec((await page.getByRole('table').locator('caption').textContent()) ?? '')?.[1]);
    expect(shown).toBeGreaterThanOrEqual(await rows.count());
    const exported = page.getByRole('link', { name: 'Exporter ces dossiers (CSV)' });
    const href = await exported.getAttribute('href');
    expect(href).toContain('kind=anchoring_agreement');
    const csv = await page.request.get(`${stack.baseUrl}${href}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines.length - 1).toBe(shown);
    expect(lines.slice(1).every((line) => line.includes('anchoring_agreement'))).toBe(true);
    expect(lines.some((line) => line.includes(proposed.body.id))).toBe(true);
    await context.close();
  });

  it('shows the binôme its envelope as a gauge with its figures', async () => {
    const { context, page } = await personIn(browser);
    await signInAs(page, stack.baseUrl, (await ownTerritory(stack, 'e2e-audit')).lead);
    const envelope = page.getByRole('region', { name: /Enveloppe \d{4} du binôme/ });
    await envelope.waitFor();
    expect(await envelope.locator('meter').getAttribute('max')).toBe('3000000');
    const text = (await envelope.textContent())!.replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain('30 000,00 €');
    expect(text).toContain('Disponible');
    await context.close();
  });

  it('finds no accessibility violation on these pages at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(10);
  });
});
