// Proves cessation (DESIGN.md section 9a): pending approvals are voided, the instalments dated after
// the cessation return to the funder while those on or before it are still paid, nothing dated
// after it is accepted, what is left is recoverable with the reason, and a new pot of the same
// stream and mode may start the day after.
import { describe, expect, it } from 'vitest';
import { cease } from '../../../domain/app/cessation.js';
import { createPlan, requestSpend, setUpBudget } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { councilSurpluses } from '../../../domain/app/reports.js';
import { isConserved, readBalances } from '../../../domain/ledger.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

async function world() {
  const w = memoryWorld('2026-07-10T09:00:00.000Z');
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  const family = actors.family(plan.planId);
  const pot = async () => (await w.store.getPots(plan.planId)).find((p) => p.potId === 'SC');
  return { ...w, planId: plan.planId, family, pot };
}

describe('cessation', () => {
  it('voids pending approvals and returns the instalments dated after it; those before are still paid', async () => {
    // Prepare: four instalments paid; 22 July is before the cessation on 31 July, the rest after.
    const w = await world();
    const pending = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      amount: '600.00',
    });
    // Act
    const r = await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'moved_area',
      date: '2026-07-31',
    });
    const run = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2027-03-31',
    });
    // Assess: eight later instalments (3076.90) go back; 22 July (384.62) is still paid.
    expect(r.result).toMatchObject({
      ceased: { reason: 'moved_area', date: '2026-07-31' },
      unreleased: '384.62',
      committed: '0.00',
    });
    expect((await w.store.getSpend(w.planId, pending.result.spendId))?.status).toBe('voided');
    const pot = await w.pot();
    expect([pot?.allocated, pot?.unreleased, pot?.available, pot?.instalmentsPosted]).toEqual([
      '1923.10',
      '0.00',
      '1923.10',
      5,
    ]);
    expect(isConserved(readBalances(pot as never))).toBe(true);
    expect(run.result.posted).toBe(1 + 9); // SC's 22 July, and HL's nine months to March
  });

  it('refuses spends dated after it, and lists what is left as recoverable with the reason', async () => {
    // Prepare
    const w = await world();
    await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'moved_area',
      date: '2026-07-31',
    });
    // Act
    const late = requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), date: '2026-08-01' });
    const onTime = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      date: '2026-07-31',
    });
    const surpluses = await councilSurpluses(w.deps, actors.officer, COUNCIL);
    // Assess
    await expect(late).rejects.toMatchObject({ code: 'POT_CEASED' });
    expect(onTime.result.status).toBe('paid');
    expect(surpluses.items.find((s) => s.planId === w.planId)).toMatchObject({
      potId: 'SC',
      recoverable: '1493.48',
      reason: 'moved_area',
    });
  });

  it('lets a new pot of the same stream and mode start the day after', async () => {
    // Prepare
    const w = await world();
    await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'holder_request',
      date: '2026-09-30',
    });
    const adult = {
      period: { start: '2026-10-01', end: '2027-09-30' },
      pots: [
        {
          potId: 'ASC',
          stream: 'social_care' as const,
          funderId: COUNCIL,
          mode: 'direct_payment' as const,
          allocation: '3000.00',
          schedule: { frequency: 'monthly' as const },
        },
      ],
    };
    // Act
    const budget = await setUpBudget(w.deps, w.ctx(actors.officer), w.planId, adult);
    // Assess
    expect(budget.result.pots.map((p) => p.potId)).toContain('ASC');
    await expect(
      setUpBudget(w.deps, w.ctx(actors.officer), w.planId, {
        ...adult,
        period: { start: '2026-09-30', end: '2027-09-29' },
        pots: [{ ...adult.pots[0], potId: 'ASC2' }] as never,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_BUDGET' });
  });

  it('is recorded once: a second cessation is refused', async () => {
    // Prepare
    const w = await world();
    await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', { reason: 'death', date: '2026-07-31' });
    // Act and assess
    await expect(
      cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', { reason: 'death', date: '2026-07-31' }),
    ).rejects.toMatchObject({
      code: 'POT_CEASED',
    });
  });
});
