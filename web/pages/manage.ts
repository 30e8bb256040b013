import { type Ctx, failure, formErrors, type Handler, type PageRoute, page, todayOf } from '../context.js';
import { redirect, type WebResponse } from '../http.js';
import { type FieldError, fieldMessage } from '../messages.js';
import { balanceAt } from '../statement.js';
import { Checks } from '../validate.js';
import { endedQuarters, potName, quarterDates, quarterName } from '../words.js';
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
      fieldOf?: (path: string) => string;
      /** Errors the web layer found before sending: shown at once, nothing sent. */
      errors?: FieldError[];
    },
  ): Handler =>
  async (ctx) => {
    const a = build(ctx);
    if (a.errors?.length) return manageView(ctx, { errors: a.errors }, 422);
    const r =
      a.method === 'DELETE'
        ? await ctx.api.delete(a.path, keyOf(ctx))
        : await ctx.api.post(a.path, a.body ?? {}, keyOf(ctx));
    if (r.status < 300) return redirect(`/plans/${ctx.params.planId}/manage?done=${a.done}`);
    if (r.status === 401 || r.status === 404) return failure(ctx, r);
    return manageView(ctx, { errors: formErrors(r, a.fields, a.fieldOf) }, r.status === 403 ? 403 : 422);
  };

/** Each pot's agreement form has its own field ids (`holderName-SC`), so its errors link to it. */
const agreement = action((ctx) => {
  const k = `-${ctx.params.potId}`;
  const f = ctx.req.form;
  const c = new Checks();
  const name = c.text(f, 'holderName');
  const signedOn = c.date(f, 'signedOn');
  const accountReference = c.text(f, 'accountReference');
  return {
    method: 'POST',
    path: `/v1/plans/${ctx.params.planId}/pots/${ctx.params.potId}/agreement`,
    body: {
      holder: { kind: f.get('holderKind') ?? '', name: name ?? '' },
      signedOn: signedOn ?? '',
      accountReference: accountReference ?? '',
    },
    done: 'agreement',
    fields: ['holderName', 'signedOn', 'accountReference', 'holderKind'].map((x) => x + k),
    fieldOf: (path: string) =>
      `${path === 'holder.name' ? 'holderName' : path.startsWith('holder') ? 'holderKind' : (path.split('.')[0] ?? '')}${k}`,
    errors: c.errors.map((e) => ({ ...e, field: e.field + k })),
  };
});

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

type ReturnPot = { potId: string; stream: string; mode: string; period: { start: string; end: string } };

/**
 * The quarterly return (DESIGN.md 9a, 11c): the quarter as radios (the quarters of the pot's period
 * that have ended, those still owed first), then, for the chosen quarter, the balance the family's
 * account should show first, and only then their bank balance and the declaration.
 */
async function returnPage(
  ctx: Ctx,
  extra: { errors?: FieldError[]; values?: Record<string, string> } = {},
  status = 200,
): Promise<WebResponse> {
  const { planId, potId } = ctx.params;
  const [plan, events] = await Promise.all([
    ctx.api.get(`/v1/plans/${planId}`),
    ctx.api.get(`/v1/plans/${planId}/events?limit=50`),
  ]);
  if (plan.status !== 200) return failure(ctx, plan);
  const pot = (plan.body.pots as ReturnPot[]).find((p) => p.potId === potId);
  if (pot?.mode !== 'direct_payment')
    return failure(ctx, { status: 404, body: {}, text: '', contentType: '' });
  const sent = new Set(
    ((events.body.items as Array<{ kind: string; potId?: string; details?: { quarter?: string } }>) ?? [])
      .filter((e) => e.kind === 'return_submitted' && e.potId === potId)
      .map((e) => String(e.details?.quarter ?? '')),
  );
  const today = todayOf(ctx.config);
  const quarters = endedQuarters(pot.period, today).map((q) => ({
    value: q,
    text: quarterName(q),
    sent: sent.has(q),
  }));
  const asked = ctx.req.form.get('quarter') ?? ctx.req.query.get('quarter') ?? '';
  const quarter = quarters.find((q) => q.value === asked);
  let expected: string | undefined;
  if (quarter) {
    const end = quarterDates(quarter.value)?.end ?? today;
    const st = await ctx.api.get(`/v1/plans/${planId}/statement?to=${end}`);
    if (st.status !== 200) return failure(ctx, st);
    expected = balanceAt(pot, st.body.entries as Parameters<typeof balanceAt>[1], end);
  }
  return page(
    ctx,
    'return.njk',
    {
      title: quarter ? `Your return for ${quarter.text}` : 'Send your quarterly return',
      planId,
      potId,
      potName: potName(pot),
      quarters,
      quarter,
      quarterEnd: quarter ? quarterDates(quarter.value)?.end : undefined,
      expected,
      firstOwed: quarters.find((q) => !q.sent)?.value,
      ...extra,
    },
    status,
  );
}

const returnForm: Handler = async (ctx) => {
  // "Continue" without a quarter chosen: asked again, with the error.
  if (ctx.req.query.get('step') === 'quarter' && !ctx.req.query.get('quarter'))
    return returnPage(ctx, { errors: [{ field: 'quarter', text: fieldMessage('quarter', 'missing') }] }, 400);
  return returnPage(ctx);
};

/** Whether the pot has any statement line: without one, no statement can give a return's balance. */
async function hasStatementLines(ctx: Ctx): Promise<boolean> {
  const { planId, potId } = ctx.params;
  const r = await ctx.api.get(`/v1/plans/${planId}/pots/${potId}/statements/lines?limit=1`);
  return r.status === 200 && ((r.body.items as unknown[] | undefined) ?? []).length > 0;
}

const submitReturn: Handler = async (ctx) => {
  const f = ctx.req.form;
  const c = new Checks();
  const quarter = c.text(f, 'quarter');
  // Left empty, the API takes the balance from the last statement line of the quarter (11b), or
  // answers BANK_BALANCE_REQUIRED, shown on this field. A pot with no statement lines at all cannot
  // give it, so the balance is asked for here, with every other error at once.
  const given = (f.get('bankBalance') ?? '').trim() !== '';
  const asked = given || !(await hasStatementLines(ctx));
  const bankBalance = asked ? c.amount(f, 'bankBalance', { allowZero: true }) : undefined;
  c.checked(f, 'declaration');
  if (!c.ok || !quarter || (asked && !bankBalance))
    return returnPage(ctx, { errors: c.errors, values: Object.fromEntries(f) }, 422);
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/pots/${ctx.params.potId}/returns`,
    { quarter, ...(bankBalance === undefined ? {} : { bankBalance }), declaration: true },
    keyOf(ctx),
  );
  if (r.status === 201)
    return page(ctx, 'return.njk', {
      title: 'Return received',
      planId: ctx.params.planId,
      potId: ctx.params.potId,
      received: { ...r.body, quarterName: quarterName(quarter) },
    });
  if (r.status === 401 || r.status === 404) return failure(ctx, r);
  return returnPage(
    ctx,
    { errors: formErrors(r, ['bankBalance', 'quarter', 'declaration']), values: Object.fromEntries(f) },
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
