import { DomainError } from '../errors.js';
import type { ActorRef, Plan, Pot } from '../model.js';
import type { Write } from '../ports.js';
import { shardOf } from '../shards.js';
import type { PotShortfall } from '../sufficiency.js';
import { eventWrite } from './agreements.js';
import type { Deps } from './context.js';
import { addSummaries } from './unit.js';

/**
 * A change after set-up that leaves a stream below the cost of its provisions (DESIGN.md section
 * 11a): refused without `shortfallReason`; with one, the shortfall is kept on the pot, recorded as
 * an event of the plan and listed by the council's reconciliation, as at set-up.
 */
export function shortfallWrites(
  deps: Deps,
  actor: ActorRef,
  plan: Plan,
  pots: readonly Pot[],
  found: readonly PotShortfall[],
  reason: string | undefined,
  path: string,
): Write[] {
  if (found.length === 0) return [];
  if (reason === undefined) {
    throw new DomainError(
      'ALLOCATION_BELOW_COST',
      found
        .map(
          (f) =>
            `the ${f.stream} allocation ${f.allocation} would be below its provisions' cost ${f.cost} for the period`,
        )
        .join('; '),
      found.map((f) => ({
        path,
        message: `leaves ${f.stream} below the pro-rata cost ${f.cost}; give a shortfallReason to proceed`,
      })),
    );
  }
  return found.flatMap((f) => {
    const pot = pots.find((p) => p.potId === f.potId);
    if (!pot) return [];
    const { potId, stream, ...figures } = f;
    const shortfall = { ...figures, reason };
    return [
      {
        kind: 'update',
        target: { type: 'pot', planId: plan.planId, potId },
        deltas: {},
        set: { shortfall: JSON.stringify(shortfall) },
      } satisfies Write,
      eventWrite(deps, actor, plan.planId, 'shortfall', { potId, reason, details: { ...f } }),
      ...addSummaries([
        {
          planId: plan.planId,
          potId,
          councilId: plan.councilId,
          funderId: pot.funderId,
          group: '',
          shard: shardOf(plan.planId),
          kind: 'figure-shortfall',
          key: `${plan.planId}#${potId}`,
          // One item per pot: counted once, its figures replaced by the latest shortfall.
          adds: { pots: pot.shortfall ? '0' : '1' },
          labels: {
            planId: plan.planId,
            potId,
            stream,
            start: pot.period.start,
            end: pot.period.end,
            ...shortfall,
          },
        },
      ]),
    ];
  });
}
