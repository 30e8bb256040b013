import { listEvents } from '../domain/app/agreements.js';
import { getInstalmentRun, listInstalmentRuns, runInstalments } from '../domain/app/instalments.js';
import { listApprovals, listAudit } from '../domain/app/queries.js';
import { appDeps } from './deps.js';
import { handler, pageOf, replied } from './http/route.js';

/** Approval queue, instalment runs and the audit trail. */

export const approvals = /* @__PURE__ */ handler('GET /v1/approvals', async ({ actor, query }) => ({
  body: await listApprovals(appDeps(), actor, pageOf(query)),
}));

export const instalmentRun = /* @__PURE__ */ handler('POST /v1/instalment-runs', async ({ ctx, body }) => {
  const outcome = await runInstalments(appDeps(), ctx, body);
  return { ...replied(outcome), status: outcome.result.state === 'running' ? 202 : 200 };
});

export const instalmentRunStatus = /* @__PURE__ */ handler(
  'GET /v1/instalment-runs/{runId}',
  async ({ actor, params }) => ({
    body: await getInstalmentRun(appDeps(), actor, params.runId ?? ''),
  }),
);

export const councilInstalmentRuns = /* @__PURE__ */ handler(
  'GET /v1/councils/{councilId}/instalment-runs',
  async ({ actor, query, params }) => ({
    body: await listInstalmentRuns(appDeps(), actor, params.councilId ?? '', pageOf(query)),
  }),
);

export const audit = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/audit',
  async ({ actor, query, params }) => ({
    body: await listAudit(appDeps(), actor, params.planId ?? '', pageOf(query)),
  }),
);

export const events = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/events',
  async ({ actor, query, params }) => ({
    body: await listEvents(appDeps(), actor, params.planId ?? '', pageOf(query)),
  }),
);
