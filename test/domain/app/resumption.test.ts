// Proves resumption (DESIGN.md section 9a): instalments missed while suspended are released by the
// next run, or withheld: returned to the funder in one entry, the schedule moving past them, the
// surplus threshold unchanged, and the pot's buckets still adding up to its allocation.
import { describe, expect, it } from 'vitest';
import { createPlan, setSuspension } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { getPlan } from '../../../domain/app/queries.js';
import { resume } from '../../../domain/app/resumption.js';
import { isConserved, readBalances } from '../../../domain/ledger.js';
import { defaultPolicy } from '../../../domain/policy.js';
import { surplusOf } from '../../../domain/reports.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput } from '../../support/section8.js';

async function suspended() {
  // Paid to 30 June (four instalments), suspended, resumed on 20 August: 22 July and 19 August missed.
  const w = memoryWorld('2026-07-01T09:00:00.000Z');
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  await setSuspension(w.deps, w.ctx(actors.officer), plan.planId, 'SC', true, 'return overdue');
  w.clock.set('2026-08-20T09:00:00.000Z');
  const pot = async () => (await w.store.getPots(plan.planId)).find((p) => p.potId === 'SC');
  return { ...w, planId: plan.planId, pot };
}

describe('resumption', () => {
  it('withholds the missed instalments: back to the funder, the schedule past them, the threshold kept', async () => {
    // Prepare
    const w = await suspended();
    const thresholdBefore = surplusOf((await w.pot()) as never, defaultPolicy)?.threshold;
    // Act
    const r = await resume(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'return received',
      missedInstalments: 'withhold',
    });
    // Assess: 2 × 384.62 withheld; the next instalment is 16 September.
    expect(r.result).toMatchObject({
      suspended: false,
      allocated: '4230.76',
      unreleased: '2692.28',
      available: '1538.48',
    });
    expect(r.result.schedule).toMatchObject({ posted: 6, next: { date: '2026-09-16', amount: '384.62' } });
    const pot = await w.pot();
    expect([pot?.withheld, surplusOf(pot as never, defaultPolicy)?.threshold]).toEqual([
      '769.24',
      thresholdBefore,
    ]);
    expect(isConserved(readBalances(pot as never))).toBe(true);
    const run = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-08-31',
    });
    expect(run.result.posted).toBe(2); // HL's 1 July and 1 August only: SC's missed ones are gone.
  });

  it('releases the missed instalments to the next run', async () => {
    // Prepare
    const w = await suspended();
    // Act
    await resume(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'return received',
      missedInstalments: 'release',
    });
    const run = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-08-31',
    });
    // Assess
    expect(run.result.posted).toBe(4); // SC's two missed, and HL's 1 July and 1 August
    expect(
      (await getPlan(w.deps, actors.officer, w.planId)).pots.find((p) => p.potId === 'SC')?.available,
    ).toBe('2307.72');
  });

  it('refuses a pot that is not suspended', async () => {
    // Prepare
    const w = await suspended();
    await resume(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'x',
      missedInstalments: 'release',
    });
    // Act and assess
    await expect(
      resume(w.deps, w.ctx(actors.officer), w.planId, 'SC', { reason: 'x', missedInstalments: 'withhold' }),
    ).rejects.toMatchObject({ code: 'POT_NOT_SUSPENDED' });
  });
});
