import { randomUUID } from 'node:crypto';
import { Bench } from 'tinybench';
import { FixedClock, UlidGenerator } from '../adapters/ids.js';
import { MemoryStore } from '../adapters/memory-store.js';
import { tableWritesOf } from '../adapters/table/writes.js';
import { recordAgreement } from '../domain/app/agreements.js';
import { createPlan, setUpBudget } from '../domain/app/commands.js';
import type { Deps } from '../domain/app/context.js';
import { runInstalments } from '../domain/app/instalments.js';
import { postTo } from '../domain/app/posting.js';
import { movements } from '../domain/ledger.js';
import type { Actor } from '../domain/model.js';
import { Money } from '../domain/money.js';
import { defaultPolicy, evaluateSpend } from '../domain/policy.js';
import { agreementInput, budgetInput, planInput, spendInput } from '../local/section8.js';

/**
 * The domain's own speed, in process, without I/O: deciding a spend against the policy, and
 * building a posting (entry, pot change, summaries and council figures) down to the table's items.
 */
export async function domainThroughput(): Promise<Array<{ name: string; perSecond: number }>> {
  const clock = new FixedClock(new Date('2026-07-10T09:00:00.000Z'));
  const deps: Deps = { store: new MemoryStore(), clock, ids: new UlidGenerator(clock) };
  const officer: Actor = { sub: 'o', role: 'council_officer', org: 'LA-001', plans: [] };
  const ctx = (actor: Actor) => ({ actor, requestId: 'r', idempotencyKey: randomUUID(), requestHash: 'h' });
  const { result } = await createPlan(deps, ctx(officer), planInput());
  await setUpBudget(deps, ctx(officer), result.planId, budgetInput());
  await recordAgreement(deps, ctx(officer), result.planId, 'SC', agreementInput());
  await runInstalments(deps, ctx(officer), { councilId: 'LA-001', upTo: '2026-06-30' });
  const { plan, pots } = await deps.store.getPlanWithPots(result.planId);
  const pot = pots.find((p) => p.potId === 'SC');
  if (!plan || !pot) throw new Error('the bench plan was not set up');
  const family: Actor = { sub: 'parent-1', role: 'family', org: 'LA-001', plans: [plan.planId] };
  const request = spendInput();
  const bench = new Bench({ time: 1000 });
  bench
    .add('policy evaluation (evaluateSpend)', () => {
      evaluateSpend(plan, pot, request, family, defaultPolicy);
    })
    .add('posting construction (entry, pot change, summaries, figures, table items)', () => {
      const posted = postTo(deps, ctx(family), pot, {
        kind: 'direct_spend',
        postings: movements.directSpend(pot.potId, Money.of('45.00')),
        effectiveDate: request.date,
      });
      for (const w of posted.writes) tableWritesOf(w);
    });
  await bench.run();
  for (const t of bench.tasks) if (t.result?.error) throw t.result.error;
  return bench.tasks.map((t) => ({ name: t.name, perSecond: t.result?.hz ?? Number.NaN }));
}
