import { type Ctx, failure, formErrors, type Handler, type PageRoute, page } from '../context.js';
import { csvDownload, redirect } from '../http.js';
import { keyOf, text } from './forms.js';

/**
 * Reports: reconciliation (a chart by funder and mode beside its table, and whether it balances),
 * monitoring returns with their flags, surpluses with a recovery action, a broker's client money,
 * and the auditor's read-only index. Every table has a CSV download.
 */

const orgPath = (ctx: Ctx) =>
  ctx.session.role === 'health_officer'
    ? `/v1/funders/${ctx.session.org}`
    : `/v1/councils/${ctx.session.org}`;

function range(ctx: Ctx): string {
  const q = new URLSearchParams();
  for (const name of ['from', 'to']) {
    const v = ctx.req.query.get(name);
    if (v) q.set(name, v);
  }
  return q.toString();
}

type Row = { funderId: string; stream: string; mode: string; allocated: string; spent: string };

const reconciliation: Handler = async (ctx) => {
  // A council officer may ask for every pot to be checked (slower: it reads each pot).
  const verify = ctx.session.role !== 'health_officer' && ctx.req.query.get('verify') === 'pots';
  const r = await ctx.api.get(`${orgPath(ctx)}/reconciliation?${range(ctx)}${verify ? '&verify=pots' : ''}`);
  if (r.status === 400)
    return page(
      ctx,
      'reconciliation.njk',
      { title: 'Reconciliation', report: null, errors: formErrors(r, ['from', 'to']) },
      400,
    );
  if (r.status !== 200) return failure(ctx, r);
  const rows = (r.body.rows as Row[]) ?? [];
  return page(ctx, 'reconciliation.njk', {
    title: 'Reconciliation',
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

const currentQuarter = (): string => {
  const d = new Date();
  const month = d.getUTCMonth() + 1;
  const year = month >= 4 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  // The last quarter that has ended: its returns are the ones being checked.
  const q = month >= 4 && month <= 6 ? 4 : month >= 7 && month <= 9 ? 1 : month >= 10 && month <= 12 ? 2 : 3;
  return `${q === 4 ? year - 1 : year}-Q${q}`;
};

const monitoring: Handler = async (ctx) => {
  const quarter = ctx.req.query.get('quarter') ?? currentQuarter();
  const r = await ctx.api.get(
    `/v1/councils/${ctx.session.org}/monitoring-returns?quarter=${encodeURIComponent(quarter)}&limit=100`,
  );
  if (r.status === 400)
    return page(
      ctx,
      'monitoring.njk',
      { title: 'Monitoring returns', quarter, items: [], errors: formErrors(r, ['quarter']) },
      400,
    );
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'monitoring.njk', { title: 'Monitoring returns', quarter, items: r.body.items });
};

const monitoringCsv: Handler = async (ctx) => {
  const quarter = ctx.req.query.get('quarter') ?? currentQuarter();
  const r = await ctx.api.csv(
    `/v1/councils/${ctx.session.org}/monitoring-returns?quarter=${encodeURIComponent(quarter)}&limit=100`,
  );
  if (r.status !== 200) return failure(ctx, r);
  return csvDownload(`monitoring-${quarter}.csv`, r.text);
};

const surpluses: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/councils/${ctx.session.org}/surpluses`);
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'surpluses.njk', {
    title: 'Surpluses',
    report: r.body,
    canRecover: ctx.session.role === 'council_officer',
  });
};

const recover: Handler = async (ctx) => {
  const f = ctx.req.form;
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/pots/${ctx.params.potId}/recoveries`,
    { amount: text(f, 'amount') ?? '', reason: 'surplus', dueDate: text(f, 'dueDate') ?? '' },
    keyOf(ctx),
  );
  if (r.status === 201) return redirect('/surpluses?done=recovered');
  if (r.status === 404 || r.status === 401) return failure(ctx, r);
  const list = await ctx.api.get(`/v1/councils/${ctx.session.org}/surpluses`);
  return page(
    ctx,
    'surpluses.njk',
    { title: 'Surpluses', report: list.body, canRecover: true, errors: formErrors(r, ['amount']) },
    422,
  );
};

const clients: Handler = async (ctx) => {
  const r = await ctx.api.get(`/v1/brokers/${ctx.session.org}/client-money`);
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'clients.njk', { title: 'Client money', report: r.body });
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
  { method: 'POST', pattern: '/plans/:planId/pots/:potId/recoveries', handler: recover },
  { method: 'GET', pattern: '/clients', handler: clients },
  { method: 'GET', pattern: '/clients.csv', handler: clientsCsv },
  { method: 'GET', pattern: '/reports', handler: reports },
];
