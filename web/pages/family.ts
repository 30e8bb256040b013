import { Decimal } from 'decimal.js';
import type { Answer } from '../api.js';
import { type Ctx, failure, formErrors, type Handler, type PageRoute, page, todayOf } from '../context.js';
import { longDate, words } from '../format.js';
import { csvDownload, redirect, type WebResponse } from '../http.js';
import { approvalReasonText, type FieldError } from '../messages.js';
import { potStatements, statementCsv } from '../statement.js';
import { Checks } from '../validate.js';
import { endedQuarters, periodWords, potName, quarterName, streamName } from '../words.js';
import { dateParts, keyOf, text } from './forms.js';

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

const isFamily = (ctx: Ctx): boolean => ctx.session.role === 'family' || ctx.session.role === 'key_worker';

type Event = { kind: string; potId?: string; details?: Record<string, unknown> };

/** The returns a family still owes: each ended quarter of a direct payment without a return. */
function returnsDue(plan: Plan, events: Event[], today: string): Array<{ potId: string; quarter: string }> {
  const sent = new Set(
    events
      .filter((e) => e.kind === 'return_submitted')
      .map((e) => `${e.potId}/${String(e.details?.quarter ?? '')}`),
  );
  return plan.pots
    .filter((p) => p.mode === 'direct_payment')
    .flatMap((p) =>
      endedQuarters(p.period, today)
        .filter((q) => !sent.has(`${p.potId}/${q}`))
        .map((quarter) => ({ potId: p.potId, quarter })),
    );
}

/**
 * Lines of a bank statement the family has not explained yet (DESIGN.md 11b), when the API has
 * them; a pot whose lines cannot be read shows none (the page degrades quietly).
 */
async function unexplainedLines(ctx: Ctx, plan: Plan): Promise<Array<{ potId: string; count: number }>> {
  const pots = plan.pots.filter((p) => p.mode === 'direct_payment');
  const answers = await Promise.all(
    pots.map((p) =>
      ctx.api
        .get(`/v1/plans/${plan.planId}/pots/${p.potId}/statements/lines?status=unexplained&limit=100`)
        .catch(() => undefined),
    ),
  );
  return pots.flatMap((p, i) => {
    const items = answers[i]?.status === 200 ? answers[i]?.body.items : undefined;
    // Money out to explain; an unmatched credit is the council's to look into, not the family's.
    const count = Array.isArray(items)
      ? items.filter((l: { amount?: string }) => String(l.amount ?? '').startsWith('-')).length
      : 0;
    return count > 0 ? [{ potId: p.potId, count }] : [];
  });
}

/**
 * The plan's home. A family's starts with what it may spend ("You have £X to spend" over the direct
 * payments it holds), then "Things to do", then the support arranged for it (DESIGN.md 11c);
 * the staff's shows each pot's money.
 */
const budget: Handler = async (ctx) => {
  const family = isFamily(ctx);
  const planId = ctx.params.planId;
  const [loaded, statement, spendList, events] = await Promise.all([
    loadPlan(ctx),
    ctx.api.get(`/v1/plans/${planId}/statement`),
    family ? ctx.api.get(`/v1/plans/${planId}/spends?limit=50`) : undefined,
    family ? ctx.api.get(`/v1/plans/${planId}/events?limit=50`) : undefined,
  ]);
  if ('fail' in loaded) return loaded.fail;
  const plan = loaded.plan;
  const byOutcome =
    (statement.body.byOutcome as Array<{ outcomeId: string; spent: string }> | undefined) ?? [];
  const outcomes = new Map(plan.outcomes.map((o) => [o.id, o.description]));
  const totals = new Map<string, Decimal>();
  for (const row of byOutcome)
    totals.set(row.outcomeId, (totals.get(row.outcomeId) ?? new Decimal(0)).plus(row.spent));
  const bars = [...totals.entries()].map(([id, spent]) => ({
    label: outcomes.get(id) ?? 'Other',
    value: spent.toFixed(2),
  }));
  const held = plan.pots.filter((p) => p.mode === 'direct_payment');
  const arranged = plan.pots.filter((p) => p.mode !== 'direct_payment');
  const today = todayOf(ctx.config);
  const spends = (spendList?.status === 200 ? (spendList.body.items as Spend[]) : []) ?? [];
  const heldIds = new Set(held.map((p) => p.potId));
  const todo = family
    ? {
        returns: returnsDue(plan, events?.status === 200 ? (events.body.items as Event[]) : [], today).map(
          (r) => ({ ...r, name: quarterName(r.quarter) }),
        ),
        receipts: spends.filter((s) => s.status === 'paid' && !s.evidence && heldIds.has(s.potId)),
        waiting: spends.filter((s) => s.status === 'pending_approval'),
        lines: await unexplainedLines(ctx, plan),
      }
    : undefined;
  return page(ctx, 'plan.njk', {
    title: family ? 'Your budget' : `Budget for ${personName(plan)}`,
    family,
    plan,
    person: personName(plan),
    toSpend: held.reduce((sum, p) => sum.plus(p.available), new Decimal(0)).toFixed(2),
    held: held.map((p) => ({ ...p, name: potName(p), periodText: periodWords(p.period) })),
    arranged: arranged.map((p) => ({
      ...p,
      name: words(streamName(p.stream)),
      who: p.mode === 'third_party' ? 'a broker' : 'the council',
      periodText: periodWords(p.period),
    })),
    pots: plan.pots.map((p) => ({ ...p, name: potName(p) })),
    todo,
    todoCount: todo
      ? todo.returns.length + todo.receipts.length + todo.waiting.length + todo.lines.length
      : 0,
    bars,
    canSpend: spendablePots(plan).length > 0,
    today,
  });
};

