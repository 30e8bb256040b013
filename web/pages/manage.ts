import { type Ctx, failure, formErrors, type Handler, type PageRoute, page } from '../context.js';
import { redirect } from '../http.js';
import { dateFrom, keyOf, text } from './forms.js';

/**
 * Managing a plan over time (DESIGN.md sections 9a and 9b): the officer's agreements, members,
 * reviews, amendments and the plan's record of events; the holder's quarterly return; and the
 * council's policy.
 */

async function manageView(ctx: Ctx, extra: Record<string, unknown> = {}, status = 200) {
  const planId = ctx.params.planId;
  const [plan, members, events, amendments] = await Promise.all([
    ctx.api.get(`/v1/plans/${planId}`),
    ctx.api.get(`/v1/plans/${planId}/members`),
    ctx.api.get(`/v1/plans/${planId}/events?limit=20`),
    ctx.api.get(`/v1/plans/${planId}/amendments`),
  ]);
  if (plan.status !== 200) return failure(ctx, plan);
  return page(
    ctx,
    'manage.njk',
    {
      title: 'Manage the plan',
      plan: plan.body,
      members: members.body.members ?? [],
      events: events.body.items ?? [],
      amendments: amendments.body.amendments ?? [],
      ...extra,
    },
    status,
  );
}

const manage: Handler = (ctx) => manageView(ctx);

/** Sends a form's body to the API; back to the page with `done`, or the page with the refusal. */
const action =
  (
    build: (ctx: Ctx) => {
      method: 'POST' | 'DELETE';
      path: string;
      body?: unknown;
      done: string;
      fields: string[];
    },
  ): Handler =>
  async (ctx) => {
    const a = build(ctx);
    const r =
      a.method === 'DELETE'
        ? await ctx.api.delete(a.path, keyOf(ctx))
        : await ctx.api.post(a.path, a.body ?? {}, keyOf(ctx));
    if (r.status < 300) return redirect(`/plans/${ctx.params.planId}/manage?done=${a.done}`);
    if (r.status === 401 || r.status === 404) return failure(ctx, r);
    return manageView(ctx, { errors: formErrors(r, a.fields) }, r.status === 403 ? 403 : 422);
  };

const agreement = action((ctx) => ({
  method: 'POST',
  path: `/v1/plans/${ctx.params.planId}/pots/${ctx.params.potId}/agreement`,
  body: {
    holder: { kind: ctx.req.form.get('holderKind') ?? '', name: text(ctx.req.form, 'holderName') ?? '' },
    signedOn: dateFrom(ctx.req.form, 'signedOn'),
    accountReference: text(ctx.req.form, 'accountReference') ?? '',
  },
  done: 'agreement',
  fields: ['holderName', 'signedOn', 'accountReference'],
}));

const addMember = action((ctx) => ({
  method: 'POST',
  path: `/v1/plans/${ctx.params.planId}/members`,
  body: {
    sub: text(ctx.req.form, 'sub') ?? '',
    name: text(ctx.req.form, 'name') ?? '',
    relation: ctx.req.form.get('relation') ?? '',
    canSpend: ctx.req.form.get('canSpend') === 'yes',
  },
  done: 'member',
  fields: ['sub', 'name'],
}));

const removeMember = action((ctx) => ({
  method: 'DELETE',
  path: `/v1/plans/${ctx.params.planId}/members/${ctx.params.sub}`,
  done: 'removed',
  fields: ['sub'],
}));

const review = action((ctx) => {
  const potId = text(ctx.req.form, 'potId');
  const notes = text(ctx.req.form, 'notes');
  return {
    method: 'POST',
    path: `/v1/plans/${ctx.params.planId}/reviews`,
    body: {
      kind: ctx.req.form.get('kind') ?? '',
      date: dateFrom(ctx.req.form, 'reviewDate'),
      ...(potId ? { potId } : {}),
      ...(notes ? { notes } : {}),
    },
    done: 'review',
    fields: ['reviewDate', 'kind'],
  };
});

