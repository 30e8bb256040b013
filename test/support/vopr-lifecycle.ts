import { amend } from '../../domain/app/amendments.js';
import { requestBudget } from '../../domain/app/budget-requests.js';
import type { Deps, RequestContext } from '../../domain/app/context.js';
import { setCouncilPolicy } from '../../domain/app/council-policy.js';
import { recordReview } from '../../domain/app/reviews.js';
import type { Actor } from '../../domain/model.js';
import { actors, COUNCIL } from './section8.js';

/**
 * The fault harness's operations on the plan over time (DESIGN.md section 9b): each changes what
 * later spends meet (a retired provision, a lower approval limit) or the worklist's records.
 */
export type LifecycleOp =
  | { kind: 'amend'; retire: boolean }
  | { kind: 'review' }
  | { kind: 'request' }
  | { kind: 'policy'; limitPence: number };

export function lifecycleOp(random: () => number): LifecycleOp {
  const r = random();
  if (r < 0.3) return { kind: 'amend', retire: random() < 0.3 };
  if (r < 0.5) return { kind: 'review' };
  if (r < 0.75) return { kind: 'request' };
  return { kind: 'policy', limitPence: 1 + Math.floor(random() * 100_000) };
}

export async function executeLifecycle(
  w: { deps: Deps; planId: string; family: Actor },
  op: LifecycleOp,
  ctx: (actor: Actor) => RequestContext,
): Promise<unknown> {
  switch (op.kind) {
    case 'amend': {
      const r = await amend(
        w.deps,
        ctx(actors.officer),
        w.planId,
        op.retire
          ? { reason: 'retire short breaks', effectiveFrom: '2026-06-15', retireProvisionIds: ['H1'] }
          : {
              reason: 'cost tuition',
              effectiveFrom: '2026-06-15',
              updateProvisions: [{ id: 'F1', annualCost: '100.00' }],
            },
      );
      return r.result.version;
    }
    case 'review':
      return (
        await recordReview(w.deps, ctx(actors.officer), w.planId, { kind: 'annual', date: '2026-07-01' })
      ).result.nextDue;
    case 'request':
      return (await requestBudget(w.deps, ctx(w.family), w.planId, { streams: ['education'] })).result
        .decisionDue;
    case 'policy': {
      const limit = `${Math.floor(op.limitPence / 100)}.${String(op.limitPence % 100).padStart(2, '0')}`;
      const r = await setCouncilPolicy(w.deps, ctx(actors.officer), COUNCIL, {
        autoApprovalLimitGbp: { direct_payment: limit, third_party: '1000.00', notional: null },
      });
      return r.result.effective.autoApprovalLimitGbp;
    }
  }
}
