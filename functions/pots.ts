import { recordAgreement } from '../domain/app/agreements.js';
import { cease } from '../domain/app/cessation.js';
import { adjustAllocation, recover, reverseEntry, setSuspension } from '../domain/app/commands.js';
import { closeRecovery } from '../domain/app/recoveries.js';
import { resume as resumePot } from '../domain/app/resumption.js';
import { submitReturn } from '../domain/app/returns.js';
import { appDeps } from './deps.js';
import { handler, replied } from './http/route.js';

/** Officer actions on a pot and on the journal: adjust, recover, suspend/resume, reverse. */

export const adjust = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/adjustments',
  async ({ ctx, body, params }) =>
    replied(await adjustAllocation(appDeps(), ctx, params.planId ?? '', params.potId ?? '', body)),
);

export const recovery = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/recoveries',
  async ({ ctx, body, params }) =>
    replied(await recover(appDeps(), ctx, params.planId ?? '', params.potId ?? '', body)),
);

export const suspend = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/suspension',
  async ({ ctx, body, params }) =>
    replied(await setSuspension(appDeps(), ctx, params.planId ?? '', params.potId ?? '', true, body.reason)),
);

export const resume = /* @__PURE__ */ handler(
  'DELETE /v1/plans/{planId}/pots/{potId}/suspension',
  async ({ ctx, body, params }) =>
    replied(await setSuspension(appDeps(), ctx, params.planId ?? '', params.potId ?? '', false, body.reason)),
);

export const reverse = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/entries/{entryId}/reverse',
  async ({ ctx, body, params }) =>
    replied(await reverseEntry(appDeps(), ctx, params.planId ?? '', params.entryId ?? '', body)),
);

export const agreement = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/agreement',
  async ({ ctx, body, params }) =>
    replied(await recordAgreement(appDeps(), ctx, params.planId ?? '', params.potId ?? '', body)),
);

export const holderReturn = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/returns',
  async ({ ctx, body, params }) =>
    replied(await submitReturn(appDeps(), ctx, params.planId ?? '', params.potId ?? '', body)),
);

export const settleRecovery = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/recoveries/{recoveryId}/settle',
  async ({ ctx, params }) =>
    replied(
      await closeRecovery(
        appDeps(),
        ctx,
        params.planId ?? '',
        params.potId ?? '',
        params.recoveryId ?? '',
        'settle',
      ),
    ),
);

export const withdrawRecovery = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/recoveries/{recoveryId}/withdraw',
  async ({ ctx, params }) =>
    replied(
      await closeRecovery(
        appDeps(),
        ctx,
        params.planId ?? '',
        params.potId ?? '',
        params.recoveryId ?? '',
        'withdraw',
      ),
    ),
);

export const resumption = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/resumption',
  async ({ ctx, body, params }) =>
    replied(await resumePot(appDeps(), ctx, params.planId ?? '', params.potId ?? '', body)),
);

export const cessation = /* @__PURE__ */ handler(
  'POST /v1/plans/{planId}/pots/{potId}/cessation',
  async ({ ctx, body, params }) =>
    replied(await cease(appDeps(), ctx, params.planId ?? '', params.potId ?? '', body)),
);
