import {
  type Ctx,
  failure,
  formErrors,
  type Handler,
  type PageRoute,
  page,
  refusalPage,
  todayOf,
} from '../context.js';
import { longDate, money, words } from '../format.js';
import { redirect } from '../http.js';
import { approvalReasonText } from '../messages.js';
import { peopleOf, personLabel } from '../people.js';
import { Checks, daysAfter } from '../validate.js';
import { potName } from '../words.js';
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
  const items = r.body.items as Array<{ planId: string }>;
  const people = await peopleOf(
    ctx.api,
    items.map((i) => i.planId),
  );
  return page(ctx, 'worklist.njk', {
    title: 'Worklist',
    items: items.map((i) => ({ ...i, person: people.get(i.planId)?.label })),
    next: r.body.next,
  });
};

type Approval = { planId: string; spendId: string; reasons: string[] };

async function approvalsPage(ctx: Ctx, extra: Record<string, unknown> = {}, status = 200) {
  const r = await ctx.api.get('/v1/approvals?limit=50');
  if (r.status !== 200) return failure(ctx, r);
  const items = r.body.items as Approval[];
  const people = await peopleOf(
    ctx.api,
    items.map((i) => i.planId),
  );
  return page(
    ctx,
    'approvals.njk',
    {
      title: 'Spends waiting for approval',
      items: items.map((i) => ({
        ...i,
        person: people.get(i.planId)?.label,
        reasons: i.reasons.map(approvalReasonText),
      })),
      ...extra,
    },
    status,
  );
}

const approvals: Handler = (ctx) => approvalsPage(ctx);

type PlanBody = {
  planId: string;
  child: { reference: string; name?: string };
  outcomes: Array<{ id: string; description: string }>;
  provisions: Array<{ id: string; description: string; categories: string[] }>;
  pots: Array<{
    potId: string;
    stream: string;
    mode: string;
    allocated: string;
    available: string;
    committed: string;
    spent: string;
  }>;
};
type SpendBody = {
  spendId: string;
  potId: string;
  amount: string;
  date: string;
  payee: string;
  category: string;
  outcomeId: string;
  provisionId: string;
  status: string;
  evidence?: string;
  approvalReasons: string[];
  approvalDue?: string;
  requestedAt: string;
};

/**
 * One spend waiting for approval, with what an officer needs to decide (DESIGN.md 11c): the child,
 * the pot's balance, the outcome and the provision it serves, and the pot's recent spends.
 */
async function reviewPage(ctx: Ctx, extra: Record<string, unknown> = {}, status = 200) {
  const { planId, spendId } = ctx.params;
  const [plan, spend, history] = await Promise.all([
    ctx.api.get(`/v1/plans/${planId}`),
    ctx.api.get(`/v1/plans/${planId}/spends/${spendId}`),
    ctx.api.get(`/v1/plans/${planId}/spends?limit=20`),
  ]);
  if (plan.status !== 200) return failure(ctx, plan);
  if (spend.status !== 200) return failure(ctx, spend);
  const p = plan.body as unknown as PlanBody;
  const s = spend.body as unknown as SpendBody;
  const pot = p.pots.find((x) => x.potId === s.potId);
  const provision = p.provisions.find((x) => x.id === s.provisionId);
  return page(
    ctx,
    'approval.njk',
    {
      title: `Approve ${money(s.amount)} to ${s.payee}`,
      plan: p,
      person: personLabel(p.child),
      spend: { ...s, approvalReasons: s.approvalReasons.map(approvalReasonText) },
      pot: pot ? { ...pot, name: potName(pot) } : undefined,
      outcome: p.outcomes.find((o) => o.id === s.outcomeId)?.description ?? '',
      provision: provision?.description ?? '',
      provisionCategories: (provision?.categories ?? []).map((c) => words(c)).join(', '),
      history: ((history.body.items as SpendBody[] | undefined) ?? []).filter(
        (h) => h.potId === s.potId && h.spendId !== s.spendId,
      ),
      ...extra,
    },
    status,
  );
}

const review: Handler = (ctx) => reviewPage(ctx);

const decideSpend =
  (action: 'approve' | 'reject'): Handler =>
  async (ctx) => {
    // A rejection needs its reason, checked here first so the error is on the field.
    const c = new Checks();
    const reason = action === 'reject' ? c.text(ctx.req.form, 'reason') : undefined;
    const fromReview = ctx.req.form.get('from') === 'review';
    const r = c.ok
      ? await ctx.api.post(
          `/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}/${action}`,
          reason ? { reason } : {},
          keyOf(ctx),
        )
      : undefined;
    if (r?.status === 200)
      return redirect(`/approvals?done=${action === 'approve' ? 'approved' : 'rejected'}`);
    if (r && (r.status === 404 || r.status === 401)) return failure(ctx, r);
    const errors = r ? formErrors(r, ['reason']) : c.errors;
    if (fromReview) return reviewPage(ctx, { errors }, 422);
    // From the queue, the error is on that spend's reason field.
    return approvalsPage(
      ctx,
      { errors: errors.map((e) => ({ ...e, field: `reason-${ctx.params.spendId}` })) },
      422,
    );
  };

/**
 * The form to pay instalments, above the council's past runs, newest first: an officer finds a
 * run's payments and files here without having kept its address. The form still shows when the
 * list cannot be read, saying so; a caller who may not read runs sees no list.
 */
