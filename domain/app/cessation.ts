import { can } from '../access.js';
import { addDays, type IsoDate, isWithin } from '../dates.js';
import { DomainError } from '../errors.js';
import { adultTransitionDone, checkTransition } from '../holding.js';
import type { CessationReason, Pot } from '../model.js';
import type { Write } from '../ports.js';
import { cessationOf } from '../pot-schedule.js';
import { decideSpend } from '../spend.js';
import { birthday, closeWork, openWork } from '../work.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  councilPolicy,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, movementDate, postTo, potOf, returnToFunder, spendContext, spendTags } from './posting.js';
import { mergeUpdates, replaceSpend, setWork } from './unit.js';
import { type PotView, potView } from './views.js';

/**
 * Ending a pot (DESIGN.md sections 9a and 11a): every open reservation (pending approvals, and
 * approvals not yet paid) is voided, the unreleased money of the instalments dated after the
 * cessation returns to the funder (`deallocate`; those dated on or before it are still paid, at
 * their schedule amounts), and no instalment or spend dated after it is accepted (POT_CEASED).
 *
 * It happens once: its pot write holds the pot to the version it read and to not being ceased, so
 * of N concurrent cessations exactly one commits; the others decide again on the moved pot and are
 * refused POT_CEASED. A spend, approval or payment committed before it is seen on that second
 * reading (and voided with it); one committing after it meets the ceased pot and is refused. It
 * moves only unreleased money, so it is never refused for want of funds: a shortfall at commit
 * means the pot moved, and it decides again (as every command does, `runCommand`).
 */

export interface CessationInput {
  reason: CessationReason;
  date: IsoDate;
  noticeGiven?: IsoDate | undefined;
}

export async function cease(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  input: CessationInput,
): Promise<CommandOutcome<PotView>> {
  return runCommand<PotView>(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const read = potOf(loaded, potId);
    let pot = read;
    if (!can(ctx.actor, 'pot:suspend', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('end this pot');
    if (pot.ceased) throw new DomainError('POT_CEASED', `pot ${potId} ceased on ${pot.ceased.date}`);
    if (!isWithin(input.date, pot.period.start, pot.period.end)) {
      throw new DomainError('OUTSIDE_BUDGET_PERIOD', `${input.date} is outside pot ${potId}'s budget period`);
    }
    checkTransition(input.reason, pot.stream);
    const adultOn = birthday(loaded.plan.child.dateOfBirth, 18);
    if (input.reason === 'transition_to_adult' && input.date !== addDays(adultOn, -1)) {
      // Children's social care direct payments end the day before the 18th birthday (section 9b).
      throw new DomainError(
        'VALIDATION_FAILED',
        `a transition to adult care is dated ${addDays(adultOn, -1)}, the day before the 18th birthday`,
        [{ path: 'date', message: `must be ${addDays(adultOn, -1)}` }],
      );
    }
    const now = deps.clock.now();
    // Work about the pot ends with it; the 18th birthday's prompt is answered when the last social
    // care direct payment running past the birthday ends (section 11a).
    const writes: Write[] = [
      ...(pot.mode === 'direct_payment'
        ? [
            setWork(
              closeWork(
                openWork('agreement_missing', { plan: loaded.plan, pot }, pot.period.start, now),
                now,
              ),
            ),
          ]
        : []),
      ...(adultTransitionDone(loaded.pots, pot, adultOn)
        ? [setWork(closeWork(openWork('birthday_18', { plan: loaded.plan }, adultOn, now), now))]
        : []),
    ];
    const policy = await councilPolicy(deps, loaded.plan.councilId);
    // Open reservations end with the pot: pending approvals, and approvals not yet paid.
    const open = (await deps.store.listSpends(planId)).filter(
      (s) =>
        s.potId === potId &&
        (s.status === 'pending_approval' || s.status === 'approved') &&
        s.reserved !== '0.00',
    );
    for (const spend of open) {
      const { next, movement } = decideSpend(
        spend,
        'void',
        { reason: `pot ceased: ${input.reason}` },
        {
          actor: actorRef(ctx.actor),
          now: deps.clock.now(),
          pendingExpiryDays: policy.pendingExpiryDays,
          pot,
        },
      );
      writes.push(replaceSpend(next, spend.version));
      if (movement) {
        const posted = postTo(deps, ctx, pot, {
          ...movement,
          extra: { ...spendTags(spend), reason: `pot ceased: ${input.reason}` },
          summaryContext: spendContext(loaded.plan, spend),
        });
        writes.push(...posted.writes);
        pot = posted.after;
      }
    }
    const { deallocated, kept } = cessationOf(pot, input.date);
    const ceased: NonNullable<Pot['ceased']> = {
      reason: input.reason,
      date: input.date,
      ...(input.noticeGiven === undefined ? {} : { noticeGiven: input.noticeGiven }),
      recordedAt: now.toISOString(),
      deallocated: deallocated.toString(),
    };
    // Held to what was read: not ceased, not moved (the one condition that makes it happen once).
    const guard = { notCeased: true, version: read.version } as const;
    const set = { ceased: JSON.stringify(ceased) };
    if (deallocated.isPositive()) {
      // Dated as the ledger dates what it does itself: the earlier of today and the period end
      // (section 11a), not the cessation's date, which may lie in a quarter already closed.
      const posted = returnToFunder(deps, ctx, pot, {
        kind: 'deallocate',
        amount: deallocated,
        effectiveDate: movementDate(deps, pot),
        extra: { reason: input.reason, memo: `instalments after ${input.date} returned` },
        expect: guard,
        set,
      });
      writes.push(...posted.writes);
      pot = posted.after;
    } else {
      writes.push({
        kind: 'update',
        target: { type: 'pot', planId, potId },
        deltas: {},
        expect: { version: read.version },
        absent: ['ceased'],
        set,
      });
    }
    const droppedAdjustments = (pot.scheduledAdjustments ?? []).length !== kept.length;
    if (droppedAdjustments) {
      writes.push({
        kind: 'update',
        target: { type: 'pot', planId, potId },
        deltas: {},
        set: { scheduledAdjustments: JSON.stringify(kept) },
      });
    }
    writes.push(
      eventWrite(deps, actorRef(ctx.actor), planId, 'ceased', {
        potId,
        reason: input.reason,
        details: {
          date: input.date,
          ...(input.noticeGiven === undefined ? {} : { noticeGiven: input.noticeGiven }),
          deallocated: deallocated.toString(),
          voided: open.length,
        },
      }),
    );
    const after: Pot = { ...pot, ceased, scheduledAdjustments: kept };
    if (kept.length === 0) delete after.scheduledAdjustments;
    return { unit: { writes: mergeUpdates(writes) }, result: potView(after) };
  });
}
