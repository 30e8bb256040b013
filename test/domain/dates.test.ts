// Proves calendar arithmetic is exact: real dates only, month-end clamping, financial quarters.
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dateOf, financialQuarter, isRealDate, quarterOf } from '../../domain/dates.js';

describe('dates', () => {
  it.each(['2026-04-01', '2028-02-29', '2026-12-31'])('accepts the real date %s', (d) => {
    expect(isRealDate(d)).toBe(true);
  });

  it.each([
    '2026-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-4-1',
    '26-04-01',
    '2026-04-01T00:00:00Z',
  ])('rejects %s', (d) => {
    expect(isRealDate(d)).toBe(false);
  });

  it('adds months keeping the day, clamped to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-01-31', 13)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 3)).toBe('2026-11-30');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
  });

  it('adds days across a daylight-saving change without drift', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 28)).toBe('2026-11-21');
  });

  it('names financial quarters by the year they start in', () => {
    expect(financialQuarter('2026-Q1')).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(financialQuarter('2026-Q4')).toEqual({ start: '2027-01-01', end: '2027-03-31' });
    expect(quarterOf('2027-02-10')).toBe('2026-Q4');
    expect(quarterOf('2026-04-01')).toBe('2026-Q1');
    expect(() => financialQuarter('2026-Q5')).toThrow();
  });

  it.each([
    ['2026-07-01T23:30:00Z', '2026-07-02'], // BST: already tomorrow in London
    ['2026-07-01T22:59:59Z', '2026-07-01'],
    ['2026-12-01T23:30:00Z', '2026-12-01'], // GMT: the UTC date
    ['2026-03-29T00:59:59Z', '2026-03-29'], // the night the clocks go forward
    ['2026-10-24T23:30:00Z', '2026-10-25'], // the night they go back, still BST
    ['2026-10-25T23:30:00Z', '2026-10-25'],
  ])('dates the instant %s in Europe/London as %s', (instant, date) => {
    expect(dateOf(instant)).toBe(date);
    expect(dateOf(new Date(instant))).toBe(date);
  });

  it('refuses an instant that is not one', () => {
    expect(() => dateOf('not a time')).toThrow(RangeError);
  });
});
