// Proves the money-in journey in a browser (DESIGN.md section 11b), on a phone-sized page: a family
// uploads a bank statement, sees which payments need explaining, explains one, adds a receipt
// photo that goes straight to the pre-signed form and back, and the officer sees the safeguarding
// alert a betting merchant raised. Each screen passes axe and does not scroll sideways. The family
// reaches each step from its home's "Things to do" (DESIGN.md 11c); the officer starts a run and
// reaches its page and payment file from there.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';
import { png } from '../support/receipts.js';
import { agreementInput, COUNCIL, spendInput } from '../support/section8.js';
import { expectAccessible, expectNoSideScroll, launch, openPage, signIn } from './browser.js';

let api: Api;
let browser: Browser;
let planId: string;
let spendId: string;
let officer: Awaited<ReturnType<Api['as']>>;
let family: Awaited<ReturnType<Api['as']>>;
const dir = mkdtempSync(join(tmpdir(), 'ehcp-statement-'));

beforeAll(async () => {
  browser = await launch();
  api = await startApi({}, { web: true });
  // The instalments are paid by the officer in the browser (below), to an account the bank file names.
  const fixture = await api.section8Plan();
  planId = fixture.planId;
  officer = fixture.officer;
  family = fixture.family;
  const payee = { name: 'Zoë Parent', sortCode: '08-99-99', accountNumber: '66374958' };
  await officer('POST', `/v1/plans/${planId}/pots/SC/agreement`, { ...agreementInput(), bankAccount: payee });
  await officer('PUT', `/v1/funders/${COUNCIL}/payment-account`, {
    name: 'Council A',
    sortCode: '10-79-99',
    accountNumber: '88837491',
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('money in, in the browser', () => {
  it('takes a statement and a receipt from a phone, explains a line, and alerts the officer', {
    timeout: 300_000,
  }, async () => {
    const statement = join(dir, 'statement.csv');
    writeFileSync(
      statement,
      [
        'date,description,amount,balance,mcc',
        '03/05/2026,SUNSHINE PLAY CIC,-45.00,1493.48,',
        '10/05/2026,SWIM CLUB,-12.00,1481.48,7997',
        '11/05/2026,BET4FUN,-20.00,1461.48,7995',
      ].join('\n'),
    );
    const photo = join(dir, 'receipt.png');
    writeFileSync(photo, png());
    // The officer pays the instalments, and reaches the run's page and its payment file from there.
    const { page: desk } = await openPage(browser, { width: 1280, height: 900 });
    await signIn(desk, api.base, { role: 'council_officer', org: COUNCIL });
    await desk.goto(`${api.base}/runs/new`);
    await desk.fill('#upTo-day', '30');
    await desk.fill('#upTo-month', '06');
    // A mistyped year is not paid at once: a date more than a month ahead is confirmed first.
    await desk.fill('#upTo-year', '2096');
    await Promise.all([
      desk.waitForURL((u) => u.pathname === '/runs'),
      desk.click('button:has-text("Pay instalments")'),
    ]);
    expect(await desk.textContent('.govuk-error-summary')).toContain(
      'Confirm you mean to pay every instalment due up to 30 June 2096',
    );
    await expectAccessible(desk);
    await desk.fill('#upTo-year', '2026');
    await Promise.all([
      desk.waitForURL((u) => u.pathname.startsWith('/runs/') && u.pathname !== '/runs/new'),
      desk.click('button:has-text("Pay instalments")'),
    ]);
    // A run in parts finishes in the background; its page says when.
    await expect
      .poll(
        async () => {
          if ((await desk.textContent('h1'))?.includes('Instalments paid')) return true;
          await desk.reload();
          return (await desk.textContent('h1'))?.includes('Instalments paid');
        },
        { timeout: 120_000, interval: 1_000 },
      )
      .toBe(true);
    // A finished run's page no longer follows progress (it used to reload itself every 1.5 s).
    expect(await desk.locator('[data-run-progress]').count()).toBe(0);
    await Promise.all([
      desk.waitForURL((u) => u.pathname.endsWith('/payments')),
      desk.click('a:has-text("Payments and files to download")'),
    ]);
    await expectAccessible(desk);
    expect(await desk.textContent('h1')).toBe('Instalments paid up to 30 June 2026');
    expect(await desk.textContent('body')).toContain('****4958');
    const [download] = await Promise.all([
      desk.waitForEvent('download'),
      desk.click('a:has-text("Bank file (ISO 20022 pain.001)")'),
    ]);
    const file = readFileSync(await download.path(), 'utf8');
    expect(file).toContain('<CstmrCdtTrfInitn>');
    expect(file).toContain('<Id>66374958</Id>');
    // Later, the officer finds the run again under Instalments, without having kept its address.
    const paymentsPage = new URL(desk.url()).pathname;
    await Promise.all([
      desk.waitForURL((u) => u.pathname === '/runs/new'),
      desk.click('a[href="/runs/new"]'),
    ]);
    await expectAccessible(desk);
    expect(await desk.textContent('table.app-runs')).toContain('30 June 2026');
    // A page of the list that cannot be read says so and leads back to the newest runs.
    await desk.goto(`${api.base}/runs/new?cursor=not-a-cursor~`);
    expect(await desk.textContent('main')).toContain('Past runs cannot be shown.');
    await Promise.all([
      desk.waitForURL((u) => u.search === ''),
      desk.click('a:has-text("Show the newest runs")'),
    ]);
    await Promise.all([
      desk.waitForURL((u) => u.pathname === paymentsPage),
      desk.click('table.app-runs a:has-text("Payments and files")'),
    ]);
    // The family's spend, paid from the instalment; it has no receipt yet.
    const { evidence: _e, ...unevidenced } = spendInput();
    spendId = String((await family('POST', `/v1/plans/${planId}/spends`, unevidenced)).json.spendId);
    const { page: phone } = await openPage(browser, { width: 360, height: 740 });
    await signIn(phone, api.base, { role: 'family', org: COUNCIL, plans: [planId] });
    // Only a council officer is offered the form that pays instalments.
    const refused = await phone.goto(`${api.base}/runs/new`);
    expect(refused?.status()).toBe(403);
    expect(await phone.textContent('main')).toContain('You cannot do that with your role');
    // The statement.
    await phone.goto(`${api.base}/plans/${planId}/pots/SC/statements`);
    await expectAccessible(phone);
    await phone.setInputFiles('#statement', statement);
    await Promise.all([
      phone.waitForLoadState('load'),
      phone.click('button:has-text("Upload the statement")'),
    ]);
    expect(await phone.textContent('body')).toContain(
      '3 new lines, 1 matched to your spends, 1 to explain, 1 not allowed',
    );
    await expectAccessible(phone);
    await expectNoSideScroll(phone);
    // Home: the line to explain is among the things to do, and leads to the statement.
    await phone.goto(`${api.base}/plans/${planId}`);
    const todo = phone.locator('.app-todo');
    await Promise.all([
      phone.waitForURL((u) => u.pathname === `/plans/${planId}/pots/SC/statements`),
      todo.locator('a:has-text("Tell us what 1 payment on your bank statement was for")').click(),
    ]);
    // Explaining the swim club.
    await Promise.all([phone.waitForLoadState('load'), phone.click('a:has-text("Explain")')]);
    await expectAccessible(phone);
    await phone.check('input[name="category"][value="short_breaks"]');
    await phone.check('input[name="provisionId"][value="H1"]');
    await phone.check('input[name="outcomeId"][value="O2"]');
    await Promise.all([phone.waitForLoadState('load'), phone.click('button:has-text("Record the spend")')]);
    expect(await phone.textContent('body')).toContain('Payment explained and recorded as a spend');
    expect(await phone.textContent('body')).toContain('Nothing to explain');
    // The receipt: from home's things to do, to the spend, to its upload, posted straight to the
    // pre-signed form and back.
    await phone.goto(`${api.base}/plans/${planId}`);
    expect(await todo.textContent()).not.toContain('on your bank statement');
    await Promise.all([
      phone.waitForURL((u) => u.pathname === `/plans/${planId}/spends/${spendId}`),
      todo.locator(`a[href="/plans/${planId}/spends/${spendId}"]`).click(),
    ]);
    await Promise.all([
      phone.waitForURL((u) => u.pathname === `/plans/${planId}/spends/${spendId}/receipt`),
      phone.click('a:has-text("Upload a photo of the receipt")'),
    ]);
    await phone.check('input[name="kind"][value="image/png"]');
    await Promise.all([phone.waitForLoadState('load'), phone.click('button:has-text("Continue")')]);
    await expectAccessible(phone);
    await phone.setInputFiles('#file', photo);
    await Promise.all([
      phone.waitForURL((u) => u.searchParams.has('key')),
      phone.click('button:has-text("Upload the receipt")'),
    ]);
    expect(await phone.textContent('body')).toContain('Receipt saved');
    await expectAccessible(phone);
    // The quarter's return takes its bank balance from the statement.
    const held = await family('POST', `/v1/plans/${planId}/pots/SC/returns`, {
      quarter: '2026-Q1',
      declaration: true,
    });
    expect(held.json).toMatchObject({ bankBalance: '1461.48', bankBalanceSource: 'statement' });
    // The officer's safeguarding alert.
    await desk.goto(`${api.base}/worklist`);
    const text = await desk.textContent('body');
    expect(text).toContain('Safeguarding alert');
    expect(text).toContain('prohibited merchant categories (7995)');
    await expectAccessible(desk);
  });
});
