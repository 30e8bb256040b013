import { adjustmentBucket } from './budget.js';
import type { IsoDate } from './dates.js';
import type { Pot, ScheduledAdjustment } from './model.js';
import { Money } from './money.js';
import { instalmentCount, instalmentDate, surplusThreshold } from './schedule.js';

/**
 * The one place that decides what a pot's schedule pays on each date, given its history
 * (DESIGN.md sections 9a and 11a). Runs, withholds, cessations, views and reports all read it.
 *
 * The rule: the schedule's instalments are dated by `instalmentDate`; a cessation ends the
 * schedule at its date (instalments dated after it are not part of it). The instalments not yet
 * posted share what is still unreleased, equally, leftover pennies to the earliest — which, with no
 * change, is exactly the schedule's own amounts (a prefix of an equal split, split again, gives the
 * same parts). A change dated ahead (a reduction with notice) changes the unreleased money on its
 * own date: only instalments dated on or after it share it; those before keep their amounts.
 * Money returned to the funder by a withhold, deallocation or offset is kept in `withheld`, so the
 * surplus threshold still counts the schedule's amounts.
 */

export interface ScheduledInstalment {
  index: number;
  date: IsoDate;
  amount: Money;
}

/** How many instalments the pot's schedule has: all of them, or those dated on or before its cessation. */
export function scheduleLength(pot: Pick<Pot, 'schedule' | 'period' | 'ceased'>): number {
  const schedule = pot.schedule;
  if (!schedule) return 0;
  const total = instalmentCount(schedule, pot.period.end);
  if (!pot.ceased) return total;
  let n = 0;
  while (n < total && instalmentDate(schedule, n) <= pot.ceased.date) n++;
  return n;
}

/** How many of the schedule's instalments (to its cessation) are dated on or before `upTo`. */
export function dueCount(pot: Pick<Pot, 'schedule' | 'period' | 'ceased'>, upTo: IsoDate): number {
  const schedule = pot.schedule;
  if (!schedule) return 0;
  const length = scheduleLength(pot);
  let n = 0;
  while (n < length && instalmentDate(schedule, n) <= upTo) n++;
  return n;
}

/** A scheduled adjustment's change to the unreleased money (a cut or a top-up of the schedule). */
function unreleasedChange(pot: Pot, adjustment: ScheduledAdjustment): Money {
  const change = Money.parseSigned(adjustment.amount);
  return adjustmentBucket(pot, change) === 'unreleased' ? change : Money.zero;
}

/**
 * The instalments still to be paid, in date order, with the amount each will pay: adjustments
 * waiting for their date are applied at their date (before the instalments dated on or after it).
 * A cut deeper than what is still unreleased leaves the later instalments at zero.
 */
export function remainingInstalments(pot: Pot): ScheduledInstalment[] {
  const schedule = pot.schedule;
  if (!schedule) return [];
  const length = scheduleLength(pot);
  // A ceased pot's instalments keep the amounts they had before it ceased: its schedule is read
  // whole, with the money the cessation returned put back, and cut at the cessation. (Pots ceased
  // before the amount was kept share what is left among the instalments up to it.)
  const tail = pot.ceased?.deallocated === undefined ? undefined : Money.of(pot.ceased.deallocated);
  const splitOver = tail === undefined ? length : instalmentCount(schedule, pot.period.end);
  const pending = [...(pot.scheduledAdjustments ?? [])].sort(
    (a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.adjustmentId.localeCompare(b.adjustmentId),
  );
  // Money of reversed instalments is owed to them (posted again by the next run), not shared.
  let unreleased = Money.of(pot.unreleased)
    .minus(reversedOwed(pot))
    .plus(tail ?? Money.zero);
  let next = 0;
  const out: ScheduledInstalment[] = [];
  for (let index = pot.instalmentsPosted; index < splitOver; index++) {
    const date = instalmentDate(schedule, index);
    for (; next < pending.length && (pending[next]?.effectiveDate ?? '') <= date; next++) {
      const after = unreleased.plus(unreleasedChange(pot, pending[next] as ScheduledAdjustment));
      if (!after.isNegative()) unreleased = after;
    }
    const amount = unreleased.isPositive()
      ? (unreleased.split(splitOver - index)[0] ?? Money.zero)
      : Money.zero;
    unreleased = unreleased.minus(amount);
    if (index < length) out.push({ index, date, amount });
  }
  return out;
}

/** The money of instalments whose release was reversed and that are due again (section 11a). */
export function reversedOwed(pot: Pick<Pot, 'reversedInstalments'>, onOrBefore?: IsoDate): Money {
  return Money.sum(
    (pot.reversedInstalments ?? [])
      .filter((r) => onOrBefore === undefined || r.date <= onOrBefore)
      .map((r) => Money.of(r.amount)),
  );
}

/** The next instalment the pot will pay, or null when its schedule (to its cessation) is done. */
export function nextInstalment(pot: Pot): ScheduledInstalment | null {
  return remainingInstalments(pot)[0] ?? null;
}

/**
 * The instalments missed by a suspended pot on a date: those not posted and dated on or before it
 * (and, on a ceased pot, on or before the cessation), at their schedule amounts.
 */
export function missedInstalments(pot: Pot, onOrBefore: IsoDate): { count: number; amount: Money } {
  const missed = remainingInstalments(pot).filter((i) => i.date <= onOrBefore);
  return { count: missed.length, amount: Money.sum(missed.map((i) => i.amount)) };
}

/**
 * What a cessation on `date` returns to the funder: the unreleased money not needed for the
 * instalments dated on or before it (at their amounts) nor for the scheduled changes dated on or
 * before it. Scheduled changes dated after the cessation are dropped with it.
 */
export function cessationOf(
  pot: Pot,
  date: IsoDate,
): { deallocated: Money; kept: ScheduledAdjustment[]; dropped: ScheduledAdjustment[] } {
  const kept = (pot.scheduledAdjustments ?? []).filter((a) => a.effectiveDate <= date);
  const dropped = (pot.scheduledAdjustments ?? []).filter((a) => a.effectiveDate > date);
  // The schedule as it stands before the cessation, its instalments dated on or before it kept.
  const instalments = remainingInstalments({ ...pot, scheduledAdjustments: kept }).filter(
    (i) => i.date <= date,
  );
  const changes = Money.sum(kept.map((a) => unreleasedChange(pot, a)));
  const needed = Money.sum(instalments.map((i) => i.amount)).plus(reversedOwed(pot, date));
  const deallocated = Money.of(pot.unreleased).plus(changes).minus(needed);
  return { deallocated: deallocated.isPositive() ? deallocated : Money.zero, kept, dropped };
}

/**
 * The surplus threshold of a direct payment (section 3a): N weeks of the schedule's own payments.
 * Withheld, offset or deallocated money does not lower it (section 9a); the surpluses report, the
 * monitoring return and the offset policy all read this one.
 */
export function potSurplusThreshold(pot: Pot, weeks: number): Money | undefined {
  if (!pot.schedule) return undefined;
  return surplusThreshold(
    Money.of(pot.allocated).plus(Money.of(pot.withheld ?? '0')),
    pot.schedule,
    pot.period.end,
    weeks,
  );
}
