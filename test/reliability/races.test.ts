// Proves the ledger under contention on DynamoDB Local over HTTP: 200 spends racing for one pot,
// one reservation approved/voided/paid at once, and instalment runs overlapping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConserved, readBalances } from '../../domain/ledger.js';
import { appDeps } from '../../functions/deps.js';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL, spendInput } from '../support/section8.js';

let api: Api;
let officer: Awaited<ReturnType<Api['as']>>;
beforeAll(async () => {
  api = await startApi();
  officer = await api.as('council_officer', COUNCIL);
});
afterAll(async () => {
  await api?.stop();
});

const plan = (runTo?: string) => api.section8Plan(runTo);

async function assertConserved(planId: string) {
  for (const pot of await appDeps().store.getPots(planId))
    expect(isConserved(readBalances(pot)), pot.potId).toBe(true);
}

describe('races', () => {
  it('lets exactly the spends that fit succeed when 200 race for one pot', async () => {
    const { planId, family } = await plan('2026-06-30');
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), amount: i % 2 ? '10.00' : '7.77' }),
      ),
    );
    const ok = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status !== 201);
    const spentPence = ok.reduce((n, r) => n + Math.round(Number(r.json.amount) * 100), 0);
    console.log(
      `races: 200 concurrent spends in ${Date.now() - started} ms: ${ok.length} posted, ${refused.length} INSUFFICIENT_FUNDS, 0 lost, 0 duplicated`,
    );
    expect(responses.some((r) => r.status >= 500)).toBe(false);
    expect(refused.every((r) => r.status === 409 && r.json.code === 'INSUFFICIENT_FUNDS')).toBe(true);
    const sc = (await appDeps().store.getPots(planId)).find((p) => p.potId === 'SC');
    expect(Math.round(Number(sc?.spent) * 100)).toBe(spentPence);
    // Whatever was refused could not have fitted: less than 10.00 is left.
    expect(Number(sc?.available)).toBeLessThan(10);
    expect(refused.length).toBeGreaterThan(0);
    await assertConserved(planId);
    // Alone it takes about 5 s; beside the other test files on two cores, DynamoDB Local runs its
    // 200 transactions of 12 items one at a time behind theirs, which has taken up to 21 s.
  }, 60_000);

  it('lets exactly one decision win on a pending reservation, and exactly one payment on an approved one', async () => {
    for (let round = 0; round < 4; round++) {
      const { planId, family } = await plan('2026-06-30');
      const pending = await family('POST', `/v1/plans/${planId}/spends`, {
        ...spendInput(),
        amount: '700.00',
        paid: false,
      });
      const decisions = await Promise.all([
        officer('POST', `/v1/plans/${planId}/spends/${pending.json.spendId}/reject`, { reason: 'no' }),
        family('POST', `/v1/plans/${planId}/spends/${pending.json.spendId}/void`, {}),
        officer('POST', `/v1/plans/${planId}/spends/${pending.json.spendId}/void`, {}),
        officer('POST', `/v1/plans/${planId}/spends/${pending.json.spendId}/reject`, { reason: 'still no' }),
      ]);
      expect(decisions.filter((r) => r.status === 200)).toHaveLength(1);
      expect(decisions.filter((r) => r.status !== 200).every((r) => r.status === 409)).toBe(true);

      const approved = await family('POST', `/v1/plans/${planId}/spends`, {
        ...spendInput(),
        amount: '300.00',
        paid: false,
      });
      const payments = await Promise.all([
        family('POST', `/v1/plans/${planId}/spends/${approved.json.spendId}/pay`, {}),
        family('POST', `/v1/plans/${planId}/spends/${approved.json.spendId}/pay`, { amount: '250.00' }),
        officer('POST', `/v1/plans/${planId}/spends/${approved.json.spendId}/void`, {}),
        officer('POST', `/v1/plans/${planId}/spends/${approved.json.spendId}/pay`, {}),
      ]);
      const winners = payments.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      const sc = (await appDeps().store.getPots(planId)).find((p) => p.potId === 'SC');
      expect(sc?.committed).toBe('0.00');
      expect(sc?.spent).toBe(
        winners[0]?.json.status === 'voided' ? '0.00' : String(winners[0]?.json.paidAmount),
      );
      await assertConserved(planId);
    }
    console.log(
      'races: 4 rounds of 4 concurrent decisions and 4 concurrent payments: exactly one won each time',
    );
  });

  it('posts each instalment once when instalment runs overlap', async () => {
    const plans = await Promise.all([plan(), plan(), plan()]);
    const runs = await Promise.all(
      Array.from({ length: 8 }, () =>
        officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' }),
      ),
    );
    expect(runs.every((r) => r.status === 200)).toBe(true);
    for (const p of plans) {
      const pots = await appDeps().store.getPots(p.planId);
      expect(pots.find((x) => x.potId === 'SC')?.available).toBe('1538.48');
      expect(pots.find((x) => x.potId === 'HL')?.available).toBe('750.00');
      const audit = await officer('GET', `/v1/plans/${p.planId}/audit?limit=100`);
      expect(
        (audit.json.entries as Array<{ kind: string }>).filter((e) => e.kind === 'instalment'),
      ).toHaveLength(7);
    }
    console.log(`races: 8 overlapping instalment runs over 3 plans posted ${7 * 3} instalments once each`);
  });
});
