import { can, canSeePlan, canSeePot } from '../access.js';
import type { Actor, Plan, SpendStatus } from '../model.js';
import { InvalidCursorError, type Page, type PageRequest } from '../ports.js';
import { type Deps, forbidden } from './context.js';
import { checkPage, readablePlan } from './queries.js';
import { type SpendView, spendView } from './views.js';

/**
 * The reads the web app's screens need beside section 5 (DESIGN.md section 10): the caller's own
 * plans, a plan's spends, and a council's plans by child reference.
 */

export interface PlanSummary {
  planId: string;
  councilId: string;
  childReference: string;
  /** Personal data: present when the plan records the child's name. */
  childName?: string;
  status: Plan['status'];
}

const summaryOf = (plan: Plan): PlanSummary => ({
  planId: plan.planId,
  councilId: plan.councilId,
  childReference: plan.child.reference,
  ...(plan.child.name === undefined ? {} : { childName: plan.child.name }),
  status: plan.status,
});

/** A caller covers a plan by its token's claim or as a member; the first is a family's home. */
export const myPlansMax = 100;

export async function myPlans(deps: Deps, actor: Actor): Promise<{ items: PlanSummary[] }> {
  const ids = [...new Set([...actor.plans, ...(await deps.store.listMemberPlans(actor.sub))])].slice(
    0,
    myPlansMax,
  );
  const found = await Promise.all(
    ids.map(async (planId) => {
      const plan = await deps.store.getPlan(planId);
      if (!plan) return undefined;
      return canSeePlan(actor, plan, await deps.store.getPots(planId)) ? plan : undefined;
    }),
  );
  return { items: found.filter((p): p is Plan => p !== undefined).map(summaryOf) };
}

/** A plan's spends on the pots the caller sees, newest first, by status if asked. */
export async function listPlanSpends(
  deps: Deps,
  actor: Actor,
  planId: string,
  filter: { status?: SpendStatus | undefined },
  page: PageRequest,
): Promise<Page<SpendView>> {
  const { limit, cursor } = checkPage(page);
  if (cursor !== undefined && !/^[A-Za-z0-9]{1,64}$/.test(cursor))
    throw new InvalidCursorError('cursor is not one this API returned');
  const { plan, pots } = await readablePlan(deps, actor, planId, 'plan:read');
  const visible = new Set(pots.filter((p) => canSeePot(actor, plan, p)).map((p) => p.potId));
  const spends = (await deps.store.listSpends(planId))
    .filter((s) => visible.has(s.potId) && (filter.status === undefined || s.status === filter.status))
    .filter((s) => cursor === undefined || s.spendId < cursor)
    .sort((a, b) => (a.spendId < b.spendId ? 1 : -1));
  const items = spends.slice(0, limit);
  return {
    items: items.map(spendView),
    next: spends.length > limit ? (items.at(-1)?.spendId ?? null) : null,
  };
}

export async function searchPlans(
  deps: Deps,
  actor: Actor,
  councilId: string,
  reference: string,
  page: PageRequest,
  name?: string,
): Promise<Page<PlanSummary>> {
  if (!can(actor, 'council:report', { kind: 'council', councilId }))
    throw forbidden(`search council ${councilId}'s plans`);
  const asked = checkPage(page);
  if (name === undefined) {
    const found = await deps.store.searchCouncilPlans(councilId, reference, asked);
    return { items: found.items.map(summaryOf), next: found.next };
  }
  // By name: the council's plans in reference order, those whose child's name holds the words
  // (any case). Names have no index of their own (they are personal data, kept with the plan), so
  // this reads up to nameSearchPagesMax pages of the reference index per call; `next` resumes it.
  const wanted = name.trim().toLowerCase();
  const items: Plan[] = [];
  let cursor = asked.cursor;
  // Store pages of the asked size: one page's matches always fit, so a page that would overflow is
  // left whole for the next call (its cursor is where this one stopped): nothing lost, nothing twice.
  for (let i = 0; i < nameSearchPagesMax; i++) {
    const found = await deps.store.searchCouncilPlans(councilId, reference, {
      limit: asked.limit,
      ...(cursor === undefined ? {} : { cursor }),
    });
    const matches = found.items.filter((p) => p.child.name?.toLowerCase().includes(wanted));
    if (items.length + matches.length > asked.limit) break;
    items.push(...matches);
    cursor = found.next ?? undefined;
    if (cursor === undefined) return { items: items.map(summaryOf), next: null };
  }
  return { items: items.map(summaryOf), next: cursor ?? null };
}

/** How many store pages one search by name reads before it answers with a cursor to go on. */
export const nameSearchPagesMax = 20;
