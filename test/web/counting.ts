import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible, expectNoSideScroll } from './browser.js';

/**
 * A journey as a person walks it: each click and each key typed is counted, and each page reached
 * is counted and checked (axe, one h1, title "Page – Service", nothing sideways at 360 px).
 */
export class Journey {
  clicks = 0;
  keystrokes = 0;
  pages = 0;
  readonly titles: string[] = [];

  constructor(
    readonly name: string,
    readonly page: Page,
  ) {}

  /** The page as it stands, checked; counted as a page reached. */
  async reached(): Promise<void> {
    this.pages++;
    await checkPage(this.page);
    this.titles.push(await this.page.title());
  }

  async click(selector: string): Promise<void> {
    this.clicks++;
    await this.page.click(selector);
  }

  /** A click that sends a form or follows a link: waits for the next page and checks it. */
  async go(selector: string): Promise<void> {
    this.clicks++;
    await Promise.all([this.page.waitForNavigation(), this.page.click(selector)]);
    await this.reached();
  }

  async type(selector: string, text: string): Promise<void> {
    // One click into the field, then the keys.
    this.clicks++;
    this.keystrokes += text.length;
    await this.page.fill(selector, text);
  }

  report(): string {
    const line = `journey "${this.name}": ${this.pages} pages, ${this.clicks} clicks, ${this.keystrokes} keystrokes`;
    console.log(line);
    return line;
  }
}

/** Every page state: no axe violation, one h1, a "Page – Service" title ("Error: " first with errors). */
export async function checkPage(page: Page): Promise<void> {
  await expectAccessible(page);
  expect([page.url(), await page.locator('h1').count()]).toEqual([page.url(), 1]);
  const title = await page.title();
  expect(title).toMatch(/^(Error: )?[^–]+ – Personal budgets – .+$/);
  const errors = await page.locator('.govuk-error-summary').count();
  expect([page.url(), title.startsWith('Error: ')]).toEqual([page.url(), errors > 0]);
  const width = page.viewportSize()?.width ?? 0;
  if (width <= 400) await expectNoSideScroll(page);
}

const ledgerWords = /\b(notional|unreleased|allocat\w*|reserve[ds]?|reservation)\b/i;

/** A family's page says nothing in ledger words and shows no raw id. */
export async function expectFamilyWords(page: Page, ids: readonly string[]): Promise<void> {
  const text = (await page.locator('body').textContent()) ?? '';
  expect([page.url(), text.match(ledgerWords)?.[0] ?? null]).toEqual([page.url(), null]);
  expect([page.url(), text.match(/\b[0-9A-HJKMNP-TV-Z]{26}\b/)?.[0] ?? null]).toEqual([page.url(), null]);
  for (const id of ids) expect([page.url(), text.includes(id)]).toEqual([page.url(), false]);
}
