import type { Shortfall } from './budget.js';
import { daysBetween } from './dates.js';
import type { Plan, Pot, Stream } from './model.js';
import { Money } from './money.js';

/**
 * Sufficiency after set-up (DESIGN.md section 11a): an adjustment or amendment that leaves a
 * stream's allocation below the pro-rata cost of its costed provisions needs a `shortfallReason`.
 * The same arithmetic as set-up (`costShortfalls`): per stream and budget period, the live pots'
 * allocations (with the adjustments still waiting for their date) against annual cost × period
 * days ÷ 365, half-up.
 */
export type PotShortfall = Omit<Shortfall, 'reason'> & { potId: string };

export function shortfallsAfter(
  plan: Pick<Plan, 'provisions'>,
  pots: readonly Pot[],
  streams: ReadonlySet<Stream>,
  change: { potId: string; amount: Money } | undefined = undefined,
): PotShortfall[] {
  const groups = new Map<string, Pot[]>();
  for (const pot of pots) {
    if (pot.ceased || !streams.has(pot.stream)) continue;
    const key = `${pot.stream}|${pot.period.start}|${pot.period.end}`;
    groups.set(key, [...(groups.get(key) ?? []), pot]);
  }
  const out: PotShortfall[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const { stream, period } = first;
    const annual = Money.sum(
      plan.provisions
        .filter((p) => p.stream === stream && p.annualCost !== undefined)
        .filter((p) => p.retiredFrom === undefined || p.retiredFrom > period.start)
        .map((p) => Money.of(p.annualCost ?? '0')),
    );
    if (annual.isZero()) continue;
    const cost = annual.mulDiv(String(daysBetween(period.start, period.end) + 1), '365');
    const allocation = Money.sum(
      group.flatMap((p) => [
        Money.of(p.allocated),
        ...(p.scheduledAdjustments ?? []).map((a) => Money.of(a.amount)),
        ...(change && change.potId === p.potId ? [change.amount] : []),
      ]),
    );
    if (!allocation.lessThan(cost)) continue;
    const named = group.find((p) => p.potId === change?.potId) ?? first;
    out.push({
      potId: named.potId,
      stream,
      cost: cost.toString(),
      allocation: allocation.toString(),
      shortfall: cost.minus(allocation).toString(),
    });
  }
  return out;
}
