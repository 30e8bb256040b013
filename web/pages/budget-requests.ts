import { type Ctx, failure, formErrors, type Handler, type PageRoute, page } from '../context.js';
import { redirect, type WebResponse } from '../http.js';
import type { FieldError } from '../messages.js';
import { keyOf, text } from './forms.js';
import { loadPlan } from './plan.js';

/** Asking for a personal budget (the family) and deciding the request (the council). */

/** The plan's budget requests, with the refusal of a form when one was just sent. */
async function requestsPage(ctx: Ctx, errors: FieldError[] = [], status = 200): Promise<WebResponse> {
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  const r = await ctx.api.get(`/v1/plans/${ctx.params.planId}/budget-requests`);
  if (r.status !== 200) return failure(ctx, r);
  return page(
    ctx,
    'requests.njk',
    { title: 'Asking for a personal budget', plan: loaded.plan, requests: r.body.requests, errors },
    status,
  );
}

const requests: Handler = (ctx) => requestsPage(ctx);

const askForBudget: Handler = async (ctx) => {
  const streams = ctx.req.form.getAll('streams');
  const notes = text(ctx.req.form, 'notes');
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/budget-requests`,
    { streams, ...(notes ? { notes } : {}) },
    keyOf(ctx),
  );
  if (r.status === 201) return redirect(`/plans/${ctx.params.planId}/budget-requests?done=asked`);
  if (r.status === 401 || r.status === 404) return failure(ctx, r);
  return requestsPage(ctx, formErrors(r, ['streams', 'notes']), 422);
};

const decide: Handler = async (ctx) => {
  const f = ctx.req.form;
  const reason = text(f, 'reason');
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/budget-requests/${ctx.params.requestId}/decision`,
    {
      decision: f.get('decision'),
      ...(reason ? { reason } : {}),
      reviewRightsExplained: f.get('reviewRightsExplained') === 'yes',
    },
    keyOf(ctx),
  );
  if (r.status === 200) return redirect(`/plans/${ctx.params.planId}/budget-requests?done=decided`);
  if (r.status === 401 || r.status === 404) return failure(ctx, r);
  return requestsPage(ctx, formErrors(r, ['decision', 'reason', 'reviewRightsExplained']), 422);
};

export const budgetRequestPages: PageRoute[] = [
  { method: 'GET', pattern: '/plans/:planId/budget-requests', handler: requests },
  { method: 'POST', pattern: '/plans/:planId/budget-requests', handler: askForBudget },
  { method: 'POST', pattern: '/plans/:planId/budget-requests/:requestId/decision', handler: decide },
];
