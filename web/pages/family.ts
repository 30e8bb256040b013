import type { Answer } from '../api.js';
import { type Ctx, failure, formErrors, type Handler, type PageRoute, page } from '../context.js';
import { csvDownload, redirect, type WebResponse } from '../http.js';
import type { FieldError } from '../messages.js';
import { dateFrom, dateParts, keyOf, text } from './forms.js';

/**
 * The family's screens (phone first), also used by brokers and officers on the plans they see: the
 * budget at a glance, recording a spend, the spends with their statuses, the statement, and
 * asking for a personal budget.
 */

/** The plan and its pots as the API answers them (its response schema's type). */
type Plan = Answer<'PlanView'>;
type Pot = Plan['pots'][number];

/** The pots this user may record a spend from: the API says so per pot, from the access rules. */
const spendablePots = (plan: Plan): Pot[] => plan.pots.filter((p) => p.spendable);

async function loadPlan(ctx: Ctx): Promise<{ plan: Plan } | { fail: WebResponse }> {
  const r = await ctx.api.get<'PlanView'>(`/v1/plans/${ctx.params.planId}`);
  if (r.status !== 200) return { fail: failure(ctx, r) };
  return { plan: r.body };
}

const budget: Handler = async (ctx) => {
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  const statement = await ctx.api.get<'Statement'>(`/v1/plans/${ctx.params.planId}/statement`);
  // A refused statement leaves the budget without its per-outcome figures.
  const byOutcome = statement.status === 200 ? statement.body.byOutcome : [];
  const outcomes = new Map(loaded.plan.outcomes.map((o) => [o.id, o.description]));
  const totals = new Map<string, string>();
  for (const row of byOutcome) totals.set(row.outcomeId, row.spent);
  const bars = [...totals.entries()].map(([id, spent]) => ({ label: outcomes.get(id) ?? id, value: spent }));
  return page(ctx, 'plan.njk', {
    title: `Budget for ${loaded.plan.child.reference}`,
    plan: loaded.plan,
    bars,
    canSpend: spendablePots(loaded.plan).length > 0,
    today: new Date().toISOString().slice(0, 10),
  });
};

function spendForm(ctx: Ctx, plan: Plan, extra: Record<string, unknown> = {}, status = 200): WebResponse {
  const pots = spendablePots(plan);
  const streams = new Set(pots.map((p) => p.stream));
  const provisions = plan.provisions.filter((p) => streams.has(p.stream) && !p.retiredFrom);
  return page(
    ctx,
    'spend-new.njk',
    {
      title: 'Record a spend',
      plan,
      pots,
      outcomes: plan.outcomes.filter((o) => !o.retiredFrom),
      provisions,
      categories: [...new Set(provisions.flatMap((p) => p.categories))],
      ...extra,
    },
    status,
  );
}

const newSpend: Handler = async (ctx) => {
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  return spendForm(ctx, loaded.plan);
};

const spendFields = ['potId', 'amount', 'date', 'payee', 'category', 'outcomeId', 'provisionId', 'evidence'];

const createSpend: Handler = async (ctx) => {
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  const f = ctx.req.form;
  const body = {
    potId: text(f, 'potId') ?? '',
    amount: text(f, 'amount')?.replace(/^£/, '').replaceAll(',', '') ?? '',
    date: dateFrom(f, 'date'),
    payee: text(f, 'payee') ?? '',
    category: text(f, 'category')?.toLowerCase().replaceAll(' ', '_') ?? '',
    outcomeId: text(f, 'outcomeId') ?? '',
    provisionId: text(f, 'provisionId') ?? '',
    paid: f.get('paid') === 'yes',
    ...(text(f, 'evidence') ? { evidence: text(f, 'evidence') } : {}),
  };
  const r = await ctx.api.post(`/v1/plans/${ctx.params.planId}/spends`, body, keyOf(ctx));
  if (r.status === 201 || r.status === 200)
    return redirect(`/plans/${ctx.params.planId}/spends/${r.body.spendId}`);
  if (r.status === 401 || r.status === 404) return failure(ctx, r);
  return spendForm(
    ctx,
    loaded.plan,
    { errors: formErrors(r, spendFields), values: { ...Object.fromEntries(f), date: dateParts(body.date) } },
    r.status === 409 ? 409 : 422,
  );
};

const spendResult: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}`);
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'spend.njk', { title: 'Your spend', planId: ctx.params.planId, spend: r.body });
};

const spends: Handler = async (ctx) => {
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  const cursor = ctx.req.query.get('cursor');
  const status = ctx.req.query.get('status');
  const q = new URLSearchParams({
    limit: '25',
    ...(cursor ? { cursor } : {}),
    ...(status ? { status } : {}),
  });
  const r = await ctx.api.get(`/v1/plans/${ctx.params.planId}/spends?${q}`);
  if (r.status !== 200) return failure(ctx, r);
  const payable = new Set(spendablePots(loaded.plan).map((p) => p.potId));
  return page(ctx, 'spends.njk', {
    title: 'Spends',
    plan: loaded.plan,
    spends: r.body.items,
    next: r.body.next,
    payable: [...payable],
  });
};

const pay: Handler = async (ctx) => {
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}/pay`,
    {},
    keyOf(ctx),
  );
  if (r.status >= 300) return failure(ctx, r);
  return redirect(`/plans/${ctx.params.planId}/spends?done=paid`);
};

function range(ctx: Ctx): string {
  const from = ctx.req.query.get('from');
  const to = ctx.req.query.get('to');
  return new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
}

const statement: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/plans/${ctx.params.planId}/statement?${range(ctx)}`);
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'statement.njk', {
    title: 'Statement',
    planId: ctx.params.planId,
    statement: r.body,
    range: range(ctx),
  });
};

const statementCsv: Handler = async (ctx) => {
  const r = await ctx.api.csv(`/v1/plans/${ctx.params.planId}/statement?${range(ctx)}`);
  if (r.status !== 200) return failure(ctx, r);
  return csvDownload(`statement-${ctx.params.planId}.csv`, r.text);
};

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

export const familyPages: PageRoute[] = [
  { method: 'GET', pattern: '/plans/:planId', handler: budget },
  { method: 'GET', pattern: '/plans/:planId/spends/new', handler: newSpend },
  { method: 'POST', pattern: '/plans/:planId/spends', handler: createSpend },
  { method: 'GET', pattern: '/plans/:planId/spends', handler: spends },
  { method: 'GET', pattern: '/plans/:planId/spends/:spendId', handler: spendResult },
  { method: 'POST', pattern: '/plans/:planId/spends/:spendId/pay', handler: pay },
  { method: 'GET', pattern: '/plans/:planId/statement', handler: statement },
  { method: 'GET', pattern: '/plans/:planId/statement.csv', handler: statementCsv },
  { method: 'GET', pattern: '/plans/:planId/budget-requests', handler: requests },
  { method: 'POST', pattern: '/plans/:planId/budget-requests', handler: askForBudget },
  { method: 'POST', pattern: '/plans/:planId/budget-requests/:requestId/decision', handler: decide },
];
