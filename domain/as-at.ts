import { addDays, addMonths, type IsoDate, monthOf } from './dates.js';
import { DomainError } from './errors.js';
import { isConserved, readBalances } from './ledger.js';
import { buckets, type Period, type Pot } from './model.js';
import { type OutcomeSpendRow, type Reconciliation, reconcile } from './reports.js';
import { type Summary, sumField } from './summaries.js';

/**
 * Reports over a period (DESIGN.md section 9c): positions as they stood at the end of a range and
 * the money moved inside it, from month and day summaries, never from the journal.
 */

/** A report's range as asked for: either end may be left open. */
export interface Range {
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
}

/** Whether something held over a period (a pot, a group of pots) overlaps a range. */
export const overlaps = (held: { period: Period }, from: IsoDate, to: IsoDate): boolean =>
  held.period.start <= to && from <= held.period.end;

/** A range left open runs from the first period start to the last period end of what it covers. */
export function resolveRange(
  range: Range,
  held: readonly { period: Period }[],
): { from: IsoDate; to: IsoDate } {
  const from = range.from ?? held.map((h) => h.period.start).sort()[0] ?? '0001-01-01';
  const to =
    range.to ??
    held
      .map((h) => h.period.end)
      .sort()
      .at(-1) ??
    '9999-12-31';
  if (from > to)
    throw new DomainError('VALIDATION_FAILED', 'from is after to', [{ path: 'from', message: 'after to' }]);
  return { from, to };
}

/** The first and last day of a month "YYYY-MM". */
export const monthBounds = (month: string): { first: IsoDate; last: IsoDate } => ({
  first: `${month}-01`,
  last: addDays(addMonths(`${month}-01`, 1), -1),
});

/**
 * Months a range touches only in part (at most its first and its last), whose days a report reads
 * to be exact to the day (section 9c). A month the range covers whole is read from its summary.
 */
export function partialMonths(from: IsoDate, to: IsoDate): string[] {
  const out = new Set<string>();
  if (from !== monthBounds(monthOf(from)).first) out.add(monthOf(from));
  if (to !== monthBounds(monthOf(to)).last) out.add(monthOf(to));
  return [...out];
}

/**
 * The months whose days a report over a range reads: those the range touches in part, for its flows,
 * and the month of its end, for its positions as at that day.
 */
export const dayMonthsFor = (range: { from: IsoDate; to: IsoDate }): string[] => [
  ...new Set([...partialMonths(range.from, range.to), ...partialMonths('0001-01-01', range.to)]),
];

/** The money that moved inside a range (section 9c). */
export interface Flows {
  received: string;
  spent: string;
  recovered: string;
}

export function flowsWithin(
  months: readonly Summary[],
  days: readonly Summary[],
  range: { from: IsoDate; to: IsoDate },
): Flows {
  const inRange = rowsWithin(months, days, range);
  return {
    received: sumField(inRange, 'received').toString(),
    spent: sumField(inRange, 'spent').toString(),
    recovered: sumField(inRange, 'recovered').toString(),
  };
}

/** Summary rows of the movements dated inside a range: whole months, and the days of partial ones. */
export function rowsWithin(
  months: readonly Summary[],
  days: readonly Summary[],
  range: { from: IsoDate; to: IsoDate },
): Summary[] {
  const partial = new Set(partialMonths(range.from, range.to));
  const first = monthOf(range.from);
  const last = monthOf(range.to);
  return [
    ...months.filter((m) => m.key >= first && m.key <= last && !partial.has(m.key)),
    ...days.filter((d) => partial.has(d.key.slice(0, 7)) && d.key >= range.from && d.key <= range.to),
  ];
}

/**
 * Each pot as it stood at the end of `to` (section 9c): its balances are the sums of its month
 * summaries before `to`'s month and of that month's days up to `to` (its month summary when `to`
 * ends the month). Nothing reads the journal. A position may show negative `available` when
 * support was dated before the instalment that paid for it; it is reported as it is.
 */
export function potsAsAt(
  pots: readonly Pot[],
  months: readonly Summary[],
  days: readonly Summary[],
  to: IsoDate,
): Pot[] {
  const rows = rowsWithin(months, days, { from: '0001-01-01', to });
  const byPot = new Map<string, Summary[]>();
  for (const r of rows)
    byPot.set(`${r.planId}/${r.potId}`, [...(byPot.get(`${r.planId}/${r.potId}`) ?? []), r]);
  return pots.map((pot) => {
    const mine = byPot.get(`${pot.planId}/${pot.potId}`) ?? [];
    const at: Pot = { ...pot };
    for (const field of ['allocated', ...buckets] as const) at[field] = sumField(mine, field).toString();
    return at;
  });
}

/**
 * A reconciliation of positions at the end of a range. The positions may stand below zero (support
 * dated before the instalment that paid it) and balance when their buckets add up; the pots as
 * stored must still keep invariant 2 in full, so one that does not is named whatever the range.
 */
export function reconcileAsAt(
  stored: readonly Pot[],
  asAt: readonly Pot[],
  outcomeRows: readonly OutcomeSpendRow[],
): Reconciliation {
  const report = reconcile(asAt, outcomeRows, { asAt: true });
  const named = new Set(report.unbalancedPots.map((p) => `${p.planId}/${p.potId}`));
  const broken = stored
    .filter((p) => !isConserved(readBalances(p)) && !named.has(`${p.planId}/${p.potId}`))
    .map((p) => ({ planId: p.planId, potId: p.potId }));
  return {
    ...report,
    unbalancedPots: [...report.unbalancedPots, ...broken],
    balanced: report.balanced && broken.length === 0,
  };
}
