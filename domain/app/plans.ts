import { can } from '../access.js';
import { type BudgetInput, costShortfalls, newPots } from '../budget.js';
import { setUpFigures } from '../council-figures.js';
import { dateOf } from '../dates.js';
import { DomainError } from '../errors.js';
import { movements } from '../ledger.js';
import { Money } from '../money.js';
import { type NewPlanInput, newPlan } from '../plan.js';
import type { Write } from '../ports.js';
import { birthdayWork, nextReturnDue, openWork, reviewDue } from '../work.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  councilPolicy,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, postTo, today } from './posting.js';
import { addSummaries, put, setWork } from './unit.js';
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
    const now = deps.clock.now();
    const plan = newPlan(input, deps.ids.next(), ctx.actor.sub, now);
    // The review clock starts with the plan; birthdays ahead go on the worklist (section 9b).
    const work = [
      openWork('annual_review', { plan }, reviewDue.annual(dateOf(now)), now),
      ...birthdayWork(plan, now),
    ];
    return {
      unit: { writes: [put({ type: 'plan', plan }), ...work.map(setWork)] },
      result: planView(plan, [], ctx.actor),
    };
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
    const shortfalls = costShortfalls(loaded.plan, loaded.pots, input);
    if (shortfalls.length > 0 && input.shortfallReason === undefined) {
      throw new DomainError(
        'ALLOCATION_BELOW_COST',
        shortfalls
          .map(
            (f) =>
              `the ${f.stream} allocation ${f.allocation} is below its provisions' cost ${f.cost} for the period`,
          )
          .join('; '),
        shortfalls.map((f) => ({
          path: `pots.${input.pots.findIndex((p) => p.stream === f.stream)}.allocation`,
          message: `below the pro-rata cost ${f.cost} of the ${f.stream} provisions; give a shortfallReason to proceed`,
        })),
      );
    }
    for (const f of shortfalls) {
      const pot = created.find((p) => p.stream === f.stream);
      const { stream: _stream, ...figures } = f;
      if (pot && input.shortfallReason !== undefined)
        pot.shortfall = { ...figures, reason: input.shortfallReason };
    }
    const policy = await councilPolicy(deps, loaded.plan.councilId);
    const now = deps.clock.now();
    const writes: Write[] = shortfalls.map((f) =>
      eventWrite(deps, actorRef(ctx.actor), planId, 'shortfall', {
        reason: input.shortfallReason,
        details: { ...f },
      }),
    );
    const plan = loaded.plan;
    const budgetStart = created.map((p) => p.budgetStartedAt).sort()[0];
    if (budgetStart !== undefined)
      writes.push(setWork(openWork('budget_review', { plan }, reviewDue.budget(budgetStart, policy), now)));
    for (const pot of created.filter((p) => p.mode === 'direct_payment')) {
      if (policy.requireAgreement)
        writes.push(setWork(openWork('agreement_missing', { plan, pot }, pot.period.start, now)));
      const firstReturn = nextReturnDue(pot, undefined, policy);
      if (firstReturn)
        writes.push(
          setWork({
            ...openWork('return_overdue', { plan, pot }, firstReturn.due, now),
            quarter: firstReturn.quarter,
          }),
        );
    }
    const opened = created.map((pot, i) => {
      const allocation = Money.parse(input.pots[i]?.allocation ?? '', `pots.${i}.allocation`);
      const posted = postTo(deps, ctx, pot, {
        kind: 'allocate',
        postings: movements.allocate(pot.potId, pot.mode, allocation),
        effectiveDate: input.period.start,
        extra: { memo: 'budget set up' },
        summaryContext: { opensPot: true },
      });
      const opening = { ...posted.after, version: 0 };
      // A new pot is stored with its opening balances, so its own balance update is left out.
      writes.push(
        put({ type: 'pot', pot: opening }),
        ...posted.writes.filter((w) => w.kind !== 'update' || w.target.type !== 'pot'),
      );
      return opening;
    });
    writes.push(...addSummaries(setUpFigures(plan, loaded.pots, created)));
    return {
      unit: { writes },
      result: planView(loaded.plan, [...loaded.pots, ...opened], ctx.actor),
    };
  });
}
