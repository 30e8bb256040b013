import { createPlan, setUpBudget } from '../domain/app/commands.js';
import { listPlanSpends, myPlans, searchPlans } from '../domain/app/finding.js';
import {
  addMember as addPlanMember,
  listMembers,
  removeMember as removePlanMember,
} from '../domain/app/members.js';
import { getPlan } from '../domain/app/queries.js';
import { appDeps } from './deps.js';
import { handler, pageOf, replied } from './http/route.js';

/** Plans and their budgets: POST /v1/plans, GET /v1/plans/{planId}, POST /v1/plans/{planId}/budgets. */

export const create = /* @__PURE__ */ handler('POST /v1/plans', async ({ ctx, body }) =>
  replied(await createPlan(appDeps(), ctx, body)),
);

export const get = /* @__PURE__ */ handler('GET /v1/plans/{planId}', async ({ actor, params }) => ({
  body: await getPlan(appDeps(), actor, params.planId ?? ''),
}));

export const budget = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/budgets',
  async ({ ctx, body, params }) => replied(await setUpBudget(appDeps(), ctx, params.planId ?? '', body)),
);

export const addMember = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/members',
  async ({ ctx, body, params }) => replied(await addPlanMember(appDeps(), ctx, params.planId ?? '', body)),
);

export const members = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/members',
  async ({ actor, params }) => ({
    body: await listMembers(appDeps(), actor, params.planId ?? ''),
  }),
);

export const removeMember = /* @__PURE__ */ handler(
  'DELETE /v1/plans/{planId}/members/{sub}',
  async ({ ctx, params }) =>
    replied(await removePlanMember(appDeps(), ctx, params.planId ?? '', params.sub ?? '')),
);

export const mine = /* @__PURE__ */ handler('GET /v1/me/plans', async ({ actor }) => ({
  body: await myPlans(appDeps(), actor),
}));

export const spends = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/spends',
  async ({ actor, params, query }) => ({
    body: await listPlanSpends(
      appDeps(),
      actor,
      params.planId ?? '',
      { status: query.status },
      pageOf(query),
    ),
  }),
);

export const search = /* @__PURE__ */ handler(
  'GET /v1/councils/{councilId}/plans',
  async ({ actor, params, query }) => ({
    body: await searchPlans(
      appDeps(),
      actor,
      params.councilId ?? '',
      query.reference ?? '',
      pageOf(query),
      query.name,
    ),
  }),
);
