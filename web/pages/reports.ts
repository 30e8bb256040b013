import { type Ctx, failure, formErrors, type Handler, type PageRoute, page, todayOf } from '../context.js';
import { csvDownload, redirect } from '../http.js';
import { type FieldError, fieldMessage } from '../messages.js';
import { peopleOf, personLabel } from '../people.js';
import { Checks } from '../validate.js';
import { endedQuarters, financialYearStart, potName, quarterName } from '../words.js';
import { datePartsOf, keyOf } from './forms.js';

/**
 * Reports: reconciliation (a chart by funder and mode beside its table, and whether it balances),
 * monitoring returns with their flags, surpluses with a recovery action, a broker's client money,
 * and the auditor's read-only index. Every table has a CSV download.
 */

const orgPath = (ctx: Ctx) =>
  ctx.session.role === 'health_officer'
    ? `/v1/funders/${ctx.session.org}`
    : `/v1/councils/${ctx.session.org}`;

/**
 * The reconciliation's dates: date inputs (or `from`/`to` in the address, as the CSV link has them),
 * by default the financial year so far: from 1 April to today, never a future date.
 */
function periodOf(ctx: Ctx): { from: string; to: string; errors: FieldError[]; given: boolean } {
  const q = ctx.req.query;
  const c = new Checks();
  const today = todayOf(ctx.config);
  const read = (name: 'from' | 'to') => {
    const iso = q.get(name);
    if (iso && /^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
    return c.date(q, name, { optional: true });
  };
  const given = ['from', 'to', 'from-day', 'to-day'].some((n) => q.get(n));
  const from = read('from') ?? financialYearStart(today);
  const to = read('to') ?? today;
  if (c.ok && from > to) c.fail('to', 'The end date must be on or after the start date');
  return { from, to, errors: c.errors, given };
}

function range(ctx: Ctx): string {
  const p = periodOf(ctx);
  return new URLSearchParams({ from: p.from, to: p.to }).toString();
}

type Row = { funderId: string; stream: string; mode: string; allocated: string; spent: string };

const reconciliation: Handler = async (ctx) => {
  // A council officer may ask for every pot to be checked (slower: it reads each pot).
  const verify = ctx.session.role !== 'health_officer' && ctx.req.query.get('verify') === 'pots';
  const period = periodOf(ctx);
  const values = {
    ...Object.fromEntries(ctx.req.query),
    ...(ctx.req.query.get('from-day') ? {} : datePartsOf('from', period.from)),
    ...(ctx.req.query.get('to-day') ? {} : datePartsOf('to', period.to)),
  };
  if (period.errors.length)
    return page(
      ctx,
      'reconciliation.njk',
      { title: 'Reconciliation', report: null, errors: period.errors, values },
      400,
    );
  const r = await ctx.api.get(`${orgPath(ctx)}/reconciliation?${range(ctx)}${verify ? '&verify=pots' : ''}`);
  if (r.status === 400)
    return page(
      ctx,
      'reconciliation.njk',
      { title: 'Reconciliation', report: null, errors: formErrors(r, ['from', 'to']), values },
      400,
    );
  if (r.status !== 200) return failure(ctx, r);
  const rows = (r.body.rows as Row[]) ?? [];
  return page(ctx, 'reconciliation.njk', {
    title: 'Reconciliation',
    values,
    report: r.body,
    range: range(ctx),
    canVerify: ctx.session.role !== 'health_officer' && !verify,
    bars: rows.map((row) => ({
      label: `${row.funderId}, ${row.stream.replaceAll('_', ' ')}, ${row.mode.replaceAll('_', ' ')}`,
      value: row.allocated,
    })),
  });
};

const reconciliationCsv: Handler = async (ctx) => {
  const r = await ctx.api.csv(`${orgPath(ctx)}/reconciliation?${range(ctx)}`);
  if (r.status !== 200) return failure(ctx, r);
  return csvDownload('reconciliation.csv', r.text);
};

/**
 * The quarters an officer may pick on the monitoring page (GOV.UK radios, as the return page has):
 * those that have ended in this financial year and the last, newest first; the newest is the default,
 * its returns the ones being checked. A quarter asked in the address outside them is an error on the field.
 */
function monitoringQuarters(ctx: Ctx): { quarters: Array<{ value: string; text: string }>; quarter: string } {
  const today = todayOf(ctx.config);
  const lastYear = financialYearStart(`${Number(today.slice(0, 4)) - 1}${today.slice(4)}`);
  const quarters = endedQuarters({ start: lastYear, end: today }, today)
    .reverse()
    .map((value) => ({ value, text: quarterName(value) }));
  return { quarters, quarter: ctx.req.query.get('quarter') ?? quarters[0]?.value ?? '' };
}

const monitoring: Handler = async (ctx) => {
  const { quarters, quarter } = monitoringQuarters(ctx);
  const view = { title: 'Monitoring returns', quarters, quarter, quarterText: quarterName(quarter) };
  if (!quarters.some((q) => q.value === quarter))
    return page(
      ctx,
      'monitoring.njk',
      { ...view, items: [], errors: [{ field: 'quarter', text: fieldMessage('quarter', 'missing') }] },
      400,
    );
  const r = await ctx.api.get(
    `/v1/councils/${ctx.session.org}/monitoring-returns?quarter=${encodeURIComponent(quarter)}&limit=100`,
  );
  if (r.status === 400)
    return page(ctx, 'monitoring.njk', { ...view, items: [], errors: formErrors(r, ['quarter']) }, 400);
  if (r.status !== 200) return failure(ctx, r);
  const items = (r.body.items as Array<{ planId: string }>) ?? [];
  const people = await peopleOf(
    ctx.api,
    items.map((i) => i.planId),
  );
  return page(ctx, 'monitoring.njk', {
    ...view,
    items: items.map((i) => ({ ...i, person: people.get(i.planId)?.label })),
  });
};

const monitoringCsv: Handler = async (ctx) => {
  const { quarter } = monitoringQuarters(ctx);
  const r = await ctx.api.csv(
    `/v1/councils/${ctx.session.org}/monitoring-returns?quarter=${encodeURIComponent(quarter)}&limit=100`,
  );
  if (r.status !== 200) return failure(ctx, r);
  return csvDownload(`monitoring-${quarter}.csv`, r.text);
};

type Surplus = { planId: string; potId: string; available: string; threshold: string; recoverable: string };

const surpluses: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/councils/${ctx.session.org}/surpluses`);
  if (r.status !== 200) return failure(ctx, r);
  const items = (r.body.items as Surplus[]) ?? [];
  const people = await peopleOf(
    ctx.api,
    items.map((i) => i.planId),
  );
  return page(ctx, 'surpluses.njk', {
    title: 'Surpluses',
    report: { ...r.body, items: items.map((i) => ({ ...i, person: people.get(i.planId)?.label })) },
    canRecover: ctx.session.role === 'council_officer',
  });
};

const recoveryReasons = ['surplus', 'misuse', 'plan_ceased', 'changed_circumstances', 'death'] as const;
const reasonText: Record<string, string> = {
  surplus: 'More money has built up than the plan needs',
  misuse: 'Money was spent on something the agreement does not allow',
  plan_ceased: 'The plan has ended',
  changed_circumstances: 'The family’s circumstances have changed',
  death: 'The child has died',
};

const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The recovery's form, check page and sending (DESIGN.md 11c): a reason, the notice, then a check. */
async function recoveryForm(ctx: Ctx, extra: Record<string, unknown> = {}, status = 200) {
  const { planId, potId } = ctx.params;
  const plan = await ctx.api.get(`/v1/plans/${planId}`);
  if (plan.status !== 200) return failure(ctx, plan);
  const pot = (
    plan.body.pots as Array<{ potId: string; stream: string; mode: string; available: string }>
  ).find((p) => p.potId === potId);
  if (!pot) return failure(ctx, { status: 404, body: {}, text: '', contentType: '' });
  const today = todayOf(ctx.config);
  const due = addDays(today, 28);
  return page(
    ctx,
    'recovery-new.njk',
    {
      title: 'Recover money from a direct payment',
      planId,
      potId,
      person: personLabel(plan.body.child as { reference: string; name?: string }),
      potName: potName(pot),
      available: pot.available,
      reasons: recoveryReasons.map((value) => ({ value, text: reasonText[value] })),
      values: {
        amount: ctx.req.query.get('amount') ?? '',
        reason: ctx.req.query.get('amount') ? 'surplus' : '',
        ...datePartsOf('noticeGiven', today),
        ...datePartsOf('dueDate', due),
        ...(extra.values as Record<string, string> | undefined),
      },
      ...extra,
    },
    status,
  );
}

function checkRecovery(f: URLSearchParams) {
  const c = new Checks();
  const amount = c.amount(f, 'amount');
  const reason = c.choice(f, 'reason', recoveryReasons);
  const notice = c.text(f, 'notice', { max: 200 });
  const noticeGiven = c.date(f, 'noticeGiven');
  const dueDate = c.date(f, 'dueDate');
  if (noticeGiven && dueDate && dueDate <= noticeGiven)
    c.fail('dueDate', 'The date the money must be repaid by must be after the notice is given');
  return c.ok && amount && reason && notice && noticeGiven && dueDate
    ? { body: { amount, reason, notice, noticeGiven, dueDate }, errors: [] }
    : { errors: c.errors };
}

const newRecovery: Handler = (ctx) => recoveryForm(ctx);
/** "Change" from the check page: the form with the answers given. */
const newRecoveryAgain: Handler = (ctx) => recoveryForm(ctx, { values: Object.fromEntries(ctx.req.form) });

const checkRecoveryPage: Handler = async (ctx) => {
  const checked = checkRecovery(ctx.req.form);
  if (!checked.body)
    return recoveryForm(ctx, { errors: checked.errors, values: Object.fromEntries(ctx.req.form) }, 422);
  const plan = await ctx.api.get(`/v1/plans/${ctx.params.planId}`);
  if (plan.status !== 200) return failure(ctx, plan);
  const pot = (plan.body.pots as Array<{ potId: string; stream: string; mode: string }>).find(
    (p) => p.potId === ctx.params.potId,
  );
  return page(ctx, 'recovery-check.njk', {
    title: 'Check the recovery before you send it',
    planId: ctx.params.planId,
    potId: ctx.params.potId,
    person: personLabel(plan.body.child as { reference: string; name?: string }),
    potName: pot ? potName(pot) : '',
    recovery: { ...checked.body, reasonText: reasonText[checked.body.reason] },
    hidden: Object.fromEntries(ctx.req.form),
  });
};

const recover: Handler = async (ctx) => {
  const checked = checkRecovery(ctx.req.form);
  if (!checked.body)
    return recoveryForm(ctx, { errors: checked.errors, values: Object.fromEntries(ctx.req.form) }, 422);
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/pots/${ctx.params.potId}/recoveries`,
    checked.body,
    keyOf(ctx),
  );
  if (r.status === 201) return redirect('/surpluses?done=recovered');
  if (r.status === 404 || r.status === 401) return failure(ctx, r);
  return recoveryForm(
    ctx,
    {
      errors: formErrors(r, ['amount', 'reason', 'notice', 'noticeGiven', 'dueDate']),
      values: Object.fromEntries(ctx.req.form),
    },
    422,
  );
};

