import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, signInAs, Territory } from '../support/web';

/**
 * The yearly CODIR QPV in a real browser: the project lead opens it (errors on their fields first),
 * records a direction's statement, answers it with a suggested local relay, records the meeting
 * with a commitment, marks it kept, and sets the territory's yearly schedule; another territory's
 * project lead finds it « introuvable »; axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
let territory: Territory;
const DAY = 86_400_000;
const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + offset * DAY));

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-codir');
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('the CODIR QPV in the browser', () => {
  const meetingDay = day(30);
  const id = () => `codir-${territory.id}-${meetingDay.slice(0, 4)}`;

  it('is opened by the project lead: the missing contacts said on their fields, then the CODIR’s page', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, '/app/');
    await lead.page.getByRole('link', { name: 'CODIR QPV' }).click();
    await lead.page.getByRole('heading', { level: 1, name: 'CODIR QPV' }).waitFor();
    await lead.page.getByText('Aucun CODIR pour l’instant.').waitFor();
    await lead.page.getByText('Ouvrir le CODIR de l’année').click();
    await lead.page.getByRole('button', { name: 'Ouvrir le CODIR' }).click();
    const summary = lead.page.getByRole('alert').filter({ hasText: 'Jour de la réunion' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Contact de la direction 3');
    await lead.page.locator('#field-open-meeting').fill(meetingDay);
    for (const [n, contact] of ['education@ville.example', 'sports@ville.example', '01 23 45 67 89'].entries())
      await lead.page.locator(`#field-open-contact-${n}`).fill(contact);
    await lead.page.getByRole('button', { name: 'Ouvrir le CODIR' }).click();
    await lead.page.waitForURL(`**/app/codir/${id()}`);
    await lead.page.getByRole('heading', { level: 1, name: `CODIR QPV ${meetingDay.slice(0, 4)} — Territoire ${territory.id}` }).waitFor();
    await lead.page.getByText('Contributions attendues', { exact: true }).first().waitFor();
    audits.push(...(await checkPage(lead.page, 'codir')));
    await lead.context.close();
  });

  it('records a statement, answers it with a suggested relay, records the meeting and a commitment kept', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, `/app/codir/${id()}`);
    await lead.page.getByRole('heading', { level: 2, name: 'Enregistrer la contribution d’une direction' }).waitFor();
    await lead.page.locator('#field-statement-direction').selectOption('social-action');
    await lead.page.locator('#field-statement-qpvs').fill('Francs-Moisins, Cosmonautes');
    await lead.page.locator('#field-statement-text').fill('Deux centres sociaux ouverts le samedi dans le quartier');
    await lead.page.getByRole('button', { name: 'Enregistrer la contribution' }).click();
    await lead.page.getByText('Quartiers cités : Francs-Moisins, Cosmonautes').waitFor();

    // The territory's associations work on « lien social », a theme of social action: suggested as relays.
    const relay = lead.page.getByLabel(`${territory.associations[0].name} (lien social)`);
    await relay.check();
    await lead.page.locator('#field-answer-text').fill('Les associations du quartier relaient les permanences');
    await lead.page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await lead.page.getByText(`Relais locaux : ${territory.associations[0].name}`).waitFor();

    await lead.page.getByText('Compte rendu de la réunion').click();
    await lead.page.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await lead.page.getByRole('alert').filter({ hasText: 'Ce qui a été dit et décidé' }).waitFor();
    await lead.page.locator('#field-meeting-minutes').fill('Tour de table des trois directions');
    await lead.page.getByLabel('Direction des solidarités', { exact: true }).check();
    await lead.page.locator('#field-meeting-direction-0').selectOption('sport');
    await lead.page.locator('#field-meeting-text-0').fill('Ouvrir le gymnase le samedi');
    await lead.page.locator('#field-meeting-due-0').fill(day(60));
    await lead.page.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await lead.page.getByText('Engagements suivis', { exact: true }).first().waitFor();
    const row = lead.page.getByRole('table', { name: 'Les engagements pris en réunion et leur suivi' }).getByRole('row').nth(1);
    expect(await row.textContent()).toContain('Ouvrir le gymnase le samedi');
    expect(await row.textContent()).toContain('À tenir');
    // Recorded early: the two directions that had not stated are said.
    await lead.page.getByText('Sans contribution : Direction de l’éducation, Direction des sports.').waitFor();

    await lead.page.locator('#field-commitment-done-note').fill('Ouvert depuis le 3 janvier');
    await lead.page.getByRole('button', { name: 'Marquer comme tenu' }).click();
    await row.getByText('Tenu', { exact: true }).waitFor();
    audits.push(...(await checkPage(lead.page, 'codir-suivi')));
    await lead.context.close();
  });

  it('sets the territory’s yearly schedule; another territory’s project lead finds the CODIR « introuvable »', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, '/app/codir');
    await lead.page.getByRole('link', { name: `CODIR ${meetingDay.slice(0, 4)}` }).waitFor();
    await lead.page.getByText('Aucun calendrier : le CODIR ne s’ouvre pas de lui-même chaque année.').waitFor();
    await lead.page.getByText('Établir le calendrier annuel').click();
    for (const [n, contact] of ['education@ville.example', 'sports@ville.example', '01 23 45 67 89'].entries())
      await lead.page.locator(`#field-schedule-contact-${n}`).fill(contact);
    await lead.page.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await lead.page.getByText('chaque année le 15 janvier, réunion 45 jours après').waitFor();
    audits.push(...(await checkPage(lead.page, 'codirs')));
    await lead.context.close();

    const other = await ownTerritory(stack, 'e2e-codir-voisin');
    const neighbour = await personIn(browser);
    await signInAs(neighbour.page, stack.baseUrl, other.lead, `/app/codir/${id()}`);
    await neighbour.page.getByRole('heading', { level: 1, name: 'CODIR introuvable' }).waitFor();
    await neighbour.context.close();
  });

  it('has no accessibility violation found by axe at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(6);
  });
});
