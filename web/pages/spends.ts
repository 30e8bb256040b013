import { type Ctx, failure, formErrors, type Handler, type PageRoute, page } from '../context.js';
import { redirect, type WebResponse } from '../http.js';
import { approvalReasonText, type FieldError } from '../messages.js';
import { Checks } from '../validate.js';
import { potName } from '../words.js';
import { keyOf } from './forms.js';
import { loadPlan, outcomeText, provisionText, spendablePots } from './plan.js';

/**
 * A plan's spends after they are recorded: the list with their statuses, one spend's page
 * (confirmation, waiting, paid), cancelling one that waits, a receipt added afterwards, and
 * recording a payment.
 */

/**
 * One spend's page (confirmation, waiting, paid), and again with the receipt form's errors: one
 * builder, so the page after a refused receipt says the spend in the same words (its pot, the
 * reasons it waits) as the page before.
 */
async function spendPage(ctx: Ctx, errors: FieldError[] = [], status = 200): Promise<WebResponse> {
  const [loaded, r] = await Promise.all([
    loadPlan(ctx),
    ctx.api.get<'SpendView'>(`/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}`),
  ]);
  if ('fail' in loaded) return loaded.fail;
  if (r.status !== 200) return failure(ctx, r);
  const spend = r.body;
  const plan = loaded.plan;
  const pot = plan.pots.find((p) => p.potId === spend.potId);
  const mine = spendablePots(plan).some((p) => p.potId === spend.potId);
  return page(
    ctx,
    'spend.njk',
    {
      title: spendTitle(spend.status, ctx.req.query.get('done')),
      planId: ctx.params.planId,
      spend: { ...spend, approvalReasons: spend.approvalReasons.map(approvalReasonText) },
      potName: pot ? potName(pot) : '',
      provision: provisionText(plan, spend.provisionId),
      outcome: outcomeText(plan, spend.outcomeId),
      canCancel: mine && spend.status === 'pending_approval',
      // The receipt form that was answered stays, with its errors, whatever the spend is now.
      canAddEvidence: errors.length > 0 || (spend.status === 'paid' && !spend.evidence && familySideOf(ctx)),
      errors,
    },
    status,
  );
}

const spendResult: Handler = (ctx) => spendPage(ctx);

const familySideOf = (ctx: Ctx): boolean =>
  ctx.session.role === 'family' || ctx.session.role === 'key_worker' || ctx.session.role === 'broker';

function spendTitle(status: string, done: string | null): string {
  if (done === 'cancelled') return 'Spend cancelled';
  if (done === 'evidence') return 'Receipt added';
  switch (status) {
    case 'paid':
      return 'Spend recorded and paid';
    case 'approved':
      return 'Spend approved';
    case 'pending_approval':
      return 'Waiting for approval';
    case 'rejected':
      return 'Spend not approved';
    default:
      return 'Spend cancelled';
  }
}

/** Cancelling a spend that waits for approval: a check page first (GOV.UK's "are you sure"). */
const cancelCheck: Handler = async (ctx) => {
  const r = await ctx.api.get<'SpendView'>(`/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}`);
  if (r.status !== 200) return failure(ctx, r);
  return page(ctx, 'spend-cancel.njk', {
    title: 'Are you sure you want to cancel this spend?',
    planId: ctx.params.planId,
    spend: r.body,
  });
};

const cancelSpend: Handler = async (ctx) => {
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}/void`,
    { reason: 'Cancelled by the family before approval' },
    keyOf(ctx),
  );
  if (r.status === 200)
    return redirect(`/plans/${ctx.params.planId}/spends/${ctx.params.spendId}?done=cancelled`);
  return failure(ctx, r);
};

/** A receipt or invoice reference added after the spend was paid. */
const addEvidence: Handler = async (ctx) => {
  const c = new Checks();
  const evidence = c.text(ctx.req.form, 'evidence');
  const r = evidence
    ? await ctx.api.post(
        `/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}/evidence`,
        { evidence },
        keyOf(ctx),
      )
    : undefined;
  if (r && r.status === 200)
    return redirect(`/plans/${ctx.params.planId}/spends/${ctx.params.spendId}?done=evidence`);
  if (r && (r.status === 401 || r.status === 404)) return failure(ctx, r);
  return spendPage(ctx, r ? formErrors(r, ['evidence']) : c.errors, 422);
};

const spends: Handler = async (ctx) => {
  const loaded = await loadPlan(ctx);
  if ('fail' in loaded) return loaded.fail;
  const cursor = ctx.req.query.get('cursor');
  const status = ctx.req.query.get('status');
  const q = new URLSearchParams({
    limit: '25',
    ...(cursor ? { cursor } : {}),
    ...(status ? { status } : {}),
  });
  const r = await ctx.api.get(`/v1/plans/${ctx.params.planId}/spends?${q}`);
  if (r.status !== 200) return failure(ctx, r);
  const payable = new Set(spendablePots(loaded.plan).map((p) => p.potId));
  return page(ctx, 'spends.njk', {
    title: 'Spends',
    plan: loaded.plan,
    spends: r.body.items,
    next: r.body.next,
    payable: [...payable],
  });
};

const pay: Handler = async (ctx) => {
  const r = await ctx.api.post(
    `/v1/plans/${ctx.params.planId}/spends/${ctx.params.spendId}/pay`,
    {},
    keyOf(ctx),
  );
  if (r.status >= 300) return failure(ctx, r);
  return redirect(`/plans/${ctx.params.planId}/spends?done=paid`);
};

export const spendPages: PageRoute[] = [
  { method: 'GET', pattern: '/plans/:planId/spends', handler: spends },
  { method: 'GET', pattern: '/plans/:planId/spends/:spendId', handler: spendResult },
  { method: 'POST', pattern: '/plans/:planId/spends/:spendId/pay', handler: pay },
  { method: 'GET', pattern: '/plans/:planId/spends/:spendId/cancel', handler: cancelCheck },
  { method: 'POST', pattern: '/plans/:planId/spends/:spendId/cancel', handler: cancelSpend },
  { method: 'POST', pattern: '/plans/:planId/spends/:spendId/evidence', handler: addEvidence },
];
