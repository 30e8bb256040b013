import { actOnSpend, requestSpend } from '../domain/app/commands.js';
import { getSpend } from '../domain/app/queries.js';
import { addEvidence } from '../domain/app/spends.js';
import { appDeps } from './deps.js';
import { handler, replied } from './http/route.js';

/** Spends and their two-phase completion (DESIGN.md sections 3 and 3a). */

export const create = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/spends',
  async ({ ctx, body, params }) => replied(await requestSpend(appDeps(), ctx, params.planId ?? '', body)),
);

export const get = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/spends/{spendId}',
  async ({ actor, params }) => ({
    body: await getSpend(appDeps(), actor, params.planId ?? '', params.spendId ?? ''),
  }),
);

export const approve = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/spends/{spendId}/approve',
  async ({ ctx, body, params }) =>
    replied(await actOnSpend(appDeps(), ctx, params.planId ?? '', params.spendId ?? '', 'approve', body)),
);

export const reject = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/spends/{spendId}/reject',
  async ({ ctx, body, params }) =>
    replied(await actOnSpend(appDeps(), ctx, params.planId ?? '', params.spendId ?? '', 'reject', body)),
);

export const pay = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/spends/{spendId}/pay',
  async ({ ctx, body, params }) =>
    replied(await actOnSpend(appDeps(), ctx, params.planId ?? '', params.spendId ?? '', 'pay', body)),
);

export const voidSpend = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/spends/{spendId}/void',
  async ({ ctx, body, params }) =>
    replied(await actOnSpend(appDeps(), ctx, params.planId ?? '', params.spendId ?? '', 'void', body)),
);

export const evidence = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/spends/{spendId}/evidence',
  async ({ ctx, body, params }) =>
    replied(await addEvidence(appDeps(), ctx, params.planId ?? '', params.spendId ?? '', body)),
);
