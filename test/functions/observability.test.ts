// Proves the business metrics are counted by the use cases that know the facts (spends posted,
// pending, refused by code; instalments posted; with the council as dimension; a replay counts
// nothing), durations by the middleware around them, and log lines mask names and account
// references whoever logs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalFields } from '../../domain/personal-data.js';
import { app } from '../../functions/deps.js';
import { redact } from '../../functions/http/observability.js';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL, spendInput } from '../support/section8.js';

let api: Api;
const recorded: Array<{ name: string; value: number; dimensions: Record<string, string> }> = [];
beforeAll(async () => {
  api = await startApi();
  app().observability.sink = {
    record: (name, _unit, value, dimensions) => recorded.push({ name, value, dimensions }),
  };
});
afterAll(async () => {
  await api?.stop();
});

describe('business metrics', () => {
  it('count spends posted, pending and refused by code, and instalments posted, per council', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    recorded.length = 0;
    await family('POST', `/v1/plans/${planId}/spends`, spendInput());
    await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), amount: '600.00' });
    await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), category: 'alcohol' });
    const officer = await api.as('council_officer', COUNCIL);
    await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-07-31' });
    await officer('GET', `/v1/councils/${COUNCIL}/reconciliation`);
    const names = recorded
      .filter((r) => r.name !== 'ColdStart')
      .map((r) => `${r.name}:${r.value}:${JSON.stringify(r.dimensions)}`);
    expect(names.slice(0, 4)).toEqual([
      `SpendsPosted:1:{"council":"${COUNCIL}"}`,
      `SpendsPending:1:{"council":"${COUNCIL}"}`,
      `SpendsRefused:1:{"council":"${COUNCIL}","code":"CATEGORY_PROHIBITED"}`,
      `InstalmentsPosted:2:{"council":"${COUNCIL}"}`,
    ]);
    expect(recorded.map((r) => r.name)).toEqual(
      expect.arrayContaining(['InstalmentRunDuration', 'ReportDuration']),
    );
  });

  it('counts a spend once, however often its request is replayed', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    recorded.length = 0;
    const key = 'replayed-spend-0001';
    const first = await family('POST', `/v1/plans/${planId}/spends`, spendInput(), { key });
    const again = await family('POST', `/v1/plans/${planId}/spends`, spendInput(), { key });
    expect([first.status, again.status, again.json.spendId]).toEqual([201, 201, first.json.spendId]);
    expect(recorded.filter((r) => r.name.startsWith('Spends')).map((r) => r.name)).toEqual(['SpendsPosted']);
  });
});

describe('log redaction', () => {
  it('masks names, payees and account references at any depth, and keeps the rest', () => {
    const line = JSON.stringify(
      {
        code: 'X',
        holder: { name: 'A. Parent', accountReference: '****1234' },
        payee: 'Sunshine',
        planId: 'P1',
      },
      redact,
    );
    expect(JSON.parse(line)).toEqual({ code: 'X', holder: '***', payee: '***', planId: 'P1' });
    expect(JSON.parse(JSON.stringify({ name: 'B', nested: { reference: 'CYP-1' } }, redact))).toEqual({
      name: '***',
      nested: { reference: '***' },
    });
  });

  it('masks every field the personal-data items hold: one list for the store and the logs', () => {
    // Prepare: a log line holding each record kind's personal fields.
    const fields = Object.values(personalFields).flat();
    const logged = Object.fromEntries(fields.map((f) => [f, 'Jane Carer']));
    // Act
    const line = JSON.stringify({ spend: logged, amount: '45.00' }, redact);
    // Assess
    expect(line.includes('Jane Carer')).toBe(false);
    expect(JSON.parse(line).amount).toBe('45.00');
    expect(fields).toEqual(expect.arrayContaining(['payee', 'memo', 'reason', 'notes', 'notice']));
  });

  it('masks money in and out: bank account holders and numbers, card accounts, statement descriptions', () => {
    // Prepare: what a request or a record of sections 11b might carry into a log line.
    const logged = {
      bankAccount: { name: 'Alys Ashdown', sortCode: '08-99-99', accountNumber: '66374958' },
      bank: { name: 'ALYS ASHDOWN', last4: '4958', sealed: 'c2VhbGVk', sortCode: '089999' },
      card: { programme: 'ALLPAY', cardAccountId: 'CARD-77' },
      texts: { descriptions: ['QUENBY PHYSIO'] },
      line: { description: 'QUENBY PHYSIO', amount: '-30.00' },
    };
    // Act
    const line = JSON.stringify(logged, redact);
    // Assess
    for (const secret of ['Alys', 'ALYS', '66374958', '4958', 'c2VhbGVk', 'CARD-77', 'QUENBY'])
      expect(line.includes(secret), secret).toBe(false);
    expect(JSON.parse(line).line.amount).toBe('-30.00');
    expect(JSON.parse(line).card.programme).toBe('ALLPAY');
  });
});
