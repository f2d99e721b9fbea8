import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, Cookie, Page, Request, chromium } from 'playwright-core';
export { ownTerritory, type Territory } from './territory';

/** The folder the README names: screenshots of the main pages, written by each run of the browser suite. */
export const SCREENSHOTS = join(__dirname, '../../docs/screenshots');

/** The system's Chromium (`npm test` installs it when missing), driven by Playwright. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const WIDE = { width: 1280, height: 900 };
export const NARROW = { width: 320, height: 800 };

/** The requests each page has sent and not yet seen answered. */
const inFlight = new WeakMap<Page, Set<Request>>();

/** A person's own browser (its own cookies): a new context, as AxeBuilder needs. */
export async function personIn(browser: Browser, viewport = WIDE): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const requests = new Set<Request>();
  page.on('request', (request) => requests.add(request));
  page.on('requestfinished', (request) => requests.delete(request));
  page.on('requestfailed', (request) => requests.delete(request));
  inFlight.set(page, requests);
  return { context, page };
}

/**
 * The page loaded, no request of its own awaiting an answer and nothing « Chargement… » for two
 * looks 50 ms apart: what Playwright's `networkidle` checks, without its fixed half-second of quiet.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const requests = inFlight.get(page);
  if (!requests) return page.waitForLoadState('networkidle');
  const deadline = Date.now() + 10_000;
  for (let quiet = 0; quiet < 2 && Date.now() < deadline;) {
    await page.waitForTimeout(50);
    quiet = requests.size === 0 && (await page.locator('.loading').count()) === 0 ? quiet + 1 : 0;
  }
}

/** The cookies of each person signed in by this suite, by API and e-mail. */
const signedIn = new Map<string, Cookie[]>();

/**
 * Signs in through the web app's button and the embedded provider's page, as a person would: a demo
 * person's button, or any other e-mail typed in the provider's field. A person signed in earlier in
 * the suite comes back with its browser's cookies (its session still open) straight to the page.
 */
export async function signInAs(page: Page, baseUrl: string, email: string, path = '/app/'): Promise<void> {
  const person = `${baseUrl} ${email}`;
  const cookies = signedIn.get(person);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto(`${baseUrl}${path}`);
    return;
  }
  await signInThroughProvider(page, baseUrl, email, path);
  signedIn.set(person, await page.context().cookies());
}

async function signInThroughProvider(page: Page, baseUrl: string, email: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByRole('link', { name: 'Se connecter' }).click();
  const person = page.getByRole('button', { name: new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  await page.getByRole('heading', { level: 1 }).waitFor();
  if (await person.count()) {
    await person.click();
  } else {
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByRole('button', { name: 'Se connecter avec cette adresse' }).click();
  }
  await page.waitForURL((url) => url.href.startsWith(`${baseUrl}${path}`));
}

export interface AxeResult {
  page: string;
  width: number;
  violations: { id: string; impact?: string | null; nodes: string[] }[];
}

/** axe (WCAG 2 and 2.1, A and AA) on the page as it is now, at its current width. */
export async function axe(page: Page, name: string): Promise<AxeResult> {
  // The app has no frame: axe runs in the page itself (its « legacy » mode), not across frames
  // finished in a page of its own, which only adds time here.
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode(true).analyze();
  return {
    page: name,
    width: page.viewportSize()?.width ?? 0,
    violations: results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) })),
  };
}

/** axe at both widths (1280 and 320 px), and a screenshot of each. */
export async function checkPage(page: Page, name: string): Promise<AxeResult[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const results: AxeResult[] = [];
  for (const viewport of [WIDE, NARROW]) {
    await page.setViewportSize(viewport);
    await settled(page);
    results.push(await axe(page, name));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${viewport.width}.png`), fullPage: true });
  }
  await page.setViewportSize(WIDE);
  return results;
}

/** "1 500,00 €" with ordinary spaces (Intl writes narrow no-break spaces). */
export function plainSpaces(text: string | null): string {
  return (text ?? '').replace(/[\u00a0\u202f]/g, ' ');
}
