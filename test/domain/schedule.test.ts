// Proves instalment schedules follow DESIGN.md invariant 1: counts, dates, remainder pennies, thresholds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from '../../domain/dates.js';
import { type Frequency, frequencies } from '../../domain/model.js';
import { Money } from '../../domain/money.js';
import {
  instalmentCount,
  instalmentDate,
  instalments,
  nextInstalmentAmount,
  surplusThreshold,
} from '../../domain/schedule.js';

const year = { start: '2026-04-01', end: '2027-03-31' };
const at = (frequency: Frequency, firstDate = year.start) => ({ frequency, firstDate });

describe('instalment schedules', () => {
  it.each([
    ['weekly', 52],
    ['four_weekly', 13],
    ['monthly', 12],
    ['quarterly', 4],
    ['upfront', 1],
  ] as const)('a full financial year has %s × %i', (frequency, count) => {
    expect(instalmentCount(at(frequency), year.end)).toBe(count);
  });

  it('gives section 8 SC its four-weekly dates and amounts', () => {
    const list = instalments(at('four_weekly'), year, Money.parse('5000.00'));
    expect(list.slice(0, 4).map((i) => i.date)).toEqual([
      '2026-04-01',
      '2026-04-29',
      '2026-05-27',
      '2026-06-24',
    ]);
    expect(list.filter((i) => i.amount.toString() === '384.62')).toHaveLength(7);
    expect(list.slice(7).every((i) => i.amount.toString() === '384.61')).toBe(true);
    expect(Money.sum(list.slice(0, 4).map((i) => i.amount)).toString()).toBe('1538.48');
  });

  it('counts only whole steps for a mid-year start', () => {
    expect(instalmentCount(at('monthly', '2026-09-15'), year.end)).toBe(6);
    expect(instalmentCount(at('weekly', '2027-03-01'), year.end)).toBe(4);
    expect(instalmentCount(at('quarterly', '2026-10-01'), year.end)).toBe(2);
  });

  it('never schedules fewer than one payment', () => {
    expect(instalmentCount(at('four_weekly', '2027-03-20'), year.end)).toBe(1);
    expect(instalmentCount(at('quarterly', '2027-03-31'), year.end)).toBe(1);
  });

  it('clamps monthly dates to the month end and keeps the day afterwards', () => {
    const s = at('monthly', '2026-01-31');
    expect([1, 2, 3].map((k) => instalmentDate(s, k))).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('releases the schedule amount each time when nothing was adjusted', () => {
    const list = instalments(at('four_weekly'), year, Money.parse('5000.00'));
    let unreleased = Money.parse('5000.00');
    list.forEach((inst, k) => {
      const amount = nextInstalmentAmount(unreleased, list.length - k);
      expect(amount.toString()).toBe(inst.amount.toString());
      unreleased = unreleased.minus(amount);
    });
    expect(unreleased.isZero()).toBe(true);
  });

  it('computes the 8-week surplus threshold of section 8 SC as 769.23', () => {
    expect(surplusThreshold(Money.parse('5000.00'), at('four_weekly'), year.end, 8).toString()).toBe(
      '769.23',
    );
    expect(surplusThreshold(Money.parse('3000.00'), at('monthly'), year.end, 8).toString()).toBe('461.54');
  });

  it('sums any schedule of any allocation exactly to the allocation', () => {
    const start = toDayNumber('2026-04-01');
    fc.assert(
      fc.property(
        fc.constantFrom(...frequencies),
        fc.integer({ min: 0, max: 364 }),
        fc.bigInt({ min: 1n, max: 99_999_999_999n }),
        (frequency, offset, pence) => {
          const schedule = at(frequency, fromDayNumber(start + offset));
          const allocation = Money.fromPence(pence);
          const list = instalments(schedule, year, allocation);
          const dates = list.map((i) => i.date);
          return (
            Money.sum(list.map((i) => i.amount)).equals(allocation) &&
            dates.every((d, i) => i === 0 || d > (dates[i - 1] as string)) &&
            dates.every((d) => d >= schedule.firstDate && d <= addDays(year.end, 0))
          );
        },
      ),
    );
  });
});
