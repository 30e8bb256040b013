import { actOnSpend, requestSpend } from '../domain/app/commands.js';
import { getSpend } from '../domain/app/queries.js';
import { appDeps } from './deps.js';
import { replied, route } from './http/route.js';
import { ApproveBody, PayBody, RejectBody, SpendBody, VoidBody } from './http/schemas.js';

/** Spends and their two-phase completion (DESIGN.md sections 3 and 3a). */

export const create = route({ status: 201, body: SpendBody }, async ({ ctx, body, params }) =>
  replied(await requestSpend(appDeps(), ctx, params.planId ?? '', body)),
);

export const get = route({ status: 200 }, async ({ actor, params }) => ({
  body: await getSpend(appDeps(), actor, params.planId ?? '', params.spendId ?? ''),
}));

export const approve = route({ status: 200, body: ApproveBody }, async ({ ctx, body, params }) =>
  replied(await actOnSpend(appDeps(), ctx, params.planId ?? '', params.spendId ?? '', 'approve', body)),
);

export const reject = route({ status: 200, body: RejectBody }, async ({ ctx, body, params }) =>
  replied(await actOnSpend(appDeps(), ctx, params.planId ?? '', params.spendId ?? '', 'reject', body)),
);

export const pay = route({ status: 200, body: PayBody }, async ({ ctx, body, params }) =>
  replied(await actOnSpend(appDeps(), ctx, params.planId ?? '', params.spendId ?? '', 'pay', body)),
);

export const voidSpend = route({ status: 200, body: VoidBody }, async ({ ctx, body, params }) =>
  replied(await actOnSpend(appDeps(), ctx, params.planId ?? '', params.spendId ?? '', 'void', body)),
);
