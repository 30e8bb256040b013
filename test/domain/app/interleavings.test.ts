// Proves truthful answers under races, with the interleaving forced: a request that loses a race
// on a reservation is told the spend's state (never INSUFFICIENT_FUNDS), and overlapping
// instalment runs count every instalment due as posted or already posted.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../adapters/memory-store.js';
import { cease } from '../../../domain/app/cessation.js';
import { actOnSpend, createPlan, requestSpend } from '../../../domain/app/commands.js';
import { instalmentClaim } from '../../../domain/app/instalment-claims.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import type { UnitOfWork } from '../../../domain/ports.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

/** A store that runs `interleave` once, just before the next commit reaches it. */
class InterleavingStore extends MemoryStore {
  interleave: (() => Promise<void>) | undefined;
  /** Runs `interleave` before the first commit this accepts (every commit when not set). */
  interleaveBefore: ((unit: UnitOfWork) => boolean) | undefined;
  override async commit(unit: UnitOfWork): Promise<void> {
    const other = this.interleave;
    if (other && (this.interleaveBefore?.(unit) ?? true)) {
      this.interleave = undefined;
      await other();
    }
    return super.commit(unit);
  }
}

async function world() {
  const w = memoryWorld();
  const store = new InterleavingStore();
  w.deps.store = store;
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  return { ...w, store, planId: plan.planId, family: actors.family(plan.planId) };
}

describe('a race on one reservation', () => {
  it.each([
    ['pay', 'void', 'voided'],
    ['void', 'pay', 'paid'],
  ] as const)(
    'tells the loser of a %s-versus-%s race what the spend became (%s)',
    async (loser, winner, became) => {
      const w = await world();
      await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
      const { result: spend } = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
        ...spendInput(),
        paid: false,
      });
      w.store.interleave = async () => {
        await actOnSpend(w.deps, w.ctx(w.family), w.planId, spend.spendId, winner, {});
      };
      const losing = actOnSpend(w.deps, w.ctx(w.family), w.planId, spend.spendId, loser, {});
      await expect(losing).rejects.toMatchObject({ code: 'SPEND_STATE_CONFLICT' });
      expect((await w.store.getSpend(w.planId, spend.spendId))?.status).toBe(became);
    },
  );
});

describe('overlapping instalment runs', () => {
  it('count every instalment due as posted or already posted, and post each once', async () => {
    const w = await world();
    let second: Awaited<ReturnType<typeof runInstalments>> | undefined;
    w.store.interleave = async () => {
      second = await runInstalments(w.deps, w.ctx(actors.officer), {
        councilId: COUNCIL,
        upTo: '2026-06-30',
      });
    };
    const first = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-06-30',
    });
    // SC has 4 four-weekly and HL 3 monthly instalments due by 2026-06-30 (DESIGN.md section 8).
    const due = 7;
    expect(first.result.posted + first.result.alreadyPosted).toBe(due);
    expect((second?.result.posted ?? 0) + (second?.result.alreadyPosted ?? 0)).toBe(due);
    expect(first.result.posted + (second?.result.posted ?? 0)).toBe(due);
    const pots = await w.store.getPots(w.planId);
    expect(pots.find((p) => p.potId === 'SC')?.available).toBe('1538.48');
    expect(pots.find((p) => p.potId === 'HL')?.available).toBe('750.00');
  });

  it('counts a pot ceased while the run posts it once: what its schedule still had due, no more', async () => {
    // Prepare: SC ceases on 2026-05-20 just before the run posts its instalment of 2026-05-27.
    const w = await world();
    w.store.interleaveBefore = (unit) =>
      unit.writes.some(
        (x) =>
          x.kind === 'put_if_absent' &&
          x.record.type === 'claim' &&
          x.record.name === instalmentClaim('SC', '2026-05-27'),
      );
    w.store.interleave = async () => {
      await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
        reason: 'moved_area',
        date: '2026-05-20',
      });
    };
    // Act
    const first = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-06-30',
    });
    const again = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-06-30',
    });
    // Assess: SC has 2 instalments dated on or before its cessation, HL 3 monthly ones.
    expect(w.store.interleave).toBeUndefined();
    expect(first.result.posted).toBe(5);
    expect(first.result.posted + first.result.alreadyPosted).toBe(5);
    expect([again.result.posted, again.result.alreadyPosted]).toEqual([0, 5]);
  });
});

describe('a race for the last of a pot, out of time', () => {
  it('answers INSUFFICIENT_FUNDS when the money went while the request ran past its retry budget', async () => {
    const w = await world();
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    const available = (await w.store.getPots(w.planId)).find((p) => p.potId === 'SC')?.available ?? '';
    // Another spend takes all but 50.00 between this spend's decision and its commit, on a
    // machine slow enough that the retry budget (3 s) is spent by then.
    w.store.interleave = async () => {
      const rest = (Number(available) - 50).toFixed(2);
      await requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), amount: rest });
      w.clock.set(new Date(w.clock.now().getTime() + 4_000).toISOString());
    };
    const late = requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), amount: '100.00' });
    await expect(late).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect((await w.store.getPots(w.planId)).find((p) => p.potId === 'SC')?.available).toBe('50.00');
  });
});
