// Proves a posting may decide on a cached council policy only because its unit checks the policy's
// version: a container that has read the policy spends without reading it again, and one whose copy
// is stale is refused by the check, forgets it, reads the new version and decides again.
import { describe, expect, it, vi } from 'vitest';
import { FixedClock, UlidGenerator } from '../../../adapters/ids.js';
import { createPlan, requestSpend } from '../../../domain/app/commands.js';
import type { Deps } from '../../../domain/app/context.js';
import { setCouncilPolicy } from '../../../domain/app/council-policy.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

describe('the council policy a posting decides on', () => {
  it('is read once per container, and a stale copy costs one retry, never a wrong answer', async () => {
    // Prepare: two containers on one store, each with its own cache.
    const w = memoryWorld('2026-07-10T09:00:00.000Z');
    const clock = new FixedClock(new Date('2026-07-10T09:00:00.000Z'));
    const a: Deps = { ...w.deps, policyCache: new Map() };
    const b: Deps = { store: w.store, clock, ids: new UlidGenerator(clock), policyCache: new Map() };
    const { result: plan } = await createPlan(a, w.ctx(actors.officer), planInput());
    await section8Budget({ deps: a, ctx: w.ctx }, plan.planId);
    await runInstalments(a, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    const family = actors.family(plan.planId);
    const reads = vi.spyOn(w.store, 'getPolicy');
    // Act
    const first = await requestSpend(a, w.ctx(family), plan.planId, { ...spendInput(), paid: false });
    const second = await requestSpend(a, w.ctx(family), plan.planId, { ...spendInput(), paid: false });
    const readsWhileWarm = reads.mock.calls.length;
    await setCouncilPolicy(b, w.ctx(actors.officer), COUNCIL, {
      autoApprovalLimitGbp: { direct_payment: '40.00', third_party: '1000.00', notional: null },
    });
    const afterChange = await requestSpend(a, w.ctx(family), plan.planId, { ...spendInput(), paid: false });
    // Assess
    expect([first.result.status, second.result.status]).toEqual(['approved', 'approved']);
    expect(readsWhileWarm).toBe(1);
    expect(afterChange.result.status).toBe('pending_approval');
    expect(a.policyCache?.get(COUNCIL)?.version).toBe(1);
  });
});
