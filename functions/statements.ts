import { readReceipt, requestReceipt as request } from '../domain/app/receipts.js';
import { importStatement } from '../domain/app/statement-import.js';
import { classifyLine, listStatementLines } from '../domain/app/statement-lines.js';
import { appDeps } from './deps.js';
import { handler, pageOf, type RawBody, replied } from './http/route.js';

/** Statements in (DESIGN.md section 11b): import a file, list its lines, explain one. */

export const importStatement_ = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/statements',
  async ({ ctx, body, params }) => {
    const raw = body as unknown as RawBody;
    const format = raw.contentType === 'application/x-ofx' ? 'ofx' : 'csv';
    return replied(
      await importStatement(appDeps(), ctx, params.planId ?? '', params.potId ?? '', format, raw.text),
    );
  },
);
export { importStatement_ as importStatement };

export const lines = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/pots/{potId}/statements/lines',
  async ({ actor, query, params }) => ({
    body: await listStatementLines(appDeps(), { actor }, params.planId ?? '', params.potId ?? '', {
      ...pageOf(query),
      status: query.status,
    }),
  }),
);

export const classify = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/statements/lines/{lineId}/classify',
  async ({ ctx, body, params }) =>
    replied(
      await classifyLine(appDeps(), ctx, params.planId ?? '', params.potId ?? '', params.lineId ?? '', body),
    ),
);

export const requestReceipt = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/spends/{spendId}/receipts',
  async ({ ctx, body, params }) =>
    replied(await request(appDeps(), ctx, params.planId ?? '', params.spendId ?? '', body)),
);

export const receipt = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/spends/{spendId}/receipts/{receiptId}',
  async ({ actor, params }) => ({
    body: await readReceipt(
      appDeps(),
      { actor },
      params.planId ?? '',
      params.spendId ?? '',
      params.receiptId ?? '',
    ),
  }),
);
