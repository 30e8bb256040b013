import { type Ctx, failure, formErrors, type Handler, type PageRoute, page } from '../context.js';
import { redirect } from '../http.js';
import { dateFrom, keyOf, text } from './forms.js';

/**
 * The council and health officers' screens: the worklist (their home), the approval queue,
 * instalment runs with their progress, plans (find, create, set up a budget) and the audit trail.
 */

const orgPath = (ctx: Ctx) =>
  ctx.session.role === 'health_officer'
    ? `/v1/funders/${ctx.session.org}`
    : `/v1/councils/${ctx.session.org}`;

const worklist: Handler = async (ctx) => {
  const cursor = ctx.req.query.get('cursor');
  const r = await ctx.api.get(
    `${orgPath(ctx)}/worklist?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'worklist.njk', { title: 'Worklist', items: r.body.items, next: r.body.next });
};

const approvals: Handler = async (ctx) => {
  const r = await ctx.api.get('/v1/approvals?limit=50');
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'approvals.njk', { title: 'Spends waiting for approval', items: r.body.items });
};

const decideSpend =
  (action: 'approve' | 'reject'): Handler =>
  async (ctx) => {
    const reason = text(ctx.req.form, 'reason');
    const r = await ctx.api.post(
      `/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}/${action}`,
      reason ? { reason } : {},
      keyOf(ctx),
    );
    if (r.status === 200)
      return redirect(`/approvals?done=${action === 'approve' ? 'approved' : 'rejected'}`);
    if (r.status === 404 || r.status === 401) return failure(ctx, r);
    const list = await ctx.api.get('/v1/approvals?limit=50');
    return page(
      ctx,
      'approvals.njk',
      {
        title: 'Spends waiting for approval',
        items: list.body.items,
        errors: formErrors(r, [`reason-${ctx.params.spendId}`]),
      },
      422,
    );
  };

const newRun: Handler = async (ctx) =>
  page(ctx, 'run-new.njk', { title: 'Pay instalments', today: new Date().toISOString().slice(0, 10) });

const createRun: Handler = async (ctx) => {
  const upTo = dateFrom(ctx.req.form, 'upTo');
  const r = await ctx.api.post('/v1/instalment-runs', { councilId: ctx.session.org, upTo }, keyOf(ctx));
  if (r.status === 202) return redirect(`/runs/${r.body.runId}`);
  if (r.status === 201 || r.status === 200)
    return page(ctx, 'run.njk', { title: 'Instalments paid', run: r.body, done: true });
  return page(ctx, 'run-new.njk', { title: 'Pay instalments', errors: formErrors(r, ['upTo']) }, 422);
};

const runProgress: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/instalment-runs/${ctx.params.runId}`);
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'run.njk', {
    title: 'Paying instalments',
    run: r.body,
    done: r.body.state === 'completed',
  });
};

const runJson: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/instalment-runs/${ctx.params.runId}`);
  return {
    status: r.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(r.body),
  };
};

const plans: Handler = async (ctx) => {
  const reference = ctx.req.query.get('reference') ?? '';
  const cursor = ctx.req.query.get('cursor');
  const q = new URLSearchParams({
    limit: '25',
    ...(reference ? { reference } : {}),
    ...(cursor ? { cursor } : {}),
  });
  const r = await ctx.api.get(`/v1/councils/${ctx.session.org}/plans?${q}`);
  if (r.status === 400)
    return page(
      ctx,
      'plans.njk',
      { title: 'Plans', items: [], reference, errors: formErrors(r, ['reference']) },
      400,
    );
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'plans.njk', { title: 'Plans', items: r.body.items, next: r.body.next, reference });
};

const rows = [1, 2, 3];

const newPlan: Handler = async (ctx) => page(ctx, 'plan-new.njk', { title: 'Create a plan', rows });

const createPlan: Handler = async (ctx) => {
  const f = ctx.req.form;
  const outcomes = rows
    .filter((i) => text(f, `outcome-${i}-description`))
    .map((i) => ({
      id: `O${i}`,
      domain: f.get(`outcome-${i}-domain`) ?? '',
      description: text(f, `outcome-${i}-description`),
    }));
  const provisions = rows
    .filter((i) => text(f, `provision-${i}-description`))
    .map((i) => {
      const section = f.get(`provision-${i}-section`) ?? '';
      const cost = text(f, `provision-${i}-annualCost`);
      return {
        id: `P${i}`,
        section,
        stream: section === 'F' ? 'education' : section === 'G' ? 'health' : 'social_care',
        description: text(f, `provision-${i}-description`),
        outcomeIds: [f.get(`provision-${i}-outcome`) ?? ''],
        categories: (text(f, `provision-${i}-categories`) ?? '')
          .split(',')
          .map((c) => c.trim().toLowerCase().replaceAll(' ', '_'))
          .filter(Boolean),
        ...(cost ? { annualCost: cost.replace(/^£/, '').replaceAll(',', '') } : {}),
      };
    });
  const r = await ctx.api.post(
    '/v1/plans',
    {
      councilId: ctx.session.org,
      child: { reference: text(f, 'reference') ?? '', dateOfBirth: dateFrom(f, 'dateOfBirth') },
      outcomes,
      provisions,
    },
    keyOf(ctx),
  );
  if (r.status === 201) return redirect(`/plans/${r.body.planId}/budget/new`);
  return page(
    ctx,
    'plan-new.njk',
    {
      title: 'Create a plan',
      rows,
      errors: formErrors(r, ['reference', 'dateOfBirth', 'outcome-1-description', 'provision-1-description']),
    },
    422,
  );
};

const budgetFields = [
  'start',
  'end',
  'shortfallReason',
  ...rows.flatMap((i) =>
    ['potId', 'stream', 'funderId', 'mode', 'holderId', 'allocation'].map((f) => `pot-${i}-${f}`),
  ),
];
/** `pots.0.allocation` → `pot-1-allocation`; `period` → `start`. */
const budgetFieldOf = (path: string): string => {
  const pot = /^pots\.(\d+)\.(\w+)/.exec(path);
  if (pot) return `pot-${Number.parseInt(pot[1] ?? '0', 10) + 1}-${pot[2]}`;
  return path.startsWith('period') ? (path.endsWith('end') ? 'end' : 'start') : (path.split('.')[0] ?? '');
};

const newBudget: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/plans/${ctx.params.planId}`);
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'budget-new.njk', { title: 'Set up the personal budget', plan: r.body, rows });
};

