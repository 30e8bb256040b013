// Proves every screen of the web app is accessible (axe: no serious or critical WCAG 2.2 AA
// violation), has one h1 and does not scroll sideways at 360 px, signed in as each role; and
// writes screenshots of the main screens at phone and desk widths (`npm run screenshots` refreshes
// the README's copies).
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDeps } from '../../functions/deps.js';
import { type Api, startApi } from '../support/api.js';
import { BROKER, COUNCIL, ICB, spendInput } from '../support/section8.js';
import { expectAccessible, expectNoSideScroll, launch, openPage, screenshotDir, signIn } from './browser.js';

let api: Api;
let browser: Browser;
let planId: string;
let spendId: string;
let pendingId: string;
let runId: string;

beforeAll(async () => {
  browser = await launch();
  api = await startApi({}, { web: true });
  const fixture = await api.section8Plan('2026-06-30');
  planId = fixture.planId;
  spendId = String((await fixture.family('POST', `/v1/plans/${planId}/spends`, spendInput())).json.spendId);
  pendingId = String(
    (await fixture.family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), amount: '600.00' })).json
      .spendId,
  );
  await fixture.family('POST', `/v1/plans/${planId}/budget-requests`, { streams: ['education'] });
  // A run large enough to fan out, so its progress page has something to follow.
  const deps = appDeps();
  deps.instalmentQueue = { send: async () => {} };
  deps.instalmentSyncPotsMax = 0;
  runId = String(
    (await fixture.officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-07-31' })).json
      .runId,
  );
  delete deps.instalmentQueue;
  delete deps.instalmentSyncPotsMax;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

interface Screen {
  path: string;
  /** Shown in the README. */
  shot?: string;
  /** Fills a form and sends it, to check the page with its errors. */
  act?: (page: Page) => Promise<void>;
  status?: number;
}

const screens = (): Array<{ who: { role: string; org: string; plans?: string[] }; screens: Screen[] }> => [
  {
    who: { role: 'family', org: COUNCIL, plans: [planId] },
    screens: [
      { path: `/plans/${planId}`, shot: 'family-budget' },
      { path: `/plans/${planId}/spends/new` },
      {
        path: `/plans/${planId}/spends/new`,
        shot: 'family-spend-refused',
        act: async (page) => {
          await page.fill('#amount', '20.x');
          await page.click('button:has-text("Continue")');
          await page.waitForLoadState('load');
        },
      },
      { path: `/plans/${planId}/spends/${spendId}` },
      { path: `/plans/${planId}/spends`, shot: 'family-spends' },
      { path: `/plans/${planId}/statement` },
      { path: `/plans/${planId}/budget-requests` },
      { path: `/plans/${planId}/pots/SC/returns/new` },
      {
        path: `/plans/${planId}/pots/SC/returns/new?quarter=2026-Q1`,
        act: async (page) => {
          await page.fill('#bankBalance', '1000.00');
          await page.check('#declaration');
          await page.click('button:has-text("Send the return")');
          await page.waitForLoadState('load');
        },
      },
      { path: `/plans/${planId}/spends/${pendingId}/cancel` },
      { path: '/accessibility' },
      { path: '/privacy' },
      { path: '/cookies' },
      { path: '/contact' },
      { path: '/plans/not-a-plan', status: 404 },
    ],
  },
  {
    who: { role: 'council_officer', org: COUNCIL },
    screens: [
      { path: '/worklist', shot: 'officer-worklist' },
      { path: '/approvals', shot: 'officer-approvals' },
      { path: '/plans' },
      { path: '/plans/new' },
      { path: `/plans/${planId}/budget/new` },
      { path: `/plans/${planId}/audit` },
      { path: `/plans/${planId}/manage`, shot: 'officer-manage' },
      { path: '/policy' },
      { path: `/plans/${planId}/budget-requests` },
      { path: '/runs/new' },
      { path: `/runs/${runId}` },
      { path: '/reconciliation', shot: 'officer-reconciliation' },
      { path: '/reconciliation?verify=pots' },
      { path: '/monitoring?quarter=2026-Q1' },
      { path: '/surpluses' },
    ],
  },
  {
    who: { role: 'health_officer', org: ICB },
    screens: [{ path: '/worklist' }, { path: '/reconciliation' }],
  },
  {
    who: { role: 'broker', org: BROKER },
    screens: [{ path: '/clients', shot: 'broker-clients' }, { path: `/plans/${planId}` }],
  },
  {
    who: { role: 'auditor', org: COUNCIL },
    screens: [{ path: '/reports' }, { path: '/reconciliation' }, { path: '/policy' }],
  },
];

/** Each role's screens are one test: all of them in one took 253 s of its 300 s hang guard under load. */
const roles = ['family', 'council_officer', 'health_officer', 'broker', 'auditor'];

describe('every screen is accessible, has one h1 and fits 360 px', () => {
  it('signed out: the sign-in page', async () => {
    const { page: anonymous, context: signedOut } = await openPage(browser, { width: 360, height: 800 });
    await anonymous.goto(`${api.base}/sign-in`);
    await expectAccessible(anonymous);
    await expectNoSideScroll(anonymous);
    await anonymous.screenshot({ path: join(screenshotDir(), 'sign-in-phone.png'), fullPage: true });
    await signedOut.close();
  });

  it('covers every role the screens list', () => {
    expect(screens().map((s) => s.who.role)).toEqual(roles);
  });

  it.each(roles)('for the %s', async (role) => {
    const dir = screenshotDir();
    let checked = 0;
    for (const { who, screens: list } of screens().filter((s) => s.who.role === role)) {
      const { page, context } = await openPage(browser, { width: 360, height: 800 });
      await signIn(page, api.base, who);
      for (const screen of list) {
        const res = await page.goto(`${api.base}${screen.path}`);
        expect([screen.path, res?.status()]).toEqual([screen.path, screen.status ?? 200]);
        await screen.act?.(page);
        expect([screen.path, await page.locator('h1').count()]).toEqual([screen.path, 1]);
        await expectAccessible(page);
        await expectNoSideScroll(page);
        if (screen.shot) {
          await page.screenshot({ path: join(dir, `${screen.shot}-phone.png`), fullPage: true });
          await page.setViewportSize({ width: 1280, height: 900 });
          if (!screen.act) await page.reload();
          await page.screenshot({ path: join(dir, `${screen.shot}-desk.png`), fullPage: true });
          await page.setViewportSize({ width: 360, height: 800 });
        }
        checked++;
      }
      await context.close();
    }
    expect(checked).toBeGreaterThan(0);
    console.log(`web: ${checked} ${role} screens checked with axe at 360 px, screenshots in ${dir}`);
  });
});
