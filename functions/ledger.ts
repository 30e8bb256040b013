import { getInstalmentRun, runInstalments } from '../domain/app/instalments.js';
import { listApprovals, listAudit } from '../domain/app/queries.js';
import { appDeps } from './deps.js';
import { pageOf, replied, route } from './http/route.js';
import { InstalmentRunBody, PageQuery } from './http/schemas.js';

/** Approval queue, instalment runs and the audit trail. */

export const approvals = route({ status: 200, query: PageQuery }, async ({ actor, query }) => ({
  body: await listApprovals(appDeps(), actor, pageOf(query)),
}));

export const instalmentRun = route({ status: 200, body: InstalmentRunBody }, async ({ ctx, body }) => {
  const outcome = await runInstalments(appDeps(), ctx, body);
  return { ...replied(outcome), status: outcome.result.state === 'running' ? 202 : 200 };
});

export const instalmentRunStatus = route({ status: 200 }, async ({ actor, params }) => ({
  body: await getInstalmentRun(appDeps(), actor, params.runId ?? ''),
}));

export const audit = route({ status: 200, query: PageQuery }, async ({ actor, query, params }) => ({
  body: await listAudit(appDeps(), actor, params.planId ?? '', pageOf(query)),
}));