/** A child as people know them: the name when the plan has one, and the reference. */
export const personName = (plan: { child: { reference: string; name?: string | undefined } }): string =>
  plan.child.name ? `${plan.child.name} (${plan.child.reference})` : plan.child.reference;

/** What the spend form offers: the pots the user may spend from and the plan's support they pay for. */
function spendChoices(plan: Plan) {
  const pots = spendablePots(plan);
  const streams = new Set(pots.map((p) => p.stream));
  const outcomes = new Map(plan.outcomes.map((o) => [o.id, o]));
  // A provision retired from a date still pays for support before it: it is offered, with its end.
  const provisions = plan.provisions
    .filter((p) => streams.has(p.stream))
    .map((p) => ({
      ...p,
      until: p.retiredFrom ? `until ${longDate(dayBefore(p.retiredFrom))}` : '',
      categories: p.categories.map((c) => ({ value: c, text: words(c) })),
      // Only the outcomes this provision works towards: the outcome follows the provision.
      outcomes: (p.outcomeIds ?? []).flatMap((id) => {
        const o = outcomes.get(id);
        return o ? [o] : [];
      }),
    }));
  return { pots, provisions };
}

const dayBefore = (iso: string): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

function spendForm(ctx: Ctx, plan: Plan, extra: Record<string, unknown> = {}, status = 200): WebResponse {
  return page(
    ctx,
    'spend-new.njk',
    { title: 'Record a spend', plan, ...spendChoices(plan), ...extra },
    status,
  );
}

const newSpend: Handler = async (ctx) => {
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  return spendForm(ctx, loaded.plan);
};

/** The form's answers back on the form ("Change your answers" from the check page). */
const changeSpend: Handler = async (ctx) => {
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  return spendForm(ctx, loaded.plan, { values: Object.fromEntries(ctx.req.form) });
};

interface SpendAnswers {
  potId: string;
  amount: string;
  date: string;
  payee: string;
  category: string;
  outcomeId: string;
  provisionId: string;
  paid: boolean;
  evidence?: string;
}

/**
 * Every field of the spend form checked at once, in the family's words; the pot, the provision and
 * the outcome are read from the plan when it leaves only one, so the form asks only real choices.
 */
