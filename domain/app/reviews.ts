import { can, readableRecords } from '../access.js';
import { DomainError } from '../errors.js';
import { requireHappened } from '../happened.js';
import type { Review, ReviewKind, WorkKind } from '../plan-records.js';
import { closeWork, openWork, reviewDue } from '../work.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, potOf, today } from './posting.js';
import { readablePlan } from './queries.js';
import { put, setWork } from './unit.js';

/**
 * Reviews (DESIGN.md section 9b) keep the review clock: a budget review once per budget, the
 * annual review yearly, an adult's direct payment half a year after its first agreement after 18
 * and yearly after. A review clears its item whether or not money changed, and sets the next due.
 */

export interface ReviewInput {
  kind: ReviewKind;
  potId?: string | undefined;
  date: string;
  notes?: string | undefined;
  nextDue?: string | undefined;
}

const workKindOf: Record<ReviewKind, WorkKind> = {
  budget: 'budget_review',
  annual: 'annual_review',
  adult_direct_payment: 'adult_direct_payment_review',
};

export async function recordReview(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  input: ReviewInput,
): Promise<CommandOutcome<Review>> {
  if (input.kind === 'adult_direct_payment' && input.potId === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'an adult direct-payment review names its pot', [
      { path: 'potId', message: 'required for adult_direct_payment' },
    ]);
  }
  requireHappened({ date: input.date }, today(deps));
  if (input.nextDue !== undefined && input.nextDue <= input.date) {
    throw new DomainError('VALIDATION_FAILED', 'the next review is due after this one', [
      { path: 'nextDue', message: 'on or before date' },
    ]);
  }
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = input.potId === undefined ? undefined : potOf(loaded, input.potId);
    const allowed = pot
      ? can(ctx.actor, 'plan:review', { kind: 'pot', plan: loaded.plan, pot })
      : can(ctx.actor, 'plan:review', { kind: 'plan', plan: loaded.plan, pots: loaded.pots });
    if (!allowed) throw forbidden('record reviews for this plan');
    if (input.kind === 'adult_direct_payment' && pot?.mode !== 'direct_payment') {
      throw new DomainError('NOT_A_DIRECT_PAYMENT', `pot ${input.potId} is not a direct payment`);
    }
    const nextDue =
      input.kind === 'budget'
        ? null
        : (input.nextDue ??
          (input.kind === 'annual' ? reviewDue.annual(input.date) : reviewDue.adultNext(input.date)));
    const review: Review = {
      planId,
      reviewId: deps.ids.next(),
      kind: input.kind,
      ...(pot && input.kind === 'adult_direct_payment' ? { potId: pot.potId } : {}),
      date: input.date,
      ...(input.notes === undefined ? {} : { notes: input.notes }),
      nextDue,
      recordedAt: deps.clock.now().toISOString(),
      recordedBy: actorRef(ctx.actor),
    };
    const now = deps.clock.now();
    const target = { plan: loaded.plan, pot: input.kind === 'adult_direct_payment' ? pot : undefined };
    const item = openWork(workKindOf[input.kind], target, nextDue ?? input.date, now);
    return {
      unit: {
        writes: [
          put({ type: 'review', review }),
          setWork(nextDue === null ? closeWork(item, now) : item),
          eventWrite(deps, actorRef(ctx.actor), planId, 'review', {
            ...(review.potId ? { potId: review.potId } : {}),
            details: { kind: review.kind, date: review.date, nextDue },
          }),
        ],
      },
      result: review,
    };
  });
}

export async function listReviews(
  deps: Deps,
  actor: RequestContext['actor'],
  planId: string,
): Promise<{ planId: string; reviews: Review[] }> {
  const { plan, pots } = await readablePlan(deps, actor, planId, 'plan:read');
  // An adult direct payment's review is about its pot; budget and annual reviews, the plan (11a).
  return { planId, reviews: readableRecords(actor, plan, pots, await deps.store.listReviews(planId)) };
}
