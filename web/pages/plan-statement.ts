import { type Ctx, failure, type Handler, type PageRoute, page } from '../context.js';
import { csvDownload } from '../http.js';
import type { FieldError } from '../messages.js';
import { potStatements, statementCsv } from '../statement.js';
import { Checks } from '../validate.js';
import { datePartsOf } from './forms.js';

/** The plan's statement (DESIGN.md 11c): money in and out of each pot with the balance, and its CSV. */

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

const statementCsvDownload: Handler = async (ctx) => {
  const s = await statementOf(ctx);
  if ('fail' in s) return s.fail ?? failure(ctx, { status: 500, body: {}, text: '', contentType: '' });
  return csvDownload(`statement-${s.shown.from}-to-${s.shown.to}.csv`, statementCsv(s.pots));
};

export const planStatementPages: PageRoute[] = [
  { method: 'GET', pattern: '/plans/:planId/statement', handler: statement },
  { method: 'GET', pattern: '/plans/:planId/statement.csv', handler: statementCsvDownload },
];
