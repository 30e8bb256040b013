// Proves the use cases: exactly-once keys, two-phase spends, reversals, recoveries, suspension, expiry, access.
import { describe, expect, it } from 'vitest';
import {
  actOnSpend,
  adjustAllocation,
  createPlan,
  expirePendingApprovals,
  recover,
  requestSpend,
  reverseEntry,
  setSuspension,
  setUpBudget,
} from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { getPlan, listApprovals, listAudit } from '../../../domain/app/queries.js';
import { isConserved, readBalances } from '../../../domain/ledger.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, budgetInput, COUNCIL, planInput, spendInput } from '../../support/section8.js';

async function funded() {
  const w = memoryWorld();
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  const family = actors.family(plan.planId);
  const sc = async () =>
    (await getPlan(w.deps, actors.officer, plan.planId)).pots.find((p) => p.potId === 'SC')!;
  return { ...w, planId: plan.planId, family, sc };
}

describe('idempotency', () => {
  it('replays the first response for a retry with the same key and body, posting nothing', async () => {
    const w = await funded();
    const ctx = w.ctx(w.family, 'key-1', 'hash-a');
    const first = await requestSpend(w.deps, ctx, w.planId, spendInput());
    const commits = w.store.commits;
    const retry = await requestSpend(w.deps, { ...ctx, requestId: 'other' }, w.planId, spendInput());
    expect(retry).toEqual({ result: first.result, replayed: true });
    expect(w.store.commits).toBe(commits);
    expect((await w.sc()).spent).toBe('45.00');
  });

  it('refuses the same key with a different body', async () => {
    const w = await funded();
    await requestSpend(w.deps, w.ctx(w.family, 'key-1', 'hash-a'), w.planId, spendInput());
    await expect(
      requestSpend(w.deps, w.ctx(w.family, 'key-1', 'hash-b'), w.planId, {
        ...spendInput(),
        amount: '46.00',
      }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('scopes keys to the caller, so another user with the same key is not replayed', async () => {
    const w = await funded();
    await requestSpend(w.deps, w.ctx(w.family, 'shared', 'h'), w.planId, spendInput());
    const officerSpend = await requestSpend(
      w.deps,
      w.ctx(actors.officer, 'shared', 'h'),
      w.planId,
      spendInput(),
    );
    expect(officerSpend.replayed).toBe(false);
    expect((await w.sc()).spent).toBe('90.00');
  });

  it('requires a key on every command', async () => {
    const w = await funded();
    await expect(
      requestSpend(w.deps, { actor: w.family, requestId: 'r' }, w.planId, spendInput()),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
  });
});

describe('two-phase spends', () => {
  it('reserves a pending spend at once, so two requests cannot count on the same money', async () => {
    const w = await funded();
    await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      amount: '1000.00',
      paid: false,
    });
    expect(await w.sc()).toMatchObject({ available: '538.48', committed: '1000.00' });
    await expect(
      requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), amount: '600.00' }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
  });

  it('pays less than reserved and returns the rest to available', async () => {
    const w = await funded();
    const s = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      amount: '100.00',
      paid: false,
    });
    expect(s.result.status).toBe('approved');
    const paid = await actOnSpend(w.deps, w.ctx(w.family), w.planId, s.result.spendId, 'pay', {
      amount: '60.00',
    });
    expect(paid.result).toMatchObject({ status: 'paid', paidAmount: '60.00', reserved: '0.00' });
    expect(await w.sc()).toMatchObject({ available: '1478.48', committed: '0.00', spent: '60.00' });
  });

  it('refuses to pay before approval, to pay twice, to pay more than reserved, and to pay after void', async () => {
    const w = await funded();
    const pending = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      amount: '700.00',
      paid: false,
    });
    await expect(
      actOnSpend(w.deps, w.ctx(w.family), w.planId, pending.result.spendId, 'pay', {}),
    ).rejects.toMatchObject({
      code: 'APPROVAL_REQUIRED',
    });
    await actOnSpend(w.deps, w.ctx(actors.officer), w.planId, pending.result.spendId, 'approve', {});
    await expect(
      actOnSpend(w.deps, w.ctx(w.family), w.planId, pending.result.spendId, 'pay', { amount: '700.01' }),
    ).rejects.toMatchObject({ code: 'AMOUNT_EXCEEDS_RESERVED' });
    await actOnSpend(w.deps, w.ctx(w.family), w.planId, pending.result.spendId, 'pay', {});
    await expect(
      actOnSpend(w.deps, w.ctx(w.family), w.planId, pending.result.spendId, 'pay', {}),
    ).rejects.toMatchObject({
      code: 'SPEND_STATE_CONFLICT',
    });
    const other = await requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), paid: false });
    await actOnSpend(w.deps, w.ctx(w.family), w.planId, other.result.spendId, 'void', {
      reason: 'cancelled',
    });
    await expect(
      actOnSpend(w.deps, w.ctx(w.family), w.planId, other.result.spendId, 'pay', {}),
    ).rejects.toMatchObject({
      code: 'SPEND_STATE_CONFLICT',
    });
  });

  it('rejection by the approver returns the money; a family cannot approve its own spend', async () => {
    const w = await funded();
    const s = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      amount: '800.00',
      householdRelative: true,
    });
    await expect(
      actOnSpend(w.deps, w.ctx(w.family), w.planId, s.result.spendId, 'approve', {}),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const rejected = await actOnSpend(w.deps, w.ctx(actors.officer), w.planId, s.result.spendId, 'reject', {
      reason: 'no',
    });
    expect(rejected.result).toMatchObject({ status: 'rejected', decisionReason: 'no' });
    expect(await w.sc()).toMatchObject({ available: '1538.48', committed: '0.00' });
  });

  it('pays a receipt-backed spend when it is approved', async () => {
    const w = await funded();
    const s = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      amount: '600.00',
      paid: true,
    });
    expect(s.result.status).toBe('pending_approval');
    const approved = await actOnSpend(
      w.deps,
      w.ctx(actors.officer),
      w.planId,
      s.result.spendId,
      'approve',
      {},
    );
    expect(approved.result.status).toBe('paid');
    expect(await w.sc()).toMatchObject({ spent: '600.00', committed: '0.00' });
  });

  it('lists pending approvals for the funder officer and expires them after 30 days', async () => {
    const w = await funded();
    w.clock.set('2026-05-01T09:00:00Z');
    await requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), amount: '700.00' });
    const queue = await listApprovals(w.deps, actors.officer, { limit: 50 });
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({ amount: '700.00', potId: 'SC', requestedBy: { role: 'family' } });
    expect((await listApprovals(w.deps, actors.health, { limit: 50 })).items).toHaveLength(0);
    w.clock.set('2026-05-30T09:00:00Z');
    expect((await expirePendingApprovals(w.deps, w.ctx(actors.scheduler), COUNCIL)).expired).toBe(0);
    w.clock.set('2026-05-31T09:00:00Z');
    expect(await expirePendingApprovals(w.deps, w.ctx(actors.scheduler), COUNCIL)).toEqual({
      expired: 1,
      amount: '700.00',
    });
    expect(await w.sc()).toMatchObject({ available: '1538.48', committed: '0.00' });
    expect((await listApprovals(w.deps, actors.officer, { limit: 50 })).items).toHaveLength(0);
  });
});

