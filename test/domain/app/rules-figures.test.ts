// Proves the rules of DESIGN.md section 11a about a plan's size and its figures, in memory:
// sufficiency holds after set-up, plans are bounded, a return waits for its quarter to end, and
// spend is reported by outcome domain.
import { describe, expect, it } from 'vitest';
import { amend } from '../../../domain/app/amendments.js';
import { adjustAllocation, requestSpend } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { councilReconciliation } from '../../../domain/app/reconciliations.js';
import { submitReturn } from '../../../domain/app/returns.js';
import type { Provision } from '../../../domain/model.js';
import { planOutcomesMax, planProvisionsMax } from '../../../domain/plan-bounds.js';
import { section8Budget, section8World } from '../../support/harness.js';
import { actors, COUNCIL, spendInput } from '../../support/section8.js';

describe('sufficiency after set-up', () => {
  it('refuses a cut below the pro-rata cost of the stream’s costed provisions unless a shortfall reason is given, and lists it', async () => {
    // Prepare: short breaks cost 4,500.00 a year; SC holds 5,000.00 for the whole year.
    const w = await section8World('2015-03-02', { H1: '4500.00' });
    await section8Budget(w, w.planId);
    // Act
    const cut = adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-600.00',
      reason: 'fewer sessions',
      effectiveDate: '2026-11-29',
    });
    await expect(cut).rejects.toMatchObject({
      code: 'ALLOCATION_BELOW_COST',
      fields: [{ path: 'amount' }],
    });
    expect((await w.store.getPots(w.planId)).find((p) => p.potId === 'SC')?.allocated).toBe('5000.00');
    const small = await adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-500.00',
      reason: 'fewer sessions',
      effectiveDate: '2026-11-29',
    });
    const explained = await adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-100.00',
      reason: 'fewer sessions',
      effectiveDate: '2026-11-29',
      shortfallReason: 'The family asked for fewer sessions',
    });
    // Assess
    expect(small.result.pot.allocated).toBe('4500.00');
    expect(explained.result.pot.allocated).toBe('4400.00');
    const sc = (await w.store.getPots(w.planId)).find((p) => p.potId === 'SC');
    expect(sc?.shortfall).toEqual({
      cost: '4500.00',
      allocation: '4400.00',
      shortfall: '100.00',
      reason: 'The family asked for fewer sessions',
    });
    const council = await councilReconciliation(w.deps, actors.officer, COUNCIL, {
      from: '2026-04-01',
      to: '2027-03-31',
    });
    expect(council.shortfalls).toEqual([
      expect.objectContaining({
        planId: w.planId,
        potId: 'SC',
        shortfall: '100.00',
        reason: 'The family asked for fewer sessions',
      }),
    ]);
  });

  it('refuses an amendment that raises a provision’s cost above the allocation unless a shortfall reason is given', async () => {
    // Prepare
    const w = await section8World('2015-03-02', { H1: '4500.00' });
    await section8Budget(w, w.planId);
    const raise = {
      reason: 'More short breaks',
      effectiveFrom: '2026-12-01',
      updateProvisions: [{ id: 'H1', annualCost: '5400.00' }],
    };
    // Act
    const refused = amend(w.deps, w.ctx(actors.officer), w.planId, raise);
    await expect(refused).rejects.toMatchObject({ code: 'ALLOCATION_BELOW_COST' });
    expect((await w.store.getPlan(w.planId))?.version).toBe(1);
    const done = await amend(w.deps, w.ctx(actors.officer), w.planId, {
      ...raise,
      shortfallReason: 'Funding agreed from January',
    });
    // Assess
    expect(done.result.version).toBe(2);
    expect((await w.store.getPots(w.planId)).find((p) => p.potId === 'SC')?.shortfall).toMatchObject({
      cost: '5400.00',
      allocation: '5000.00',
      shortfall: '400.00',
      reason: 'Funding agreed from January',
    });
  });
});

