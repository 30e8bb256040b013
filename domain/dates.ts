import { DomainError } from './errors.js';

/**
 * Calendar dates as `YYYY-MM-DD` strings. Arithmetic runs on UTC day numbers, so no time zone or
 * daylight-saving change can move a date.
 */
export type IsoDate = string;

const DATE_PATTERN = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const MS_PER_DAY = 86_400_000;

export function isRealDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** Dates the ledger accepts at all (DESIGN.md section 9): 2000-01-01 to 2099-12-31. */
export const dateMin: IsoDate = '2000-01-01';
export const dateMax: IsoDate = '2099-12-31';
export const isInCalendarRange = (date: IsoDate): boolean => date >= dateMin && date <= dateMax;

/** The earliest of two dates; and a date held inside a period. */
export const earlier = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);
export const clampToPeriod = (date: IsoDate, period: { start: IsoDate; end: IsoDate }): IsoDate =>
  date < period.start ? period.start : date > period.end ? period.end : date;

export function parseDate(text: string, field = 'date'): IsoDate {
  if (typeof text !== 'string' || !isRealDate(text)) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be a real calendar date YYYY-MM-DD`, [
      { path: field, message: 'invalid date' },
    ]);
  }
  return text;
}

/** Date.UTC reads years 0–99 as 1900–1999, so the year is set on its own. */
function utcMs(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month, 0)).getUTCDate();
}

function parts(date: IsoDate): [number, number, number] {
  const m = DATE_PATTERN.exec(date);
  if (!m) throw new TypeError(`not an ISO date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function toDayNumber(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return utcMs(y, m - 1, d) / MS_PER_DAY;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export const addDays = (date: IsoDate, days: number): IsoDate => fromDayNumber(toDayNumber(date) + days);

/** Days from `from` to `to`; negative when `to` is earlier. */
export const daysBetween = (from: IsoDate, to: IsoDate): number => toDayNumber(to) - toDayNumber(from);

/** Adds calendar months keeping the day of month, clamped to the target month's last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const compareDates = (a: IsoDate, b: IsoDate): number => (a < b ? -1 : a > b ? 1 : 0);
export const isWithin = (date: IsoDate, start: IsoDate, end: IsoDate): boolean =>
  date >= start && date <= end;
export const monthOf = (date: IsoDate): string => date.slice(0, 7);

/** The ledger's business day is the date in this zone (DESIGN.md section 11a: "today"). */
export const ledgerTimeZone = 'Europe/London';

// Made once: building a formatter costs far more than using one. The parts are read by name, so the
// answer does not depend on a locale's order of year, month and day.
const londonDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: ledgerTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The date of an instant in Europe/London: at 23:30 UTC in summer (BST) it is already the next day,
 * in winter (GMT) the UTC date.
 */
export function dateOf(instant: string | Date): IsoDate {
  const pieces = londonDay.formatToParts(new Date(instant));
  const part = (type: 'year' | 'month' | 'day'): string => pieces.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Financial quarter `YYYY-Qn`: the year names the financial year by the year it starts (2026-Q4 = Jan–Mar 2027). */
export function financialQuarter(quarter: string): { start: IsoDate; end: IsoDate } {
  const m = /^([0-9]{4})-Q([1-4])$/.exec(quarter);
  const start = m ? addMonths(`${m[1]}-04-01`, (Number(m[2]) - 1) * 3) : undefined;
  const end = start ? addDays(addMonths(start, 3), -1) : undefined;
  if (!start || !end || !isInCalendarRange(start) || !isInCalendarRange(end)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `quarter must look like 2026-Q1, from 2000-Q1 to 2099-Q3 (dates ${dateMin} to ${dateMax})`,
      [{ path: 'quarter', message: 'invalid quarter' }],
    );
  }
  return { start, end };
}

export function isQuarterInRange(quarter: string): boolean {
  try {
    financialQuarter(quarter);
    return true;
  } catch {
    return false;
  }
}

export function quarterOf(date: IsoDate): string {
  const [y, m] = parts(date);
  const fyStart = m >= 4 ? y : y - 1;
  const q = Math.floor(((m - 4 + 12) % 12) / 3) + 1;
  return `${fyStart}-Q${q}`;
}