function checkSpend(plan: Plan, f: URLSearchParams): { answers?: SpendAnswers; errors: FieldError[] } {
  const { pots, provisions } = spendChoices(plan);
  const c = new Checks();
  const onlyPot = pots.length === 1 ? pots[0]?.potId : undefined;
  const potId =
    onlyPot ??
    c.choice(
      f,
      'potId',
      pots.map((p) => p.potId),
    );
  const amount = c.amount(f, 'amount');
  const date = c.date(f, 'date');
  const payee = c.text(f, 'payee');
  const provisionId =
    provisions.length === 1
      ? provisions[0]?.id
      : c.choice(
          f,
          'provisionId',
          provisions.map((p) => p.id),
        );
  const provision = provisions.find((p) => p.id === provisionId);
  const nested = provisions.length > 1 && provision ? `-${provision.id}` : '';
  let category: string | undefined;
  let outcomeId: string | undefined;
  if (provision) {
    category = c.choice(
      f,
      `category${nested}`,
      provision.categories.map((x) => x.value),
    );
    outcomeId =
      provision.outcomes.length === 1
        ? provision.outcomes[0]?.id
        : c.choice(
            f,
            `outcomeId${nested}`,
            provision.outcomes.map((o) => o.id),
          );
  }
  if (provision?.retiredFrom && date && date >= provision.retiredFrom)
    c.fail(
      provisions.length > 1 ? 'provisionId' : 'date',
      `${provision.description} was removed from the plan from ${longDate(provision.retiredFrom)}: the date must be before then`,
    );
  const pot = pots.find((p) => p.potId === potId);
  if (pot && provision && pot.stream !== provision.stream)
    c.fail('provisionId', 'That support is not paid for from the money you chose');
  const evidence = c.text(f, 'evidence', { optional: true });
  if (!c.ok || !potId || !amount || !date || !payee || !provisionId || !category || !outcomeId)
    return { errors: c.errors };
  return {
    answers: {
      potId,
      amount,
      date,
      payee,
      category,
      outcomeId,
      provisionId,
      paid: f.get('paid') === 'yes',
      ...(evidence ? { evidence } : {}),
    },
    errors: [],
  };
}

/** The answers as hidden fields, so "Confirm" and "Change" post them on. */
const answerFields = (a: SpendAnswers, provisions: number): Record<string, string> => {
  const nested = provisions > 1 ? `-${a.provisionId}` : '';
  return {
    potId: a.potId,
    amount: a.amount,
    ...Object.fromEntries(Object.entries(dateParts(a.date)).map(([k, v]) => [`date-${k}`, v])),
    payee: a.payee,
    provisionId: a.provisionId,
    [`category${nested}`]: a.category,
    [`outcomeId${nested}`]: a.outcomeId,
    ...(a.paid ? { paid: 'yes' } : {}),
    ...(a.evidence ? { evidence: a.evidence } : {}),
  };
};

/** "Check your answers" before money moves (GOV.UK's check answers pattern). */
const checkAnswers: Handler = async (ctx) => {
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  const plan = loaded.plan;
  const checked = checkSpend(plan, ctx.req.form);
  if (!checked.answers)
    return spendForm(ctx, plan, { errors: checked.errors, values: Object.fromEntries(ctx.req.form) }, 422);
  const a = checked.answers;
  const { provisions } = spendChoices(plan);
  const pot = plan.pots.find((p) => p.potId === a.potId);
  return page(ctx, 'spend-check.njk', {
    title: 'Check your answers before recording the spend',
    plan,
    answers: a,
    hidden: answerFields(a, provisions.length),
    potName: pot ? potName(pot) : '',
    provision: plan.provisions.find((p) => p.id === a.provisionId)?.description ?? '',
    outcome: plan.outcomes.find((o) => o.id === a.outcomeId)?.description ?? '',
  });
};

const spendFields = ['potId', 'amount', 'date', 'payee', 'category', 'outcomeId', 'provisionId', 'evidence'];

const createSpend: Handler = async (ctx) => {
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  const f = ctx.req.form;
  const checked = checkSpend(loaded.plan, f);
  if (!checked.answers)
    return spendForm(ctx, loaded.plan, { errors: checked.errors, values: Object.fromEntries(f) }, 422);
  const r = await ctx.api.post(`/v1/plans/${ctx.params.planId}/spends`, checked.answers, keyOf(ctx));
  if (r.status === 201 || r.status === 200)
    return redirect(`/plans/${ctx.params.planId}/spends/${r.body.spendId}?done=recorded`);
  if (r.status === 401 || r.status === 404) return failure(ctx, r);
  const nested = spendChoices(loaded.plan).provisions.length > 1 ? `-${checked.answers.provisionId}` : '';
  const fields = spendFields.map((x) => (x === 'category' || x === 'outcomeId' ? `${x}${nested}` : x));
  return spendForm(
    ctx,
    loaded.plan,
    {
      errors: formErrors(r, fields, (path) => {
        const head = path.split('.')[0] ?? '';
        return head === 'category' || head === 'outcomeId' ? `${head}${nested}` : head;
      }).map((e) => (nested ? e : onAskedField(e, spendChoices(loaded.plan).pots.length))),
      values: Object.fromEntries(f),
    },
    r.status === 409 ? 409 : 422,
  );
};

