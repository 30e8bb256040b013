import { adjustmentBucket } from '../budget.js';
import type { IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { movements } from '../ledger.js';
import type { Plan, Pot } from '../model.js';
import { Money } from '../money.js';
import type { SpendPolicy } from '../policy.js';
import { nextInstalment, potSurplusThreshold, scheduleLength } from '../pot-schedule.js';
import { instalmentDate } from '../schedule.js';
import { councilPolicy, type Deps, type RequestContext } from './context.js';
import { adjustmentClaim, instalmentClaim } from './instalment-claims.js';
import { isPaidOut, paymentWrite } from './payments.js';
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

/** Posts one pot's due instalments; returns what it posted and what an earlier run had posted. */
export async function postDueInstalments(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  plan: Plan,
  initial: Pot,
  upTo: IsoDate,
  batch?: { runId: string; today: IsoDate },
): Promise<{
  posted: number;
  alreadyPosted: number;
  amount: Money;
  offset: Money;
  payments: number;
  /** A posting was refused for a reason no reading explains: the run names the pot, never skips it silently. */
  refused?: true;
}> {
  const schedule = initial.schedule;
  if (!schedule || plan.status !== 'active')
    return { posted: 0, alreadyPosted: 0, amount: Money.zero, offset: Money.zero, payments: 0 };
  let payments = 0;
  const paysOut = batch !== undefined && isPaidOut(initial);
  const policy = await councilPolicy(deps, plan.councilId);
  let offset = Money.zero;
  // The schedule as the one rule reads it (domain/pot-schedule.ts): a ceased pot's ends at its cessation.
  const total = scheduleLength(initial);
  const dueCount = (() => {
    let n = 0;
    while (n < total && instalmentDate(schedule, n) <= upTo) n++;
    return n;
  })();
  let pot = initial;
  let posted = 0;
  let refused = false;
  let amount = Money.zero;
  let alreadyPosted = Math.min(pot.instalmentsPosted, dueCount);
  let index = pot.instalmentsPosted;
  // Each rejection means another run moved the pot on (or it was suspended): bounded re-reads.
  let rereadsLeft = instalmentRereadsMax;
  // Instalments whose release was reversed count as not posted: posted again first (section 11a).
  const again = await postReversedInstalments(deps, ctx, pot, upTo);
  pot = again.pot;
  posted += again.posted;
  amount = amount.plus(again.amount);
  // In date order: each change dated inside the run's span applies at its own date, so an
  // instalment dated before a reduction keeps its schedule amount (section 11a).
  while (index < dueCount) {
    const date = instalmentDate(schedule, index);
    pot = await applyScheduledAdjustments(deps, ctx, pot, date);
    const share = nextInstalment(pot)?.amount ?? Money.zero;
    // Offset (section 9a): a due instalment shrinks by what the pot already holds above its threshold.
    const reduction = offsetOf(pot, share, policy);
    const paid = share.minus(reduction);
    const memo = `instalment ${index + 1} of ${total}`;
    // Held to the position read: this index next, not suspended, and not ceased meanwhile.
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
        ...(instalment && batch && paysOut
          ? [paymentWrite(batch, pot, instalment.entry, paid.toString())]
          : []),
        put({ type: 'claim', scope: { planId: pot.planId }, name: instalmentClaim(pot.potId, date) }),
      ]),
    });
    if (!outcome.ok) {
      // Another run got there first, or the pot was suspended meanwhile: count what the other
      // run posted as already posted, so posted + alreadyPosted stays the number due.
      const fresh = (await deps.store.getPots(pot.planId)).find((p) => p.potId === pot.potId);
      if (!fresh || fresh.suspended || fresh.instalmentsPosted <= index || rereadsLeft-- <= 0) {
        if (fresh?.ceased && !pot.ceased && rereadsLeft-- > 0) {
          // Ceased meanwhile: the schedule now ends at the cessation; carry on with what is left.
          const rest = await postDueInstalments(deps, ctx, plan, fresh, upTo, batch);
          return {
            ...addUp({ posted, alreadyPosted, amount, offset }, rest),
            payments: payments + rest.payments,
            ...(rest.refused ? { refused: true as const } : {}),
          };
        }
        // Not posted by another run, not suspended or ceased: the refusal is unexplained.
        if (fresh && !fresh.suspended && !fresh.ceased && fresh.instalmentsPosted <= index) refused = true;
        break;
      }
      const next = Math.min(fresh.instalmentsPosted, dueCount);
      alreadyPosted += next - index;
      index = fresh.instalmentsPosted;
      pot = fresh;
      continue;
    }
    pot = { ...(offsetPosted?.after ?? instalment?.after ?? pot), instalmentsPosted: index + 1 };
    posted++;
    if (instalment && paysOut) payments++;
    amount = amount.plus(paid);
    offset = offset.plus(reduction);
    index++;
  }
  // Changes dated after the last instalment but inside the span still take effect at their date.
  if (!pot.suspended) pot = await applyScheduledAdjustments(deps, ctx, pot, upTo);
  return { posted, alreadyPosted, amount, offset, payments, ...(refused ? { refused: true as const } : {}) };
}

function addUp(
  a: { posted: number; alreadyPosted: number; amount: Money; offset: Money },
  b: { posted: number; alreadyPosted: number; amount: Money; offset: Money },
) {
  return {
    posted: a.posted + b.posted,
    alreadyPosted: a.alreadyPosted + b.alreadyPosted,
    amount: a.amount.plus(b.amount),
    offset: a.offset.plus(b.offset),
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
