import { failure, type Handler, type PageRoute, page } from '../context.js';
import { longDate, money } from '../format.js';
import { peopleOf } from '../people.js';

/**
 * An instalment run's page (DESIGN.md 11b): what it paid, held, offset and could not pay (no
 * account), with the payment files to download. Accounts show masked; a file comes from the API,
 * which records the download on the run.
 */

const fileFormats: Record<string, { format: string; label: string }> = {
  pain001: { format: 'pain.001', label: 'Bank file (ISO 20022 pain.001)' },
  csv: { format: 'csv', label: 'Finance system (CSV)' },
  'card-loads': { format: 'card-loads', label: 'Card loads (CSV)' },
};

interface Row {
  paymentId: string;
  planId: string;
  potId: string;
  payee: string | null;
  amount: string;
  executionDate: string;
  account: string | null;
  returned: { reason: string } | null;
}

const runPayments: Handler = async (ctx) => {
  const runId = ctx.params.runId ?? '';
  const run = await ctx.api.get(`/v1/instalment-runs/${runId}`);
  if (run.status !== 200) return failure(ctx, run);
  const cursor = ctx.req.query.get('cursor');
  const list = await ctx.api.get(
    `/v1/instalment-runs/${runId}/payments?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
  if (list.status !== 200) return failure(ctx, list);
  const items = (list.body.items ?? []) as Row[];
  // People by the child's name and reference, never by a raw id (DESIGN.md 11c).
  const held = (run.body.held ?? []) as Array<{ planId: string }>;
  const offset = (run.body.offset ?? []) as Array<{ planId: string }>;
  const people = await peopleOf(
    ctx.api,
    [...items, ...held, ...offset].map((x) => x.planId),
  );
  const named = <T extends { planId: string }>(x: T) => ({ ...x, who: people.get(x.planId)?.label ?? '' });
  return page(ctx, 'run-payments.njk', {
    title: 'Instalment run and payment files',
    run: run.body,
    paid: items.filter((i) => i.account !== null && !i.returned),
    paidRows: items
      .filter((i) => i.account !== null && !i.returned)
      .map((p) => [
        { text: p.payee ?? '' },
        { text: people.get(p.planId)?.label ?? '' },
        { text: p.account ?? '' },
        { text: longDate(p.executionDate) },
        { text: money(p.amount), format: 'numeric' },
      ]),
    unpayable: items.filter((i) => i.account === null).map(named),
    returned: items.filter((i) => i.returned).map(named),
    held: held.map(named),
    offset: offset.map(named),
    downloads: run.body.downloads ?? [],
    files: Object.entries(fileFormats).map(([slug, f]) => ({
      href: `/runs/${runId}/files/${slug}`,
      label: f.label,
    })),
    next: list.body.next,
  });
};

const runFile: Handler = async (ctx) => {
  const runId = ctx.params.runId ?? '';
  const wanted = fileFormats[ctx.params.format ?? ''];
  if (!wanted) return page(ctx, 'not-found.njk', { title: 'Page not found' }, 404);
  const r = await ctx.api.get(`/v1/instalment-runs/${runId}/payments?format=${wanted.format}`);
  if (r.status !== 200) return failure(ctx, r);
  const extension = wanted.format === 'pain.001' ? 'xml' : 'csv';
  return {
    status: 200,
    headers: {
      'content-type': r.contentType,
      'content-disposition': `attachment; filename="${runId}-${wanted.format}.${extension}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: r.text,
  };
};

export const runPages: PageRoute[] = [
  { method: 'GET', pattern: '/runs/:runId/payments', handler: runPayments },
  { method: 'GET', pattern: '/runs/:runId/files/:format', handler: runFile },
];
