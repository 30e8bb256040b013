import { can } from '../access.js';
import { DomainError } from '../errors.js';
import type { Pot } from '../model.js';
import { Money } from '../money.js';
import { missedInstalments } from '../pot-schedule.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, movementDate, potOf, returnToFunder } from './posting.js';
import { changePot } from './unit.js';
import { type PotView, potView } from './views.js';

/**
 * Resuming a suspended pot (DESIGN.md section 9a): the instalments missed while it was suspended
 * (dated on or before the resumption and not posted) are either released by the next run, or
 * withheld: their money returns to the funder in one `withhold` entry and the schedule moves past
 * them. Withheld money does not lower the surplus threshold.
 */

export interface ResumptionInput {
  reason: string;
  missedInstalments: 'release' | 'withhold';
}

export async function resume(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  input: ResumptionInput,
): Promise<CommandOutcome<PotView>> {
  return runCommand<PotView>(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'pot:suspend', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('resume this pot');
    if (!pot.suspended) throw new DomainError('POT_NOT_SUSPENDED', `pot ${potId} is not suspended`);
    const on = movementDate(deps, pot);
    const missed =
      input.missedInstalments === 'withhold' ? missedInstalments(pot, on) : { count: 0, amount: Money.zero };
    const event = eventWrite(deps, actorRef(ctx.actor), planId, 'resumed', {
      potId,
      reason: input.reason,
      details: {
        missedInstalments: input.missedInstalments,
        withheld: missed.amount.toString(),
        count: missed.count,
      },
    });
    const resumed = {
      suspended: false,
      suspensionReason: null,
      instalmentsPosted: pot.instalmentsPosted + missed.count,
    };
    if (!missed.amount.isPositive()) {
      const write = changePot({ planId, potId, deltas: {}, expect: { suspended: true }, set: resumed });
      const after: Pot = {
        ...pot,
        suspended: false,
        instalmentsPosted: resumed.instalmentsPosted,
        version: pot.version + 1,
      };
      delete after.suspensionReason;
      return { unit: { writes: [write, event] }, result: potView(after) };
    }
    // One entry returns the missed instalments' money (unreleased -> funder), and the schedule
    // moves past them in the same write.
    const posted = returnToFunder(deps, ctx, pot, {
      kind: 'withhold',
      amount: missed.amount,
      effectiveDate: on,
      extra: { reason: input.reason, memo: `${missed.count} missed instalments withheld` },
      expect: { suspended: true, instalmentsPosted: pot.instalmentsPosted },
      set: resumed,
    });
    const writes = posted.writes;
    const after: Pot = { ...posted.after, suspended: false, instalmentsPosted: resumed.instalmentsPosted };
    delete after.suspensionReason;
    return { unit: { writes: [...writes, event] }, result: potView(after) };
  });
}
