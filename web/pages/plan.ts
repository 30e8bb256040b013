import type { Answer } from '../api.js';
import { type Ctx, failure } from '../context.js';
import type { WebResponse } from '../http.js';

/** The plan as the plan's own pages read it: the family's home, the spend journey, the spends. */

/** The plan and its pots as the API answers them (its response schema's type). */
export type Plan = Answer<'PlanView'>;
export type Pot = Plan['pots'][number];

/** The pots this user may record a spend from: the API says so per pot, from the access rules. */
export const spendablePots = (plan: Plan): Pot[] => plan.pots.filter((p) => p.spendable);

export async function loadPlan(ctx: Ctx): Promise<{ plan: Plan } | { fail: WebResponse }> {
  const r = await ctx.api.get<'PlanView'>(`/v1/plans/${ctx.params.planId}`);
  if (r.status !== 200) return { fail: failure(ctx, r) };
  return { plan: r.body };
}

export const isFamily = (ctx: Ctx): boolean =>
  ctx.session.role === 'family' || ctx.session.role === 'key_worker';

/** The plan's support by id, in the plan's words (empty when the plan no longer has it). */
export const provisionText = (plan: Plan, id: string): string =>
  plan.provisions.find((p) => p.id === id)?.description ?? '';
export const outcomeText = (plan: Plan, id: string): string =>
  plan.outcomes.find((o) => o.id === id)?.description ?? '';
