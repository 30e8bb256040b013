// Proves DESIGN.md section 11d on the memory store: money records keep no names, a subject access
// export holds everything personal, and disposal after retention erases it while every money
// figure, the reconciliation and the hledger export read the same before and after.
import { describe, expect, it } from 'vitest';
import { createPlan } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { addMember } from '../../../domain/app/members.js';
import { disposeCouncil, exportPersonalData, retentionEnds } from '../../../domain/app/personal-data.js';
import { councilReconciliation } from '../../../domain/app/reconciliations.js';
import { councilJournal, planStatement } from '../../../domain/app/reports.js';
import { requestSpend } from '../../../domain/app/spends.js';
import { toHledger } from '../../../domain/hledger.js';
import { erasedValue } from '../../../domain/personal-data.js';
import { potFixture } from '../../support/fixtures.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

const PAYEE = 'Jane Q. Carer';
const NOTE = 'respite while Sam recovers';

async function spent() {
  const w = memoryWorld();
  const input = planInput();
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), {
    ...input,
    child: { ...input.child, name: 'Sam Childname' },
  });
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  await addMember(w.deps, w.ctx(actors.officer), plan.planId, {
    sub: 'carer-1',
    name: 'Robin Carer',
    relation: 'nominee',
    canSpend: false,
  });
  const family = actors.family(plan.planId);
  const spendCtx = w.ctx(family, 'spend-key', 'spend-hash');
  const spend = await requestSpend(w.deps, spendCtx, plan.planId, {
    ...spendInput(),
    payee: PAYEE,
    description: NOTE,
  });
  return { ...w, planId: plan.planId, family, spend: spend.result, spendCtx };
}

/** Every figure and export the disposal must leave as it was. */
async function moneyViews(w: Awaited<ReturnType<typeof spent>>) {
  const reconciliation = await councilReconciliation(w.deps, actors.officer, COUNCIL, {});
  const journal = await councilJournal(w.deps, actors.officer, COUNCIL);
  const statement = await planStatement(w.deps, actors.officer, w.planId, {});
  const pots = await w.store.getPots(w.planId);
  return {
    reconciliation,
    hledger: toHledger(COUNCIL, journal.entries, journal.pots),
    statementTotals: JSON.stringify(statement, (k, v) => (k === 'payee' || k === 'memo' ? undefined : v)),
    balances: pots.map(({ version: _v, agreement: _a, ...p }) => p),
  };
}

const tableText = (w: { store: { dump(): unknown[] } }) => JSON.stringify(w.store.dump());

