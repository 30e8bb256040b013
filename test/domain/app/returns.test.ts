// Proves the holder's quarterly return (DESIGN.md section 9a): the ledger's closing balance at the
// quarter's end beside the declared bank balance, accepted when they agree and a query when not,
// a later return superseding, and where each pot's return stands in the council's monitoring.
import { describe, expect, it } from 'vitest';
import { createPlan, requestSpend } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { councilMonitoringReturns } from '../../../domain/app/reports.js';
import { returnStatus, submitReturn, suspendOverdueReturns } from '../../../domain/app/returns.js';
import type { HolderReturn } from '../../../domain/model.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

async function world() {
  const w = memoryWorld('2026-07-10T09:00:00.000Z');
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  const family = actors.family(plan.planId);
  await requestSpend(w.deps, w.ctx(family), plan.planId, spendInput());
  return { ...w, planId: plan.planId, family };
}

const input = (bankBalance: string) => ({ quarter: '2026-Q1', bankBalance, declaration: true as const });

describe('returns', () => {
  it('are accepted when the bank agrees with the ledger at the quarter end, and a query when not', async () => {
    // Prepare: SC received 1538.48 by 30 June and spent 45.00.
    const w = await world();
    // Act
    const agreed = await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', input('1493.48'));
    const differs = await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', input('1400.00'));
    // Assess
    expect(agreed.result).toMatchObject({ closing: '1493.48', difference: '0.00', status: 'accepted' });
    expect(differs.result).toMatchObject({ closing: '1493.48', difference: '-93.48', status: 'query' });
  });

  it('show in the council’s monitoring: the latest return counts, and none is due until the quarter ends', async () => {
    // Prepare
    const w = await world();
    const page = async () =>
      (await councilMonitoringReturns(w.deps, actors.officer, COUNCIL, '2026-Q1', { limit: 10 })).items[0];
    // Act and assess: 10 July, Q1 ended 30 June, due within 28 days.
    await expect(page()).resolves.toMatchObject({ returnStatus: 'due', flags: { returnOverdue: false } });
    await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', input('1400.00'));
    expect((await page())?.returnStatus).toBe('query');
    await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', input('1493.48'));
    expect((await page())?.returnStatus).toBe('submitted');
  });

  it('are overdue once the council’s days have passed, and not due before the quarter ends', () => {
    const none: HolderReturn[] = [];
    const policy = { returnDueDays: 28 };
    expect(returnStatus({ potId: 'SC' }, '2026-Q1', none, '2026-06-30', policy)).toBe('not_due');
    expect(returnStatus({ potId: 'SC' }, '2026-Q1', none, '2026-07-28', policy)).toBe('due');
    expect(returnStatus({ potId: 'SC' }, '2026-Q1', none, '2026-07-29', policy)).toBe('overdue');
  });

  it('are for direct payments, within their period, from the holder or a member', async () => {
    // Prepare
    const w = await world();
    // Act and assess
    await expect(
      submitReturn(w.deps, w.ctx(actors.officer), w.planId, 'EDU', input('1.00')),
    ).rejects.toMatchObject({
      code: 'NOT_A_DIRECT_PAYMENT',
    });
    await expect(
      submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', { ...input('1.00'), quarter: '2027-Q1' }),
    ).rejects.toMatchObject({ code: 'OUTSIDE_BUDGET_PERIOD' });
    await expect(
      submitReturn(w.deps, w.ctx(actors.broker), w.planId, 'SC', input('1.00')),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('the daily check of overdue returns', () => {
  it('suspends a direct payment whose last return is overdue, only when the council asks for it', async () => {
    // Prepare: 30 July, Q1's return was due by 28 July.
    const w = await world();
    w.clock.set('2026-07-30T09:00:00.000Z');
    const scheduler = { actor: actors.scheduler, requestId: 'daily' };
    const sc = async () => (await w.store.getPots(w.planId)).find((p) => p.potId === 'SC');
    // Act and assess: without the policy, nothing happens.
    expect(await suspendOverdueReturns(w.deps, scheduler, COUNCIL)).toEqual({ suspended: 0 });
    w.deps.policyOverrides = { [COUNCIL]: { suspendOnOverdueReturn: true } };
    expect(await suspendOverdueReturns(w.deps, scheduler, COUNCIL)).toEqual({ suspended: 1 });
    expect([(await sc())?.suspended, (await sc())?.suspensionReason]).toEqual([true, 'return_overdue']);
    // Once suspended, the next day's check leaves it be.
    expect(await suspendOverdueReturns(w.deps, scheduler, COUNCIL)).toEqual({ suspended: 0 });
  });

  it('leaves a pot whose return was submitted', async () => {
    // Prepare
    const w = await world();
    await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', input('1493.48'));
    w.clock.set('2026-07-30T09:00:00.000Z');
    w.deps.policyOverrides = { [COUNCIL]: { suspendOnOverdueReturn: true } };
    // Act and assess
    expect(
      await suspendOverdueReturns(w.deps, { actor: actors.scheduler, requestId: 'daily' }, COUNCIL),
    ).toEqual({
      suspended: 0,
    });
  });
});
