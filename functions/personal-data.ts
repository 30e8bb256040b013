import { disposeCouncil, exportPersonalData as exportHeld } from '../domain/app/personal-data.js';
import { appDeps } from './deps.js';
import { handler, replied } from './http/route.js';

/** Personal data over its life (DESIGN.md section 11d): each handler calls one use case. */

export const exportPersonalData = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/personal-data',
  async ({ actor, params }) => ({ body: await exportHeld(appDeps(), { actor }, params.planId ?? '') }),
);

export const dispose = /* @__PURE__ */ handler(
  'POST /v1/councils/{councilId}/disposals',
  async ({ ctx, params }) => replied(await disposeCouncil(appDeps(), ctx, params.councilId ?? '')),
);
