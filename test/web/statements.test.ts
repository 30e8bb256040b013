// Proves the money-in journey in a browser (DESIGN.md section 11b), on a phone-sized page: a family
// uploads a bank statement, sees which payments need explaining, explains one, adds a receipt
// photo that goes straight to the pre-signed form and back, and the officer sees the safeguarding
// alert a betting merchant raised. Each screen passes axe and does not scroll sideways.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL, spendInput } from '../support/section8.js';
import { expectAccessible, expectNoSideScroll, launch, signIn } from './browser.js';

let api: Api;
let browser: Browser;
let planId: string;
let spendId: string;
const dir = mkdtempSync(join(tmpdir(), 'ehcp-statement-'));

beforeAll(async () => {
  browser = await launch();
  api = await startApi({}, { web: true });
  const fixture = await api.section8Plan('2026-06-30');
  planId = fixture.planId;
  const { evidence: _e, ...unevidenced } = spendInput();
  spendId = String((await fixture.family('POST', `/v1/plans/${planId}/spends`, unevidenced)).json.spendId);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

function png(): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (table[(c ^ x) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
    chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

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
    const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await signIn(phone, api.base, { role: 'family', org: COUNCIL, plans: [planId] });
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
    // Explaining the swim club.
    await Promise.all([phone.waitForLoadState('load'), phone.click('a:has-text("Explain")')]);
    await expectAccessible(phone);
    await phone.check('input[name="category"][value="short_breaks"]');
    await phone.check('input[name="provisionId"][value="H1"]');
    await phone.check('input[name="outcomeId"][value="O2"]');
    await Promise.all([phone.waitForLoadState('load'), phone.click('button:has-text("Record the spend")')]);
    expect(await phone.textContent('body')).toContain('Payment explained and recorded as a spend');
    expect(await phone.textContent('body')).toContain('Nothing to explain');
    // The receipt, posted straight to the pre-signed form and back.
    await phone.goto(`${api.base}/plans/${planId}/spends/${spendId}/receipt`);
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
    const family = await api.as('family', COUNCIL, [planId]);
    const held = await family('POST', `/v1/plans/${planId}/pots/SC/returns`, {
      quarter: '2026-Q1',
      declaration: true,
    });
    expect(held.json).toMatchObject({ bankBalance: '1461.48', bankBalanceSource: 'statement' });
    // The officer's safeguarding alert.
    const desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(desk, api.base, { role: 'council_officer', org: COUNCIL });
    await desk.goto(`${api.base}/worklist`);
    const text = await desk.textContent('body');
    expect(text).toContain('Safeguarding alert');
    expect(text).toContain('prohibited merchant categories (7995)');
    await expectAccessible(desk);
  });
});