const amend = action((ctx) => {
  const retire = text(ctx.req.form, 'retireProvisionId');
  return {
    method: 'POST',
    path: `/v1/plans/${ctx.params.planId}/amendments`,
    body: {
      reason: text(ctx.req.form, 'amendReason') ?? '',
      effectiveFrom: dateFrom(ctx.req.form, 'effectiveFrom'),
      ...(retire ? { retireProvisionIds: [retire] } : {}),
    },
    done: 'amended',
    fields: ['amendReason', 'effectiveFrom', 'retireProvisionId'],
  };
});

const returnForm: Handler = async (ctx) =>
  page(ctx, 'return.njk', {
    title: 'Send your quarterly return',
    planId: ctx.params.planId,
    potId: ctx.params.potId,
  });

const submitReturn: Handler = async (ctx) => {
  const f = ctx.req.form;
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/pots/${ctx.params.potId}/returns`,
    {
      quarter: text(f, 'quarter') ?? '',
      bankBalance: (text(f, 'bankBalance') ?? '').replace(/^£/, '').replaceAll(',', ''),
      declaration: f.get('declaration') === 'yes',
    },
    keyOf(ctx),
  );
  if (r.status === 201)
    return page(ctx, 'return.njk', {
      title: 'Return received',
      planId: ctx.params.planId,
      potId: ctx.params.potId,
      received: r.body,
    });
  if (r.status === 401 || r.status === 404) return failure(ctx, r);
  return page(
    ctx,
    'return.njk',
    {
      title: 'Send your quarterly return',
      planId: ctx.params.planId,
      potId: ctx.params.potId,
      errors: formErrors(r, ['quarter', 'bankBalance', 'declaration']),
    },
    422,
  );
};

const policy: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/councils/${ctx.session.org}/policy`);
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'policy.njk', {
    title: 'Council policy',
    policy: r.body,
    canEdit: ctx.session.role === 'council_officer',
  });
};

const setPolicy: Handler = async (ctx) => {
  const f = ctx.req.form;
  const current = await ctx.api.get<'Policy'>(`/v1/councils/${ctx.session.org}/policy`);
  const limit = (text(f, 'directPaymentLimit') ?? '').replace(/^£/, '').replaceAll(',', '');
  const whole = (name: string) => {
    const v = text(f, name);
    return v !== undefined && /^\d{1,4}$/.test(v) ? Number.parseInt(v, 10) : v;
  };
  const overrides = {
    ...(current.body.overrides ?? {}),
    ...(limit
      ? {
          autoApprovalLimitGbp: {
            ...(current.body.effective?.autoApprovalLimitGbp ?? {}),
            direct_payment: limit,
          },
        }
      : {}),
    surplusWeeks: whole('surplusWeeks'),
    requestDecisionDays: whole('requestDecisionDays'),
    requireAgreement: f.get('requireAgreement') === 'yes',
    suspendOnOverdueReturn: f.get('suspendOnOverdueReturn') === 'yes',
  };
  const r = await ctx.api.put(`/v1/councils/${ctx.session.org}/policy`, overrides, keyOf(ctx));
  if (r.status === 200) return redirect('/policy?done=saved');
  if (r.status === 401 || r.status === 404) return failure(ctx, r);
  return page(
    ctx,
    'policy.njk',
    {
      title: 'Council policy',
      policy: current.body,
      canEdit: true,
      errors: formErrors(r, ['directPaymentLimit', 'surplusWeeks', 'requestDecisionDays']),
    },
    422,
  );
};

export const managePages: PageRoute[] = [
  { method: 'GET', pattern: '/plans/:planId/manage', handler: manage },
  { method: 'POST', pattern: '/plans/:planId/pots/:potId/agreement', handler: agreement },
  { method: 'POST', pattern: '/plans/:planId/members', handler: addMember },
  { method: 'POST', pattern: '/plans/:planId/members/:sub/remove', handler: removeMember },
  { method: 'POST', pattern: '/plans/:planId/reviews', handler: review },
  { method: 'POST', pattern: '/plans/:planId/amendments', handler: amend },
  { method: 'GET', pattern: '/plans/:planId/pots/:potId/returns/new', handler: returnForm },
  { method: 'POST', pattern: '/plans/:planId/pots/:potId/returns', handler: submitReturn },
  { method: 'GET', pattern: '/policy', handler: policy },
  { method: 'POST', pattern: '/policy', handler: setPolicy },
];
