import Holidays from 'date-holidays';
import { addDays, type IsoDate } from '../dates.js';

/**
 * Banking days in England and Wales (DESIGN.md 11b): not a Saturday or Sunday, not a bank holiday.
 * Bank holidays come from `date-holidays` (country GB, state ENG; its public holidays, substitute
 * days included), not a hand-kept list. The library is pure data and code, no I/O.
 */

let calendar: Holidays | undefined;
const englandAndWales = (): Holidays => {
  calendar ??= new Holidays('GB', 'ENG', { types: ['public', 'bank'] });
  return calendar;
};

const holidayCache = new Map<number, Set<IsoDate>>();

/** The bank holidays of England and Wales in a year, as ISO dates. */
export function bankHolidays(year: number): Set<IsoDate> {
  let days = holidayCache.get(year);
  if (!days) {
    days = new Set(
      englandAndWales()
        .getHolidays(year)
        .filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => h.date.slice(0, 10)),
    );
    holidayCache.set(year, days);
  }
  return days;
}

export function isWorkingDay(date: IsoDate): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !bankHolidays(Number(date.slice(0, 4))).has(date);
}

/** The date itself if it is a working day, else the next one. */
export function onOrAfterWorkingDay(date: IsoDate): IsoDate {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The first working day after `date`. */
export const nextWorkingDay = (date: IsoDate): IsoDate => onOrAfterWorkingDay(addDays(date, 1));

/**
 * When a payment is made (DESIGN.md 11b): the later of the instalment's date and the next working
 * day after today, moved off weekends and bank holidays.
 */
export function executionDate(instalmentDate: IsoDate, today: IsoDate): IsoDate {
  const earliest = nextWorkingDay(today);
  return onOrAfterWorkingDay(instalmentDate > earliest ? instalmentDate : earliest);
}