async function runNewPage(ctx: Ctx, values: Record<string, unknown>, status = 200) {
  const cursor = ctx.req.query.get('cursor');
  const past = await ctx.api.get(
    `/v1/councils/${encodeURIComponent(ctx.session.org)}/instalment-runs?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
  const read = past.status === 200;
  return page(
    ctx,
    'run-new.njk',
    {
      title: 'Pay instalments',
      today: todayOf(ctx.config),
      runs: read ? ((past.body.items ?? []) as Array<Record<string, unknown>>) : null,
      olderRuns: read ? past.body.next : null,
      laterPage: Boolean(cursor),
      runsUnread: !read && past.status !== 403,
      ...values,
    },
    status,
  );
}

// Only a council officer pays instalments: anyone else would be shown a form the API refuses.
const payAheadDays = 31;
const paysInstalments = (ctx: Ctx) => ctx.session.role === 'council_officer';
const notForYourRole = (ctx: Ctx) => refusalPage(ctx, 'FORBIDDEN', 403);

const newRun: Handler = async (ctx) => (paysInstalments(ctx) ? runNewPage(ctx, {}) : notForYourRole(ctx));

const createRun: Handler = async (ctx) => {
  if (!paysInstalments(ctx)) return notForYourRole(ctx);
  // A blank or unreal date is asked for in the form's words before the API is called.
  const c = new Checks();
  const upTo = c.date(ctx.req.form, 'upTo');
  if (upTo === undefined) return runNewPage(ctx, { errors: c.errors, today: '' }, 422);
  // The API pays ahead as far as asked (decision 13): a mistyped year would post a year of
  // instalments at once, so a date more than a month away is confirmed first.
  // The tick confirms the date it was asked for: a date changed on that page is asked about again.
  const confirmed = ctx.req.form.get('payAhead') === 'yes' && ctx.req.form.get('payAheadFor') === upTo;
  if (upTo > daysAfter(todayOf(ctx.config), payAheadDays) && !confirmed) {
    c.fail(
      'payAhead',
      `Confirm you mean to pay every instalment due up to ${longDate(upTo)}, more than a month from today`,
    );
    return runNewPage(
      ctx,
      { errors: c.errors, today: '', askPayAhead: longDate(upTo), payAheadFor: upTo },
      422,
    );
  }
  const r = await ctx.api.post('/v1/instalment-runs', { councilId: ctx.session.org, upTo }, keyOf(ctx));
  // Finished or not, the run has its own page (post/redirect/get), with its payments and files.
  if (r.status === 202 || ((r.status === 201 || r.status === 200) && typeof r.body.runId === 'string'))
    return redirect(`/runs/${encodeURIComponent(String(r.body.runId))}`);
  if (r.status === 201 || r.status === 200)
    return page(ctx, 'run.njk', { title: 'Instalments paid', run: r.body, finished: true });
  // A refused date shows what was typed, blanks included, not today's date again.
  return runNewPage(ctx, { errors: formErrors(r, ['upTo']), today: '' }, 422);
};

const runProgress: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/instalment-runs/${ctx.params.runId}`);
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'run.njk', {
    title: r.body.state === 'completed' ? 'Instalments paid' : 'Paying instalments',
    run: r.body,
    finished: r.body.state === 'completed',
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

/**
 * Finding a plan by the child's name or reference (DESIGN.md 11c): what has a digit in it is read as
 * the start of a reference (CYP-0042), anything else as part of a name.
 */
const plans: Handler = async (ctx) => {
  const q = (ctx.req.query.get('q') ?? ctx.req.query.get('reference') ?? '').trim();
  const cursor = ctx.req.query.get('cursor');
  const byReference = /\d/.test(q) || /^[A-Z]+-/.test(q);
  const search = new URLSearchParams({
    limit: '25',
    ...(q ? (byReference ? { reference: q.toUpperCase() } : { name: q }) : {}),
    ...(cursor ? { cursor } : {}),
  });
  const r = await ctx.api.get(`/v1/councils/${ctx.session.org}/plans?${search}`);
  if (r.status === 400)
    return page(
      ctx,
      'plans.njk',
      { title: 'Plans', items: [], q, errors: formErrors(r, ['q'], () => 'q') },
      400,
    );
  if (r.status !== 200) return failure(ctx, r);
  const items = (r.body.items as Array<{ childReference: string; childName?: string }>).map((i) => ({
    ...i,
    person: personLabel({ reference: i.childReference, ...(i.childName ? { name: i.childName } : {}) }),
  }));
  return page(ctx, 'plans.njk', {
    title: 'Plans',
    items,
    next: r.body.next,
    q,
    canCreate: ctx.session.role === 'council_officer',
  });
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
      child: {
        reference: text(f, 'reference') ?? '',
        dateOfBirth: dateFrom(f, 'dateOfBirth'),
        ...(text(f, 'childName') ? { name: text(f, 'childName') } : {}),
      },
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
      errors: formErrors(
        r,
        ['reference', 'childName', 'dateOfBirth', 'outcome-1-description', 'provision-1-description'],
        (path) =>
          path === 'child.name'
            ? 'childName'
            : path.startsWith('child.')
              ? (path.split('.')[1] ?? '')
              : path.startsWith('outcomes')
                ? 'outcome-1-description'
                : path.startsWith('provisions')
                  ? 'provision-1-description'
                  : (path.split('.')[0] ?? ''),
      ),
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
  { method: 'GET', pattern: '/plans/:planId/spends/:spendId/review', handler: review },
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
