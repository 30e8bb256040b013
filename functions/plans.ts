import { createPlan, setUpBudget } from '../domain/app/commands.js';
import { getPlan } from '../domain/app/queries.js';
import { appDeps } from './deps.js';
import { replied, route } from './http/route.js';
import { CreateBudgetBody, CreatePlanBody } from './http/schemas.js';

/** Plans and their budgets: POST /v1/plans, GET /v1/plans/{planId}, POST /v1/plans/{planId}/budgets. */

export const create = route({ status: 201, body: CreatePlanBody }, async ({ ctx, body }) =>
  replied(await createPlan(appDeps(), ctx, body)),
);

export const get = route({ status: 200 }, async ({ actor, params }) => ({
  body: await getPlan(appDeps(), actor, params.planId ?? ''),
}));

export const budget = route({ status: 201, body: CreateBudgetBody }, async ({ ctx, body, params }) =>
  replied(await setUpBudget(appDeps(), ctx, params.planId ?? '', body)),
);
