// Proves reductions with notice (DESIGN.md section 9a): an adjustment dated ahead of today waits,
// then posts on its date at the next run, and only the instalments dated on or after it share the
// change; one dated today or earlier posts at once, as before.
import { describe, expect, it } from 'vitest';
import { adjustAllocation, createPlan } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { listAudit } from '../../../domain/app/queries.js';
import { isConserved, readBalances } from '../../../domain/ledger.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput } from '../../support/section8.js';

async function world() {
  const w = memoryWorld('2026-07-01T09:00:00.000Z');
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  const sc = async () => (await w.store.getPots(plan.planId)).find((p) => p.potId === 'SC');
  return { ...w, planId: plan.planId, sc };
}

describe('reductions with notice', () => {
  it('wait for their date, then only the instalments dated on or after it share the change', async () => {
    // Prepare
    const w = await world();
    // Act
    const scheduled = await adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-900.00',
      reason: 'review: fewer short breaks',
      effectiveDate: '2026-09-01',
      noticeGiven: '2026-07-01',
    });
    const summer = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-08-31',
    });
    const autumn = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-09-30',
    });
    // Assess: 22 July and 19 August are paid as scheduled (384.62); from 1 September the 1,792.28
    // still unreleased is shared by the seven instalments left: 256.04 each.
    expect(scheduled.result).toMatchObject({ status: 'scheduled', effectiveDate: '2026-09-01' });
    expect(scheduled.result.pot).toMatchObject({
      allocated: '5000.00',
      scheduledAdjustments: [{ amount: '-900.00' }],
    });
    expect(summer.result.amount).toBe('1269.24'); // SC 2 × 384.62 + HL 2 × 250.00
    expect(autumn.result.amount).toBe('506.04'); // SC 256.04 + HL 250.00
    const sc = await w.sc();
    expect([sc?.allocated, sc?.unreleased, sc?.scheduledAdjustments]).toEqual([
      '4100.00',
      '1536.24',
      undefined,
    ]);
    expect(isConserved(readBalances(sc as never))).toBe(true);
    const adjust = (await listAudit(w.deps, actors.officer, w.planId, { limit: 50 })).entries.find(
      (e) => e.kind === 'adjust',
    );
    expect(adjust?.effectiveDate).toBe('2026-09-01');
  });

  it('post at once when dated today or earlier', async () => {
    // Prepare
    const w = await world();
    // Act
    const now = await adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-100.00',
      reason: 'review',
      effectiveDate: '2026-07-01',
    });
    // Assess
    expect(now.result).toMatchObject({ status: 'posted', pot: { allocated: '4900.00' } });
  });
});