/**
 * A refusal about a field the form did not ask (one pot, one provision, one outcome: read from the
 * plan) lands on the field it did ask that caused it: a retirement on the date, the rest on the category.
 */
function onAskedField(e: FieldError, pots: number): FieldError {
  if (e.field === 'potId' && pots === 1) return { ...e, field: 'amount' };
  if (e.field !== 'provisionId' && e.field !== 'outcomeId') return e;
  return { ...e, field: /removed from the plan/.test(e.text) ? 'date' : 'category' };
}

type Spend = {
  spendId: string;
  potId: string;
  status: string;
  amount: string;
  date: string;
  payee: string;
  category: string;
  outcomeId: string;
  provisionId: string;
  evidence?: string;
  approvalReasons: string[];
};

const spendResult: Handler = async (ctx) => {
  const [loaded, r] = await Promise.all([
    loadPlan(ctx),
    ctx.api.get(`/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}`),
  ]);
  if ('fail' in loaded) return loaded.fail;
  if (r.status !== 200) return failure(ctx, r);
  const spend = r.body as unknown as Spend;
  const plan = loaded.plan;
  const pot = plan.pots.find((p) => p.potId === spend.potId);
  const mine = spendablePots(plan).some((p) => p.potId === spend.potId);
  return page(ctx, 'spend.njk', {
    title: spendTitle(spend.status, ctx.req.query.get('done')),
    planId: ctx.params.planId,
    spend: { ...spend, approvalReasons: spend.approvalReasons.map(approvalReasonText) },
    potName: pot ? potName(pot) : '',
    provision: plan.provisions.find((p) => p.id === spend.provisionId)?.description ?? '',
    outcome: plan.outcomes.find((o) => o.id === spend.outcomeId)?.description ?? '',
    canCancel: mine && spend.status === 'pending_approval',
    canAddEvidence: spend.status === 'paid' && !spend.evidence && familySideOf(ctx),
  });
};

const familySideOf = (ctx: Ctx): boolean =>
  ctx.session.role === 'family' || ctx.session.role === 'key_worker' || ctx.session.role === 'broker';

function spendTitle(status: string, done: string | null): string {
  if (done === 'cancelled') return 'Spend cancelled';
  if (done === 'evidence') return 'Receipt added';
  switch (status) {
    case 'paid':
      return 'Spend recorded and paid';
    case 'approved':
      return 'Spend approved';
    case 'pending_approval':
      return 'Waiting for approval';
    case 'rejected':
      return 'Spend not approved';
    default:
      return 'Spend cancelled';
  }
}

/** Cancelling a spend that waits for approval: a check page first (GOV.UK's "are you sure"). */
const cancelCheck: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}`);
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'spend-cancel.njk', {
    title: 'Are you sure you want to cancel this spend?',
    planId: ctx.params.planId,
    spend: r.body,
  });
};

const cancelSpend: Handler = async (ctx) => {
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}/void`,
    { reason: 'Cancelled by the family before approval' },
    keyOf(ctx),
  );
  if (r.status === 200)
    return redirect(`/plans/${ctx.params.planId}/spends/${ctx.params.spendId}?done=cancelled`);
  return failure(ctx, r);
};

/** A receipt or invoice reference added after the spend was paid. */
const addEvidence: Handler = async (ctx) => {
  const c = new Checks();
  const evidence = c.text(ctx.req.form, 'evidence');
  const r = evidence
    ? await ctx.api.post(
        `/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}/evidence`,
        { evidence },
        keyOf(ctx),
      )
    : undefined;
  if (r && r.status === 200)
    return redirect(`/plans/${ctx.params.planId}/spends/${ctx.params.spendId}?done=evidence`);
  if (r && (r.status === 401 || r.status === 404)) return failure(ctx, r);
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  const s = await ctx.api.get(`/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}`);
  if (s.status !== 200) return failure(ctx, s);
  const spend = s.body as unknown as Spend;
  return page(
    ctx,
    'spend.njk',
    {
      title: spendTitle(spend.status, null),
      planId: ctx.params.planId,
      spend,
      provision: loaded.plan.provisions.find((p) => p.id === spend.provisionId)?.description ?? '',
      outcome: loaded.plan.outcomes.find((o) => o.id === spend.outcomeId)?.description ?? '',
      canAddEvidence: true,
      errors: r ? formErrors(r, ['evidence']) : c.errors,
    },
    422,
  );
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

/** The statement's dates: from the date inputs (or `from`/`to` in the address), checked as real dates. */
function statementRange(ctx: Ctx): { from?: string; to?: string; errors: FieldError[] } {
  const q = ctx.req.query;
  const c = new Checks();
  const read = (name: 'from' | 'to') => {
    const iso = q.get(name);
    if (iso && /^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
    return c.date(q, name, { optional: true });
  };
  const from = read('from');
  const to = read('to');
  if (from && to && from > to) c.fail('to', 'The end date must be on or after the start date');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), errors: c.errors };
}

