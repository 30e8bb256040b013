// Proves a spend may decide on a cached plan and pots only because its unit holds it to them: a warm
// spend reads nothing before its one commit, and a copy made stale by another container (a member
// removed, a pot ceased, an agreement signed, money released) costs a retry, never a wrong answer.
import { describe, expect, it, vi } from 'vitest';
import { FixedClock, UlidGenerator } from '../../../adapters/ids.js';
import { recordAgreement } from '../../../domain/app/agreements.js';
import { amend } from '../../../domain/app/amendments.js';
import { cease } from '../../../domain/app/cessation.js';
import { createPlan, requestSpend } from '../../../domain/app/commands.js';
import type { Deps } from '../../../domain/app/context.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { addMember, removeMember } from '../../../domain/app/members.js';
import { PlanCache } from '../../../domain/app/plan-cache.js';
import { setUpBudget } from '../../../domain/app/plans.js';
import { DomainError } from '../../../domain/errors.js';
import { Money } from '../../../domain/money.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import {
  actors,
  agreementInput,
  budgetInput,
  COUNCIL,
  planInput,
  spendInput,
} from '../../support/section8.js';

const now = '2026-07-10T09:00:00.000Z';

/** Two containers on one store, each with its own caches. */
async function containers() {
  const w = memoryWorld(now);
  const clock = new FixedClock(new Date(now));
  const a: Deps = { ...w.deps, policyCache: new Map(), planCache: new PlanCache() };
  const b: Deps = { store: w.store, clock, ids: new UlidGenerator(clock), policyCache: new Map() };
  const { result: plan } = await createPlan(b, w.ctx(actors.officer), planInput());
  return { w, a, b, planId: plan.planId };
}

const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : String(error));
const entriesOf = async (d: Deps, planId: string) =>
  (await d.store.listEntries(planId, { limit: 1000 })).items.length;

describe('the plan a spend decides on', () => {
  it('is read once per container: a warm spend is one commit and nothing else', async () => {
    // Prepare
    const { w, a, b, planId } = await containers();
    await section8Budget({ deps: b, ctx: w.ctx }, planId);
    await runInstalments(b, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    const family = actors.family(planId);
    await requestSpend(a, w.ctx(family), planId, spendInput());
    const planReads = vi.spyOn(w.store, 'getPlanWithPots');
    const idempotencyReads = vi.spyOn(w.store, 'getIdempotency');
    const commits = vi.spyOn(w.store, 'commit');
    // Act
    const warm = await requestSpend(a, w.ctx(family), planId, spendInput());
    // Assess
    expect(warm.result.status).toBe('paid');
    expect([
      planReads.mock.calls.length,
      idempotencyReads.mock.calls.length,
      commits.mock.calls.length,
    ]).toEqual([0, 0, 1]);
  });

  it('refuses a member removed by another container at once, and writes nothing', async () => {
    // Prepare: a member who may spend, cached by container A with the plan.
    const { w, a, b, planId } = await containers();
    await section8Budget({ deps: b, ctx: w.ctx }, planId);
    await runInstalments(b, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    const member = { sub: 'carer-2', role: 'family' as const, org: COUNCIL, plans: [] };
    await addMember(b, w.ctx(actors.officer), planId, {
      sub: member.sub,
      name: 'Carer Two',
      relation: 'parent',
      canSpend: true,
    });
    await requestSpend(a, w.ctx(member), planId, spendInput());
    const before = await entriesOf(b, planId);
    await removeMember(b, w.ctx(actors.officer), planId, member.sub);
    // Act
    const refused = await requestSpend(a, w.ctx(member), planId, spendInput()).catch(codeOf);
    // Assess
    expect(refused).toBe('NOT_FOUND');
    expect(await entriesOf(b, planId)).toBe(before);
    expect(a.planCache?.get(planId)).toBeUndefined();
  });

  it('refuses a spend dated after a cessation another container recorded', async () => {
    // Prepare
    const { w, a, b, planId } = await containers();
    await section8Budget({ deps: b, ctx: w.ctx }, planId);
    await runInstalments(b, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    const family = actors.family(planId);
    await requestSpend(a, w.ctx(family), planId, spendInput());
    await cease(b, w.ctx(actors.officer), planId, 'SC', { reason: 'moved_area', date: '2026-06-30' });
    const before = await entriesOf(b, planId);
    // Act
    const refused = await requestSpend(a, w.ctx(family), planId, {
      ...spendInput(),
      date: '2026-07-05',
    }).catch(codeOf);
    // Assess
    expect(refused).toBe('POT_CEASED');
    expect(await entriesOf(b, planId)).toBe(before);
  });

  it('never refuses on a stale copy: an agreement signed and money released elsewhere count at once', async () => {
    // Prepare: A caches the pot before its agreement and its first instalment; B records both.
    const { w, a, b, planId } = await containers();
    await setUpBudget(b, w.ctx(actors.officer), planId, budgetInput());
    const family = actors.family(planId);
    const early = await requestSpend(a, w.ctx(family), planId, spendInput()).catch(codeOf);
    await recordAgreement(b, w.ctx(actors.officer), planId, 'SC', agreementInput());
    await runInstalments(b, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    // Act
    const spent = await requestSpend(a, w.ctx(family), planId, spendInput());
    // Assess
    expect(early).toBe('AGREEMENT_REQUIRED');
    expect(a.planCache?.get(planId)).toBeDefined();
    expect(spent.result.status).toBe('paid');
  });

  it('answers what the plan says, not a shortfall seen on a stale copy (a provision retired, money spent elsewhere)', async () => {
    // Prepare: A caches the plan and pots; B retires H1 and spends most of SC's money.
    const { w, a, b, planId } = await containers();
    await section8Budget({ deps: b, ctx: w.ctx }, planId);
    await runInstalments(b, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    const family = actors.family(planId);
    await requestSpend(a, w.ctx(family), planId, spendInput());
    await amend(b, w.ctx(actors.officer), planId, {
      reason: 'short breaks ended',
      effectiveFrom: '2026-06-15',
      retireProvisionIds: ['H1'],
    });
    const available = Money.of(
      (await b.store.getPots(planId)).find((p) => p.potId === 'SC')?.available ?? '0',
    );
    await requestSpend(b, w.ctx(family), planId, {
      ...spendInput(),
      date: '2026-06-01',
      amount: available.minus(Money.of('1.00')).toString(),
    });
    const before = await entriesOf(b, planId);
    // Act: within A's stale copy of the pot, over what is there now, against the retired provision.
    const refused = await requestSpend(a, w.ctx(family), planId, {
      ...spendInput(),
      date: '2026-06-15',
      amount: '10.00',
    }).catch(codeOf);
    // Assess
    expect(refused).toBe('PROVISION_RETIRED');
    expect(await entriesOf(b, planId)).toBe(before);
  });

  it('keeps at most its limit of plans, dropping the least recently used', () => {
    const cache = new PlanCache(2);
    const loaded = (planId: string) => ({ plan: { planId } as never, pots: [] });
    cache.remember('P1', loaded('P1'));
    cache.remember('P2', loaded('P2'));
    cache.get('P1');
    cache.remember('P3', loaded('P3'));
    expect([cache.get('P1') !== undefined, cache.get('P2') !== undefined, cache.size]).toEqual([
      true,
      false,
      2,
    ]);
  });
});
