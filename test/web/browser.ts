import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Debian's Chromium driven by playwright-core (no browser download). The browser tests fail with
 * the way to install it when it is missing.
 */

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `The browser tests need Chromium at ${chromiumPath}: install it with "apt-get install -y chromium" (Debian), or set CHROMIUM_PATH.`,
    );
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
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

/**
 * A page in a context of its own. Playwright's 30 s default is a speed check: under two other
 * copies of the suite an instalment run's redirect took longer (decision 45), so every wait here is
 * a hang guard instead.
 */
export const pageHangGuardMs = 120_000;

export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(pageHangGuardMs);
  return { page: await context.newPage(), context };
}

/** Signs in through the development form, as a person would. */
export async function signIn(
  page: Page,
  base: string,
  who: { role: string; org: string; plans?: string[]; sub?: string },
): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.selectOption('#role', who.role);
  await page.fill('#org', who.org);
  await page.fill('#plans', (who.plans ?? []).join(','));
  await page.fill('#sub', who.sub ?? `${who.role}-1`);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
    page.click('button:has-text("Sign in")'),
  ]);
}

/** No serious or critical accessibility violation (WCAG 2.2 AA rules) on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect([page.url(), bad]).toEqual([page.url(), []]);
}

/** At 360 px wide nothing scrolls sideways. */
export async function expectNoSideScroll(page: Page): Promise<void> {
  // A string, so the page's own globals need no DOM types here.
  const widths = (await page.evaluate(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  )) as { scroll: number; client: number };
  expect([page.url(), widths.scroll <= widths.client]).toEqual([page.url(), true]);
}

export const screenshotDir = (): string => {
  const dir = process.env.SCREENSHOTS_DIR ?? join('test-output', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
};
