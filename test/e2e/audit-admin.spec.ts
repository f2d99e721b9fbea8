import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, personIn, signInAs } from '../support/web';

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
  // A micro-grant decided through the API: requested, rejected by the prefect delegate with a reason.
  const association = stack.token({ role: 'association', org: 'assoc-clichy-solidaire', sub: 'user-assoc-clichy-solidaire' });
  const created = await stack.request('POST', '/micro-grants', {
    token: association,
    body: { binomeId: 'binome-grand-paris-grand-est', title: 'Tournoi de quartier', purpose: 'Maillots et arbitrage', amountCents: 80_000 },
  });
  expect(created.status).toBe(201);
  grantId = created.body.id;
  await stack.eventually(() => stack.request('GET', `/micro-grants/${grantId}`, { token: association }), (r) => r.body.status === 'awaiting_decisions');
  const delegate = stack.token({ role: 'prefect_delegate', territory: 'grand-paris-grand-est', sub: 'pd-grand-paris-grand-est' });
  const rejected = await stack.request('POST', `/micro-grants/${grantId}/decisions`, { token: delegate, body: { decision: 'reject', reason: 'Déjà financé par la ville' } });
  expect(rejected.status).toBe(200);
  await stack.eventually(() => stack.request('GET', `/grants/${grantId}/events`, { token: association }), (r) => r.body.some((e: { type: string }) => e.type === 'MicroGrantRejected'));
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
    await page.getByText(/Chaîne intacte : \d+ événement/).waitFor();
    await page.getByRole('button', { name: 'Rejouer l’historique' }).click();
    await page.getByText(/Rejeu déterministe/).waitFor({ timeout: 30_000 });
    audits.push(...(await checkPage(page, 'audit-dossier')));
    const download = page.getByRole('link', { name: 'Télécharger l’historique brut (JSON)' });
    expect(await download.getAttribute('href')).toBe(`/grants/${grantId}/history`);
    const history = await page.request.get(`${stack.baseUrl}/grants/${grantId}/history`);
    expect(history.status()).toBe(200);
    expect((await history.json()).runs.length).toBeGreaterThan(0);

    // Someone with database access alters the decision's reason: the chain shows where.
    await stack.db.transaction(async (em) => {
      await em.query('ALTER TABLE grant_events DISABLE TRIGGER grant_events_no_update');
      await em.query(`UPDATE grant_events SET payload = jsonb_set(payload, '{reason}', '"Rien à signaler"') WHERE grant_id = $1 AND type = 'MicroGrantDecisionRecorded'`, [grantId]);
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
    await stack.request('PATCH', `/accounts/${account.id}`, { token: stack.token({ role: 'admin', sub: 'admin-demo' }), body: { displayName: 'AAA Camille Bénévole' } });
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

  it('finds no accessibility violation on these pages at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(8);
  });
});
