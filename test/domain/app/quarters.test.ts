// Proves that report flows stay inside the budget period: for random sequences of every movement,
// with random dates and a clock that runs past the period end, the four quarters of the period sum
// to each pot's totals, and dates outside the period are refused with OUTSIDE_BUDGET_PERIOD.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cease } from '../../../domain/app/cessation.js';
import {
  actOnSpend,
  adjustAllocation,
  createPlan,
  recover,
  requestSpend,
  reverseEntry,
  setSuspension,
} from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { closeRecovery } from '../../../domain/app/recoveries.js';
import { resume } from '../../../domain/app/resumption.js';
import { addDays, financialQuarter } from '../../../domain/dates.js';
import { DomainError } from '../../../domain/errors.js';
import { isConserved, readBalances } from '../../../domain/ledger.js';
import { Money } from '../../../domain/money.js';
import { defaultPolicy } from '../../../domain/policy.js';
import { monitoringReturn } from '../../../domain/reports.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput } from '../../support/section8.js';

const periodStart = '2026-04-01';
const periodDays = 365;
/** Any day from a year before the period to a year after it. */
const anyDay = fc.integer({ min: -365, max: periodDays + 365 }).map((d) => addDays(periodStart, d));

type Step =
  | { kind: 'spend'; pence: number; date: string; paid: boolean }
  | { kind: 'pay'; target: number; date: string; part: number }
  | { kind: 'void' | 'approve'; target: number }
  | { kind: 'adjust'; pence: number; date: string; notice: boolean }
  | { kind: 'cease'; date: string }
  | { kind: 'recover'; pence: number; afterwards: 'settle' | 'withdraw' | 'wait' }
  | { kind: 'close'; target: number; action: 'settle' | 'withdraw' }
  | { kind: 'suspend' }
  | { kind: 'resume'; missed: 'release' | 'withhold' }
  | { kind: 'reverse'; target: number }
  | { kind: 'run'; upTo: string }
  | { kind: 'tick'; days: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('spend' as const),
    pence: fc.integer({ min: 1, max: 80_000 }),
    date: anyDay,
    paid: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('pay' as const),
    target: fc.nat(30),
    date: anyDay,
    part: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({ kind: fc.constantFrom('void' as const, 'approve' as const), target: fc.nat(30) }),
  fc.record({
    kind: fc.constant('adjust' as const),
    pence: fc.integer({ min: -50_000, max: 50_000 }),
    date: anyDay,
    notice: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('recover' as const),
    pence: fc.integer({ min: 1, max: 50_000 }),
    afterwards: fc.constantFrom('settle' as const, 'withdraw' as const, 'wait' as const),
  }),
  fc.record({ kind: fc.constant('reverse' as const), target: fc.nat(30) }),
  fc.record({ kind: fc.constant('run' as const), upTo: anyDay }),
  fc.record({ kind: fc.constant('tick' as const), days: fc.integer({ min: 1, max: 120 }) }),
  fc.record({
    kind: fc.constant('close' as const),
    target: fc.nat(10),
    action: fc.constantFrom('settle' as const, 'withdraw' as const),
  }),
  fc.record({ kind: fc.constant('suspend' as const) }),
  fc.record({ kind: fc.constant('cease' as const), date: anyDay }),
  fc.record({
    kind: fc.constant('resume' as const),
    missed: fc.constantFrom('release' as const, 'withhold' as const),
  }),
);

const quarters = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'];

