import { can } from '../access.js';
import type { CouncilPolicy } from '../plan-records.js';
import { type PolicyOverride, policyFor, type SpendPolicy } from '../policy.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';
import { put } from './unit.js';

/**
 * A council's own policy (DESIGN.md section 9b): its overrides of the section 3a defaults, set
 * without a redeploy. Each change is a new version kept beside the current one, so the record
 * shows who changed what when; requests read the policy when they are made, so a change applies
 * to requests made after it.
 */

export interface PolicyView {
  councilId: string;
  /** 0 while the council has set nothing (the deployment's defaults apply). */
  version: number;
  source: 'council' | 'deployment';
  overrides: PolicyOverride;
  /** The rules requests meet now: the defaults with the overrides applied. */
  effective: SpendPolicy;
  updatedAt?: string;
  updatedBy?: CouncilPolicy['updatedBy'];
}

function view(deps: Deps, councilId: string, stored: CouncilPolicy | undefined): PolicyView {
  const overrides =
    (stored?.overrides as PolicyOverride | undefined) ?? deps.policyOverrides?.[councilId] ?? {};
  return {
    councilId,
    version: stored?.version ?? 0,
    source: stored ? 'council' : 'deployment',
    overrides,
    effective: policyFor(overrides),
    ...(stored ? { updatedAt: stored.updatedAt, updatedBy: stored.updatedBy } : {}),
  };
}

export async function getCouncilPolicy(
  deps: Deps,
  actor: RequestContext['actor'],
  councilId: string,
): Promise<PolicyView> {
  if (!can(actor, 'policy:read', { kind: 'council', councilId }))
    throw forbidden(`read council ${councilId}'s policy`);
  return view(deps, councilId, await deps.store.getPolicy(councilId));
}

/** Replaces the council's overrides; the body is the whole set (fields left out take the defaults). */
export async function setCouncilPolicy(
  deps: Deps,
  ctx: RequestContext,
  councilId: string,
  overrides: PolicyOverride,
): Promise<CommandOutcome<PolicyView>> {
  if (!can(ctx.actor, 'policy:write', { kind: 'council', councilId }))
    throw forbidden(`set council ${councilId}'s policy`);
  return runCommand(deps, ctx, async () => {
    const current = await deps.store.getPolicy(councilId);
    const next: CouncilPolicy = {
      councilId,
      version: (current?.version ?? 0) + 1,
      overrides: { ...overrides },
      updatedAt: deps.clock.now().toISOString(),
      updatedBy: actorRef(ctx.actor),
    };
    // This container reads the new version at its next posting; others learn of it by the check.
    deps.policyCache?.delete(councilId);
    return {
      unit: {
        writes: [
          current
            ? {
                kind: 'replace_if_version',
                record: { type: 'policy', policy: next },
                expectedVersion: current.version,
              }
            : put({ type: 'policy', policy: next }),
          put({ type: 'policyVersion', policy: next }),
        ],
      },
      result: view(deps, councilId, next),
    };
  });
}
