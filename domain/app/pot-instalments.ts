import { adjustmentBucket } from '../budget.js';
import type { IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { movements } from '../ledger.js';
import type { Plan, Pot } from '../model.js';
import { Money } from '../money.js';
import type { SpendPolicy } from '../policy.js';
import { dueCount, nextInstalment, potSurplusThreshold, scheduleLength } from '../pot-schedule.js';
import { instalmentDate } from '../schedule.js';
import { councilPolicy, type Deps, type RequestContext } from './context.js';
import { adjustmentClaim, instalmentClaim } from './instalment-claims.js';
import { isPaidOut, paymentWrite } from './payment-batch.js';
import { postReversedInstalments } from './period-close.js';
import { postTo, returnToFunder } from './posting.js';
import { changePot, commitUnit, mergeUpdates, put } from './unit.js';

/**
 * One pot's due instalments (DESIGN.md section 3, invariant 5, and section 11a). Each instalment
 * is its own unit of work, claimed by pot and date and conditional on the pot's count of posted
 * instalments, so overlapping or repeated runs post each instalment exactly once.
 */

/** How often one pot's run re-reads after another run overtook it, before it leaves the rest to that run. */
export const instalmentRereadsMax = 8;

export interface PotRunResult {
  posted: number;
  alreadyPosted: number;
  amount: Money;
  offset: Money;
  payments: number;
  /** A posting was refused for a reason no reading explains: the run names the pot, never skips it silently. */
  refused?: true;
}

/** The run's payment batch: kept with each instalment posted to a pot that is paid out. */
export interface RunBatch {
  runId: string;
  today: IsoDate;
}

/**
 * Posts one pot's due instalments in date order; counts what an earlier run had posted, so
 * posted + alreadyPosted is the number due. Each change dated inside the run's span applies at
 * its own date, so an instalment dated before a reduction keeps its schedule amount (section 11a).
 */
export async function postDueInstalments(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  plan: Plan,
  initial: Pot,
  upTo: IsoDate,
  batch?: RunBatch,
): Promise<PotRunResult> {
  const schedule = initial.schedule;
  const result: PotRunResult = {
    posted: 0,
    alreadyPosted: 0,
    amount: Money.zero,
    offset: Money.zero,
    payments: 0,
  };
  if (!schedule || plan.status !== 'active') return result;
  const policy = await councilPolicy(deps, plan.councilId);
  const paidOut = batch !== undefined && isPaidOut(initial) ? batch : undefined;
  let index = initial.instalmentsPosted;
  result.alreadyPosted = Math.min(index, dueCount(initial, upTo));
  // Instalments whose release was reversed count as not posted: posted again first (section 11a).
  const again = await postReversedInstalments(deps, ctx, initial, upTo);
  let pot = again.pot;
  result.posted += again.posted;
  result.amount = result.amount.plus(again.amount);
  // Each refusal means another run moved the pot on, or it was suspended or ceased: bounded re-reads.
  let rereadsLeft = instalmentRereadsMax;
  // The schedule as the one rule reads it (domain/pot-schedule.ts): a ceased pot's ends at its cessation.
  while (index < dueCount(pot, upTo)) {
    const date = instalmentDate(schedule, index);
    pot = await applyScheduledAdjustments(deps, ctx, pot, date);
    const step = await postInstalment(deps, ctx, { pot, index, date, policy, paidOut });
    if (step.ok) {
      pot = step.pot;
      result.posted++;
      if (step.paidOut) result.payments++;
      result.amount = result.amount.plus(step.paid);
      result.offset = result.offset.plus(step.reduction);
      index++;
      continue;
    }
    const fresh = (await deps.store.getPots(pot.planId)).find((p) => p.potId === pot.potId);
    // Another run posted it, or the pot ceased meanwhile (its schedule now ends at the cessation).
    const movedOn = fresh !== undefined && fresh.instalmentsPosted > index;
    const ceasedMeanwhile = fresh?.ceased !== undefined && pot.ceased === undefined;
    if (!fresh || fresh.suspended || !(movedOn || ceasedMeanwhile) || rereadsLeft-- <= 0) {
      // Not posted by another run, not suspended or ceased: the refusal is unexplained.
      if (fresh && !fresh.suspended && !fresh.ceased && !movedOn) result.refused = true;
      break;
    }
    // What the other run posted counts as already posted.
    result.alreadyPosted += Math.max(0, Math.min(fresh.instalmentsPosted, dueCount(fresh, upTo)) - index);
    index = Math.max(index, fresh.instalmentsPosted);
    pot = fresh;
  }
  // Changes dated after the last instalment but inside the span still take effect at their date.
  if (!pot.suspended) await applyScheduledAdjustments(deps, ctx, pot, upTo);
  return result;
}

/**
 * Posts the pot's instalment at `index` (dated `date`) in one unit: the instalment, the offset
 * that shrinks it (section 9a), the payment kept in the run's batch, the claim, and the pot's
 * position, held to what was read (this index next, not suspended, not ceased meanwhile).
 */
async function postInstalment(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  step: { pot: Pot; index: number; date: IsoDate; policy: SpendPolicy; paidOut: RunBatch | undefined },
): Promise<{ ok: false } | { ok: true; pot: Pot; paid: Money; reduction: Money; paidOut: boolean }> {
  const { pot, index, date, paidOut } = step;
  const share = nextInstalment(pot)?.amount ?? Money.zero;
  // Offset (section 9a): a due instalment shrinks by what the pot already holds above its threshold.
  const reduction = offsetOf(pot, share, step.policy);
  const paid = share.minus(reduction);
  const memo = `instalment ${index + 1} of ${scheduleLength(pot)}`;
  const position = changePot({
    planId: pot.planId,
    potId: pot.potId,
    deltas: {},
    expect: { instalmentsPosted: index, suspended: false, notCeased: pot.ceased === undefined },
    set: { instalmentsPosted: index + 1 },
  });
  const instalment = paid.isPositive()
    ? postTo(deps, ctx, pot, {
        kind: 'instalment',
        postings: movements.instalment(pot.potId, paid),
        effectiveDate: date,
        extra: { instalmentIndex: index, memo },
      })
    : undefined;
  const offsetPosted = reduction.isPositive()
    ? returnToFunder(deps, ctx, instalment?.after ?? pot, {
        kind: 'offset',
        amount: reduction,
        effectiveDate: date,
        extra: { instalmentIndex: index, memo: `${memo} reduced by the surplus above the threshold` },
      })
    : undefined;
  const outcome = await commitUnit(deps, {
    writes: mergeUpdates([
      position,
      ...(instalment?.writes ?? []),
      ...(offsetPosted?.writes ?? []),
      // The payment batch is written with the instalment: the file always equals the journal.
      ...(instalment && paidOut ? [paymentWrite(paidOut, pot, instalment.entry, paid.toString())] : []),
      put({ type: 'claim', scope: { planId: pot.planId }, name: instalmentClaim(pot.potId, date) }),
    ]),
  });
  if (!outcome.ok) return { ok: false };
  const after = { ...(offsetPosted?.after ?? instalment?.after ?? pot), instalmentsPosted: index + 1 };
  return {
    ok: true,
    pot: after,
    paid,
    reduction,
    paidOut: instalment !== undefined && paidOut !== undefined,
  };
}

/**
 * Posts a pot's scheduled adjustments dated on or before `onOrBefore` (reductions with notice,
 * section 9a), each once (claimed by id), and returns the pot as it then stands. One that can no
 * longer be posted (a cut deeper than what is still unreleased) stays scheduled for an officer.
 */
async function applyScheduledAdjustments(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  initial: Pot,
  onOrBefore: IsoDate,
): Promise<Pot> {
  let pot = initial;
  const due = (pot.scheduledAdjustments ?? [])
    .filter((a) => a.effectiveDate <= onOrBefore)
    .sort(
      (a, b) =>
        a.effectiveDate.localeCompare(b.effectiveDate) || a.adjustmentId.localeCompare(b.adjustmentId),
    );
  for (const adjustment of due) {
    const change = Money.parseSigned(adjustment.amount);
    let posted: ReturnType<typeof postTo>;
    try {
      posted = postTo(deps, ctx, pot, {
        kind: 'adjust',
        postings: movements.adjust(pot.potId, adjustmentBucket(pot, change), change),
        effectiveDate: adjustment.effectiveDate,
        extra: {
          reason: adjustment.reason,
          memo: `scheduled adjustment ${adjustment.adjustmentId}${adjustment.noticeGiven ? `, notice given ${adjustment.noticeGiven}` : ''}`,
        },
      });
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    const remaining = (pot.scheduledAdjustments ?? []).filter(
      (a) => a.adjustmentId !== adjustment.adjustmentId,
    );
    const outcome = await commitUnit(deps, {
      writes: mergeUpdates([
        ...posted.writes,
        {
          kind: 'update',
          target: { type: 'pot', planId: pot.planId, potId: pot.potId },
          deltas: {},
          expect: { version: pot.version },
          set: { scheduledAdjustments: JSON.stringify(remaining) },
        },
        put({ type: 'claim', scope: { planId: pot.planId }, name: adjustmentClaim(adjustment.adjustmentId) }),
      ]),
    });
    // Posted by another run meanwhile: carry on from what is stored now.
    const fresh = outcome.ok
      ? { ...posted.after, scheduledAdjustments: remaining }
      : (await deps.store.getPots(pot.planId)).find((p) => p.potId === pot.potId);
    if (!fresh) return pot;
    pot = fresh;
  }
  return pot;
}

/**
 * How much of a due instalment the council's offset policy keeps back (section 9a): the money the
 * direct payment already holds above its surplus threshold, never more than the instalment.
 */
export function offsetOf(pot: Pot, share: Money, policy: SpendPolicy): Money {
  if (!policy.offsetSurplus || pot.mode !== 'direct_payment' || !pot.schedule || !share.isPositive())
    return Money.zero;
  const threshold = potSurplusThreshold(pot, policy.surplusWeeks) ?? Money.zero;
  const excess = Money.of(pot.available).minus(threshold);
  if (!excess.isPositive()) return Money.zero;
  return excess.greaterThan(share) ? share : excess;
}
