import { type Ctx, failure, formErrors, type Handler, type PageRoute, page } from '../context.js';
import { longDate, words } from '../format.js';
import { redirect, type WebResponse } from '../http.js';
import type { FieldError } from '../messages.js';
import { Checks } from '../validate.js';
import { potName } from '../words.js';
import { datePartsOf, keyOf } from './forms.js';
import { loadPlan, outcomeText, type Plan, provisionText, spendablePots } from './plan.js';

/**
 * Recording a spend (DESIGN.md 11c): the form, every field checked at once in the family's words,
 * "Check your answers", then the spend sent; a refusal lands on the field the form asked.
 */

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
    ...datePartsOf('date', a.date),
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
    provision: provisionText(plan, a.provisionId),
    outcome: outcomeText(plan, a.outcomeId),
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

export const spendJourneyPages: PageRoute[] = [
  { method: 'GET', pattern: '/plans/:planId/spends/new', handler: newSpend },
  { method: 'POST', pattern: '/plans/:planId/spends/new', handler: changeSpend },
  { method: 'POST', pattern: '/plans/:planId/spends/check', handler: checkAnswers },
  { method: 'POST', pattern: '/plans/:planId/spends', handler: createSpend },
];
