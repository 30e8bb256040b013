import { can } from '../access.js';
import { type AmendmentInput, amendPlan } from '../plan.js';
import type { Amendment } from '../plan-records.js';
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
import { put, replacePlan } from './unit.js';
import { type PlanView, planView } from './views.js';

/**
 * Amendments (DESIGN.md section 9b): a plan changes by versions. The amendment is kept as a record
 * and its version claimed once, so two officers amending at once cannot both land on one version.
 */

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
  await readablePlan(deps, actor, planId, 'plan:read');
  return { planId, amendments: await deps.store.listAmendments(planId) };
}
