import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { TestStack } from '../support/stack';
import { AxeResult, checkPage, launchChromium, ownTerritory, personIn, signInAs } from '../support/web';

/**
 * A funder's webhooks in a real browser: an endpoint registered with the events it wants, its secret
 * shown once and usable by the receiver to verify signatures; a delivery failing until it gives up,
 * replayed by hand once the receiver is fixed; the secret rotated; the endpoint removed. Deliveries
 * give up after 3 s in the browser suites (test/support/stack.ts). axe at both widths.
 */
const stack = new TestStack();
let browser: Browser;
const audits: AxeResult[] = [];

/** A receiver that answers 500 until told otherwise, and checks each signature with the secret it was given. */
class Receiver {
  secret = '';
  ok = false;
  readonly accepted: { id: string; streamId: string; signatureValid: boolean }[] = [];
  url = '';
  private server?: Server;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req).then((status) => res.writeHead(status).end()));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!this.ok) return 500;
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers = {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    let signatureValid = true;
    try {
      new Webhook(this.secret).verify(raw, headers);
    } catch {
      signatureValid = false;
    }
    this.accepted.push({ id: headers['webhook-id'], streamId: JSON.parse(raw).streamId, signatureValid });
    return 200;
  }
}
const receiver = new Receiver();

beforeAll(async () => {
  await Promise.all([stack.start(), receiver.start()]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await receiver.stop();
  await stack.stop();
});

describe("a funder's webhooks in the browser", () => {
  it('registers an endpoint, shows its secret once, replays a failed delivery, rotates the secret and removes it', async () => {
    const territory = await ownTerritory(stack, 'e2e-webhooks');
    const funder = await personIn(browser);
    const page = funder.page;
    await signInAs(page, stack.baseUrl, 'subventions@funder-caf-93.demo.grants.local');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    // Sent empty: the address and the events at fault, named.
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Adresse de réception' }).waitFor();
    await page.getByText('Choisissez au moins un événement, ou tous.').first().waitFor();
    audits.push(...(await checkPage(page, 'webhooks-ajout')));

    await page.getByLabel('Adresse de réception').fill(receiver.url);
    await page.getByRole('checkbox', { name: /\(CallLaunched\)/ }).check();
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    const shown = page.getByTestId('webhook-secret');
    await shown.waitFor();
    receiver.secret = (await shown.textContent()) ?? '';
    expect(receiver.secret).toMatch(/^whsec_/);
    // Other endpoints of the CAF (other suites') may be listed too: this one is its own region.
    const mine = page.getByRole('region', { name: receiver.url });
    await mine.waitFor();
    // Shown once: the list never carries it again.
    await page.reload();
    await mine.waitFor();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);

    // A call whose plan names the CAF: its launch is delivered, fails until it gives up.
    const launched = await stack.request('POST', '/calls', {
      token: stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
      body: {
        title: 'Un appel que le CRM de la CAF doit connaître',
        themes: ['lien social'],
        territories: [territory.id],
        targetPublic: 'Familles',
        budgetCents: 1_000_000,
        fundingPlan: [{ funderId: 'funder-caf-93', amountCents: 1_000_000 }],
        meetupWindow: { startsAt: new Date(Date.now() + 86_400_000).toISOString(), endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() },
        eoiDeadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        proposalDeadline: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      },
    });
    expect(launched.status).toBe(201);
    const callId: string = launched.body.id;
    const row = () => mine.getByRole('row').filter({ hasText: callId });
    await page.reload();
    await row().getByText('Échoué').waitFor({ timeout: 60_000 });
    audits.push(...(await checkPage(page, 'webhooks-echec')));

    // The receiver fixed, the delivery is replayed by hand: delivered, and its signature verifies.
    receiver.ok = true;
    await row().getByRole('button', { name: 'Renvoyer' }).click();
    await mine.getByText('L’envoi est relancé.').waitFor();
    await row().getByText('Livré').waitFor({ timeout: 60_000 });
    expect(receiver.accepted.filter((r) => r.streamId === callId)).toEqual([expect.objectContaining({ signatureValid: true })]);

    // A new secret, shown once again, different from the first.
    await mine.getByRole('button', { name: 'Changer le secret' }).click();
    await mine.getByText('Secret n° 2').waitFor();
    const rotated = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(receiver.secret);

    // Removed, after a confirmation: nothing more is sent there, its log stays.
    await mine.getByRole('button', { name: 'Retirer', exact: true }).click();
    await mine.getByRole('button', { name: 'Retirer ce point de réception' }).click();
    await mine.getByText('Retiré', { exact: true }).waitFor();
    await row().getByText('Livré').waitFor();
    audits.push(...(await checkPage(page, 'webhooks')));
    const listed = await stack.request('GET', '/webhooks', { token: stack.token({ role: 'funder', org: 'funder-caf-93', sub: 'user-funder-caf-93' }) });
    expect(listed.body.filter((e: { url: string }) => e.url === receiver.url)).toEqual([expect.objectContaining({ active: false, secretVersion: 2 })]);
    await funder.context.close();
  });

  it('finds no accessibility violation on the page at 1280 and 320 px', () => {
    expect(audits.filter((a) => a.violations.length)).toEqual([]);
    expect(audits.length).toBe(6);
  });
});
