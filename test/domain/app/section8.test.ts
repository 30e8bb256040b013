// Proves the DESIGN.md section 8 exchange gives exactly its figures when run on the in-memory store.
import { describe, expect, it } from 'vitest';
import { actOnSpend, createPlan, requestSpend } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { getPlan } from '../../../domain/app/queries.js';
import { defaultPolicy } from '../../../domain/policy.js';
import { clientMoney, reconcile, surplusOf } from '../../../domain/reports.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, BROKER, COUNCIL, planInput, spendInput } from '../../support/section8.js';

async function section8() {
  const w = memoryWorld();
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  const budget = await section8Budget(w, plan.planId);
  return { ...w, planId: plan.planId, budget: budget.result, family: actors.family(plan.planId) };
}

const pot = (view: { pots: Array<{ potId: string }> }, id: string) =>
  view.pots.find((p) => p.potId === id) as Record<string, unknown>;

describe('section 8 on the in-memory store', () => {
  it('opens SC with 5000.00 unreleased and EDU with 6000.00 available', async () => {
    const { budget } = await section8();
    expect(pot(budget, 'SC')).toMatchObject({
      allocated: '5000.00',
      unreleased: '5000.00',
      available: '0.00',
    });
    expect(pot(budget, 'EDU')).toMatchObject({
      allocated: '6000.00',
      unreleased: '0.00',
      available: '6000.00',
    });
  });

  it('posts 7 instalments worth 2288.48 due by 2026-06-30, and nothing on a second run', async () => {
    const w = await section8();
    const run = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-06-30',
    });
    expect(run.result).toMatchObject({ posted: 7, alreadyPosted: 0, amount: '2288.48' });
    const again = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-06-30',
    });
    expect(again.result).toMatchObject({ posted: 0, alreadyPosted: 7, amount: '0.00' });
    const view = await getPlan(w.deps, actors.officer, w.planId);
    expect(pot(view, 'SC').available).toBe('1538.48');
    expect(pot(view, 'HL').available).toBe('750.00');
    expect(pot(view, 'EDU').available).toBe('6000.00');
  });

  it('runs the family spends, approval and payment to the section 8 balances', async () => {
    const w = await section8();
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    const s1 = await requestSpend(w.deps, w.ctx(w.family), w.planId, spendInput());
    expect(s1.result.status).toBe('paid');
    const s2 = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      amount: '900.00',
      paid: false,
    });
    expect(s2.result.status).toBe('pending_approval');
    await expect(
      requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), amount: '5000.00' }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    });
    await expect(
      requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), category: 'gambling' }),
    ).rejects.toMatchObject({
      code: 'CATEGORY_PROHIBITED',
    });
    const approved = await actOnSpend(
      w.deps,
      w.ctx(actors.officer),
      w.planId,
      s2.result.spendId,
      'approve',
      {},
    );
    expect(approved.result.status).toBe('approved');
    const paid = await actOnSpend(w.deps, w.ctx(w.family), w.planId, s2.result.spendId, 'pay', {
      evidence: 'invoice 77',
    });
    expect(paid.result.status).toBe('paid');
    const sc = pot(await getPlan(w.deps, actors.officer, w.planId), 'SC');
    expect(sc).toMatchObject({
      available: '593.48',
      committed: '0.00',
      spent: '945.00',
      unreleased: '3461.52',
    });
  });

  it('gives SC an 8-week surplus threshold of 769.23 and reconciles the council exactly', async () => {
    const w = await section8();
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    const pots = await w.store.listCouncilPots(COUNCIL);
    const sc = pots.find((p) => p.potId === 'SC');
    expect(sc && surplusOf(sc, defaultPolicy)).toMatchObject({ threshold: '769.23', recoverable: '769.25' });
    const rec = reconcile(pots, []);
    expect(rec.balanced).toBe(true);
    expect(rec.totals).toMatchObject({ allocated: '14000.00', available: '8288.48', unreleased: '5711.52' });
    expect(clientMoney(BROKER, pots).total).toBe('750.00');
  });
});

describe('monitoring return flags in memory', () => {
  it('flags a review overdue three months after the budget starts, and a spend without evidence', async () => {
    const { monitoringReturn } = await import('../../../domain/reports.js');
    const w = await section8();
    w.clock.set('2026-04-01T09:00:00Z');
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    const { evidence: _e, ...noEvidence } = spendInput();
    await requestSpend(w.deps, w.ctx(w.family), w.planId, noEvidence);
    const pot = (await w.store.getPots(w.planId)).find((p) => p.potId === 'SC');
    if (!pot) throw new Error('no SC pot');
    const months = await w.store.listSummaries({ councilId: COUNCIL }, 'month');
    const categories = await w.store.listSummaries({ councilId: COUNCIL }, 'category');
    const q1 = { name: '2026-Q1', start: '2026-04-01', end: '2026-06-30' };
    const r = monitoringReturn(pot, months, categories, q1, defaultPolicy, false);
    expect(r.flags).toMatchObject({ reviewOverdue: false, spendsWithoutEvidence: 1, noSpending: false });
    expect(r).toMatchObject({ received: '1538.48', spent: '45.00', closing: '1493.48' });
  });
});

describe('summaries of a reversed spend', () => {
  it('stop counting it as made, and as made without evidence', async () => {
    const { reverseEntry } = await import('../../../domain/app/commands.js');
    const { listAudit } = await import('../../../domain/app/queries.js');
    const w = await section8();
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    const { evidence: _e, ...noEvidence } = spendInput();
    await requestSpend(w.deps, w.ctx(w.family), w.planId, noEvidence);
    const entry = (await listAudit(w.deps, actors.officer, w.planId, { limit: 10 })).entries.find(
      (e) => e.kind === 'direct_spend',
    );
    await reverseEntry(w.deps, w.ctx(actors.officer), w.planId, entry?.entryId ?? '', {
      reason: 'entered in error',
    });
    const may = (await w.store.listSummaries({ planId: w.planId }, 'month')).find(
      (m) => m.potId === 'SC' && m.key === '2026-05',
    );
    // Counters are numbers as DynamoDB keeps them: zero is "0" in both stores.
    expect(may?.values).toMatchObject({ spends: '0', withoutEvidence: '0', spent: '0' });
  });
});
