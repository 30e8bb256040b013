// Proves the plan over time (DESIGN.md section 9b): amendments version the plan and retire outcomes
// and provisions from a date, earlier support keeping its links; costed provisions hold a budget to
// their pro-rata cost unless a shortfall reason is given; council policy is data, versioned.
import { describe, expect, it } from 'vitest';
import { amend, listAmendments } from '../../../domain/app/amendments.js';
import { actOnSpend, createPlan, requestSpend, setUpBudget } from '../../../domain/app/commands.js';
import { getCouncilPolicy, setCouncilPolicy } from '../../../domain/app/council-policy.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { councilReconciliation } from '../../../domain/app/reconciliations.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, budgetInput, COUNCIL, planInput, spendInput } from '../../support/section8.js';

async function world() {
  const w = memoryWorld('2026-07-10T09:00:00.000Z');
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  return { ...w, planId: plan.planId, family: actors.family(plan.planId) };
}

const retireShortBreaks = {
  reason: 'Short breaks replaced by a personal assistant after the annual review',
  effectiveFrom: '2026-10-01',
  retireProvisionIds: ['H1'],
  addProvisions: [
    {
      id: 'H3',
      section: 'H2' as const,
      stream: 'social_care' as const,
      description: 'Personal assistant',
      outcomeIds: ['O2'],
      categories: ['personal_assistant'],
      annualCost: '2600.00',
    },
  ],
};

describe('amendments', () => {
  it('retire a provision from a date: support before it keeps its link, on or after it is refused', async () => {
    // Prepare: a spend waiting for approval, dated before the amendment.
    const w = await world();
    const pending = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      amount: '600.00',
    });
    // Act
    const amended = await amend(w.deps, w.ctx(actors.officer), w.planId, retireShortBreaks);
    const before = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      date: '2026-09-30',
    });
    const after = requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), date: '2026-10-01' });
    const replaced = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      date: '2026-10-01',
      provisionId: 'H3',
      category: 'personal_assistant',
    });
    const approved = await actOnSpend(
      w.deps,
      w.ctx(actors.officer),
      w.planId,
      pending.result.spendId,
      'approve',
      {},
    );
    // Assess
    expect(amended.result.version).toBe(2);
    expect(amended.result.provisions.find((p) => p.id === 'H1')).toMatchObject({ retiredFrom: '2026-10-01' });
    expect(before.result.status).toBe('paid');
    await expect(after).rejects.toMatchObject({ code: 'PROVISION_RETIRED' });
    expect(replaced.result.status).toBe('paid');
    // Approved after the amendment, though dated before it: paid, as the family asked.
    expect(approved.result.status).toBe('paid');
    const listed = await listAmendments(w.deps, w.family, w.planId);
    expect(listed.amendments.map((a) => [a.version, a.effectiveFrom, a.retireProvisionIds])).toEqual([
      [2, '2026-10-01', ['H1']],
    ]);
  });

  it('retire an outcome: spends for it on or after the date are refused with OUTCOME_RETIRED', async () => {
    // Prepare
    const w = await world();
    await amend(w.deps, w.ctx(actors.officer), w.planId, {
      reason: 'Outcome met',
      effectiveFrom: '2026-08-01',
      retireOutcomeIds: ['O2'],
    });
    // Act
    const late = requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), date: '2026-08-01' });
    const early = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      date: '2026-07-31',
    });
    // Assess
    await expect(late).rejects.toMatchObject({ code: 'OUTCOME_RETIRED' });
    expect(early.result.status).toBe('paid');
  });

  it('refuses an inconsistent amendment, writes nothing, and is the officer’s alone', async () => {
    // Prepare
    const w = await world();
    // Act
    const unknown = amend(w.deps, w.ctx(actors.officer), w.planId, {
      reason: 'typo',
      effectiveFrom: '2026-08-01',
      retireProvisionIds: ['NOPE'],
      updateProvisions: [{ id: 'F1', schoolConsentDate: '2026-05-01' }],
    });
    const empty = amend(w.deps, w.ctx(actors.officer), w.planId, {
      reason: 'nothing',
      effectiveFrom: '2026-08-01',
    });
    const byFamily = amend(w.deps, w.ctx(w.family), w.planId, retireShortBreaks);
    // Assess
    await expect(unknown).rejects.toMatchObject({
      code: 'INVALID_PLAN',
      fields: [
        { path: 'retireProvisionIds.0', message: 'provision NOPE is not in the plan' },
        {
          path: 'updateProvisions.0.schoolConsentDate',
          message: 'consent applies only to provision on school premises',
        },
      ],
    });
    await expect(empty).rejects.toMatchObject({ code: 'INVALID_PLAN' });
    await expect(byFamily).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await w.store.getPlan(w.planId))?.version).toBe(1);
    expect((await listAmendments(w.deps, actors.officer, w.planId)).amendments).toEqual([]);
  });

  it('updates a provision’s categories and cost from the next request on', async () => {
    // Prepare
    const w = await world();
    // Act
    await amend(w.deps, w.ctx(actors.officer), w.planId, {
      reason: 'Add swimming',
      effectiveFrom: '2026-08-01',
      updateProvisions: [{ id: 'H1', categories: ['short_breaks', 'swimming'], annualCost: '4800.00' }],
    });
    const swim = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      category: 'swimming',
    });
    // Assess
    expect(swim.result.status).toBe('paid');
    expect((await w.store.getPlan(w.planId))?.provisions.find((p) => p.id === 'H1')).toMatchObject({
      annualCost: '4800.00',
      categories: ['short_breaks', 'swimming'],
    });
  });
});