describe('quarterly flows', () => {
  it('sum to every pot total for random sequences of every movement, dates and clock included', async () => {
    const kindsSeen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        async (steps, offsetSurplus) => {
          const w = memoryWorld('2026-04-01T09:00:00.000Z');
          // Half the runs offset surpluses against due instalments (entry kind offset).
          w.deps.policyOverrides = { [COUNCIL]: { offsetSurplus } };
          const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
          await section8Budget(w, plan.planId);
          const family = actors.family(plan.planId);
          const spends: string[] = [];
          const entries: string[] = [];
          const refusedOutsidePeriod: string[] = [];
          const recoveries: string[] = [];
          for (const s of steps) {
            try {
              switch (s.kind) {
                case 'tick':
                  w.clock.advanceDays(s.days);
                  break;
                case 'run':
                  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: s.upTo });
                  break;
                case 'spend': {
                  const r = await requestSpend(w.deps, w.ctx(family), plan.planId, {
                    potId: 'SC',
                    amount: Money.fromPence(BigInt(s.pence)).toString(),
                    date: s.date,
                    payee: 'Provider',
                    category: 'short_breaks',
                    outcomeId: 'O2',
                    provisionId: 'H1',
                    paid: s.paid,
                  });
                  spends.push(r.result.spendId);
                  break;
                }
                case 'pay':
                case 'void':
                case 'approve': {
                  const spendId = spends[s.target % Math.max(spends.length, 1)];
                  if (!spendId) break;
                  const spend = await w.store.getSpend(plan.planId, spendId);
                  const amount =
                    s.kind === 'pay' && spend
                      ? Money.fromPence(
                          (Money.of(spend.reserved).toPence() * BigInt(s.part)) / 100n || 1n,
                        ).toString()
                      : undefined;
                  await actOnSpend(
                    w.deps,
                    w.ctx(s.kind === 'approve' ? actors.officer : family),
                    plan.planId,
                    spendId,
                    s.kind,
                    s.kind === 'pay' ? { amount, date: s.date } : {},
                  );
                  break;
                }
                case 'adjust':
                  if (s.pence === 0) break;
                  await adjustAllocation(w.deps, w.ctx(actors.officer), plan.planId, 'SC', {
                    amount: Money.fromPence(BigInt(s.pence)).toString(),
                    reason: 'review',
                    effectiveDate: s.date,
                    // With notice and a later date, a reduction waits for the run on its day.
                    ...(s.notice ? { noticeGiven: addDays(s.date, -28) } : {}),
                  });
                  break;
                case 'cease':
                  await cease(w.deps, w.ctx(actors.officer), plan.planId, 'SC', {
                    reason: 'plan_ceased',
                    date: s.date,
                  });
                  break;
                case 'recover': {
                  // Due later than the clock: a notice (reserved); otherwise posted at once.
                  const r = await recover(w.deps, w.ctx(actors.officer), plan.planId, 'SC', {
                    amount: Money.fromPence(BigInt(s.pence)).toString(),
                    reason: 'surplus',
                    dueDate: '2026-12-31',
                  });
                  recoveries.push(r.result.recoveryId);
                  // Closing at once as well as later (the close step) reaches settlements often.
                  if (s.afterwards !== 'wait' && r.result.status === 'notified')
                    await closeRecovery(
                      w.deps,
                      w.ctx(actors.officer),
                      plan.planId,
                      'SC',
                      r.result.recoveryId,
                      s.afterwards,
                    );
                  break;
                }
                case 'close': {
                  const recoveryId = recoveries[s.target % Math.max(recoveries.length, 1)];
                  if (recoveryId)
                    await closeRecovery(
                      w.deps,
                      w.ctx(actors.officer),
                      plan.planId,
                      'SC',
                      recoveryId,
                      s.action,
                    );
                  break;
                }
                case 'suspend':
                  await setSuspension(w.deps, w.ctx(actors.officer), plan.planId, 'SC', true, 'review');
                  break;
                case 'resume':
                  await resume(w.deps, w.ctx(actors.officer), plan.planId, 'SC', {
                    reason: 'review',
                    missedInstalments: s.missed,
                  });
                  break;
                case 'reverse': {
                  const all = (await w.store.listEntries(plan.planId, { limit: 100 })).items.filter(
                    (e) => e.kind !== 'allocate' && e.kind !== 'reverse' && e.postings[0]?.potId === 'SC',
                  );
                  entries.splice(0, entries.length, ...all.map((e) => e.entryId));
                  const entryId = entries[s.target % Math.max(entries.length, 1)];
                  if (entryId) {
                    await reverseEntry(w.deps, w.ctx(actors.officer), plan.planId, entryId, {
                      reason: 'correction',
                    });
                  }
                  break;
                }
              }
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
              if (error.code === 'OUTSIDE_BUDGET_PERIOD') refusedOutsidePeriod.push(s.kind);
            }
          }
          const pot = (await w.store.getPots(plan.planId)).find((p) => p.potId === 'SC');
          if (!pot) throw new Error('no SC pot');
          for (const e of (await w.store.listEntries(plan.planId, { limit: 1000 })).items)
            kindsSeen.add(e.kind);
          const months = await w.store.listSummaries({ planId: plan.planId }, 'month');
          const returns = quarters.map((q) =>
            monitoringReturn(pot, months, [], { name: q, ...financialQuarter(q) }, defaultPolicy, false),
          );
          const sum = (field: 'spent' | 'recovered' | 'received') =>
            Money.sum(returns.map((r) => Money.of(r[field]))).toString();
          // Every movement lies inside the period, so the quarters hold all of it.
          expect(returns[0]?.opening).toBe('0.00');
          for (let i = 1; i < returns.length; i++) expect(returns[i]?.opening).toBe(returns[i - 1]?.closing);
          expect(returns.at(-1)?.closing).toBe(
            Money.of(pot.available).plus(Money.of(pot.committed)).toString(),
          );
          expect(sum('spent')).toBe(pot.spent);
          expect(sum('recovered')).toBe(pot.recovered);
          // Conservation with every new movement: the buckets add up to the allocation.
          expect(isConserved(readBalances(pot))).toBe(true);
          expect(refusedOutsidePeriod.every((k) => ['spend', 'pay', 'adjust', 'cease'].includes(k))).toBe(
            true,
          );
        },
      ),
      { numRuns: 400 },
    );
    // The sequences reach the lifecycle's movements, so the property covers them.
    for (const kind of ['recovery_notice', 'recovery_settle', 'withhold', 'deallocate', 'offset', 'reverse'])
      expect([...kindsSeen], kind).toContain(kind);
  });
});
