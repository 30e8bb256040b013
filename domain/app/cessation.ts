import { can } from '../access.js';
import { addDays, type IsoDate, isWithin } from '../dates.js';
import { DomainError } from '../errors.js';
import { adultTransitionDone, checkTransition } from '../holding.js';
import { transfer } from '../ledger.js';
import type { CessationReason, Pot } from '../model.js';
import { Money } from '../money.js';
import type { Write } from '../ports.js';
import { instalmentCount, instalmentDate, nextInstalmentAmount } from '../schedule.js';
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
import { loadPlan, postTo, potOf, spendContext, spendTags } from './posting.js';
import { mergeUpdates, replaceSpend, setWork } from './unit.js';
import { type PotView, potView } from './views.js';

/**
 * Ending a pot (DESIGN.md section 9a): pending approvals are voided, the unreleased money of the
 * instalments dated after the cessation returns to the funder (`deallocate`; those dated on or
 * before it are still paid), and no instalment or spend dated after it is accepted (POT_CEASED).
 * What is still available is listed by the surpluses report as recoverable, with the reason.
 */

export interface CessationInput {
  reason: CessationReason;
  date: IsoDate;
}

/** The money of the instalments not yet paid and dated after a day: what cessation deallocates. */
export function unreleasedAfter(pot: Pot, date: IsoDate): Money {
  const schedule = pot.schedule;
  if (!schedule) return Money.zero;
  const total = instalmentCount(schedule, pot.period.end);
  let unreleased = Money.of(pot.unreleased);
  let kept = Money.zero;
  for (let index = pot.instalmentsPosted; index < total; index++) {
    const share = nextInstalmentAmount(unreleased, total - index);
    unreleased = unreleased.minus(share);
    if (instalmentDate(schedule, index) <= date) kept = kept.plus(share);
  }
  return Money.of(pot.unreleased).minus(kept);
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
    let pot = potOf(loaded, potId);
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
    // Pending approvals end with the pot.
    const pending = (await deps.store.listSpends(planId)).filter(
      (s) => s.potId === potId && s.status === 'pending_approval',
    );
    for (const spend of pending) {
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
    const deallocated = unreleasedAfter(pot, input.date);
    if (deallocated.isPositive()) {
      const posted = postTo(deps, ctx, pot, {
        kind: 'deallocate',
        postings: transfer(potId, 'unreleased', 'funder', deallocated),
        effectiveDate: input.date,
        extra: { reason: input.reason, memo: `instalments after ${input.date} returned` },
      });
      writes.push(...posted.writes);
      pot = posted.after;
    }
    const ceased = { reason: input.reason, date: input.date };
    writes.push(
      {
        kind: 'update',
        target: { type: 'pot', planId, potId },
        deltas: deallocated.isPositive() ? { withheld: deallocated.toString() } : {},
        set: { ceased: JSON.stringify(ceased) },
      },
      eventWrite(deps, actorRef(ctx.actor), planId, 'ceased', {
        potId,
        reason: input.reason,
        details: { date: input.date, deallocated: deallocated.toString(), voided: pending.length },
      }),
    );
    const after: Pot = {
      ...pot,
      ceased,
      withheld: Money.of(pot.withheld ?? '0')
        .plus(deallocated)
        .toString(),
    };
    return { unit: { writes: mergeUpdates(writes) }, result: potView(after) };
  });
}
