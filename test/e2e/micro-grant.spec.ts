import { Browser, Page } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, Territory, checkPage, launchChromium, ownTerritory, personIn, plainSpaces, signInAs } from '../support/web';

/**
 * The web app in a real browser (the system's Chromium through Playwright) against the real stack:
 * the micro-grant path end to end, the binôme's two approvals from two sessions, French formats, the
 * escalation reason, a refusal without a reason, another association's file, keyboard-only use, and
 * axe on every page at 1280 and 320 px.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];

// A territory of this suite's own, so that its envelope is whole whatever the other suites spent.
let territory: Territory;
let ASSOCIATION = '';
let OTHER_ASSOCIATION = '';
let LEAD = '';
let DELEGATE = '';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-micro');
  [ASSOCIATION, OTHER_ASSOCIATION] = territory.associations.map((a) => a.email);
  LEAD = territory.lead;
  DELEGATE = territory.delegate;
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

async function requestMicroGrant(page: Page, fields: { title: string; purpose: string; amount: string; nonTakeUp?: boolean }): Promise<string> {
  await page.getByRole('link', { name: 'Demander une micro-subvention' }).click();
  await page.getByLabel('Intitulé du projet').fill(fields.title);
  await page.getByLabel('À quoi servira la somme').fill(fields.purpose);
  await page.getByLabel('Montant demandé, en euros').fill(fields.amount);
  if (fields.nonTakeUp) {
    // The association defines its public from its own self-assessment of non-take-up.
    await page.getByLabel('Un public défini par notre auto-diagnostic du non-recours').check();
    await page.getByLabel('Le public que vous définissez').fill('Les familles monoparentales de la cité');
    await page.getByLabel('Les droits ou services non demandés').fill('Prime d’activité');
    await page.getByLabel('Nombre de personnes que vous pensez toucher').fill('40');
    await page.getByLabel('Comment vous le savez').fill('Nos permanences du mardi');
    audits.push(...(await checkPage(page, 'demande-non-recours')));
  }
  await page.getByRole('button', { name: 'Envoyer la demande' }).click();
  await page.waitForURL(/\/app\/micro-subventions\/mg-/);
  await page.getByRole('heading', { level: 1, name: fields.title }).waitFor();
  return page.url().split('/').pop()!;
}

describe('the micro-grant path in the browser', () => {
  let grantUrl = '';

  it('lets an association request 1 500 € in French, and shows an escalation with its reason', async () => {
    const { context, page } = await personIn(browser);
    await page.goto(`${stack.baseUrl}/app/`);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    audits.push(...(await checkPage(page, 'connexion')));
    await signInAs(page, stack.baseUrl, ASSOCIATION);
    await page.getByRole('heading', { level: 1, name: 'À traiter' }).waitFor();
    expect(await page.title()).toBe('À traiter · Subventions politique de la ville');
    audits.push(...(await checkPage(page, 'a-traiter-association')));

    await page.getByRole('link', { name: 'Demander une micro-subvention' }).click();
    await page.getByRole('heading', { level: 1, name: 'Demander une micro-subvention' }).waitFor();
    // Nothing filled: each error on its field, in words a volunteer understands.
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    expect(await page.getByLabel('Intitulé du projet').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Saisissez un montant en euros supérieur à zéro').count()).toBeGreaterThan(0);
    audits.push(...(await checkPage(page, 'demande-erreurs')));

    const id = await requestMicroGrant(page, { title: 'Fête de quartier', purpose: 'Goûter et affiches', amount: '1500' });
    grantUrl = `${stack.baseUrl}/app/micro-subventions/${id}`;
    await page.getByText('En attente des décisions').first().waitFor();
    expect(plainSpaces(await page.locator('main').textContent())).toContain('1 500,00 €');
    expect(await page.locator('main').textContent()).toMatch(
      /\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/,
    );
    audits.push(...(await checkPage(page, 'micro-subvention-association')));

    await requestMicroGrant(page, { title: 'Séjour d’été', purpose: 'Transport et hébergement', amount: '5000', nonTakeUp: true });
    await page.getByText('Les familles monoparentales de la cité (auto-diagnostic du non-recours').waitFor();
    const alert = page.getByRole('status').filter({ hasText: 'instruction classique' });
    await alert.waitFor();
    expect(plainSpaces(await alert.textContent())).toMatch(/3 000,00 €|plafond|ceiling/);

    await page.getByRole('link', { name: 'Mes dossiers' }).click();
    await page.getByRole('table').waitFor();
    audits.push(...(await checkPage(page, 'mes-dossiers')));
    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    audits.push(...(await checkPage(page, 'notifications')));
    await page.getByRole('link', { name: 'Déclaration d’accessibilité' }).click();
    await page.getByRole('heading', { level: 1, name: 'Déclaration d’accessibilité' }).waitFor();
    audits.push(...(await checkPage(page, 'accessibilite')));
    await page.goto(`${stack.baseUrl}/app/nulle-part`);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    audits.push(...(await checkPage(page, 'introuvable')));
    await context.close();
  });

  it('takes the binôme’s two approvals from two sessions; a refusal needs a reason; the association files its report', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, LEAD, new URL(grantUrl).pathname);
    await lead.page.getByRole('heading', { level: 2, name: 'Votre décision' }).waitFor();
    audits.push(...(await checkPage(lead.page, 'micro-subvention-binome')));
    await lead.page.getByRole('button', { name: 'Refuser' }).click();
    await lead.page.getByText('Indiquez le motif du refus.').waitFor();
    expect(await lead.page.getByLabel('Motif du refus').getAttribute('aria-invalid')).toBe('true');
    await lead.page.getByRole('button', { name: 'Donner un avis favorable' }).click();
    await lead.page.getByText('Avis favorable').first().waitFor();

    const delegate = await personIn(browser);
    await signInAs(delegate.page, stack.baseUrl, DELEGATE);
    await delegate.page.getByRole('heading', { level: 1, name: 'À traiter' }).waitFor();
    audits.push(...(await checkPage(delegate.page, 'a-traiter-binome')));
    await delegate.page.getByRole('link', { name: 'Fête de quartier' }).first().click();
    await delegate.page.getByRole('button', { name: 'Donner un avis favorable' }).click();
    await delegate.page.getByText('Versée, bilan attendu').first().waitFor({ timeout: 30_000 });
    await lead.context.close();
    await delegate.context.close();

    const association = await personIn(browser);
    await signInAs(association.page, stack.baseUrl, ASSOCIATION, new URL(grantUrl).pathname);
    await association.page.getByLabel('Ce qui a été réalisé').fill('120 habitants présents, 14 bénévoles.');
    await association.page.getByRole('button', { name: 'Déposer le bilan' }).click();
    await association.page.getByText('Clôturée').first().waitFor({ timeout: 30_000 });
    await association.page.getByRole('heading', { level: 2, name: 'Historique du dossier' }).waitFor();
    await association.page.getByText('Bilan déposé').first().waitFor();
    await association.context.close();
  });

  it('shows another association’s file as "introuvable"', async () => {
    const { context, page } = await personIn(browser);
    await signInAs(page, stack.baseUrl, OTHER_ASSOCIATION, new URL(grantUrl).pathname);
    await page.getByRole('heading', { level: 1, name: 'Dossier introuvable' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('Goûter et affiches');
    await context.close();
  });

  it('can be used with the keyboard alone to request a micro-grant', async () => {
    const { context, page } = await personIn(browser);
    await signInAs(page, stack.baseUrl, ASSOCIATION);
    await page.getByRole('heading', { level: 1, name: 'À traiter' }).waitFor();
    // What has the focus: a field's label, or a link's or button's text.
    const focused = () => page.evaluate<string>('(document.activeElement?.labels?.[0] ?? document.activeElement)?.textContent ?? ""');
    // From the top of the page: the skip link first, then the navigation.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Aller au contenu');
    let guard = 0;
    while ((await focused()) !== 'Demander une micro-subvention' && guard++ < 20) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Demander une micro-subvention' }).waitFor();
    const fill: Record<string, string> = {
      'Intitulé du projet': 'Atelier clavier',
      'À quoi servira la somme': 'Matériel',
      'Montant demandé, en euros': '250,50',
    };
    for (guard = 0; guard < 20; guard++) {
      await page.keyboard.press('Tab');
      const label = await focused();
      if (fill[label]) await page.keyboard.type(fill[label]);
      if (label === 'Envoyer la demande') break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Atelier clavier' }).waitFor();
    expect(plainSpaces(await page.locator('main').textContent())).toContain('250,50 €');
    await context.close();
  });

  it('finds no accessibility violation on any page at 1280 and 320 px', () => {
    const failing = audits.filter((a) => a.violations.length);
    expect(failing).toEqual([]);
    expect(new Set(audits.map((a) => a.page)).size).toBeGreaterThanOrEqual(10);
  });
});
