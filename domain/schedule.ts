import { addDays, addMonths, daysBetween, type IsoDate } from './dates.js';
import type { Frequency, Period, Schedule } from './model.js';
import { Money } from './money.js';

/**
 * Instalment schedules (DESIGN.md invariant 1): paid in advance, one per whole step that fits
 * between the first date and the period end (inclusive), never fewer than one.
 */

export interface Instalment {
  index: number;
  date: IsoDate;
  amount: Money;
}

/** The k-th payment date: firstDate + k steps; monthly and quarterly clamp to the month's end. */
export function instalmentDate(schedule: Schedule, index: number): IsoDate {
  switch (schedule.frequency) {
    case 'weekly':
      return addDays(schedule.firstDate, 7 * index);
    case 'four_weekly':
      return addDays(schedule.firstDate, 28 * index);
    case 'monthly':
      return addMonths(schedule.firstDate, index);
    case 'quarterly':
      return addMonths(schedule.firstDate, 3 * index);
    case 'upfront':
      return schedule.firstDate;
  }
}

/** Number of instalments: whole steps from firstDate to the day after the period ends. */
export function instalmentCount(schedule: Schedule, periodEnd: IsoDate): number {
  const daysCovered = daysBetween(schedule.firstDate, periodEnd) + 1;
  const dayAfterEnd = addDays(periodEnd, 1);
  const wholeMonths = (step: number): number => {
    let n = 0;
    while (addMonths(schedule.firstDate, (n + 1) * step) <= dayAfterEnd) n++;
    return n;
  };
  let count: number;
  switch (schedule.frequency) {
    case 'weekly':
      count = Math.floor(daysCovered / 7);
      break;
    case 'four_weekly':
      count = Math.floor(daysCovered / 28);
      break;
    case 'monthly':
      count = wholeMonths(1);
      break;
    case 'quarterly':
      count = wholeMonths(3);
      break;
    case 'upfront':
      count = 1;
      break;
  }
  return Math.max(1, count);
}

/** The full schedule for an allocation, leftover pennies one each to the earliest instalments. */
export function instalments(schedule: Schedule, period: Period, allocation: Money): Instalment[] {
  const count = instalmentCount(schedule, period.end);
  return allocation
    .split(count)
    .map((amount, index) => ({ index, date: instalmentDate(schedule, index), amount }));
}

/**
 * The amount of the next instalment given what is still unreleased. With no adjustment this is
 * exactly the schedule's own amount (the earliest parts take the leftover pennies); after an
 * adjustment the remaining instalments share the new unreleased sum the same way, and the last one
 * releases whatever is left.
 */
export function nextInstalmentAmount(unreleased: Money, remaining: number): Money {
  if (remaining <= 0 || !unreleased.isPositive()) return Money.zero;
  return unreleased.split(remaining)[0] ?? Money.zero;
}

/**
 * Weeks of support the instalments cover, as an exact fraction, for the surplus threshold:
 * weekly 1, four-weekly 4, monthly 52/12 and quarterly 13 weeks per payment; upfront covers the
 * period from firstDate to the end in days ÷ 7.
 */
export function weeksCovered(
  schedule: Schedule,
  periodEnd: IsoDate,
): { numerator: bigint; denominator: bigint } {
  const count = BigInt(instalmentCount(schedule, periodEnd));
  const perFrequency: Record<Frequency, () => { numerator: bigint; denominator: bigint }> = {
    weekly: () => ({ numerator: count, denominator: 1n }),
    four_weekly: () => ({ numerator: 4n * count, denominator: 1n }),
    monthly: () => ({ numerator: 52n * count, denominator: 12n }),
    quarterly: () => ({ numerator: 13n * count, denominator: 1n }),
    upfront: () => ({ numerator: BigInt(daysBetween(schedule.firstDate, periodEnd) + 1), denominator: 7n }),
  };
  return perFrequency[schedule.frequency]();
}

/** N weeks of payments: N × allocation ÷ weeks covered, rounded half-up after multiplying. */
export function surplusThreshold(
  allocation: Money,
  schedule: Schedule,
  periodEnd: IsoDate,
  weeks: number,
): Money {
  const covered = weeksCovered(schedule, periodEnd);
  return allocation.mulDiv((BigInt(weeks) * covered.denominator).toString(), covered.numerator.toString());
}
