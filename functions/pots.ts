import { adjustAllocation, recover, reverseEntry, setSuspension } from '../domain/app/commands.js';
import { appDeps } from './deps.js';
import { replied, route } from './http/route.js';
import { AdjustmentBody, RecoveryBody, ResumeBody, ReverseBody, SuspendBody } from './http/schemas.js';

/** Officer actions on a pot and on the journal: adjust, recover, suspend/resume, reverse. */

export const adjust = route({ status: 201, body: AdjustmentBody }, async ({ ctx, body, params }) =>
  replied(await adjustAllocation(appDeps(), ctx, params.planId ?? '', params.potId ?? '', body)),
);

export const recovery = route({ status: 201, body: RecoveryBody }, async ({ ctx, body, params }) =>
  replied(await recover(appDeps(), ctx, params.planId ?? '', params.potId ?? '', body)),
);

export const suspend = route({ status: 200, body: SuspendBody }, async ({ ctx, body, params }) =>
  replied(await setSuspension(appDeps(), ctx, params.planId ?? '', params.potId ?? '', true, body.reason)),
);

export const resume = route({ status: 200, body: ResumeBody }, async ({ ctx, body, params }) =>
  replied(await setSuspension(appDeps(), ctx, params.planId ?? '', params.potId ?? '', false, body.reason)),
);

export const reverse = route({ status: 201, body: ReverseBody }, async ({ ctx, body, params }) =>
  replied(await reverseEntry(appDeps(), ctx, params.planId ?? '', params.entryId ?? '', body)),
);
