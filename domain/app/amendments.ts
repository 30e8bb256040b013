import { can, canReadRecord } from '../access.js';
import type { Plan, Stream } from '../model.js';
import { Money } from '../money.js';
import { type AmendmentInput, amendPlan } from '../plan.js';
import { checkPlanBounds } from '../plan-bounds.js';
import type { Amendment } from '../plan-records.js';
import { shortfallsAfter } from '../sufficiency.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan } from './posting.js';
import { readablePlan } from './queries.js';
import { shortfallWrites } from './shortfalls.js';
import { put, replacePlan } from './unit.js';
import { type PlanView, planView } from './views.js';

/**
 * Amendments (DESIGN.md section 9b): a plan changes by versions. The amendment is kept as a record
 * and its version claimed once, so two officers amending at once cannot both land on one version.
 */

/** The streams a provision of which costs more after an amendment than before (or is new and costed). */
function costsRaised(before: Plan, after: Plan): Set<Stream> {
  const raised = new Set<Stream>();
  for (const p of after.provisions) {
    if (p.annualCost === undefined) continue;
    const was = before.provisions.find((b) => b.id === p.id)?.annualCost;
    if (was === undefined || Money.of(was).lessThan(Money.of(p.annualCost))) raised.add(p.stream);
  }
  return raised;
}

export interface AmendmentResult extends PlanView {
  amendment: Amendment;
}

export async function amend(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  input: AmendmentInput,
): Promise<CommandOutcome<AmendmentResult>> {
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    if (!can(ctx.actor, 'plan:amend', { kind: 'plan', plan: loaded.plan, pots: loaded.pots }))
      throw forbidden('amend this plan');
    const version = loaded.plan.version ?? 1;
    const amended = { ...amendPlan(loaded.plan, input), version: version + 1 };
    checkPlanBounds(amended);
    // Costs that rise must still be met by the allocations, or the shortfall explained (11a).
    const shortfall = shortfallWrites(
      deps,
      actorRef(ctx.actor),
      amended,
      loaded.pots,
      shortfallsAfter(amended, loaded.pots, costsRaised(loaded.plan, amended)),
      input.shortfallReason,
      'annualCost',
    );
    const amendment: Amendment = {
      planId,
      amendmentId: deps.ids.next(),
      version: version + 1,
      reason: input.reason,
      effectiveFrom: input.effectiveFrom,
      addOutcomes: input.addOutcomes ?? [],
      addProvisions: input.addProvisions ?? [],
      retireOutcomeIds: input.retireOutcomeIds ?? [],
      retireProvisionIds: input.retireProvisionIds ?? [],
      updateProvisions: input.updateProvisions ?? [],
      recordedAt: deps.clock.now().toISOString(),
      recordedBy: actorRef(ctx.actor),
    };
    return {
      unit: {
        writes: [
          replacePlan(amended, version),
          put({ type: 'amendment', amendment }),
          ...shortfall,
          eventWrite(deps, actorRef(ctx.actor), planId, 'amendment', {
            reason: input.reason,
            details: { version: amendment.version, effectiveFrom: input.effectiveFrom },
          }),
        ],
      },
      result: { ...planView(amended, loaded.pots, ctx.actor), amendment },
    };
  });
}

export async function listAmendments(
  deps: Deps,
  actor: RequestContext['actor'],
  planId: string,
): Promise<{ planId: string; amendments: Amendment[] }> {
  const { plan } = await readablePlan(deps, actor, planId, 'plan:read');
  // An amendment changes the whole plan: the council's and the family's to read (11a).
  return {
    planId,
    amendments: canReadRecord(actor, plan, undefined) ? await deps.store.listAmendments(planId) : [],
  };
}
