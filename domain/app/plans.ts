import { can } from '../access.js';
import { type BudgetInput, newPots } from '../budget.js';
import { movements } from '../ledger.js';
import { Money } from '../money.js';
import { type NewPlanInput, newPlan } from '../plan.js';
import type { Write } from '../ports.js';
import { type CommandOutcome, type Deps, forbidden, type RequestContext, runCommand } from './context.js';
import { loadPlan, postTo, today } from './posting.js';
import { put } from './unit.js';
import { type PlanView, planView } from './views.js';

/** The plan aggregate's commands: a plan with its outcomes and provisions, and its budgets. */

export async function createPlan(
  deps: Deps,
  ctx: RequestContext,
  input: NewPlanInput,
): Promise<CommandOutcome<PlanView>> {
  if (!can(ctx.actor, 'plan:create', { kind: 'council', councilId: input.councilId })) {
    throw forbidden(`create plans for council ${input.councilId}`);
  }
  return runCommand(deps, ctx, async () => {
    const plan = newPlan(input, deps.ids.next(), ctx.actor.sub, deps.clock.now());
    return { unit: { writes: [put({ type: 'plan', plan })] }, result: planView(plan, [], ctx.actor) };
  });
}

export async function setUpBudget(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  input: BudgetInput,
): Promise<CommandOutcome<PlanView>> {
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    if (!can(ctx.actor, 'budget:create', { kind: 'plan', plan: loaded.plan, pots: loaded.pots })) {
      throw forbidden('set up budgets for this plan');
    }
    const created = newPots(loaded.plan, loaded.pots, input, today(deps));
    const writes: Write[] = [];
    const opened = created.map((pot, i) => {
      const allocation = Money.parse(input.pots[i]?.allocation ?? '', `pots.${i}.allocation`);
      const posted = postTo(deps, ctx, pot, {
        kind: 'allocate',
        postings: movements.allocate(pot.potId, pot.mode, allocation),
        effectiveDate: input.period.start,
        extra: { memo: 'budget set up' },
      });
      const opening = { ...posted.after, version: 0 };
      // A new pot is stored with its opening balances, so its own balance update is left out.
      writes.push(
        put({ type: 'pot', pot: opening }),
        ...posted.writes.filter((w) => w.kind !== 'update' || w.target.type !== 'pot'),
      );
      return opening;
    });
    return {
      unit: { writes },
      result: planView(loaded.plan, [...loaded.pots, ...opened], ctx.actor),
    };
  });
}
