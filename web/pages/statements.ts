import type { receiptTypes } from '../../contract/statement-schemas.js';
import { type Ctx, failure, formErrors, type Handler, type PageRoute, page } from '../context.js';
import { formOrigin, redirect } from '../http.js';
import { keyOf, text } from './forms.js';

/**
 * Money in (DESIGN.md section 11b): a pot's statement lines with what needs explaining, the upload
 * of a statement (a file input, multipart, no JavaScript), the form that explains a line, and the
 * receipt of a spend, posted by the browser straight to the pre-signed form.
 */

type Line = {
  lineId: string;
  date: string;
  description: string;
  amount: string;
  status: 'matched' | 'unexplained' | 'refused';
  mcc?: string;
  code?: string;
  spendId?: string;
  classified?: boolean;
};

async function linesView(ctx: Ctx, extra: Record<string, unknown> = {}, status = 200) {
  const { planId, potId } = ctx.params;
  const base = `/v1/plans/${planId}/pots/${potId}/statements/lines`;
  const [unexplained, refused, matched] = await Promise.all([
    ctx.api.get(`${base}?status=unexplained&limit=100`),
    ctx.api.get(`${base}?status=refused&limit=100`),
    ctx.api.get(`${base}?status=matched&limit=100`),
  ]);
  if (unexplained.status !== 200) return failure(ctx, unexplained);
  const open = ((unexplained.body.items as Line[] | undefined) ?? []).filter((l) => l.amount.startsWith('-'));
  return page(
    ctx,
    'statements.njk',
    {
      title: 'Your bank statement',
      planId,
      potId,
      toExplain: open,
      moneyIn: ((unexplained.body.items as Line[] | undefined) ?? []).filter(
        (l) => !l.amount.startsWith('-'),
      ),
      refused: (refused.body.items as Line[] | undefined) ?? [],
      matched: (matched.body.items as Line[] | undefined) ?? [],
      ...extra,
    },
    status,
  );
}

const lines: Handler = (ctx) => linesView(ctx);

const upload: Handler = async (ctx) => {
  const f = ctx.req.form;
  const file = f.get('statement') ?? '';
  const name = (f.get('statement.filename') ?? '').toLowerCase();
  if (file.trim() === '')
    return linesView(
      ctx,
      { errors: [{ field: 'statement', text: 'Choose the statement file from your bank' }] },
      422,
    );
  const type = /\.(ofx|qfx)$/.test(name) || file.includes('<OFX>') ? 'application/x-ofx' : 'text/csv';
  const r = await ctx.api.postText(
    `/v1/plans/${ctx.params.planId}/pots/${ctx.params.potId}/statements`,
    file,
    type,
    keyOf(ctx),
  );
  if (r.status === 201) return linesView(ctx, { imported: r.body });
  if (r.status === 401 || r.status === 404) return failure(ctx, r);
  return linesView(
    ctx,
    { errors: formErrors(r, ['statement']).map((e) => ({ ...e, field: 'statement' })) },
    422,
  );
};

async function classifyView(ctx: Ctx, extra: Record<string, unknown> = {}, status = 200) {
  const { planId, potId, lineId } = ctx.params;
  const [plan, open] = await Promise.all([
    ctx.api.get(`/v1/plans/${planId}`),
    ctx.api.get(`/v1/plans/${planId}/pots/${potId}/statements/lines?status=unexplained&limit=100`),
  ]);
  if (plan.status !== 200) return failure(ctx, plan);
  const line = ((open.body.items as Line[] | undefined) ?? []).find((l) => l.lineId === lineId);
  if (!line) return page(ctx, 'not-found.njk', { title: 'Page not found' }, 404);
  const p = plan.body as {
    pots: Array<{ potId: string; stream: string }>;
    outcomes: Array<{ id: string; description: string; retiredFrom?: string }>;
    provisions: Array<{
      id: string;
      stream: string;
      description: string;
      categories: string[];
      retiredFrom?: string;
    }>;
  };
  const stream = p.pots.find((x) => x.potId === potId)?.stream;
  const provisions = p.provisions.filter((x) => x.stream === stream && !x.retiredFrom);
  return page(
    ctx,
    'classify.njk',
    {
      title: 'Explain a payment',
      planId,
      potId,
      line,
      outcomes: p.outcomes.filter((o) => !o.retiredFrom),
      provisions,
      categories: [...new Set(provisions.flatMap((x) => x.categories))],
      ...extra,
    },
    status,
  );
}

