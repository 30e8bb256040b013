// Proves the pure report arithmetic: reconciliation totals and the balanced check, a broker's client
// money, the surplus threshold and what is recoverable, and summary mismatches named by pot.
import { describe, expect, it } from 'vitest';
import { reconcileAsAt } from '../../domain/as-at.js';
import { defaultPolicy } from '../../domain/policy.js';
import { clientMoney, reconcile, summaryMismatches, surplusOf } from '../../domain/reports.js';
import { potFixture } from '../support/fixtures.js';

describe('reconcile', () => {
  it('sums pots by funder, stream and mode and finds them balanced', () => {
    // Prepare
    const pots = [
      potFixture(),
      potFixture({ planId: 'P2' }),
      potFixture({
        potId: 'EDU',
        stream: 'education',
        mode: 'notional',
        schedule: undefined,
        unreleased: '0.00',
        available: '6000.00',
        spent: '0.00',
        allocated: '6000.00',
      }),
    ];
    // Act
    const r = reconcile(pots, []);
    // Assess
    expect(r.rows.map((row) => [row.stream, row.mode, row.pots, row.allocated])).toEqual([
      ['education', 'notional', 1, '6000.00'],
      ['social_care', 'direct_payment', 2, '10000.00'],
    ]);
    expect(r.totals.allocated).toBe('16000.00');
    expect([r.balanced, r.unbalancedPots, r.plans, r.pots]).toEqual([true, [], 2, 3]);
  });

  it('names a pot whose buckets do not add up to its allocation', () => {
    // Prepare
    const broken = potFixture({ planId: 'P9', spent: '46.00' });
    // Act
    const r = reconcile([potFixture(), broken], []);
    // Assess
    expect([r.balanced, r.unbalancedPots]).toEqual([false, [{ planId: 'P9', potId: 'SC' }]]);
  });
});

describe('reconcileAsAt', () => {
  it('lets a past position stand below zero, but names a stored pot that breaks invariant 2', () => {
    // Prepare: support dated before its instalment leaves April's available below zero.
    const april = potFixture({ unreleased: '4615.38', available: '-65.38', spent: '450.00' });
    const negative = potFixture({ planId: 'P9', available: '-1.00', unreleased: '5001.00', spent: '0.00' });
    // Act
    const past = reconcileAsAt([potFixture()], [april], []);
    const broken = reconcileAsAt([potFixture(), negative], [april, potFixture({ planId: 'P9' })], []);
    // Assess
    expect([past.balanced, past.unbalancedPots]).toEqual([true, []]);
    expect([broken.balanced, broken.unbalancedPots]).toEqual([false, [{ planId: 'P9', potId: 'SC' }]]);
  });
});

describe('clientMoney', () => {
  it("totals the cash a broker holds, exactly the sum of its pots' available and committed", () => {
    // Prepare
    const held = (planId: string, available: string, committed: string) =>
      potFixture({ planId, mode: 'third_party', holderId: 'BRK-7', available, committed });
    // Act
    const r = clientMoney('BRK-7', [held('P1', '0.10', '0.20'), held('P2', '100.00', '0.05'), potFixture()]);
    // Assess
    expect(r.clients.map((c) => [c.planId, c.held])).toEqual([
      ['P1', '0.30'],
      ['P2', '100.05'],
    ]);
    expect(r.total).toBe('100.35');
  });
});

describe('surplusOf', () => {
  it('gives the 8-week threshold of the design and what lies above it', () => {
    // Prepare: DESIGN.md section 8, SC: 5000.00 over 52 weeks, 8 weeks = 769.23.
    const pot = potFixture({ available: '1000.00' });
    // Act
    const s = surplusOf(pot, defaultPolicy);
    // Assess
    expect([s?.threshold, s?.recoverable]).toEqual(['769.23', '230.77']);
  });

  it('has nothing to recover below the threshold, and no threshold for pots that are not direct payments', () => {
    // Act and assess
    expect(surplusOf(potFixture({ available: '769.23' }), defaultPolicy)?.recoverable).toBe('0.00');
    expect(surplusOf(potFixture({ mode: 'notional', schedule: undefined }), defaultPolicy)).toBeUndefined();
  });
});

describe('summaryMismatches', () => {
  it('names a pot whose month summaries do not add up to its balances', () => {
    // Prepare
    const pot = potFixture({ allocated: '10.00', unreleased: '0.00', available: '10.00', spent: '0.00' });
    const month = (values: Record<string, string>) => ({
      kind: 'month' as const,
      planId: 'P1',
      potId: 'SC',
      councilId: 'LA-001',
      funderId: 'LA-001',
      key: '2026-04',
      labels: {},
      values,
    });
    // Act and assess
    expect(summaryMismatches([pot], [month({ allocated: '10.00', available: '10.00' })])).toEqual([]);
    expect(summaryMismatches([pot], [month({ allocated: '10.00', available: '9.99' })])).toEqual([
      { planId: 'P1', potId: 'SC' },
    ]);
  });
});