/** The statement: what came in and went out of each pot, with the balance after each line. */
async function statementOf(ctx: Ctx) {
  const range = statementRange(ctx);
  const q = new URLSearchParams(range.errors.length || !range.to ? {} : { to: range.to });
  const r = await ctx.api.get(`/v1/plans/${ctx.params.planId}/statement?${q}`);
  if (r.status !== 200) return { fail: failure(ctx, r) };
  const body = r.body as unknown as {
    range: { from: string; to: string };
    pots: Array<{ potId: string; stream: string; mode: string }>;
    entries: Parameters<typeof potStatements>[1];
  };
  const shown = {
    from: range.errors.length ? body.range.from : (range.from ?? body.range.from),
    to: body.range.to,
  };
  return { shown, range, pots: potStatements(body.pots, body.entries, shown) };
}

const statement: Handler = async (ctx) => {
  const s = await statementOf(ctx);
  if ('fail' in s) return s.fail ?? failure(ctx, { status: 500, body: {}, text: '', contentType: '' });
  const link = new URLSearchParams({ from: s.shown.from, to: s.shown.to }).toString();
  return page(
    ctx,
    'statement.njk',
    {
      title: 'Statement',
      planId: ctx.params.planId,
      shown: s.shown,
      pots: s.pots,
      link,
      errors: s.range.errors,
      values: {
        ...Object.fromEntries(ctx.req.query),
        ...(ctx.req.query.get('from-day') ? {} : datePartsOf('from', s.shown.from)),
        ...(ctx.req.query.get('to-day') ? {} : datePartsOf('to', s.shown.to)),
      },
    },
    s.range.errors.length ? 400 : 200,
  );
};

const datePartsOf = (name: string, iso: string): Record<string, string> =>
  Object.fromEntries(Object.entries(dateParts(iso)).map(([k, v]) => [`${name}-${k}`, v]));

const statementCsvDownload: Handler = async (ctx) => {
  const s = await statementOf(ctx);
  if ('fail' in s) return s.fail ?? failure(ctx, { status: 500, body: {}, text: '', contentType: '' });
  return csvDownload(`statement-${s.shown.from}-to-${s.shown.to}.csv`, statementCsv(s.pots));
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
  { method: 'POST', pattern: '/plans/:planId/spends/new', handler: changeSpend },
  { method: 'POST', pattern: '/plans/:planId/spends/check', handler: checkAnswers },
  { method: 'POST', pattern: '/plans/:planId/spends', handler: createSpend },
  { method: 'GET', pattern: '/plans/:planId/spends', handler: spends },
  { method: 'GET', pattern: '/plans/:planId/spends/:spendId', handler: spendResult },
  { method: 'POST', pattern: '/plans/:planId/spends/:spendId/pay', handler: pay },
  { method: 'GET', pattern: '/plans/:planId/spends/:spendId/cancel', handler: cancelCheck },
  { method: 'POST', pattern: '/plans/:planId/spends/:spendId/cancel', handler: cancelSpend },
  { method: 'POST', pattern: '/plans/:planId/spends/:spendId/evidence', handler: addEvidence },
  { method: 'GET', pattern: '/plans/:planId/statement', handler: statement },
  { method: 'GET', pattern: '/plans/:planId/statement.csv', handler: statementCsvDownload },
  { method: 'GET', pattern: '/plans/:planId/budget-requests', handler: requests },
  { method: 'POST', pattern: '/plans/:planId/budget-requests', handler: askForBudget },
  { method: 'POST', pattern: '/plans/:planId/budget-requests/:requestId/decision', handler: decide },
];