const classifyForm: Handler = (ctx) => classifyView(ctx);

const classify: Handler = async (ctx) => {
  const f = ctx.req.form;
  const { planId, potId, lineId } = ctx.params;
  const body = {
    category: text(f, 'category') ?? '',
    outcomeId: text(f, 'outcomeId') ?? '',
    provisionId: text(f, 'provisionId') ?? '',
    ...(text(f, 'evidence') ? { evidence: text(f, 'evidence') } : {}),
  };
  const r = await ctx.api.post(
    `/v1/plans/${planId}/pots/${potId}/statements/lines/${lineId}/classify`,
    body,
    keyOf(ctx),
  );
  if (r.status === 201) return redirect(`/plans/${planId}/pots/${potId}/statements?done=explained`);
  if (r.status === 401 || r.status === 404) return failure(ctx, r);
  return classifyView(
    ctx,
    { errors: formErrors(r, ['category', 'outcomeId', 'provisionId', 'evidence']) },
    422,
  );
};

/** The kinds of file the API signs a form for: the compiler holds this to the contract's list, both ways. */
const receiptKinds: Record<(typeof receiptTypes)[number], true> = {
  'image/jpeg': true,
  'image/png': true,
  'image/heic': true,
  'application/pdf': true,
};

const receiptForm: Handler = async (ctx) => {
  const { planId, spendId } = ctx.params;
  const spend = await ctx.api.get(`/v1/plans/${planId}/spends/${spendId}`);
  if (spend.status !== 200) return failure(ctx, spend);
  // After the upload the bucket sends the browser back here with the key it stored.
  const key = ctx.req.query.get('key');
  const receiptId = key?.split('/').at(-1);
  if (receiptId && /^[A-Za-z0-9_-]{1,64}$/.test(receiptId)) {
    const r = await ctx.api.get(`/v1/plans/${planId}/spends/${spendId}/receipts/${receiptId}`);
    if (r.status !== 200) return failure(ctx, r);
    return page(ctx, 'receipt.njk', {
      title: 'Your receipt',
      planId,
      spendId,
      spend: spend.body,
      receipt: r.body,
    });
  }
  return page(ctx, 'receipt.njk', { title: 'Add a receipt', planId, spendId, spend: spend.body });
};

/** Step one: the kind of file; the API signs a form for it, which step two posts straight to storage. */
const receiptStart: Handler = async (ctx) => {
  const { planId, spendId } = ctx.params;
  const type = text(ctx.req.form, 'kind') ?? '';
  const spend = await ctx.api.get(`/v1/plans/${planId}/spends/${spendId}`);
  if (spend.status !== 200) return failure(ctx, spend);
  if (!Object.hasOwn(receiptKinds, type))
    return page(
      ctx,
      'receipt.njk',
      {
        title: 'Add a receipt',
        planId,
        spendId,
        spend: spend.body,
        errors: [{ field: 'kind', text: 'Choose what kind of file the receipt is' }],
      },
      422,
    );
  const r = await ctx.api.post(
    `/v1/plans/${planId}/spends/${spendId}/receipts`,
    { contentType: type, size: 10 * 1024 * 1024, redirect: `/plans/${planId}/spends/${spendId}/receipt` },
    keyOf(ctx),
  );
  if (r.status !== 201) return failure(ctx, r);
  // The form posts to storage itself (S3's origin in AWS), which the page's form-action must allow.
  const storage = formOrigin((r.body.upload as { url?: unknown } | undefined)?.url);
  return page(
    ctx,
    'receipt.njk',
    { title: 'Add a receipt', planId, spendId, spend: spend.body, upload: r.body.upload },
    200,
    storage ? [storage] : [],
  );
};

export const statementPages: PageRoute[] = [
  { method: 'GET', pattern: '/plans/:planId/pots/:potId/statements', handler: lines },
  { method: 'POST', pattern: '/plans/:planId/pots/:potId/statements', handler: upload },
  {
    method: 'GET',
    pattern: '/plans/:planId/pots/:potId/statements/lines/:lineId/classify',
    handler: classifyForm,
  },
  {
    method: 'POST',
    pattern: '/plans/:planId/pots/:potId/statements/lines/:lineId/classify',
    handler: classify,
  },
  { method: 'GET', pattern: '/plans/:planId/spends/:spendId/receipt', handler: receiptForm },
  { method: 'POST', pattern: '/plans/:planId/spends/:spendId/receipt', handler: receiptStart },
];
