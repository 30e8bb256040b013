// Proves the offset of surpluses (DESIGN.md section 9a, policy offsetSurplus): a due direct-payment
// instalment shrinks by what the pot holds above its surplus threshold, never below zero, the
// reduction returns to the funder (entry `offset`) and is listed by the run; without the policy
// nothing changes.
import { describe, expect, it } from 'vitest';
import { createPlan, requestSpend } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { isConserved, readBalances } from '../../../domain/ledger.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

async function world(offsetSurplus: boolean) {
  const w = memoryWorld('2026-07-01T09:00:00.000Z');
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  // The council turns offsetting on from July (a policy applies to what happens after it).
  w.deps.policyOverrides = { [COUNCIL]: { offsetSurplus } };
  const sc = async () => (await w.store.getPots(plan.planId)).find((p) => p.potId === 'SC');
  return { ...w, planId: plan.planId, family: actors.family(plan.planId), sc };
}

const offsets = (r: Awaited<ReturnType<typeof runInstalments>>) =>
  'offset' in r.result ? r.result.offset : [];

describe('offset of surpluses', () => {
  it('keeps back a due instalment while the pot holds more than its threshold, and lists it', async () => {
    // Prepare: 1538.48 available, threshold 769.23, so 769.25 above it.
    const w = await world(true);
    // Act: 22 July's 384.62 is kept back whole.
    const run = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-07-22',
    });
    // Assess
    expect(offsets(run)).toEqual([{ planId: w.planId, potId: 'SC', amount: '384.62' }]);
    const sc = await w.sc();
    expect([sc?.available, sc?.allocated, sc?.withheld, sc?.instalmentsPosted]).toEqual([
      '1538.48',
      '4615.38',
      '384.62',
      5,
    ]);
    expect(isConserved(readBalances(sc as never))).toBe(true);
  });

  it('reduces an instalment only by the excess, and pays in full once the pot is below its threshold', async () => {
    // Prepare: spend 1000.00, leaving 538.48 (below 769.23).
    const w = await world(true);
    await requestSpend(w.deps, w.ctx(actors.officer), w.planId, { ...spendInput(), amount: '1000.00' });
    // Act
    const run = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-07-22',
    });
    // Assess: 538.48 + 384.62 = 923.10
    expect(offsets(run)).toEqual([]);
    expect((await w.sc())?.available).toBe('923.10');
    // The next one is cut by the excess only: 923.10 − 769.23 = 153.87 kept back, 230.75 paid.
    const next = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-08-19',
    });
    expect(offsets(next)).toEqual([{ planId: w.planId, potId: 'SC', amount: '153.87' }]);
    expect((await w.sc())?.available).toBe('1153.85');
  });

  it('changes nothing without the council policy', async () => {
    // Prepare
    const w = await world(false);
    // Act
    const run = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-07-22',
    });
    // Assess
    expect(offsets(run)).toEqual([]);
    expect((await w.sc())?.available).toBe('1923.10');
  });
});
