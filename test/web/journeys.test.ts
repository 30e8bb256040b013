// Proves the web app in a real browser (Debian's Chromium): a family records a spend and sees its
// balance change; a spend above the limit waits in the officer's queue and approving it changes
// the family's view; a prohibited category is explained next to its field; reconciliation shows
// balanced; a family cannot open another family's plan; a form without its CSRF token is refused.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL, planInput } from '../support/section8.js';
import { launch, openPage, signIn } from './browser.js';

let api: Api;
let browser: Browser;
let planId: string;
let otherPlanId: string;

beforeAll(async () => {
  browser = await launch();
  api = await startApi({}, { web: true });
  planId = (await api.section8Plan('2026-06-30')).planId;
  const officer = await api.as('council_officer', COUNCIL);
  otherPlanId = String((await officer('POST', '/v1/plans', planInput())).json.planId);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function as(who: {
  role: string;
  org: string;
  plans?: string[];
  sub?: string;
}): Promise<{ page: Page; context: BrowserContext }> {
  const { page, context } = await openPage(browser, { width: 360, height: 800 });
  await signIn(page, api.base, who);
  return { page, context };
}

const family = () => as({ role: 'family', org: COUNCIL, plans: [planId], sub: 'parent-1' });

async function recordSpend(
  page: Page,
  fields: { amount: string; category: string; paid?: boolean },
): Promise<void> {
  await page.goto(`${api.base}/plans/${planId}/spends/new`);
  await page.fill('#amount', fields.amount);
  await page.fill('#date-day', '3');
  await page.fill('#date-month', '5');
  await page.fill('#date-year', '2026');
  await page.fill('#payee', 'Sunshine Play CIC');
  await page.check(`input[name="category"][value="${fields.category}"]`);
  if (fields.paid) await page.check('input[name="paid"]');
  await page.click('button:has-text("Continue")');
  await page.waitForLoadState('load');
  if ((await page.locator('.govuk-error-summary').count()) > 0) return;
  await page.click('button:has-text("Confirm and record the spend")');
  await page.waitForLoadState('load');
}

/** What the family has to spend, from its home's heading. */
const available = async (page: Page): Promise<string> => {
  await page.goto(`${api.base}/plans/${planId}`);
  const h1 = ((await page.locator('h1').textContent()) ?? '').trim();
  return h1.replace(/^You have /, '').replace(/ to spend$/, '');
};

describe('the web app', () => {
  it('takes a family to its plan, records a spend, and shows the balance change', async () => {
    const { page, context } = await family();
    expect(new URL(page.url()).pathname).toBe(`/plans/${planId}`);
    expect(await page.locator('h1').count()).toBe(1);
    const before = await available(page);
    await recordSpend(page, { amount: '45.00', category: 'short_breaks', paid: true });
    await expect(page.locator('h1').textContent()).resolves.toContain('Spend recorded and paid');
    const after = await available(page);
    expect([before, after]).toEqual(['£1,538.48', '£1,493.48']);
    await context.close();
  });

  it('puts a spend above the limit in the officer’s queue; approving it changes the family’s view', async () => {
    const { page, context } = await family();
    await recordSpend(page, { amount: '600.00', category: 'short_breaks', paid: true });
    await expect(page.locator('h1').textContent()).resolves.toContain('Waiting for approval');
    const spendUrl = page.url();
    const officer = await as({ role: 'council_officer', org: COUNCIL, sub: 'officer-1' });
    expect(new URL(officer.page.url()).pathname).toBe('/worklist');
    await expect(officer.page.locator('main').textContent()).resolves.toContain('Spend waiting for approval');
    await officer.page.goto(`${api.base}/approvals`);
    await expect(officer.page.locator('main').textContent()).resolves.toContain(
      '£600.00 to Sunshine Play CIC',
    );
    await officer.page.click('button:has-text("Approve")');
    await officer.page.waitForURL(/done=approved/);
    await page.goto(spendUrl);
    await expect(page.locator('h1').textContent()).resolves.toContain('Spend recorded and paid');
    await officer.context.close();
    await context.close();
  });

  it('offers only the categories the plan allows; one it does not is refused next to the field', async () => {
    const { page, context } = await family();
    await page.goto(`${api.base}/plans/${planId}/spends/new`);
    const offered = await page
      .locator('input[name="category"]')
      .evaluateAll((is) => is.map((i) => i.getAttribute('value')));
    expect(offered).toEqual(['short_breaks', 'personal_assistant']);
    // A category the page did not offer, sent anyway, is refused at the field in plain words.
    await page.evaluate('document.querySelector("#category").setAttribute("value", "alcohol")');
    await page.fill('#amount', '20.00');
    await page.check('input[name="category"][value="alcohol"]');
    await page.click('button:has-text("Continue")');
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary a[href="#category"]').textContent()).resolves.toContain(
      'Select what it was for',
    );
    await expect(page.locator('#category-error').textContent()).resolves.toContain('Select what it was for');
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await context.close();
  });

  it('shows the officer a balanced reconciliation with its chart and table', async () => {
    const { page, context } = await as({ role: 'council_officer', org: COUNCIL });
    await page.goto(`${api.base}/reconciliation`);
    await expect(page.locator('#balanced').textContent()).resolves.toContain('Balanced');
    expect(await page.locator('svg.app-chart').count()).toBe(1);
    await expect(page.locator('table').textContent()).resolves.toContain('£14,000.00');
    // Asked to check every pot, the page says so and names none.
    await page.click('text=Check every pot');
    await expect(page.locator('#balanced').textContent()).resolves.toContain('Every pot was checked');
    expect(await page.locator('#pots-not-adding-up, #figures-disagree').count()).toBe(0);
    await context.close();
  });

  it('shows a family a not-found page for another family’s plan', async () => {
    const { page, context } = await family();
    const res = await page.goto(`${api.base}/plans/${otherPlanId}`);
    expect(res?.status()).toBe(404);
    expect((await page.locator('h1').textContent())?.trim()).toBe('Page not found');
    await context.close();
  });

  it('lets an officer retire a provision from a date; the family’s later spend is refused at the provision', async () => {
    const officer = await as({ role: 'council_officer', org: COUNCIL });
    await officer.page.goto(`${api.base}/plans/${planId}/manage`);
    await officer.page.fill('#amendReason', 'Short breaks replaced');
    await officer.page.fill('#effectiveFrom-day', '1');
    await officer.page.fill('#effectiveFrom-month', '5');
    await officer.page.fill('#effectiveFrom-year', '2026');
    await officer.page.selectOption('#retireProvisionId', 'H1');
    await officer.page.click('button:has-text("Amend the plan")');
    await officer.page.waitForURL(/done=amended/);
    await expect(officer.page.locator('main').textContent()).resolves.toContain('Version 2 from 1 May 2026');
    await officer.context.close();
    // The spend form says the provision ends the day before; a spend dated after it is refused at the date.
    const { page, context } = await family();
    await page.goto(`${api.base}/plans/${planId}/spends/new`);
    await expect(page.locator('main').textContent()).resolves.toContain('until 30 April 2026');
    await recordSpend(page, { amount: '10.00', category: 'short_breaks' });
    await expect(page.locator('#date-error').textContent()).resolves.toContain(
      'Short breaks was removed from the plan from 1 May 2026',
    );
    await expect(page.locator('.govuk-error-summary a[href="#date-day"]').count()).resolves.toBe(1);
    await context.close();
  });

  it('lets an officer create a plan and set up its budget through the forms', async () => {
    const { page, context } = await as({ role: 'council_officer', org: COUNCIL });
    await page.goto(`${api.base}/plans/new`);
    await page.fill('#reference', 'WEB-0001');
    await page.fill('#dateOfBirth-day', '2');
    await page.fill('#dateOfBirth-month', '3');
    await page.fill('#dateOfBirth-year', '2015');
    await page.fill('#outcome-1-description', 'Joins a weekend club');
    await page.selectOption('#outcome-1-domain', 'community_participation');
    await page.fill('#provision-1-description', 'Short breaks');
    await page.selectOption('#provision-1-section', 'H2');
    await page.fill('#provision-1-categories', 'short breaks, personal assistant');
    await page.fill('#provision-1-annualCost', '2400.00');
    await page.click('button:has-text("Create the plan")');
    await page.waitForURL(/\/budget\/new$/);
    for (const [field, value] of [
      ['#start-day', '1'],
      ['#start-month', '4'],
      ['#start-year', '2026'],
      ['#end-day', '31'],
      ['#end-month', '3'],
      ['#end-year', '2027'],
      ['#pot-1-potId', 'SC'],
      ['#pot-1-allocation', '2,000.00'],
    ] as const)
      await page.fill(field, value);
    await page.selectOption('#pot-1-stream', 'social_care');
    await page.selectOption('#pot-1-mode', 'direct_payment');
    await page.selectOption('#pot-1-frequency', 'monthly');
    // Below the provision's cost (2400.00 a year): refused next to the allocation, until a reason is given.
    await page.click('button:has-text("Set up the budget")');
    await expect(page.locator('#pot-1-allocation-error').textContent()).resolves.toContain(
      'The allocation is less than the provision costs',
    );
    await page.fill('#shortfallReason', 'The family top up from their own funds');
    await page.click('button:has-text("Set up the budget")');
    await page.waitForURL(/\/plans\/[A-Za-z0-9]+$/);
    await expect(page.locator('main').textContent()).resolves.toContain('Spent £0.00 of £2,000.00');
    await context.close();
  });

  it('refuses a form posted without its CSRF token, and writes nothing', async () => {
    const { page, context } = await family();
    const before = await available(page);
    const res = await context.request.post(`${api.base}/plans/${planId}/spends`, {
      form: {
        potId: 'SC',
        amount: '10.00',
        'date-day': '3',
        'date-month': '5',
        'date-year': '2026',
        payee: 'x',
        category: 'short_breaks',
        outcomeId: 'O2',
        provisionId: 'H1',
        paid: 'yes',
        idempotencyKey: 'csrf-test-key-1',
      },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect(await available(page)).toBe(before);
    await context.close();
  });
});
