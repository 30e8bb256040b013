import type { IsoDate } from '../dates.js';
import { Money } from '../money.js';
import type { Deps } from './context.js';
import { type LineView, potLines } from './statement-lines.js';

/**
 * What returns and monitoring take from a pot's statements (DESIGN.md section 11b): the quarter's
 * bank balance, and the debits nobody has explained yet.
 */

/**
 * The bank balance a quarter's return takes from the statements: the balance of the last line on
 * or before the quarter's end that carries one; undefined when none does.
 */
export async function statementBalance(
  deps: Deps,
  planId: string,
  potId: string,
  quarterEnd: IsoDate,
): Promise<string | undefined> {
  const lines = potLines(await deps.store.getPotStatements(planId, potId));
  let best: { date: IsoDate; balance: string; order: number } | undefined;
  lines.forEach((l, order) => {
    if (l.balance === undefined || l.date > quarterEnd) return;
    if (!best || l.date > best.date || (l.date === best.date && order > best.order))
      best = { date: l.date, balance: l.balance, order };
  });
  return (best as { balance: string } | undefined)?.balance;
}

/** A pot's unexplained debits within a range, for monitoring. */
export function unexplainedWithin(
  lines: readonly LineView[],
  from: IsoDate,
  to: IsoDate,
): { unexplainedLines: number; unexplainedAmount: string } {
  const open = lines.filter(
    (l) => l.status === 'unexplained' && l.amount.startsWith('-') && l.date >= from && l.date <= to,
  );
  return {
    unexplainedLines: open.length,
    unexplainedAmount: Money.sum(open.map((l) => Money.of(l.amount).negated())).toString(),
  };
}
