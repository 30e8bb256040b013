import { can, canReadRecord } from '../access.js';
import type { Member, MemberRelation, Plan } from '../model.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  notFound,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan } from './posting.js';
import { readablePlan } from './queries.js';
import { replacePlan } from './unit.js';

/**
 * Who may act on a plan besides the claims of their token (DESIGN.md section 9a): parents, young
 * people, nominees, authorised persons and key workers, each with or without the right to spend.
 * A change replaces the plan at its version, so it is effective on the very next request.
 */

export interface MemberInput {
  sub: string;
  name: string;
  relation: MemberRelation;
  canSpend: boolean;
}

export async function addMember(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  input: MemberInput,
): Promise<CommandOutcome<Member>> {
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    if (!can(ctx.actor, 'members:manage', { kind: 'plan', plan: loaded.plan, pots: loaded.pots }))
      throw forbidden("manage this plan's members");
    const member: Member = {
      ...input,
      addedAt: deps.clock.now().toISOString(),
      addedBy: actorRef(ctx.actor),
    };
    const members = [...(loaded.plan.members ?? []).filter((m) => m.sub !== input.sub), member];
    return {
      unit: {
        writes: [
          replacePlan({ ...loaded.plan, members }, loaded.plan.version ?? 1),
          { kind: 'set_membership', planId, sub: member.sub, active: true },
          eventWrite(deps, actorRef(ctx.actor), planId, 'member_added', {
            details: { sub: member.sub, relation: member.relation, canSpend: member.canSpend },
          }),
        ],
      },
      result: member,
    };
  });
}

export async function removeMember(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  sub: string,
): Promise<CommandOutcome<{ planId: string; sub: string; removed: true }>> {
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    if (!can(ctx.actor, 'members:manage', { kind: 'plan', plan: loaded.plan, pots: loaded.pots }))
      throw forbidden("manage this plan's members");
    const members = loaded.plan.members ?? [];
    if (!members.some((m) => m.sub === sub)) throw notFound(`member ${sub} of plan ${planId}`);
    const next: Plan = { ...loaded.plan, members: members.filter((m) => m.sub !== sub) };
    return {
      unit: {
        writes: [
          replacePlan(next, loaded.plan.version ?? 1),
          { kind: 'set_membership', planId, sub, active: false },
          eventWrite(deps, actorRef(ctx.actor), planId, 'member_removed', { details: { sub } }),
        ],
      },
      result: { planId, sub, removed: true as const },
    };
  });
}

export async function listMembers(
  deps: Deps,
  actor: RequestContext['actor'],
  planId: string,
): Promise<{ planId: string; members: Member[] }> {
  const { plan, pots } = await readablePlan(deps, actor, planId, 'plan:read');
  if (!can(actor, 'events:read', { kind: 'plan', plan, pots })) throw forbidden("see this plan's members");
  // Members are about the plan, not one pot: the council's and the family's to read (11a).
  return { planId, members: canReadRecord(actor, plan, undefined) ? (plan.members ?? []) : [] };
}
