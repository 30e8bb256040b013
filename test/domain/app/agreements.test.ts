// Proves direct-payment agreements (DESIGN.md section 9a): no instalment and no spend before one,
// held instalments paid by the first run after it, a later agreement superseding, only direct
// payments taking one, only the funder's officer recording it, and each kept as an event.
import { describe, expect, it } from 'vitest';
import { listEvents, recordAgreement } from '../../../domain/app/agreements.js';
import { createPlan, requestSpend, setUpBudget } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { getPlan } from '../../../domain/app/queries.js';
import { memoryWorld } from '../../support/harness.js';
import {
  actors,
  agreementInput,
  budgetInput,
  COUNCIL,
  planInput,
  spendInput,
} from '../../support/section8.js';

async function unsigned() {
  const w = memoryWorld();
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await setUpBudget(w.deps, w.ctx(actors.officer), plan.planId, budgetInput());
  const sc = async () =>
    (await getPlan(w.deps, actors.officer, plan.planId)).pots.find((p) => p.potId === 'SC');
  return { ...w, planId: plan.planId, family: actors.family(plan.planId), sc };
}

describe('agreements', () => {
  it('hold a direct payment’s instalments until signed, then the first run pays them all', async () => {
    // Prepare
    const w = await unsigned();
    // Act
    const before = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-06-30',
    });
    await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', agreementInput());
    const after = await runInstalments(w.deps, w.ctx(actors.officer), {
      councilId: COUNCIL,
      upTo: '2026-06-30',
    });
    // Assess: HL (a broker's pot) was paid at once; SC's four waited, then all came.
    expect(before.result).toMatchObject({
      posted: 3,
      held: [{ planId: w.planId, potId: 'SC', reason: 'AGREEMENT_REQUIRED' }],
    });
    expect(after.result).toMatchObject({ posted: 4, amount: '1538.48', held: [] });
    expect((await w.sc())?.available).toBe('1538.48');
  });

  it('refuse a spend from an unsigned direct payment with AGREEMENT_REQUIRED', async () => {
    // Prepare
    const w = await unsigned();
    // Act
    const spending = requestSpend(w.deps, w.ctx(w.family), w.planId, spendInput());
    // Assess
    await expect(spending).rejects.toMatchObject({ code: 'AGREEMENT_REQUIRED' });
  });

  it('supersede: a later agreement (a change of holder) is version 2, and both are events', async () => {
    // Prepare
    const w = await unsigned();
    await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', agreementInput());
    // Act
    const second = await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...agreementInput(),
      holder: { kind: 'nominee', name: 'C. Nominee' },
      signedOn: '2026-09-01',
    });
    // Assess
    expect(second.result).toMatchObject({ version: 2, holder: { kind: 'nominee' } });
    expect((await w.sc())?.agreement).toMatchObject({
      version: 2,
      holderKind: 'nominee',
      signedOn: '2026-09-01',
    });
    const events = await listEvents(w.deps, actors.officer, w.planId, { limit: 10 });
    expect(events.items.map((e) => [e.kind, e.potId, e.details?.version])).toEqual([
      ['agreement', 'SC', 2],
      ['agreement', 'SC', 1],
    ]);
  });

  it('are taken only by direct payments, and recorded only by the officer of the pot’s funder', async () => {
    // Prepare
    const w = await unsigned();
    // Act and assess
    await expect(
      recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'EDU', agreementInput()),
    ).rejects.toMatchObject({
      code: 'NOT_A_DIRECT_PAYMENT',
    });
    await expect(
      recordAgreement(w.deps, w.ctx(actors.health), w.planId, 'SC', agreementInput()),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      recordAgreement(w.deps, w.ctx(actors.auditor), w.planId, 'SC', agreementInput()),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
