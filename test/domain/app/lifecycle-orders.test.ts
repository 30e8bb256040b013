// Proves the lifecycle's money in the orders found broken from outside (DESIGN.md section 11a,
// issue 22): concurrent cessations take effect once, a run applies a reduction at its own date,
// a withhold after a cessation returns the schedule's amounts, approvals racing a cessation are
// voided or refused, a ceased pot takes no adjustment and shows no next instalment once its
// schedule is done, and the monitoring return's threshold is the surpluses report's.
import { describe, expect, it } from 'vitest';
import { cease } from '../../../domain/app/cessation.js';
import { actOnSpend, createPlan, requestSpend, setSuspension } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { adjustAllocation, reverseEntry } from '../../../domain/app/pots.js';
import { listRecoveries, recover } from '../../../domain/app/recoveries.js';
import { councilMonitoringReturns } from '../../../domain/app/reports.js';
import { resume } from '../../../domain/app/resumption.js';
import { potView } from '../../../domain/app/views.js';
import { isConserved, readBalances } from '../../../domain/ledger.js';
import type { JournalEntry, Pot } from '../../../domain/model.js';
import { defaultPolicy } from '../../../domain/policy.js';
import { potSurplusThreshold } from '../../../domain/pot-schedule.js';
import { surplusOf } from '../../../domain/reports.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

// SC: a four-weekly direct payment of 5000.00 from 1 April 2026 (13 instalments: seven of 384.62,
// six of 384.61); four are paid by the run to 30 June.
async function world(now = '2026-07-01T09:00:00.000Z') {
  const w = memoryWorld(now);
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  const pot = async () => (await w.store.getPots(plan.planId)).find((p) => p.potId === 'SC') as Pot;
  const entries = async (): Promise<JournalEntry[]> =>
    (await w.store.listEntries(plan.planId, { limit: 1000 })).items.filter(
      (e) => e.postings[0]?.potId === 'SC',
    );
  return { ...w, planId: plan.planId, family: actors.family(plan.planId), pot, entries };
}

const settle = <T>(p: Promise<T>) =>
  p.then(
    (v) => ({ ok: true as const, v }),
    (e: { code?: string }) => ({ ok: false as const, code: e.code }),
  );

