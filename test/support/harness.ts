import { randomUUID } from 'node:crypto';
import { FixedClock, UlidGenerator } from '../../adapters/ids.js';
import { MemoryStore } from '../../adapters/memory-store.js';
import { recordAgreement } from '../../domain/app/agreements.js';
import { createPlan, setUpBudget } from '../../domain/app/commands.js';
import type { Deps, RequestContext } from '../../domain/app/context.js';
import type { Actor } from '../../domain/model.js';
import { actors, agreementInput, budgetInput, planInput } from './section8.js';

/** An in-memory world: store, settable clock, ids, and request contexts with fresh keys. */
export function memoryWorld(now = '2026-11-29T10:00:00.000Z') {
  const store = new MemoryStore();
  const clock = new FixedClock(new Date(now));
  const deps: Deps = { store, clock, ids: new UlidGenerator(clock) };
  const ctx = (actor: Actor, key: string = randomUUID(), hash: string = randomUUID()): RequestContext => ({
    actor,
    requestId: `req-${randomUUID()}`,
    idempotencyKey: key,
    requestHash: hash,
  });
  return { store, clock, deps, ctx };
}

/** The section 8 budget of a plan, with SC's signed agreement (section 9a), in memory. */
export async function section8Budget(
  w: Pick<ReturnType<typeof memoryWorld>, 'deps' | 'ctx'>,
  planId: string,
) {
  const budget = await setUpBudget(w.deps, w.ctx(actors.officer), planId, budgetInput());
  await recordAgreement(w.deps, w.ctx(actors.officer), planId, 'SC', agreementInput());
  return budget;
}

/** The section 8 plan, its child born on `dateOfBirth`, on 29 November 2026. */
export async function section8World(dateOfBirth = '2015-03-02', costs: Record<string, string> = {}) {
  const w = memoryWorld('2026-11-29T10:00:00.000Z');
  const input = planInput();
  input.child.dateOfBirth = dateOfBirth;
  input.provisions = input.provisions.map((p) =>
    costs[p.id] === undefined ? p : { ...p, annualCost: costs[p.id] },
  );
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), input);
  return { ...w, planId: plan.planId };
}