const createBudget: Handler = async (ctx) => {
  const f = ctx.req.form;
  const pots = rows
    .filter((i) => text(f, `pot-${i}-allocation`))
    .map((i) => {
      const mode = f.get(`pot-${i}-mode`) ?? '';
      const holder = text(f, `pot-${i}-holderId`);
      return {
        potId: text(f, `pot-${i}-potId`) ?? `POT${i}`,
        stream: f.get(`pot-${i}-stream`) ?? '',
        funderId: text(f, `pot-${i}-funderId`) ?? '',
        mode,
        ...(holder ? { holderId: holder } : {}),
        allocation: (text(f, `pot-${i}-allocation`) ?? '').replace(/^£/, '').replaceAll(',', ''),
        ...(mode === 'notional' ? {} : { schedule: { frequency: f.get(`pot-${i}-frequency`) ?? 'monthly' } }),
      };
    });
  const reason = text(f, 'shortfallReason');
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/budgets`,
    {
      period: { start: dateFrom(f, 'start'), end: dateFrom(f, 'end') },
      pots,
      ...(reason ? { shortfallReason: reason } : {}),
    },
    keyOf(ctx),
  );
  if (r.status === 201) return redirect(`/plans/${ctx.params.planId}`);
  const plan = await ctx.api.get(`/v1/plans/${ctx.params.planId}`);
  return page(
    ctx,
    'budget-new.njk',
    {
      title: 'Set up the personal budget',
      plan: plan.body,
      rows,
      errors: formErrors(r, budgetFields, budgetFieldOf),
    },
    422,
  );
};

const audit: Handler = async (ctx) => {
  const cursor = ctx.req.query.get('cursor');
  const r = await ctx.api.get(
    `/v1/plans/${ctx.params.planId}/audit?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'audit.njk', {
    title: 'Audit trail',
    planId: ctx.params.planId,
    entries: r.body.entries,
    next: r.body.next,
  });
};

export const officerPages: PageRoute[] = [
  { method: 'GET', pattern: '/worklist', handler: worklist },
  { method: 'GET', pattern: '/approvals', handler: approvals },
  { method: 'POST', pattern: '/plans/:planId/spends/:spendId/approve', handler: decideSpend('approve') },
  { method: 'POST', pattern: '/plans/:planId/spends/:spendId/reject', handler: decideSpend('reject') },
  { method: 'GET', pattern: '/runs/new', handler: newRun },
  { method: 'POST', pattern: '/runs', handler: createRun },
  { method: 'GET', pattern: '/runs/:runId', handler: runProgress },
  { method: 'GET', pattern: '/runs/:runId/progress', handler: runJson },
  { method: 'GET', pattern: '/plans', handler: plans },
  { method: 'GET', pattern: '/plans/new', handler: newPlan },
  { method: 'POST', pattern: '/plans', handler: createPlan },
  { method: 'GET', pattern: '/plans/:planId/budget/new', handler: newBudget },
  { method: 'POST', pattern: '/plans/:planId/budget', handler: createBudget },
  { method: 'GET', pattern: '/plans/:planId/audit', handler: audit },
];
