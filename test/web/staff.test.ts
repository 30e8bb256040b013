// Staff journeys on a desk (DESIGN.md 11c): an officer approves a spend from a page with the pot's
// balance, the outcome, the provision and the history; recovers a surplus with its reason and
// notice through a check page; finds a plan by the child's name. A broker finds a client by name;
// an auditor finds a plan by reference from the reports. Clicks and keystrokes are counted and
// printed; every page state reached (errors too) is checked with axe; no raw id is shown.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';
import { BROKER, COUNCIL, planInput, spendInput } from '../support/section8.js';
import { launch, openPage, signIn } from './browser.js';
import { checkPage, Journey } from './counting.js';

let api: Api;
let browser: Browser;
let planId: string;
let namedPlanId: string;
let pendingId: string;

beforeAll(async () => {
  browser = await launch();
  api = await startApi({}, { web: true });
  const fixture = await api.section8Plan('2026-06-30');
  planId = fixture.planId;
  pendingId = String(
    (await fixture.family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), amount: '600.00' })).json
      .spendId,
  );
  // A second child, with a name, whose health money the broker holds.
  const input = planInput();
  namedPlanId = String(
    (
      await fixture.officer('POST', '/v1/plans', {
        ...input,
        child: { ...input.child, reference: 'CYP-0777', name: 'Sam Okafor' },
      })
    ).json.planId,
  );
  await api.budget(fixture.officer, namedPlanId);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function as(who: { role: string; org: string }): Promise<{ page: Page; context: BrowserContext }> {
  const { page, context } = await openPage(browser, { width: 1280, height: 900 });
  await signIn(page, api.base, { ...who, sub: `${who.role}-1` });
  return { page, context };
}

/** No 26-character id in the text of the page. */
const expectNoRawIds = async (page: Page) => {
  const text = (await page.locator('main').textContent()) ?? '';
  expect([page.url(), text.match(/\b[0-9A-HJKMNP-TV-Z]{26}\b/)?.[0] ?? null]).toEqual([page.url(), null]);
};

