import { rowsWithin } from './as-at.js';
import type { IsoDate } from './dates.js';
import { outcomeDomains } from './model.js';
import type { OutcomeSpendRow } from './reports.js';
import { type Summary, spentInField } from './summaries.js';

/**
 * Spend by outcome domain over a range (DESIGN.md section 11a): only the spends dated inside it,
 * read from the month summaries the range covers whole and the days of the months it covers in
 * part — the same rows the range's flows are read from.
 */
export function domainSpendWithin(
  months: readonly Summary[],
  days: readonly Summary[],
  range: { from: IsoDate; to: IsoDate },
): OutcomeSpendRow[] {
  const prefix = spentInField('');
  return rowsWithin(months, days, range).flatMap((row) =>
    Object.entries(row.values)
      .filter(([field]) => field.startsWith(prefix))
      .map(([field, spent]) => {
        const domain = field.slice(prefix.length);
        return {
          planId: row.planId,
          potId: row.potId,
          outcomeId: '',
          domain: (outcomeDomains as readonly string[]).includes(domain)
            ? (domain as OutcomeSpendRow['domain'])
            : 'unknown',
          spent,
          committed: '0.00',
        };
      }),
  );
}
