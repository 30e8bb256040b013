import { Decimal } from 'decimal.js';

/**
 * How amounts are shown (DESIGN.md section 10): `£1,538.48`, `−£12.50` when negative. The API's
 * strings are formatted, never rounded: they already carry two decimals.
 */
export function money(amount: unknown): string {
  if (typeof amount !== 'string' || !/^-?[0-9]+\.[0-9]{2}$/.test(amount)) return '';
  const negative = amount.startsWith('-');
  const [pounds = '0', pence = '00'] = amount.replace('-', '').split('.');
  const grouped = pounds.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '\u2212' : ''}£${grouped}.${pence}`;
}

/** Month names, January first, as GOV.UK writes dates. */
export const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-05-03` as `3 May 2026`, the GOV.UK style. */
export function longDate(date: unknown): string {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(date)) return '';
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${Number.parseInt(d ?? '1', 10)} ${months[Number.parseInt(m ?? '1', 10) - 1]} ${y}`;
}

/** `2026-07-15T11:01:48Z` as `15 July 2026 at 12:01pm`, the time in London (GOV.UK style). */
export function dateTime(at: unknown): string {
  if (typeof at !== 'string') return '';
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) return '';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
    })
      .formatToParts(when)
      .map((p) => [p.type, p.value]),
  );
  const day = longDate(`${parts.year}-${parts.month}-${parts.day}`);
  const hour = Number.parseInt(parts.hour ?? '12', 10) || 12;
  return `${day} at ${hour}:${parts.minute}${String(parts.dayPeriod ?? '')
    .toLowerCase()
    .replaceAll('.', '')
    .trim()}`;
}

/** A share as a percentage with one decimal, for drawing only; 0 when the whole is zero. */
export function percent(part: string, whole: string): string {
  const w = new Decimal(whole);
  if (w.isZero()) return '0';
  return Decimal.max(0, Decimal.min(100, new Decimal(part).div(w).times(100))).toFixed(1);
}

/** Words for codes and kinds: `short_breaks` → `Short breaks`. */
export const words = (code: unknown): string =>
  typeof code === 'string' && code.length > 0
    ? code[0]?.toUpperCase() + code.slice(1).replaceAll('_', ' ')
    : '';
