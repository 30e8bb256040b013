import { amend as amendPlan, listAmendments } from '../domain/app/amendments.js';
import {
  requestBudget as askForBudget,
  decideBudgetRequest,
  listCouncilBudgetRequests,
  listPlanBudgetRequests,
} from '../domain/app/budget-requests.js';
import { getCouncilPolicy, setCouncilPolicy } from '../domain/app/council-policy.js';
import { listReviews, recordReview } from '../domain/app/reviews.js';
import { worklist } from '../domain/app/worklist.js';
import { appDeps } from './deps.js';
import { handler, pageOf, replied } from './http/route.js';

/** The plan over time (DESIGN.md section 9b): each handler calls one use case. */

export const amend = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/amendments',
  async ({ ctx, body, params }) => replied(await amendPlan(appDeps(), ctx, params.planId ?? '', body)),
);

export const amendments = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/amendments',
  async ({ actor, params }) => ({
    body: await listAmendments(appDeps(), actor, params.planId ?? ''),
  }),
);

export const review = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/reviews',
  async ({ ctx, body, params }) => replied(await recordReview(appDeps(), ctx, params.planId ?? '', body)),
);

export const reviews = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/reviews',
  async ({ actor, params }) => ({
    body: await listReviews(appDeps(), actor, params.planId ?? ''),
  }),
);

export const requestBudget = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/budget-requests',
  async ({ ctx, body, params }) => replied(await askForBudget(appDeps(), ctx, params.planId ?? '', body)),
);

export const planBudgetRequests = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/budget-requests',
  async ({ actor, params }) => ({
    body: await listPlanBudgetRequests(appDeps(), actor, params.planId ?? ''),
  }),
);

export const decide = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/budget-requests/{requestId}/decision',
  async ({ ctx, body, params }) =>
    replied(await decideBudgetRequest(appDeps(), ctx, params.planId ?? '', params.requestId ?? '', body)),
);

export const councilBudgetRequests = /* @__PURE__ */ handler(
  'GET /v1/councils/{councilId}/budget-requests',
  async ({ actor, params, query }) => ({
    body: await listCouncilBudgetRequests(
      appDeps(),
      actor,
      params.councilId ?? '',
      query.status ?? 'open',
      pageOf(query),
    ),
  }),
);

export const policy = /* @__PURE__ */ handler(
  'GET /v1/councils/{councilId}/policy',
  async ({ actor, params }) => ({
    body: await getCouncilPolicy(appDeps(), actor, params.councilId ?? ''),
  }),
);

export const setPolicy = /* @__PURE__ */ handler(
  'PUT /v1/councils/{councilId}/policy',
  async ({ ctx, body, params }) =>
    replied(await setCouncilPolicy(appDeps(), ctx, params.councilId ?? '', body)),
);

export const councilWorklist = /* @__PURE__ */ handler(
  'GET /v1/councils/{councilId}/worklist',
  async ({ actor, params, query }) => ({
    body: await worklist(appDeps(), actor, { councilId: params.councilId ?? '' }, pageOf(query)),
  }),
);

export const funderWorklist = /* @__PURE__ */ handler(
  'GET /v1/funders/{funderId}/worklist',
  async ({ actor, params, query }) => ({
    body: await worklist(appDeps(), actor, { funderId: params.funderId ?? '' }, pageOf(query)),
  }),
);
