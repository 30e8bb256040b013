// Proves DESIGN.md section 11d over HTTP on DynamoDB Local, as a fresh clone runs it: post a spend,
// export the family's personal data, dispose of the plan past retention, and read the same
// reconciliation and hledger export before and after; a scan of the table finds the payee nowhere.
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../adapters/ids.js';
import type { Clock } from '../../domain/ports.js';
import { appDeps } from '../../functions/deps.js';
import { type Api, startApi } from '../support/api.js';
import { localBlobs, uploadReceipt } from '../support/receipts.js';
import { agreementInput, budgetInput, COUNCIL, planInput, spendInput } from '../support/section8.js';

const PAYEE = 'Morgan Q. Childminder';

let api: Api;
let startClock: Clock;

beforeAll(async () => {
  api = await startApi();
  startClock = appDeps().clock;
});
afterAll(async () => {
  await api?.stop();
});

async function scanText(): Promise<string> {
  const items: unknown[] = [];
  let start: Record<string, never> | undefined;
  do {
    const out = await api.client.send(
      new ScanCommand({ TableName: api.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey as typeof start;
  } while (start);
  return JSON.stringify(items);
}

describe('personal data over HTTP', () => {
  it('posts a spend, exports the personal data, disposes of the plan past retention, figures unchanged', async () => {
    // Prepare: the section 8 plan, and a spend to a named payee.
    const { planId, officer, family } = await api.section8Plan('2026-06-30');
    const spend = await family('POST', `/v1/plans/${planId}/spends`, {
      ...spendInput(),
      payee: PAYEE,
      description: 'after-school care',
    });
    expect([spend.status, spend.json.payee]).toEqual([201, PAYEE]);
    const entryItems = (await scanText()).match(/"type":\{"S":"entry"\}/g) ?? [];
    expect(entryItems.length).toBeGreaterThan(0);

    // The subject access export: the council officer only.
    const exported = await officer('GET', `/v1/plans/${planId}/personal-data`);
    expect(exported.status).toBe(200);
    const records = exported.json.records as Array<{ recordKind: string; fields: Record<string, unknown> }>;
    expect(records.find((r) => r.recordKind === 'spend')?.fields).toMatchObject({ payee: PAYEE });
    expect(exported.json.disposed).toBe(false);
    expect((await family('GET', `/v1/plans/${planId}/personal-data`)).status).toBe(403);

    // Seven years after the last pot ends (2027-03-31), on the day of the disposal.
    appDeps().clock = new FixedClock(new Date('2034-04-01T09:00:00.000Z'));
    const figures = async () => ({
      reconciliation: (await officer('GET', `/v1/councils/${COUNCIL}/reconciliation`)).json,
      hledger: (await officer('GET', `/v1/councils/${COUNCIL}/journal?format=hledger`)).text,
      pots: ((await officer('GET', `/v1/plans/${planId}`)).json.pots as Array<Record<string, unknown>>).map(
        ({ agreement: _a, ...p }) => p,
      ),
    });
    const before = await figures();
    expect(before.hledger).toContain('direct_spend');
    expect(before.hledger.includes(PAYEE)).toBe(false);

    // Act
    const disposed = await officer('POST', `/v1/councils/${COUNCIL}/disposals`, undefined, {
      key: 'disposal-key-1',
    });
    const replayed = await officer('POST', `/v1/councils/${COUNCIL}/disposals`, undefined, {
      key: 'disposal-key-1',
    });
    const again = await officer('POST', `/v1/councils/${COUNCIL}/disposals`);

    // Assess
    expect([disposed.status, disposed.json]).toEqual([200, { plansDisposed: 1 }]);
    expect([replayed.status, replayed.json]).toEqual([200, { plansDisposed: 1 }]);
    expect(again.json).toEqual({ plansDisposed: 0 });
    expect(await figures()).toEqual(before);
    expect((await scanText()).includes(PAYEE)).toBe(false);
    const read = await family('GET', `/v1/plans/${planId}/spends/${spend.json.spendId}`);
    expect([read.json.payee, read.json.amount]).toEqual(['[erased]', '45.00']);
    const after = await officer('GET', `/v1/plans/${planId}/personal-data`);
    expect(after.json.disposed).toBe(true);
    const events = await officer('GET', `/v1/plans/${planId}/events`);
    const event = (events.json.items as Array<Record<string, unknown>>).find((e) => e.kind === 'disposed');
    expect(Object.keys((event?.details ?? {}) as object).sort()).toEqual([
      'fields',
      'receiptsDeleted',
      'records',
    ]);
    // Only a council officer disposes.
    expect((await family('POST', `/v1/councils/${COUNCIL}/disposals`)).status).toBe(403);
  });
});

/** Every file under a folder, at any depth. */
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((d) => d.isFile())
        .map((d) => d.name)
    : [];

describe('money in and out over HTTP (sections 11b and 11d)', () => {
  const CHILD = 'Robin Quenby-Ashdown';
  const HOLDER = 'Alys Quenby-Ashdown';
  const BANK_NAME = 'Alys Q Ashdown';
  const ACCOUNT = '66374958';
  const SPEND_PAYEE = 'Tamsin Fairweather';
  const DESCRIPTIONS = ['FAIRWEATHER T CHILDCARE', 'QUENBY PHYSIO MRS HOLLIS'];

  it('exports bank details masked, statement lines and receipts, then disposes of them all, figures unchanged', {
    timeout: 180_000,
  }, async () => {
    // Prepare: the first test moved the clock on; this plan is made on the service's own day.
    appDeps().clock = startClock;
    const officer = await api.as('council_officer', COUNCIL);
    const created = await officer('POST', '/v1/plans', {
      ...planInput(),
      child: { ...planInput().child, reference: 'CYP-PD-2', name: CHILD },
    });
    const planId = String(created.json.planId);
    expect((await officer('POST', `/v1/plans/${planId}/budgets`, budgetInput())).status).toBe(201);
    const agreement = await officer('POST', `/v1/plans/${planId}/pots/SC/agreement`, {
      ...agreementInput(),
      holder: { kind: 'parent', name: HOLDER },
      bankAccount: { name: BANK_NAME, sortCode: '08-99-99', accountNumber: ACCOUNT },
    });
    expect(agreement.status).toBe(201);
    await officer('PUT', `/v1/funders/${COUNCIL}/payment-account`, {
      name: 'Council A',
      sortCode: '10-79-99',
      accountNumber: '88837491',
    });
    const run = await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' });
    const runId = String(run.json.runId);
    const family = await api.as('family', COUNCIL, [planId]);
    const { evidence: _e, ...unevidenced } = spendInput();
    const spend = await family('POST', `/v1/plans/${planId}/spends`, { ...unevidenced, payee: SPEND_PAYEE });
    const spendId = String(spend.json.spendId);
    const statement = [
      'date,description,amount,balance',
      `03/05/2026,${DESCRIPTIONS[0]},-45.00,"1,493.48"`,
      `06/05/2026,${DESCRIPTIONS[1]},-30.00,"1,463.48"`,
    ].join('\n');
    const imported = await family('POST', `/v1/plans/${planId}/pots/SC/statements`, undefined, {
      raw: statement,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.json).toMatchObject({ imported: 2, matched: 1, unexplained: 1 });
    const { form, receiptId } = await uploadReceipt(api, family, planId, spendId);
    const receiptPath = `/v1/plans/${planId}/spends/${spendId}/receipts/${receiptId}`;
    expect((await family('GET', receiptPath)).json.status).toBe('stored');
    const blobs = await localBlobs();
    const receiptFile = blobs.pathOf(String(form.fields.key));
    const planFolder = resolve(receiptFile, '..', '..');
    expect(existsSync(receiptFile)).toBe(true);
    const rows = await officer('GET', `/v1/instalment-runs/${runId}/payments?limit=100`);
    const row = (rows.json.items as Array<Record<string, unknown>>).find(
      (r) => r.planId === planId && r.potId === 'SC',
    );
    // Names on accounts are kept in the BACS character set (capitals).
    expect(row).toMatchObject({ payee: BANK_NAME.toUpperCase(), account: '****4958' });

    // The subject access export: bank details masked, never in clear; lines; receipts.
    const exported = await officer('GET', `/v1/plans/${planId}/personal-data`);
    expect(exported.status).toBe(200);
    expect(exported.text.includes(ACCOUNT)).toBe(false);
    expect(exported.json.child).toMatchObject({ name: CHILD });
    expect(exported.json.payeeAccounts).toEqual([
      {
        potId: 'SC',
        bankAccount: { name: BANK_NAME.toUpperCase(), sortCode: '08-99-99', accountNumber: '****4958' },
      },
    ]);
    expect(
      (exported.json.statementLines as Array<{ description: string; amount: string }>).map((l) => [
        l.description,
        l.amount,
      ]),
    ).toEqual([
      [DESCRIPTIONS[0], '-45.00'],
      [DESCRIPTIONS[1], '-30.00'],
    ]);
    expect(exported.json.receipts).toEqual([
      expect.objectContaining({ receiptId, spendId, contentType: 'image/png', status: 'stored' }),
    ]);

    // Seven years after the last pot ends (2027-03-31).
    appDeps().clock = new FixedClock(new Date('2034-04-01T09:00:00.000Z'));
    const figures = async () => ({
      reconciliation: (await officer('GET', `/v1/councils/${COUNCIL}/reconciliation`)).json,
      hledger: (await officer('GET', `/v1/councils/${COUNCIL}/journal?format=hledger`)).text,
      monitoring: (await officer('GET', `/v1/councils/${COUNCIL}/monitoring-returns?quarter=2026-Q1`)).json,
      pots: ((await officer('GET', `/v1/plans/${planId}`)).json.pots as Array<Record<string, unknown>>).map(
        ({ agreement: _a, ...p }) => p,
      ),
      lines: (
        (await family('GET', `/v1/plans/${planId}/pots/SC/statements/lines`)).json.items as Array<
          Record<string, unknown>
        >
      ).map(({ description: _d, ...l }) => l),
      payments: (
        (await officer('GET', `/v1/instalment-runs/${runId}/payments?limit=100`)).json.items as Array<
          Record<string, unknown>
        >
      ).map(({ payee: _p, account: _a, ...r }) => r),
    });
    const before = await figures();

    // Act
    const disposed = await officer('POST', `/v1/councils/${COUNCIL}/disposals`, undefined, {
      key: 'disposal-key-2',
    });

    // Assess: every figure the same; no name, description, account number or file left.
    expect([disposed.status, disposed.json]).toEqual([200, { plansDisposed: 1 }]);
    expect(await figures()).toEqual(before);
    const table = (await scanText()).toLowerCase();
    for (const text of [CHILD, HOLDER, BANK_NAME, ACCOUNT, SPEND_PAYEE, ...DESCRIPTIONS])
      expect(table.includes(text.toLowerCase()), text).toBe(false);
    expect(existsSync(receiptFile)).toBe(false);
    expect(filesUnder(planFolder)).toEqual([]);
    const receipt = await family('GET', receiptPath);
    expect([receipt.json.status, receipt.json.link]).toEqual(['stored', undefined]);
    const found = await officer('GET', `/v1/councils/${COUNCIL}/plans?name=quenby`);
    expect(found.json.items).toEqual([]);
    // A disposed plan's payment rows read "[erased]"; no payment file carries its name or number.
    const after = await officer('GET', `/v1/instalment-runs/${runId}/payments?limit=100`);
    expect(
      (after.json.items as Array<Record<string, unknown>>).find(
        (r) => r.planId === planId && r.potId === 'SC',
      ),
    ).toMatchObject({ payee: '[erased]', account: '[erased]' });
    for (const format of ['pain.001', 'csv']) {
      const got = await officer('GET', `/v1/instalment-runs/${runId}/payments?format=${format}`);
      expect([200, 409]).toContain(got.status);
      expect(
        got.text.toLowerCase().includes(BANK_NAME.toLowerCase()) || got.text.includes(ACCOUNT),
        format,
      ).toBe(false);
    }
    const exportedAfter = await officer('GET', `/v1/plans/${planId}/personal-data`);
    expect(exportedAfter.json).toMatchObject({
      disposed: true,
      child: { name: '[erased]' },
      payeeAccounts: [{ potId: 'SC', bankAccount: { name: '[erased]', accountNumber: '[erased]' } }],
      receipts: [
        expect.objectContaining({ receiptId, status: 'stored', erasedAt: '2034-04-01T09:00:00.000Z' }),
      ],
    });
    expect(
      (exportedAfter.json.statementLines as Array<{ description: string }>).map((l) => l.description),
    ).toEqual(['[erased]', '[erased]']);
    const event = (
      (await officer('GET', `/v1/plans/${planId}/events`)).json.items as Array<Record<string, unknown>>
    ).find((e) => e.kind === 'disposed');
    expect(event?.details).toMatchObject({ receiptsDeleted: 1 });
  });
});
