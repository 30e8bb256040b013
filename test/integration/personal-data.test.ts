// Proves DESIGN.md section 11d over HTTP on DynamoDB Local, as a fresh clone runs it: post a spend,
// export the family's personal data, dispose of the plan past retention, and read the same
// reconciliation and hledger export before and after; a scan of the table finds the payee nowhere.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../adapters/ids.js';
import { appDeps } from '../../functions/deps.js';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL, spendInput } from '../support/section8.js';

const PAYEE = 'Morgan Q. Childminder';

let api: Api;

beforeAll(async () => {
  api = await startApi();
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
