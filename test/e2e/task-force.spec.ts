import { Browser } from 'playwright-core';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, signInAs, Territory } from '../support/web';

/**
 * A neighbourhood task force in a real browser: the project lead proposes it (the form refuses too few
 * members), records a service's answer, an association accepts its own invitation, the kick-off, a
 * check-in, the action log kept by a member and by the pilot, the final report that closes it; axe at
 * both widths on each page.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];
let territory: Territory;
const TITLE = 'Sorties d’école rue du Landy';

beforeAll(async () => {
  await stack.start();
  browser = await launchChromium();
  territory = await ownTerritory(stack, 'e2e-task-force');
});

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('a task force in the browser', () => {
  let id = '';

  it('is proposed by the project lead with 6 members, itself included; the form names what is missing', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, '/app/task-forces');
    await lead.page.getByRole('heading', { level: 1, name: 'Task forces de quartier' }).waitFor();
    await lead.page.getByRole('link', { name: 'Proposer une task force' }).click();
    await lead.page.getByRole('heading', { level: 1, name: 'Proposer une task force' }).waitFor();
    await lead.page.getByLabel('Intitulé').fill(TITLE);
    await lead.page.getByLabel('Quartier prioritaire (QPV)').fill('Landy');
    await lead.page.getByLabel('Problème traité').fill('Des rixes à la sortie du collège inquiètent les parents');
    await lead.page.getByLabel(territory.associations[0].name).check();
    await lead.page.getByRole('button', { name: 'Proposer et envoyer les invitations' }).click();
    await lead.page.getByRole('alert').getByText('Une task force compte de 6 à 8 membres, vous compris (2 choisis).').waitFor();
    audits.push(...(await checkPage(lead.page, 'task-force-proposition')));
    await lead.page.getByLabel(territory.associations[1].name).check();
    await lead.page.getByLabel('CAF de la Seine-Saint-Denis').check();
    await lead.page.getByLabel('Seine-Saint-Denis Habitat').check();
    await lead.page.getByLabel('Service 1 (nom et rattachement)').fill('Direction de la tranquillité publique, Ville de Saint-Denis');
    await lead.page.getByText('De 6 à 8 membres, vous compris : 6 pour l’instant.').waitFor();
    await lead.page.getByRole('button', { name: 'Proposer et envoyer les invitations' }).click();
    await lead.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    id = lead.page.url().split('/').pop()!;
    expect(id).toMatch(/^tf-/);
    await lead.page.getByText('Constitution', { exact: true }).waitFor();
    await lead.page.getByRole('button', { name: 'Enregistrer l’accord de Direction de la tranquillité publique, Ville de Saint-Denis' }).click();
    await lead.page
      .getByText(/^a accepté le/)
      .first()
      .waitFor();
    await lead.context.close();
  });

  it('is answered by each invited organisation itself', async () => {
    const association = await personIn(browser);
    await signInAs(association.page, stack.baseUrl, territory.associations[0].email, `/app/task-forces/${id}`);
    await association.page.getByRole('heading', { name: 'Votre invitation' }).waitFor();
    audits.push(...(await checkPage(association.page, 'task-force-invitation')));
    await association.page.getByRole('button', { name: 'Accepter l’invitation' }).click();
    await association.page.getByRole('heading', { name: 'Votre invitation' }).waitFor({ state: 'detached' });
    await association.context.close();
    // The others answer through the API, as their own accounts.
    const task = (await stack.request('GET', `/task-forces/${id}`, { token: stack.token({ role: 'auditor' }) })).body;
    for (const member of task.members.filter((m: { status: string }) => m.status === 'invited')) {
      const token =
        member.kind === 'association'
          ? stack.token({ role: 'association', org: member.organisationId })
          : stack.token({ role: 'funder', org: member.organisationId });
      expect((await stack.request('POST', `/task-forces/${id}/members/${member.memberId}/accept`, { token })).status).toBe(200);
    }
  });

  it('runs from its kick-off to its final report: a check-in, the action log of a member and of the pilot', async () => {
    const lead = await personIn(browser);
    await signInAs(lead.page, stack.baseUrl, territory.lead, `/app/task-forces/${id}`);
    await lead.page.getByLabel('Ce que la réunion de lancement a arrêté').fill('Présence des médiateurs à 16 h 30, un point avec le collège chaque mois');
    await lead.page.getByRole('button', { name: 'Enregistrer le lancement' }).click();
    await lead.page.getByText('En cours', { exact: true }).waitFor();
    await lead.page.getByLabel('Ce que le point a constaté').fill('Deux sorties calmes sur trois');
    await lead.page.getByRole('button', { name: 'Consigner le point' }).click();
    await lead.page.getByText(/^tenu le .* — Deux sorties calmes sur trois$/).waitFor();
    await lead.page.getByLabel('Ce qui a été fait').fill('Réunion avec la principale du collège');
    await lead.page.getByRole('button', { name: 'Consigner', exact: true }).click();
    await lead.page.getByText(/Réunion avec la principale du collège$/).waitFor();

    const member = await personIn(browser);
    await signInAs(member.page, stack.baseUrl, territory.associations[0].email, `/app/task-forces/${id}`);
    await member.page.getByLabel('Ce qui a été fait').fill('Goûter partagé avec les parents devant le collège');
    await member.page.getByRole('button', { name: 'Consigner', exact: true }).click();
    await member.page.getByText(`${territory.associations[0].name} : Goûter partagé avec les parents devant le collège`).waitFor();
    await expect(member.page.getByRole('button', { name: 'Déposer le rapport final et clore' }).count()).resolves.toBe(0);
    await member.context.close();

    await lead.page.reload();
    await lead.page
      .getByText(/Goûter partagé avec les parents/)
      .first()
      .waitFor();
    audits.push(...(await checkPage(lead.page, 'task-force-en-cours')));
    // Seldom-taken steps are folded until the end comes near: the final report is opened here.
    await lead.page.locator('summary', { hasText: 'Rapport final' }).click();
    await lead.page.getByLabel('Ce qui a été coordonné').fill('Médiateurs, collège et parents sur un même créneau');
    await lead.page.getByLabel('Ce qui passe à l’échelle').fill('Le créneau de 16 h 30 passe dans le droit commun de la ville');
    await lead.page.getByRole('button', { name: 'Déposer le rapport final et clore' }).click();
    await lead.page.getByText('Close', { exact: true }).waitFor();
    await lead.page.getByText('Le créneau de 16 h 30 passe dans le droit commun de la ville').first().waitFor();
    audits.push(...(await checkPage(lead.page, 'task-force-close')));
    await lead.page.goto(`${stack.baseUrl}/app/task-forces`);
    await lead.page.getByRole('link', { name: TITLE }).waitFor();
    audits.push(...(await checkPage(lead.page, 'task-forces')));
    await lead.context.close();
    const closed = await stack.request('GET', `/task-forces/${id}`, { token: stack.token({ role: 'auditor' }) });
    expect(closed.body).toMatchObject({
      status: 'closed',
      checkIns: [{ n: 1, summary: 'Deux sorties calmes sur trois' }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }],
    });
    expect(closed.body.actions).toHaveLength(2);
  });

  it('finds no accessibility violation on its pages at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(10);
  });
});
