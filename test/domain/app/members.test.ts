// Proves members (DESIGN.md section 9a): a member covers the plan without its token's claim, may
// spend only with canSpend, a key worker covers only plans it is a member of and never approves,
// a removal is effective on the very next request, and each change is an event.
import { describe, expect, it } from 'vitest';
import { listEvents } from '../../../domain/app/agreements.js';
import { actOnSpend, createPlan, requestSpend } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { addMember, listMembers, removeMember } from '../../../domain/app/members.js';
import { getPlan } from '../../../domain/app/queries.js';
import type { Actor } from '../../../domain/model.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

async function world() {
  const w = memoryWorld();
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  return { ...w, planId: plan.planId };
}

const nominee: Actor = { sub: 'nominee-1', role: 'family', org: COUNCIL, plans: [] };
const reader: Actor = { sub: 'grandparent-1', role: 'family', org: COUNCIL, plans: [] };
const keyWorker: Actor = { sub: 'kw-1', role: 'key_worker', org: COUNCIL, plans: [] };

describe('members', () => {
  it('cover the plan without the claim: a nominee reads and spends; one without canSpend only reads', async () => {
    // Prepare
    const w = await world();
    await addMember(w.deps, w.ctx(actors.officer), w.planId, {
      sub: nominee.sub,
      name: 'N. Nominee',
      relation: 'nominee',
      canSpend: true,
    });
    await addMember(w.deps, w.ctx(actors.officer), w.planId, {
      sub: reader.sub,
      name: 'G. Parent',
      relation: 'authorised_person',
      canSpend: false,
    });
    // Act
    const spent = await requestSpend(w.deps, w.ctx(nominee), w.planId, spendInput());
    const refused = requestSpend(w.deps, w.ctx(reader), w.planId, spendInput());
    // Assess
    expect(spent.result.status).toBe('paid');
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await getPlan(w.deps, reader, w.planId)).planId).toBe(w.planId);
    expect((await listMembers(w.deps, reader, w.planId)).members.map((m) => m.sub)).toEqual([
      nominee.sub,
      reader.sub,
    ]);
  });

  it('let a key worker act only on plans it is a member of, spend with canSpend, and never approve', async () => {
    // Prepare
    const w = await world();
    await expect(getPlan(w.deps, keyWorker, w.planId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await addMember(w.deps, w.ctx(actors.officer), w.planId, {
      sub: keyWorker.sub,
      name: 'K. Worker',
      relation: 'key_worker',
      canSpend: true,
    });
    // Act
    const pending = await requestSpend(w.deps, w.ctx(keyWorker), w.planId, {
      ...spendInput(),
      amount: '600.00',
    });
    const approving = actOnSpend(w.deps, w.ctx(keyWorker), w.planId, pending.result.spendId, 'approve', {});
    // Assess
    expect(pending.result.status).toBe('pending_approval');
    await expect(approving).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('are refused from the very next request once removed, and each change is an event', async () => {
    // Prepare
    const w = await world();
    await addMember(w.deps, w.ctx(actors.officer), w.planId, {
      sub: nominee.sub,
      name: 'N. Nominee',
      relation: 'nominee',
      canSpend: true,
    });
    expect((await getPlan(w.deps, nominee, w.planId)).planId).toBe(w.planId);
    // Act
    await removeMember(w.deps, w.ctx(actors.officer), w.planId, nominee.sub);
    // Assess
    await expect(getPlan(w.deps, nominee, w.planId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(requestSpend(w.deps, w.ctx(nominee), w.planId, spendInput())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const events = await listEvents(w.deps, actors.officer, w.planId, { limit: 10 });
    expect(events.items.slice(0, 2).map((e) => [e.kind, e.details?.sub])).toEqual([
      ['member_removed', nominee.sub],
      ['member_added', nominee.sub],
    ]);
    expect((await getPlan(w.deps, actors.officer, w.planId)).version).toBe(3);
  });

  it('belong to their council: a member signed in for another council is refused', async () => {
    // Prepare
    const w = await world();
    await addMember(w.deps, w.ctx(actors.officer), w.planId, {
      sub: nominee.sub,
      name: 'N. Nominee',
      relation: 'nominee',
      canSpend: true,
    });
    // Act and assess
    await expect(getPlan(w.deps, { ...nominee, org: 'LA-002' }, w.planId)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      addMember(w.deps, w.ctx(actors.otherOfficer), w.planId, {
        sub: 'x',
        name: 'X',
        relation: 'parent',
        canSpend: true,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      addMember(w.deps, w.ctx(actors.health), w.planId, {
        sub: 'x',
        name: 'X',
        relation: 'parent',
        canSpend: true,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