describe('bounded plans', () => {
  const provisions = (from: number, count: number, description = 'Tuition'): Provision[] =>
    Array.from({ length: count }, (_, i) => ({
      id: `P${from + i}`,
      section: 'F',
      stream: 'education',
      description,
      outcomeIds: ['O1'],
      categories: ['tuition'],
    }));

  it(`holds at most ${planProvisionsMax} provisions and ${planOutcomesMax} outcomes over all versions`, async () => {
    // Prepare: the plan holds 3 provisions; 197 more make 200, retired ones included.
    const w = await section8World();
    await amend(w.deps, w.ctx(actors.officer), w.planId, {
      reason: 'More tuition',
      effectiveFrom: '2026-12-01',
      addProvisions: provisions(0, 100),
    });
    await amend(w.deps, w.ctx(actors.officer), w.planId, {
      reason: 'More tuition',
      effectiveFrom: '2026-12-01',
      addProvisions: provisions(100, 97),
      retireProvisionIds: ['P0', 'P1'],
    });
    // Act
    const past = amend(w.deps, w.ctx(actors.officer), w.planId, {
      reason: 'One more',
      effectiveFrom: '2026-12-01',
      addProvisions: provisions(200, 1),
    });
    // Assess
    await expect(past).rejects.toMatchObject({ code: 'PLAN_TOO_LARGE', fields: [{ path: 'addProvisions' }] });
    const plan = await w.store.getPlan(w.planId);
    expect([plan?.version, plan?.provisions.length]).toEqual([3, planProvisionsMax]);
  });

  it('refuses the amendment that would pass what one stored item holds, with PLAN_TOO_LARGE', async () => {
    // Prepare: amendments of about 55 KB each (the body limit is 64 KB).
    const w = await section8World();
    const outcomes: string[] = [];
    // Act
    for (let round = 0; round < 7; round++) {
      const large = amend(w.deps, w.ctx(actors.officer), w.planId, {
        reason: `Large amendment ${round + 1}`,
        effectiveFrom: '2026-12-01',
        addProvisions: provisions(round * 28, 28, 'x'.repeat(990)).map((p) => ({
          ...p,
          categories: Array.from({ length: 30 }, (_, i) => `category_${i}_${'y'.repeat(20)}`),
        })),
      });
      outcomes.push(
        await large.then(
          () => 'ok',
          (e: { code?: string }) => String(e.code),
        ),
      );
    }
    // Assess: the first ones fit; from the one that would pass the item limit on, each is refused.
    const firstRefused = outcomes.indexOf('PLAN_TOO_LARGE');
    expect(firstRefused).toBeGreaterThan(3);
    expect(outcomes.slice(0, firstRefused).every((o) => o === 'ok')).toBe(true);
    expect(outcomes.slice(firstRefused).every((o) => o === 'PLAN_TOO_LARGE')).toBe(true);
    expect((await w.store.getPlan(w.planId))?.version).toBe(firstRefused + 1);
  });
});

describe('returns', () => {
  it('refuses a return for a quarter not yet ended, and takes one for the quarter just ended', async () => {
    // Prepare: 29 November 2026 is inside 2026-Q3 (October to December).
    const w = await section8World();
    await section8Budget(w, w.planId);
    const family = actors.family(w.planId);
    const input = { bankBalance: '0.00', declaration: true as const };
    // Act
    const current = submitReturn(w.deps, w.ctx(family), w.planId, 'SC', { ...input, quarter: '2026-Q3' });
    const ended = await submitReturn(w.deps, w.ctx(family), w.planId, 'SC', { ...input, quarter: '2026-Q2' });
    // Assess
    await expect(current).rejects.toMatchObject({
      code: 'QUARTER_NOT_ENDED',
      fields: [{ path: 'quarter', message: 'not ended on 2026-11-29' }],
    });
    expect(ended.result.quarter).toBe('2026-Q2');
    expect((await w.store.listReturns(w.planId)).map((r) => r.quarter)).toEqual(['2026-Q2']);
  });
});

describe('spend by outcome domain', () => {
  it('counts only the spends dated inside the report’s range, from the figures and from the pots alike', async () => {
    // Prepare: community participation support bought in May, June and on 3 July.
    const w = await section8World();
    await section8Budget(w, w.planId);
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-07-31' });
    const family = actors.family(w.planId);
    for (const [date, amount] of [
      ['2026-05-03', '45.00'],
      ['2026-06-12', '30.00'],
      ['2026-07-03', '20.00'],
    ] as const)
      await requestSpend(w.deps, w.ctx(family), w.planId, { ...spendInput(), date, amount });
    for (const [range, spent] of [
      [{ from: '2026-06-01', to: '2026-06-30' }, '30.00'],
      [{ from: '2026-06-10', to: '2026-07-02' }, '30.00'],
      [{ from: '2026-05-01', to: '2026-07-31' }, '95.00'],
      [{ from: '2026-08-01', to: '2026-09-30' }, undefined],
    ] as const) {
      // Act
      const quick = await councilReconciliation(w.deps, actors.officer, COUNCIL, range);
      const verified = await councilReconciliation(w.deps, actors.officer, COUNCIL, range, {
        verify: 'pots',
      });
      // Assess
      const expected = spent === undefined ? [] : [{ domain: 'community_participation', spent }];
      expect([range, quick.spendByOutcomeDomain]).toEqual([range, expected]);
      expect([range, verified.spendByOutcomeDomain]).toEqual([range, expected]);
      expect(verified.figuresAgree).toBe(true);
    }
  });
});
