// Proves refusal records and evidence afterwards (DESIGN.md section 9a): a spend refused by policy
// leaves an event and the quarter's counts but moves no money, a retry replays the refusal and
// records nothing more, access refusals record nothing, and evidence added later stops a spend
// counting as one without evidence.
import { describe, expect, it } from 'vitest';
import { listEvents } from '../../../domain/app/agreements.js';
import { createPlan, requestSpend } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { addMember } from '../../../domain/app/members.js';
import { getPlan } from '../../../domain/app/queries.js';
import { addEvidence } from '../../../domain/app/spends.js';
import { financialQuarter } from '../../../domain/dates.js';
import type { Actor } from '../../../domain/model.js';
import { defaultPolicy } from '../../../domain/policy.js';
import { monitoringReturn } from '../../../domain/reports.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

async function world() {
  const w = memoryWorld();
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  const quarter = async () => {
    const pot = (await w.store.getPots(plan.planId)).find((p) => p.potId === 'SC');
    if (!pot) throw new Error('no SC');
    const months = await w.store.listSummaries({ planId: plan.planId }, 'month');
    return monitoringReturn(
      pot,
      months,
      [],
      { name: '2026-Q1', ...financialQuarter('2026-Q1') },
      defaultPolicy,
      false,
    );
  };
  return { ...w, planId: plan.planId, family: actors.family(plan.planId), quarter };
}

describe('refusal records', () => {
  it('keep a spend refused by policy as an event and in the quarter, with no money moved', async () => {
    // Prepare
    const w = await world();
    const before = (await getPlan(w.deps, actors.officer, w.planId)).pots.find((p) => p.potId === 'SC');
    // Act
    const refused = requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), category: 'alcohol' });
    const unsure = requestSpend(w.deps, w.ctx(w.family), w.planId, { ...spendInput(), category: 'tuition' });
    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'CATEGORY_PROHIBITED' });
    await expect(unsure).rejects.toMatchObject({ code: 'CATEGORY_NOT_IN_PROVISION' });
    const events = (await listEvents(w.deps, actors.officer, w.planId, { limit: 10 })).items.filter(
      (e) => e.kind === 'refusal',
    );
    expect(
      events.map((e) => [e.details?.code, e.details?.category, e.details?.amount, e.details?.date]),
    ).toEqual([
      ['CATEGORY_NOT_IN_PROVISION', 'tuition', '45.00', '2026-05-03'],
      ['CATEGORY_PROHIBITED', 'alcohol', '45.00', '2026-05-03'],
    ]);
    expect((await w.quarter()).flags).toMatchObject({ prohibitedAttempts: 1, refusedAttempts: 2 });
    const after = (await getPlan(w.deps, actors.officer, w.planId)).pots.find((p) => p.potId === 'SC');
    expect(after).toEqual(before);
  });

  it('replay the refusal for a retry with the same key, recording nothing more', async () => {
    // Prepare
    const w = await world();
    const ctx = w.ctx(w.family, 'refused-key', 'same-body');
    await expect(
      requestSpend(w.deps, ctx, w.planId, { ...spendInput(), category: 'alcohol' }),
    ).rejects.toMatchObject({
      code: 'CATEGORY_PROHIBITED',
    });
    const commits = w.store.commits;
    // Act
    const retry = requestSpend(w.deps, { ...ctx, requestId: 'again' }, w.planId, {
      ...spendInput(),
      category: 'alcohol',
    });
    // Assess
    await expect(retry).rejects.toMatchObject({ code: 'CATEGORY_PROHIBITED' });
    expect(w.store.commits).toBe(commits);
    expect((await w.quarter()).flags.refusedAttempts).toBe(1);
  });

  it('are not kept for access refusals: a family of another plan leaves no trace', async () => {
    // Prepare
    const w = await world();
    const stranger: Actor = actors.family('another-plan');
    // Act
    const refused = requestSpend(w.deps, w.ctx(stranger), w.planId, { ...spendInput(), category: 'alcohol' });
    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(
      (await listEvents(w.deps, actors.officer, w.planId, { limit: 10 })).items.filter(
        (e) => e.kind === 'refusal',
      ),
    ).toEqual([]);
  });
});

describe('evidence afterwards', () => {
  it('is added by a member who may not spend, once, and the spend stops counting as without evidence', async () => {
    // Prepare
    const w = await world();
    const { evidence: _e, ...noEvidence } = spendInput();
    const spend = await requestSpend(w.deps, w.ctx(w.family), w.planId, noEvidence);
    const reader: Actor = { sub: 'reader', role: 'family', org: COUNCIL, plans: [] };
    await addMember(w.deps, w.ctx(actors.officer), w.planId, {
      sub: 'reader',
      name: 'R. Eader',
      relation: 'authorised_person',
      canSpend: false,
    });
    expect((await w.quarter()).flags.spendsWithoutEvidence).toBe(1);
    // Act
    const added = await addEvidence(w.deps, w.ctx(reader), w.planId, spend.result.spendId, {
      evidence: 'receipt 1190',
    });
    // Assess
    expect(added.result).toMatchObject({ evidence: 'receipt 1190', paidOn: '2026-05-03' });
    expect((await w.quarter()).flags.spendsWithoutEvidence).toBe(0);
    await expect(
      addEvidence(w.deps, w.ctx(reader), w.planId, spend.result.spendId, { evidence: 'again' }),
    ).rejects.toMatchObject({ code: 'SPEND_STATE_CONFLICT' });
  });
});