describe('staff on a desk', () => {
  it('an officer approves a spend from its page, with the pot, outcome, provision and history', async () => {
    const { page, context } = await as({ role: 'council_officer', org: COUNCIL });
    const j = new Journey('officer approves from the detail page', page);
    await j.reached();
    const html = await (await context.request.get(`${api.base}/worklist`)).text();
    console.log(`officer worklist: ${html.length} bytes of HTML`);
    expect(html.length).toBeLessThan(40_000);
    await expectNoRawIds(page);
    await j.go('a:has-text("Spend waiting for approval")');
    await expectNoRawIds(page);
    await expect(page.locator('main').textContent()).resolves.toContain('CYP-0042');
    await j.go('a:has-text("See the pot’s balance")');
    const main = (await page.locator('main').textContent()) ?? '';
    for (const text of [
      'CYP-0042',
      'Social care (direct payment)',
      'Available',
      'Joins a weekend club',
      'Short breaks',
      'Recent spends from this pot',
      'the most that can be spent without',
    ])
      expect(main).toContain(text);
    await expectNoRawIds(page);
    // Rejecting needs a reason: the error is on the field, linked from the summary.
    await j.go('button:has-text("Reject the spend")');
    await expect(page.locator('.govuk-error-summary a[href="#reason"]').textContent()).resolves.toContain(
      'Enter the reason',
    );
    await j.go('button:has-text("Approve the spend")');
    await expect(page.locator('main').textContent()).resolves.toContain('The spend was approved');
    j.report();
    const family = await api.as('family', COUNCIL, [planId]);
    expect((await family('GET', `/v1/plans/${planId}/spends/${pendingId}`)).json.status).toBe('paid');
    await context.close();
  });

  it('an officer recovers a surplus with its reason and notice, through a check page', async () => {
    const { page, context } = await as({ role: 'council_officer', org: COUNCIL });
    await page.goto(`${api.base}/surpluses`);
    const j = new Journey('officer recovers with notice', page);
    await j.reached();
    await expectNoRawIds(page);
    await j.go(`a[href^="/plans/${planId}/pots/SC/recoveries/new"]`);
    // Every field checked at once: the notice is missing and the due date is before the notice.
    await page.fill('#dueDate-year', '2020');
    await j.go('button:has-text("Continue")');
    const summary = await page
      .locator('.govuk-error-summary a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(summary).toEqual(['#notice', '#dueDate-day']);
    await j.type('#notice', 'You hold more than 8 weeks of payments. Please pay back the amount shown.');
    await j.type('#dueDate-year', '2027');
    await j.go('button:has-text("Continue")');
    await expect(page.locator('h1').textContent()).resolves.toContain(
      'Check the recovery before you send it',
    );
    await expect(page.locator('main').textContent()).resolves.toContain(
      'More money has built up than the plan needs',
    );
    await j.go('button:has-text("Send the notice and recover")');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'The recovery was recorded',
    );
    j.report();
    const officer = await api.as('council_officer', COUNCIL);
    const recoveries = await officer('GET', `/v1/councils/${COUNCIL}/recoveries`);
    const items = recoveries.json.items as Array<{ planId: string; notice?: string }>;
    expect(items.some((r) => r.planId === planId && r.notice?.startsWith('You hold more'))).toBe(true);
    await context.close();
  });

  it('an officer picks the monitoring quarter from radios of the quarters that have ended', async () => {
    const { page, context } = await as({ role: 'council_officer', org: COUNCIL });
    await page.goto(`${api.base}/monitoring`);
    const j = new Journey('officer picks a monitoring quarter', page);
    await j.reached();
    const radios = page.locator('input[type=radio][name=quarter]');
    expect(await radios.count()).toBeGreaterThanOrEqual(4);
    // The newest ended quarter first, and chosen.
    expect(await radios.first().isChecked()).toBe(true);
    await j.click('label:has-text("April to June 2026")');
    await j.go('button:has-text("Show the returns")');
    expect(new URL(page.url()).searchParams.get('quarter')).toBe('2026-Q1');
    expect(await page.locator('input[name=quarter][value="2026-Q1"]').isChecked()).toBe(true);
    expect(await page.locator('caption').textContent()).toContain('April to June 2026');
    await expectNoRawIds(page);
    // A quarter that has not ended, typed into the address: the error is on the radios.
    const answer = await page.goto(`${api.base}/monitoring?quarter=2099-Q1`);
    expect(answer?.status()).toBe(400);
    await checkPage(page);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe('#quarter');
    j.report();
    await context.close();
  });

  it('an officer finds a plan by the child’s name', async () => {
    const { page, context } = await as({ role: 'council_officer', org: COUNCIL });
    await page.goto(`${api.base}/plans`);
    const j = new Journey('officer finds a plan by name', page);
    await j.reached();
    await j.type('#q', 'okafor');
    await j.go('button:has-text("Search")');
    await j.go('a:has-text("Sam Okafor (CYP-0777)")');
    await expect(page.locator('h1').textContent()).resolves.toContain('Sam Okafor (CYP-0777)');
    expect(await page.locator('main').textContent()).not.toContain('Your personal budget');
    j.report();
    await context.close();
  });

  it('a broker finds a client by name', async () => {
    const { page, context } = await as({ role: 'broker', org: BROKER });
    const j = new Journey('broker finds a client by name', page);
    await j.reached();
    await expectNoRawIds(page);
    await j.type('#q', 'Sam');
    await j.go('button:has-text("Search")');
    expect(await page.locator('.govuk-summary-card').count()).toBe(1);
    await j.go('a:has-text("Sam Okafor (CYP-0777)")');
    expect(new URL(page.url()).pathname).toBe(`/plans/${namedPlanId}`);
    await expectNoRawIds(page);
    j.report();
    await context.close();
  });

  it('an auditor finds a plan by reference from the reports', async () => {
    const { page, context } = await as({ role: 'auditor', org: COUNCIL });
    const j = new Journey('auditor finds a plan by reference', page);
    await j.reached();
    await j.type('#q', 'CYP-0777');
    await j.go('button:has-text("Find the plan")');
    await j.go('a:has-text("CYP-0777")');
    expect(new URL(page.url()).pathname).toBe(`/plans/${namedPlanId}`);
    await checkPage(page);
    j.report();
    await context.close();
  });
});