describe('lifecycle money in every order', () => {
  it('takes effect once when ten cessations of one pot arrive together; the others are POT_CEASED', async () => {
    // Prepare
    const w = await world();
    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        settle(
          cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', { reason: 'moved_area', date: '2026-08-31' }),
        ),
      ),
    );
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2027-03-31' });
    // Assess: one wins; 22 July and 19 August (769.24) are still paid, the rest went back once.
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.code))).toEqual(
      Array(9).fill('POT_CEASED'),
    );
    const pot = await w.pot();
    expect([pot.allocated, pot.unreleased, pot.available, pot.instalmentsPosted]).toEqual([
      '2307.72',
      '0.00',
      '2307.72',
      6,
    ]);
    expect((await w.entries()).filter((e) => e.kind === 'deallocate')).toHaveLength(1);
    expect(isConserved(readBalances(pot))).toBe(true);
  });

  it('applies a reduction with notice at its own date inside a run: earlier instalments keep their amounts', async () => {
    // Prepare: a cut of 769.24 from 6 January; one run covers July to January.
    const w = await world();
    await adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-769.24',
      reason: 'reduced at review',
      effectiveDate: '2027-01-06',
      noticeGiven: '2026-07-01',
    });
    // Act
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2027-01-31' });
    // Assess: July to December at their schedule amounts; January and later share what is left.
    const paid = (await w.entries())
      .filter((e) => e.kind === 'instalment')
      .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate))
      .map((e) => [e.effectiveDate, e.postings.find((p) => p.account === 'available')?.amount]);
    expect(paid.slice(4)).toEqual([
      ['2026-07-22', '384.62'],
      ['2026-08-19', '384.62'],
      ['2026-09-16', '384.62'],
      ['2026-10-14', '384.61'],
      ['2026-11-11', '384.61'],
      ['2026-12-09', '384.61'],
      ['2027-01-06', '128.20'],
    ]);
    const pot = await w.pot();
    expect([pot.unreleased, pot.scheduledAdjustments]).toEqual(['256.39', undefined]);
    expect(potView(pot).schedule?.next).toEqual({ date: '2027-02-03', amount: '128.20' });
  });

  it('withholds, after a cessation, exactly the schedule amounts of the missed instalments', async () => {
    // Prepare: suspended after 30 June, ceased on 31 August, resumed with withhold on 20 September.
    const w = await world();
    await setSuspension(w.deps, w.ctx(actors.officer), w.planId, 'SC', true, 'return overdue');
    await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'holder_request',
      date: '2026-08-31',
    });
    w.clock.set('2026-09-20T09:00:00.000Z');
    // Act
    await resume(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'return received',
      missedInstalments: 'withhold',
    });
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2027-03-31' });
    // Assess: 22 July and 19 August (2 × 384.62) withheld; nothing more is paid.
    const pot = await w.pot();
    // The deallocation (2692.28) and the withhold (769.24) are both kept as withheld.
    expect([pot.withheld, pot.unreleased, pot.available]).toEqual(['3461.52', '0.00', '1538.48']);
    const withhold = (await w.entries()).find((e) => e.kind === 'withhold');
    expect(withhold?.postings.find((p) => p.account === 'funder')?.amount).toBe('769.24');
    expect((await w.entries()).filter((e) => e.kind === 'instalment')).toHaveLength(4);
    expect(potView(pot).schedule?.next).toBeNull();
  });

  it('voids an approval that raced a cessation, or refuses it POT_CEASED; never pays from the ceased pot', async () => {
    for (let round = 0; round < 4; round++) {
      // Prepare: a spend above the limit waits for approval.
      const w = await world();
      const pending = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
        ...spendInput(),
        amount: '600.00',
        paid: false,
      });
      // Act: the approval, a second spend and the cessation race, in turns.
      const racers = [
        settle(actOnSpend(w.deps, w.ctx(actors.officer), w.planId, pending.result.spendId, 'approve', {})),
        settle(
          requestSpend(w.deps, w.ctx(w.family), w.planId, {
            ...spendInput(),
            amount: '700.00',
            date: '2026-07-02',
          }),
        ),
        settle(
          cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', { reason: 'misuse', date: '2026-07-01' }),
        ),
      ];
      if (round % 2 === 1) racers.reverse();
      const answers = await Promise.all(racers);
      const pay = await settle(
        actOnSpend(w.deps, w.ctx(actors.officer), w.planId, pending.result.spendId, 'pay', {}),
      );
      // Assess
      const cessation = answers.find((a) => a.ok && 'ceased' in (a.v as { result: object }).result);
      expect(cessation).toBeDefined();
      for (const a of answers) if (!a.ok) expect(a.code).toBe('POT_CEASED');
      expect(pay).toMatchObject({ ok: false });
      const spends = (await w.store.listSpends(w.planId)).filter((s) => s.potId === 'SC');
      expect(spends.filter((s) => s.status === 'pending_approval' || s.status === 'approved')).toEqual([]);
      // Nothing was paid: the approval came before the cessation (and was voided by it) or after it.
      expect(spends.filter((s) => s.status === 'paid')).toEqual([]);
      const pot = await w.pot();
      expect([pot.committed, pot.spent]).toEqual(['0.00', '0.00']);
      expect(isConserved(readBalances(pot))).toBe(true);
    }
  });

  it('refuses an adjustment of a ceased pot, and shows no next instalment once its schedule is done', async () => {
    // Prepare
    const w = await world();
    const ceased = await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'death',
      date: '2026-07-01',
      noticeGiven: '2026-06-30',
    });
    // Act
    const topUp = adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '100.00',
      reason: 'top-up',
    });
    // Assess
    await expect(topUp).rejects.toMatchObject({ code: 'POT_CEASED' });
    expect(ceased.result.schedule).toMatchObject({ instalments: 4, posted: 4, next: null });
    expect((await w.pot()).ceased).toMatchObject({ date: '2026-07-01', noticeGiven: '2026-06-30' });
    const event = (await w.store.listEvents(w.planId, { limit: 50 })).items.find((e) => e.kind === 'ceased');
    expect(event?.details).toMatchObject({ noticeGiven: '2026-06-30' });
  });

  it('gives the monitoring return and the surpluses report one threshold, not lowered by withheld money', async () => {
    // Prepare: two instalments withheld.
    const w = await world();
    await setSuspension(w.deps, w.ctx(actors.officer), w.planId, 'SC', true, 'return overdue');
    w.clock.set('2026-08-20T09:00:00.000Z');
    await resume(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'back',
      missedInstalments: 'withhold',
    });
    // Act
    const returns = await councilMonitoringReturns(w.deps, actors.officer, COUNCIL, '2026-Q2', { limit: 50 });
    // Assess: 8 weeks of 5000.00 over 52 weeks, in both.
    const pot = await w.pot();
    expect(potSurplusThreshold(pot, defaultPolicy.surplusWeeks)?.toString()).toBe('769.23');
    expect(surplusOf(pot, defaultPolicy)?.threshold).toBe('769.23');
    expect(returns.items.find((r) => r.planId === w.planId && r.potId === 'SC')?.threshold).toBe('769.23');
  });

  it('posts a reversed instalment again at the next run inside the period', async () => {
    // Prepare: 24 June's instalment is reversed.
    const w = await world();
    const june = (await w.entries()).find((e) => e.kind === 'instalment' && e.effectiveDate === '2026-06-24');
    await reverseEntry(w.deps, w.ctx(actors.officer), w.planId, june?.entryId ?? '', {
      reason: 'wrong account',
    });
    // Act
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    // Assess: posted again at its own date and amount; the schedule's next instalment is unchanged.
    const again = (await w.entries()).filter(
      (e) => e.kind === 'instalment' && e.effectiveDate === '2026-06-24',
    );
    expect(again).toHaveLength(2);
    const pot = await w.pot();
    expect([pot.available, pot.unreleased, pot.reversedInstalments]).toEqual([
      '1538.48',
      '3461.52',
      undefined,
    ]);
    expect(potView(pot).schedule?.next).toEqual({ date: '2026-07-22', amount: '384.62' });
  });

  it('closes the period: the first run after its end returns what is still unreleased', async () => {
    // Prepare: a reversed instalment's money is unreleased after the schedule ends.
    const w = await world('2027-03-10T09:00:00.000Z');
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2027-03-31' });
    const last = (await w.entries()).find((e) => e.kind === 'instalment' && e.effectiveDate === '2027-03-03');
    w.clock.set('2027-04-02T09:00:00.000Z');
    await reverseEntry(w.deps, w.ctx(actors.officer), w.planId, last?.entryId ?? '', {
      reason: 'returned by bank',
    });
    // Act
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2027-04-02' });
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2027-04-02' });
    // Assess: one deallocation, dated the period end, reason period_end.
    const closes = (await w.entries()).filter((e) => e.kind === 'deallocate');
    expect(
      closes.map((e) => [e.effectiveDate, e.reason, e.postings.find((p) => p.account === 'funder')?.amount]),
    ).toEqual([['2027-03-31', 'period_end', '384.61']]);
    const pot = await w.pot();
    expect([pot.unreleased, pot.allocated]).toEqual(['0.00', '4615.39']);
    expect(isConserved(readBalances(pot))).toBe(true);
  });

  it('marks a recovery reversed in every list when its entry is reversed', async () => {
    // Prepare
    const w = await world();
    const recovery = await recover(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '100.00',
      reason: 'surplus',
      dueDate: '2026-07-01',
    });
    // Act
    await reverseEntry(w.deps, w.ctx(actors.officer), w.planId, recovery.result.entryId, {
      reason: 'in error',
    });
    // Assess
    const all = await listRecoveries(w.deps, actors.officer, { councilId: COUNCIL }, undefined);
    const settled = await listRecoveries(w.deps, actors.officer, { councilId: COUNCIL }, 'settled');
    expect(all.items.find((r) => r.recoveryId === recovery.result.recoveryId)?.status).toBe('reversed');
    expect(settled.items).toEqual([]);
  });

  it('gives the worked example of docs/lifecycle.md: a reduction and a cessation inside one run', async () => {
    // Prepare: on 1 July, a cut of 769.24 from 9 December, and a cessation dated 31 January.
    const w = await world();
    await adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-769.24',
      reason: 'reduced at review',
      effectiveDate: '2026-12-09',
      noticeGiven: '2026-07-01',
    });
    const ceased = await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'moved_area',
      date: '2027-01-31',
    });
    // Act: one run to the period end.
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2027-03-31' });
    // Assess
    const all = await w.entries();
    const paid = all
      .filter((e) => e.kind === 'instalment')
      .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate))
      .slice(4)
      .map((e) => `${e.effectiveDate} ${e.postings.find((p) => p.account === 'available')?.amount}`);
    expect(paid).toEqual([
      '2026-07-22 384.62',
      '2026-08-19 384.62',
      '2026-09-16 384.62',
      '2026-10-14 384.61',
      '2026-11-11 384.61',
      '2026-12-09 192.30',
      '2027-01-06 192.30',
    ]);
    const deallocate = all.find((e) => e.kind === 'deallocate');
    expect([
      deallocate?.effectiveDate,
      deallocate?.postings.find((p) => p.account === 'funder')?.amount,
    ]).toEqual(['2026-07-01', '384.60']);
    expect(ceased.result.schedule).toMatchObject({
      instalments: 11,
      next: { date: '2026-07-22', amount: '384.62' },
    });
    const pot = await w.pot();
    expect([pot.allocated, pot.unreleased, pot.available, pot.withheld]).toEqual([
      '3846.16',
      '0.00',
      '3846.16',
      '384.60',
    ]);
  });
});
