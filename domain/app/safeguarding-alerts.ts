import { dateOf, financialQuarter } from '../dates.js';
import type { Plan, Pot } from '../model.js';
import { Money } from '../money.js';
import type { SpendPolicy } from '../policy.js';
import type { Write } from '../ports.js';
import { isCashMerchant } from '../statements/merchant-categories.js';
import { openWork } from '../work.js';
import type { Deps } from './context.js';
import type { LineView } from './statement-lines.js';
import { setWork } from './unit.js';

/**
 * Safeguarding alerts a pot's statement lines raise (DESIGN.md section 11b): a file's prohibited
 * merchants and payments to the holder's own name, and a quarter's cash or unexplained debits
 * above the council's limits. Each becomes a `safeguarding_alert` work item with its reason.
 */

export interface Alert {
  ref: string;
  reason: string;
}

const canon = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

/** Whether a line reads as a payment to the holder's own name ("J SMITH", "Jane Smith"). */
export function toHolderName(description: string, holderName: string | undefined): boolean {
  if (!holderName) return false;
  const text = ` ${canon(description)} `;
  const parts = canon(holderName)
    .split(' ')
    .filter((p) => p.length > 0);
  const first = parts[0];
  const last = parts.at(-1);
  if (!first || !last || parts.length < 2) return false;
  return text.includes(` ${parts.join(' ')} `) || text.includes(` ${first[0]} ${last} `);
}

/** "1 line", "3 lines": reasons are read as they are on the officer's worklist. */
const lines = (n: number): string => `${n} ${n === 1 ? 'line' : 'lines'}`;

/** Money out of some lines, as a positive total. */
const paidOut = (lines: readonly LineView[]): Money =>
  Money.sum(lines.map((l) => Money.of(l.amount).negated()));

/** The alerts of one freshly imported file: its refused lines, and its payments to the holder. */
function fileAlerts(
  fresh: { statementId: string; lines: readonly LineView[] },
  holderName: string | undefined,
): Alert[] {
  const alerts: Alert[] = [];
  const refused = fresh.lines.filter((l) => l.status === 'refused');
  if (refused.length > 0) {
    const codes = [...new Set(refused.map((l) => l.mcc ?? ''))].sort().join(', ');
    alerts.push({
      ref: `prohibited:${fresh.statementId}`,
      reason: `prohibited merchant categories (${codes}): ${lines(refused.length)}, £${paidOut(refused).toString()}`,
    });
  }
  const own = fresh.lines.filter((l) => l.amount.startsWith('-') && toHolderName(l.description, holderName));
  if (own.length > 0)
    alerts.push({
      ref: `own-name:${fresh.statementId}`,
      reason: `payments to the holder's own name: ${lines(own.length)}, £${paidOut(own).toString()}`,
    });
  return alerts;
}

/** The safeguarding alerts a pot's lines raise once a file (`fresh`) is added to them. */
export function safeguardingAlerts(
  lines: readonly LineView[],
  quarters: ReadonlySet<string>,
  policy: Pick<SpendPolicy, 'cashLimitPerQuarter' | 'unexplainedLimit'>,
  holderName: string | undefined,
  fresh: { statementId: string; lines: readonly LineView[] } | undefined,
): Alert[] {
  const alerts: Alert[] = fresh ? fileAlerts(fresh, holderName) : [];
  for (const quarter of [...quarters].sort()) {
    const q = financialQuarter(quarter);
    const within = lines.filter((l) => l.date >= q.start && l.date <= q.end && l.amount.startsWith('-'));
    const cash = paidOut(within.filter((l) => l.status !== 'refused' && isCashMerchant(l.mcc)));
    if (policy.cashLimitPerQuarter !== null && cash.greaterThan(Money.of(policy.cashLimitPerQuarter)))
      alerts.push({
        ref: `cash:${quarter}`,
        reason: `cash withdrawn in ${quarter}: £${cash.toString()}, above the limit of £${policy.cashLimitPerQuarter}`,
      });
    const open = within.filter((l) => l.status === 'unexplained');
    const unexplained = paidOut(open);
    if (policy.unexplainedLimit !== null && unexplained.greaterThan(Money.of(policy.unexplainedLimit)))
      alerts.push({
        ref: `unexplained:${quarter}`,
        reason: `${open.length} unexplained statement ${open.length === 1 ? 'line' : 'lines'} in ${quarter}: £${unexplained.toString()}, above the limit of £${policy.unexplainedLimit}`,
      });
  }
  return alerts;
}

/** The alerts as open work items of the pot, opened today. */
export function alertWrites(deps: Deps, plan: Plan, pot: Pot, alerts: readonly Alert[]): Write[] {
  const now = deps.clock.now();
  return alerts.map((a) =>
    setWork({
      ...openWork('safeguarding_alert', { plan, pot, ref: a.ref }, dateOf(now), now),
      reason: a.reason,
    }),
  );
}
