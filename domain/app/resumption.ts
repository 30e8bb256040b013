import { can } from '../access.js';
import { DomainError } from '../errors.js';
import { transfer } from '../ledger.js';
import type { Pot } from '../model.js';
import { Money } from '../money.js';
import { instalmentCount, instalmentDate, nextInstalmentAmount } from '../schedule.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, movementDate, postTo, potOf } from './posting.js';
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

/** The missed instalments of a pot on a date: their count and their money, as the run would pay them. */
export function missedInstalments(pot: Pot, onOrBefore: string): { count: number; amount: Money } {
  const schedule = pot.schedule;
  if (!schedule) return { count: 0, amount: Money.zero };
  const total = instalmentCount(schedule, pot.period.end);
  let unreleased = Money.of(pot.unreleased);
  let amount = Money.zero;
  let count = 0;
  for (
    let index = pot.instalmentsPosted;
    index < total && instalmentDate(schedule, index) <= onOrBefore;
    index++
  ) {
    const share = nextInstalmentAmount(unreleased, total - index);
    unreleased = unreleased.minus(share);
    amount = amount.plus(share);
    count++;
  }
  return { count, amount };
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
    const posted = postTo(deps, ctx, pot, {
      kind: 'withhold',
      postings: transfer(potId, 'unreleased', 'funder', missed.amount),
      effectiveDate: on,
      extra: { reason: input.reason, memo: `${missed.count} missed instalments withheld` },
      expect: { suspended: true },
    });
    const writes = posted.writes.map((w) =>
      w.kind === 'update' && w.target.type === 'pot'
        ? {
            ...w,
            deltas: { ...w.deltas, withheld: missed.amount.toString() },
            expect: { ...w.expect, instalmentsPosted: pot.instalmentsPosted },
            set: resumed,
          }
        : w,
    );
    const after: Pot = {
      ...posted.after,
      suspended: false,
      instalmentsPosted: resumed.instalmentsPosted,
      withheld: Money.of(pot.withheld ?? '0')
        .plus(missed.amount)
        .toString(),
    };
    delete after.suspensionReason;
    return { unit: { writes: [...writes, event] }, result: potView(after) };
  });
}