describe('corrections and control', () => {
  it('reverses a direct spend exactly once, and never reverses a reversal', async () => {
    const w = await funded();
    await requestSpend(w.deps, w.ctx(w.family), w.planId, spendInput());
    const audit = await listAudit(w.deps, actors.officer, w.planId, { limit: 10 });
    const spendEntry = audit.entries.find((e) => e.kind === 'direct_spend')!;
    const rev = await reverseEntry(w.deps, w.ctx(actors.officer), w.planId, spendEntry.entryId, {
      reason: 'entered twice',
    });
    expect(rev.result.pot).toMatchObject({ spent: '0.00', available: '1538.48' });
    await expect(
      reverseEntry(w.deps, w.ctx(actors.officer), w.planId, spendEntry.entryId, { reason: 'again' }),
    ).rejects.toMatchObject({ code: 'ALREADY_REVERSED' });
    await expect(
      reverseEntry(w.deps, w.ctx(actors.officer), w.planId, rev.result.entryId, { reason: 'undo' }),
    ).rejects.toMatchObject({ code: 'REVERSAL_NOT_ALLOWED' });
    await expect(
      reverseEntry(w.deps, w.ctx(w.family), w.planId, spendEntry.entryId, { reason: 'x' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reversing a payment puts the reservation back so it can be voided', async () => {
    const w = await funded();
    const s = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      amount: '100.00',
      paid: false,
    });
    await actOnSpend(w.deps, w.ctx(w.family), w.planId, s.result.spendId, 'pay', { amount: '80.00' });
    const pay = (await listAudit(w.deps, actors.officer, w.planId, { limit: 10 })).entries.find(
      (e) => e.kind === 'pay',
    )!;
    await reverseEntry(w.deps, w.ctx(actors.officer), w.planId, pay.entryId, { reason: 'wrong payee' });
    expect(await w.sc()).toMatchObject({ committed: '100.00', spent: '0.00', available: '1438.48' });
    const voided = await actOnSpend(w.deps, w.ctx(actors.officer), w.planId, s.result.spendId, 'void', {});
    expect(voided.result.status).toBe('voided');
    expect(await w.sc()).toMatchObject({ committed: '0.00', available: '1538.48' });
  });

  it('recovers a surplus to the funder and refuses more than is available', async () => {
    const w = await funded();
    const r = await recover(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '769.25',
      reason: 'surplus',
      dueDate: '2026-06-30',
    });
    expect(r.result.pot).toMatchObject({ available: '769.23', recovered: '769.25' });
    await expect(
      recover(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
        amount: '769.24',
        reason: 'surplus',
        dueDate: '2026-06-30',
      }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
  });

  it('adjusts an allocation at review, and refuses a cut deeper than what is unreleased', async () => {
    const w = await funded();
    const up = await adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '520.00',
      reason: 'review',
    });
    expect(up.result.pot).toMatchObject({ allocated: '5520.00', unreleased: '3981.52' });
    await expect(
      adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
        amount: '-3981.53',
        reason: 'review',
      }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    await expect(
      adjustAllocation(w.deps, w.ctx(actors.health), w.planId, 'SC', { amount: '1.00', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('suspension stops spending and instalments; resumption catches up on missed instalments', async () => {
    const w = await funded();
    await setSuspension(w.deps, w.ctx(actors.officer), w.planId, 'SC', true, 'monitoring return overdue');
    await expect(requestSpend(w.deps, w.ctx(w.family), w.planId, spendInput())).rejects.toMatchObject({
      code: 'POT_SUSPENDED',
    });
    const run = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-07-31',
    });
    expect(run.result).toMatchObject({ skippedSuspended: 1 });
    await setSuspension(w.deps, w.ctx(actors.officer), w.planId, 'SC', false, undefined);
    const after = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-07-31',
    });
    expect(after.result.posted).toBe(1);
    expect(await w.sc()).toMatchObject({ available: '1923.10', suspended: false });
  });

  it('hides a plan from those it does not cover (404) and forbids what their role may not do (403)', async () => {
    const w = await funded();
    await expect(getPlan(w.deps, actors.otherOfficer, w.planId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPlan(w.deps, actors.family('someone-else'), w.planId)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(setUpBudget(w.deps, w.ctx(actors.health), w.planId, budgetInput())).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const brokerView = await getPlan(w.deps, actors.broker, w.planId);
    expect(brokerView.pots.map((p) => p.potId)).toEqual(['HL']);
  });

  it('keeps every pot conserved when many spends race for the same money', async () => {
    const w = await funded();
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () =>
        requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), amount: '100.00' }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBe(15);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) => (r as PromiseRejectedResult).reason.code === 'INSUFFICIENT_FUNDS'),
    ).toBe(true);
    for (const pot of await w.store.getPots(w.planId)) expect(isConserved(readBalances(pot))).toBe(true);
    expect((await w.sc()).available).toBe('38.48');
  });
});

describe('adjustments after the last instalment', () => {
  it('makes an increase available at once when no instalment is left to release it', async () => {
    const w = await funded();
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2027-03-31' });
    expect(await w.sc()).toMatchObject({ unreleased: '0.00', available: '5000.00' });
    const up = await adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '100.00',
      reason: 'review',
    });
    expect(up.result.pot).toMatchObject({ allocated: '5100.00', unreleased: '0.00', available: '5100.00' });
    await expect(
      adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', { amount: '-1.00', reason: 'cut' }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
  });
});