describe('costed provisions', () => {
  const costed = () => {
    const input = planInput();
    input.provisions = input.provisions.map((p) => (p.id === 'H1' ? { ...p, annualCost: '6000.00' } : p));
    return input;
  };

  it('refuse an allocation below the pro-rata cost unless a shortfall reason is recorded', async () => {
    // Prepare: a half-year budget, 183 days: 6000.00 × 183 ÷ 365 = 3008.219… → 3008.22.
    const w = memoryWorld('2026-04-01T09:00:00.000Z');
    const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), costed());
    const half = budgetInput();
    half.period = { start: '2026-04-01', end: '2026-09-30' };
    half.pots = half.pots.map((p) => (p.potId === 'SC' ? { ...p, allocation: '3008.21' } : p));
    // Act
    const refused = setUpBudget(w.deps, w.ctx(actors.officer), plan.planId, half);
    const kept = await setUpBudget(w.deps, w.ctx(actors.officer), plan.planId, {
      ...half,
      shortfallReason: 'Family use their own short-break provider for one weekend a month',
    });
    const report = await councilReconciliation(w.deps, actors.officer, COUNCIL, {});
    // Assess
    await expect(refused).rejects.toMatchObject({
      code: 'ALLOCATION_BELOW_COST',
      fields: [{ path: 'pots.1.allocation' }],
    });
    expect(kept.result.pots.find((p) => p.potId === 'SC')?.shortfall).toEqual({
      cost: '3008.22',
      allocation: '3008.21',
      shortfall: '0.01',
      reason: 'Family use their own short-break provider for one weekend a month',
    });
    expect(report.shortfalls).toEqual([
      expect.objectContaining({ planId: plan.planId, potId: 'SC', stream: 'social_care', shortfall: '0.01' }),
    ]);
  });

  it('accept an allocation at the pro-rata cost exactly', async () => {
    // Prepare
    const w = memoryWorld('2026-04-01T09:00:00.000Z');
    const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), costed());
    const half = budgetInput();
    half.period = { start: '2026-04-01', end: '2026-09-30' };
    half.pots = half.pots.map((p) => (p.potId === 'SC' ? { ...p, allocation: '3008.22' } : p));
    // Act
    const budget = await setUpBudget(w.deps, w.ctx(actors.officer), plan.planId, half);
    // Assess
    expect(budget.result.pots.find((p) => p.potId === 'SC')?.shortfall).toBeUndefined();
  });
});

describe('council policy as data', () => {
  it('starts from the deployment default, applies a change to requests made after it, and versions it', async () => {
    // Prepare
    const w = await world();
    w.deps.policyOverrides = { [COUNCIL]: { surplusWeeks: 6 } };
    const before = await getCouncilPolicy(w.deps, actors.auditor, COUNCIL);
    const first = await requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), paid: false });
    // Act
    const set = await setCouncilPolicy(w.deps, w.ctx(actors.officer), COUNCIL, {
      autoApprovalLimitGbp: { direct_payment: '40.00', third_party: '1000.00', notional: null },
    });
    const second = await requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), paid: false });
    const again = await setCouncilPolicy(w.deps, w.ctx(actors.officer), COUNCIL, { requestDecisionDays: 20 });
    // Assess
    expect(before).toMatchObject({ version: 0, source: 'deployment', effective: { surplusWeeks: 6 } });
    expect(first.result.status).toBe('approved');
    expect(set.result).toMatchObject({
      version: 1,
      source: 'council',
      effective: { autoApprovalLimitGbp: { direct_payment: '40.00' }, surplusWeeks: 8 },
    });
    expect(second.result.status).toBe('pending_approval');
    expect(again.result).toMatchObject({ version: 2, effective: { requestDecisionDays: 20 } });
    expect((await w.store.getPolicy(COUNCIL))?.version).toBe(2);
  });

  it('is set only by the council’s own officers and read by its officers and auditors', async () => {
    const w = await world();
    await expect(setCouncilPolicy(w.deps, w.ctx(actors.otherOfficer), COUNCIL, {})).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(setCouncilPolicy(w.deps, w.ctx(actors.auditor), COUNCIL, {})).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(getCouncilPolicy(w.deps, w.family, COUNCIL)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await getCouncilPolicy(w.deps, actors.officer, COUNCIL)).version).toBe(0);
  });
});
