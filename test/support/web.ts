import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
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

/** A person's own browser (its own cookies): a new context, as AxeBuilder needs. */
export async function personIn(browser: Browser, viewport = WIDE): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  return { context, page: await context.newPage() };
}

/**
 * Signs in through the web app's button and the embedded provider's page, as a person would: a demo
 * person's button, or any other e-mail typed in the provider's field.
 */
export async function signInAs(page: Page, baseUrl: string, email: string, path = '/app/'): Promise<void> {
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
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
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
    await page.waitForLoadState('networkidle');
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
