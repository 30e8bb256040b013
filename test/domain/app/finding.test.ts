// Proves the web app's reads (DESIGN.md section 10): the caller's own plans by claim and by
// membership (ended at once by removal), a plan's spends newest first by status on visible pots
// only, and a council's plans found by a prefix of the child's reference, paged.
import { describe, expect, it } from 'vitest';
import { createPlan, requestSpend } from '../../../domain/app/commands.js';
import { listPlanSpends, myPlans, searchPlans } from '../../../domain/app/finding.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { addMember, removeMember } from '../../../domain/app/members.js';
import { getPlan } from '../../../domain/app/queries.js';
import type { Actor } from '../../../domain/model.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

async function world() {
  const w = memoryWorld('2026-07-10T09:00:00.000Z');
  const made = [];
  for (const reference of ['CYP-0042', 'CYP-0043', 'ZZ-1']) {
    const input = planInput();
    input.child.reference = reference;
    made.push((await createPlan(w.deps, w.ctx(actors.officer), input)).result.planId);
  }
  const planId = made[0] as string;
  await section8Budget(w, planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  return { ...w, planId, plans: made, family: actors.family(planId) };
}

describe('my plans', () => {
  it('are those of the claim and the memberships, and a removed member loses one at once', async () => {
    const w = await world();
    const nominee: Actor = { sub: 'nominee-7', role: 'family', org: COUNCIL, plans: [] };
    await addMember(w.deps, w.ctx(actors.officer), w.plans[1] as string, {
      sub: 'nominee-7',
      name: 'N. Nominee',
      relation: 'nominee',
      canSpend: true,
    });
    expect((await myPlans(w.deps, w.family)).items.map((p) => p.planId)).toEqual([w.planId]);
    expect((await myPlans(w.deps, nominee)).items).toEqual([
      { planId: w.plans[1], councilId: COUNCIL, childReference: 'CYP-0043', status: 'active' },
    ]);
    await removeMember(w.deps, w.ctx(actors.officer), w.plans[1] as string, 'nominee-7');
    expect((await myPlans(w.deps, nominee)).items).toEqual([]);
    // A claim to a plan of another council covers nothing.
    expect((await myPlans(w.deps, { ...w.family, org: 'LA-002' })).items).toEqual([]);
  });
});

describe('a plan’s spends', () => {
  it('come newest first, by status, paged, and only from the pots the caller sees', async () => {
    const w = await world();
    const a = await requestSpend(w.deps, w.ctx(w.family), w.planId, spendInput());
    const b = await requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), amount: '600.00' });
    const c = await requestSpend(w.deps, w.ctx(actors.broker), w.planId, {
      ...spendInput(),
      potId: 'HL',
      category: 'therapy',
      outcomeId: 'O1',
      provisionId: 'G1',
    });
    const first = await listPlanSpends(w.deps, w.family, w.planId, {}, { limit: 2 });
    const second = await listPlanSpends(
      w.deps,
      w.family,
      w.planId,
      {},
      { limit: 1, cursor: first.next ?? '' },
    );
    const pending = await listPlanSpends(
      w.deps,
      w.family,
      w.planId,
      { status: 'pending_approval' },
      { limit: 10 },
    );
    const broker = await listPlanSpends(w.deps, actors.broker, w.planId, {}, { limit: 10 });
    // The family sees every pot of its plan; the broker only the pot it holds.
    expect(first.items.map((s) => s.spendId)).toEqual([c.result.spendId, b.result.spendId]);
    expect(second).toMatchObject({ items: [{ spendId: a.result.spendId }], next: null });
    expect(pending.items.map((s) => s.amount)).toEqual(['600.00']);
    expect(broker.items.map((s) => s.potId)).toEqual(['HL']);
    await expect(
      listPlanSpends(w.deps, actors.otherOfficer, w.planId, {}, { limit: 10 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('the pots a caller may spend from', () => {
  it('are marked on the plan by the access rules: a reading member and an officer see none of the family’s', async () => {
    const w = await world();
    await addMember(w.deps, w.ctx(actors.officer), w.planId, {
      sub: 'reader-1',
      name: 'R. Eader',
      relation: 'authorised_person',
      canSpend: false,
    });
    const reader: Actor = { sub: 'reader-1', role: 'family', org: COUNCIL, plans: [] };
    const spendable = async (actor: Actor) =>
      (await getPlan(w.deps, actor, w.planId)).pots.filter((p) => p.spendable).map((p) => p.potId);
    expect(await spendable(w.family)).toEqual(['SC']);
    expect(await spendable(reader)).toEqual([]);
    expect(await spendable(actors.broker)).toEqual(['HL']);
    expect(await spendable(actors.officer)).toEqual(['EDU', 'SC']);
    expect(await spendable(actors.health)).toEqual(['HL']);
  });
});

describe('plan search', () => {
  it('finds a council’s plans by a prefix of the child’s reference, in order, paged', async () => {
    const w = await world();
    const first = await searchPlans(w.deps, actors.officer, COUNCIL, 'CYP', { limit: 1 });
    const second = await searchPlans(w.deps, actors.officer, COUNCIL, 'CYP', {
      limit: 1,
      cursor: first.next ?? '',
    });
    const all = await searchPlans(w.deps, actors.auditor, COUNCIL, '', { limit: 10 });
    expect(first.items.map((p) => p.childReference)).toEqual(['CYP-0042']);
    expect(second).toMatchObject({ items: [{ childReference: 'CYP-0043' }], next: null });
    expect(all.items.map((p) => p.childReference)).toEqual(['CYP-0042', 'CYP-0043', 'ZZ-1']);
    await expect(searchPlans(w.deps, actors.otherOfficer, COUNCIL, '', { limit: 10 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