describe('personal data apart from money', () => {
  it('keeps the payee out of the entry and spend items, in PD# items joined on read', async () => {
    const w = await spent();
    const items = w.store.dump();
    const money = items.filter((i) => ['entry', 'spend'].includes(i.type?.S ?? ''));
    const personal = items.filter((i) => i.type?.S === 'personal');
    expect(money.length).toBeGreaterThan(0);
    expect(money.some((i) => JSON.stringify(i).includes(PAYEE))).toBe(false);
    expect(personal.map((i) => i.sk?.S).filter((sk) => sk?.startsWith('PD#spend#'))).toEqual([
      `PD#spend#${w.spend.spendId}`,
    ]);
    // Read back, the records keep their shape.
    const spend = await w.store.getSpend(w.planId, w.spend.spendId);
    expect([spend?.payee, spend?.description]).toEqual([PAYEE, NOTE]);
    const page = await w.store.listEntries(w.planId, { limit: 50 });
    expect(page.items.find((e) => e.spendId === w.spend.spendId)?.payee).toBe(PAYEE);
  });

  it('exports everything held about the family to the council officer only', async () => {
    const w = await spent();
    const found = await exportPersonalData(w.deps, { actor: actors.officer }, w.planId);
    expect(found.members.map((m) => m.name)).toEqual(['Robin Carer']);
    expect(found.agreements.map((a) => a.holder.name)).toEqual(['A. Parent']);
    const spendData = found.records.find((r) => r.recordKind === 'spend');
    expect(spendData?.fields).toMatchObject({ payee: PAYEE, description: NOTE });
    expect(found.records.some((r) => r.recordKind === 'entry' && r.fields.payee === PAYEE)).toBe(true);
    expect(found.disposed).toBe(false);
    await expect(exportPersonalData(w.deps, { actor: w.family }, w.planId)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      exportPersonalData(w.deps, { actor: { ...actors.officer, org: 'LA-OTHER' } }, w.planId),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('disposes of a plan past retention: names erased everywhere, every money figure the same', async () => {
    const w = await spent();
    expect(tableText(w)).toContain(PAYEE);
    // Not yet due the day before seven years after the last pot ends (2027-03-31).
    w.clock.set('2034-03-30T12:00:00.000Z');
    // Read on the day of the disposal: a statement's projections move with today.
    const before = await moneyViews(w);
    const early = await disposeCouncil(w.deps, w.ctx(actors.officer), COUNCIL);
    expect(early.result).toEqual({ plansDisposed: 0 });
    w.clock.set('2034-03-31T12:00:00.000Z');
    expect(await moneyViews(w)).toEqual(before);
    const disposal = await disposeCouncil(w.deps, w.ctx(actors.officer, 'dispose-1', 'h'), COUNCIL);
    expect(disposal.result).toEqual({ plansDisposed: 1 });
    // Idempotent: a replay answers the same, another run disposes of nothing more.
    const replay = await disposeCouncil(w.deps, w.ctx(actors.officer, 'dispose-1', 'h'), COUNCIL);
    expect(replay).toEqual({ result: { plansDisposed: 1 }, replayed: true });
    const again = await disposeCouncil(w.deps, w.ctx(actors.officer), COUNCIL);
    expect(again.result).toEqual({ plansDisposed: 0 });

    expect(await moneyViews(w)).toEqual(before);
    const text = tableText(w);
    for (const name of [PAYEE, NOTE, 'Robin Carer', 'A. Parent', 'Sam Childname'])
      expect(text.includes(name), name).toBe(false);
    const spend = await w.store.getSpend(w.planId, w.spend.spendId);
    expect([spend?.payee, spend?.description, spend?.amount]).toEqual([erasedValue, erasedValue, '45.00']);
    // The stored answer still replays, its names read "[erased]".
    const retry = await requestSpend(w.deps, w.spendCtx, w.planId, { ...spendInput(), payee: PAYEE });
    expect(retry.replayed).toBe(true);
    expect({ ...retry.result, payee: PAYEE, description: NOTE, evidence: w.spend.evidence }).toEqual(w.spend);
    expect(retry.result.payee).toBe(erasedValue);
    // The disposal is an event with counts, no names.
    const audit = await w.store.listEvents(w.planId, { limit: 10 });
    const event = audit.items.find((e) => e.kind === 'disposed');
    expect(event?.details).toMatchObject({ receiptsDeleted: 0 });
    expect(Number(event?.details?.records)).toBeGreaterThan(0);
    expect(event?.reason).toBeUndefined();
    const exported = await exportPersonalData(w.deps, { actor: actors.officer }, w.planId);
    expect(exported.disposed).toBe(true);
    expect(exported.members.map((m) => m.name)).toEqual([erasedValue]);
  });

  it('refuses a disposal to anyone but the council officer', async () => {
    const w = await spent();
    await expect(disposeCouncil(w.deps, w.ctx(w.family), COUNCIL)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      disposeCouncil(w.deps, w.ctx({ ...actors.officer, org: 'LA-OTHER' }), COUNCIL),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('counts retention from the last pot to end, ceased or not', () => {
    const pots = [
      potFixture({ period: { start: '2025-04-01', end: '2026-03-31' } }),
      potFixture({ potId: 'B', period: { start: '2024-02-29', end: '2028-02-29' } }),
    ];
    expect(retentionEnds(pots, 7)).toBe('2035-02-28');
    expect(retentionEnds([potFixture({ ceased: { reason: 'moved_area', date: '2026-06-30' } })], 7)).toBe(
      '2033-06-30',
    );
    expect(retentionEnds([], 7)).toBeUndefined();
  });
});
