// Proves the council's figures (issue 10): a council reconciliation read from them gives the same
// report as one that reads every pot, for any range, without reading a single pot or pot summary.
import { describe, expect, it, vi } from 'vitest';
import { councilReconciliation } from '../../../domain/app/reconciliations.js';
import { generateCouncil } from '../../../local/generate.js';
import { memoryWorld } from '../../support/harness.js';

const COUNCIL = 'LA-FIG';
const officer = { sub: 'o', role: 'council_officer' as const, org: COUNCIL, plans: [] };

async function council() {
  const w = memoryWorld('2026-10-31T18:00:00.000Z');
  await generateCouncil(w.deps, {
    councilId: COUNCIL,
    icbId: 'ICB-FIG',
    brokerId: 'BRK-FIG',
    plans: 12,
    entries: 5,
    upTo: '2026-10-31',
    spendMonth: '2026-09',
    seed: 11,
  });
  return w;
}

describe('council figures', () => {
  it('give the report the pots give, for the whole budget and for ranges ending inside a month', async () => {
    // Prepare
    const w = await council();
    for (const range of [
      {},
      { from: '2026-04-01', to: '2026-06-30' },
      { from: '2026-05-10', to: '2026-09-17' },
    ]) {
      // Act
      const quick = await councilReconciliation(w.deps, officer, COUNCIL, range);
      const verified = await councilReconciliation(w.deps, officer, COUNCIL, range, { verify: 'pots' });
      // Assess
      expect(verified.figuresAgree).toBe(true);
      expect(verified.balanced).toBe(true);
      const { verified: _a, figuresAgree: _b, summaryMismatches: _c, unbalancedPots: _d, ...pots } = verified;
      const { verified: _e, summaryMismatches: _f, unbalancedPots: _g, ...figures } = quick;
      expect(figures).toEqual(pots);
      expect(quick.plans).toBe(12);
    }
    const whole = await councilReconciliation(w.deps, officer, COUNCIL, {});
    expect([whole.totals.spent === '0.00', whole.spendByOutcomeDomain.length > 0]).toEqual([false, true]);
  });

  it('read no pot and no pot summary unless asked to verify the pots', async () => {
    // Prepare
    const w = await council();
    const pots = vi.spyOn(w.store, 'listCouncilPots');
    const summaries = vi.spyOn(w.store, 'listSummaries');
    // Act
    await councilReconciliation(w.deps, officer, COUNCIL, { from: '2026-05-10', to: '2026-09-17' });
    const quickReads = [pots.mock.calls.length, summaries.mock.calls.length];
    await councilReconciliation(w.deps, officer, COUNCIL, {}, { verify: 'pots' });
    // Assess
    expect(quickReads).toEqual([0, 0]);
    expect(pots).toHaveBeenCalledTimes(1);
    expect(summaries.mock.calls.length).toBeGreaterThan(0);
  });
});