const clients: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/brokers/${ctx.session.org}/client-money`);
  if (r.status !== 200) return failure(ctx, r);
  const clients = (r.body.clients as Array<{ planId: string }>) ?? [];
  const people = await peopleOf(
    ctx.api,
    clients.map((c) => c.planId),
  );
  // A broker's clients fit one page: the search is over their names and references here.
  const q = (ctx.req.query.get('q') ?? '').trim().toLowerCase();
  const named = clients.map((c) => ({ ...c, person: people.get(c.planId)?.label ?? '' }));
  return page(ctx, 'clients.njk', {
    title: 'Clients',
    report: r.body,
    q: ctx.req.query.get('q') ?? '',
    clients: q ? named.filter((c) => c.person.toLowerCase().includes(q)) : named,
  });
};

const clientsCsv: Handler = async (ctx) => {
  const r = await ctx.api.csv(`/v1/brokers/${ctx.session.org}/client-money`);
  if (r.status !== 200) return failure(ctx, r);
  return csvDownload('client-money.csv', r.text);
};

const reports: Handler = async (ctx) => page(ctx, 'reports.njk', { title: 'Reports' });

export const reportPages: PageRoute[] = [
  { method: 'GET', pattern: '/reconciliation', handler: reconciliation },
  { method: 'GET', pattern: '/reconciliation.csv', handler: reconciliationCsv },
  { method: 'GET', pattern: '/monitoring', handler: monitoring },
  { method: 'GET', pattern: '/monitoring.csv', handler: monitoringCsv },
  { method: 'GET', pattern: '/surpluses', handler: surpluses },
  { method: 'GET', pattern: '/plans/:planId/pots/:potId/recoveries/new', handler: newRecovery },
  { method: 'POST', pattern: '/plans/:planId/pots/:potId/recoveries/new', handler: newRecoveryAgain },
  { method: 'POST', pattern: '/plans/:planId/pots/:potId/recoveries/check', handler: checkRecoveryPage },
  { method: 'POST', pattern: '/plans/:planId/pots/:potId/recoveries', handler: recover },
  { method: 'GET', pattern: '/clients', handler: clients },
  { method: 'GET', pattern: '/clients.csv', handler: clientsCsv },
  { method: 'GET', pattern: '/reports', handler: reports },
];
