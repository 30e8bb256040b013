import { setClientAccount, setPayingAccount } from '../domain/app/payment-accounts.js';
import { listRunPayments } from '../domain/app/payment-batch.js';
import { paymentFile } from '../domain/app/payment-files.js';
import { returnPayment } from '../domain/app/returned-payments.js';
import { appDeps } from './deps.js';
import { handler, pageOf, replied } from './http/route.js';

/** Money out (DESIGN.md 11b): accounts, a run's payment batch and its files, returned payments. */

export const payingAccount = /* @__PURE__ */ handler(
  'PUT /v1/funders/{funderId}/payment-account',
  async ({ ctx, body, params }) =>
    replied(await setPayingAccount(appDeps(), ctx, params.funderId ?? '', body)),
);

export const clientAccount = /* @__PURE__ */ handler(
  'PUT /v1/brokers/{brokerId}/account',
  async ({ ctx, body, params }) =>
    replied(await setClientAccount(appDeps(), ctx, params.brokerId ?? '', body)),
);

export const runPayments = /* @__PURE__ */ handler(
  'GET /v1/instalment-runs/{runId}/payments',
  async ({ ctx, actor, query, params }) => {
    const runId = params.runId ?? '';
    if (query.format === undefined || query.format === 'json')
      return { body: await listRunPayments(appDeps(), actor, runId, pageOf(query)) };
    const file = await paymentFile(appDeps(), ctx, runId, query.format);
    return { body: { count: file.count, sum: file.sum }, contentType: file.contentType, text: file.text };
  },
);

export const paymentReturned = /* @__PURE__ */ handler(
  'POST /v1/payments/{paymentId}/returned',
  async ({ ctx, body, params }) => replied(await returnPayment(appDeps(), ctx, params.paymentId ?? '', body)),
);
