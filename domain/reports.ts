import { daysBetween, type IsoDate, isWithin } from './dates.js';
import { isConserved, readBalances } from './ledger.js';
import type { Bucket, HoldingMode, JournalEntry, OutcomeDomain, Plan, Pot, Stream } from './model.js';
import { buckets } from './model.js';
import { Money } from './money.js';
import type { SpendPolicy } from './policy.js';
import { surplusThreshold } from './schedule.js';

/**
 * Monitoring reports (DESIGN.md section 6) as pure functions over pot states and entries. Storage
 * decides where the inputs come from (summaries in DynamoDB); the arithmetic lives here.
 */

export type BucketTotals = Record<Bucket | 'allocated', string>;

const zeroTotals = (): Record<Bucket | 'allocated', Money> => ({
  allocated: Money.zero,
  unreleased: Money.zero,
  available: Money.zero,
  committed: Money.zero,
  spent: Money.zero,
  recovered: Money.zero,
});

function addPot(t: Record<Bucket | 'allocated', Money>, pot: Pot): void {
  const b = readBalances(pot);
  t.allocated = t.allocated.plus(b.allocated);
  for (const k of buckets) t[k] = t[k].plus(b[k]);
}

const render = (t: Record<Bucket | 'allocated', Money>): BucketTotals => ({
  allocated: t.allocated.toString(),
  unreleased: t.unreleased.toString(),
  available: t.available.toString(),
  committed: t.committed.toString(),
  spent: t.spent.toString(),
  recovered: t.recovered.toString(),
});

/** Net money that reached `spent` through an entry (pay, direct spend, or their reversal). */
export function spentBy(entry: JournalEntry): Money {
  return Money.sum(entry.postings.filter((p) => p.account === 'spent').map((p) => Money.of(p.amount)));
}

/**
 * Net money released to the holder by an entry. Cash pots receive what leaves `unreleased` other
 * than back to the funder; a notional pot's allocation is at the funder's disposal at once.
 */
export function receivedBy(entry: JournalEntry, mode: HoldingMode): Money {
  const sumOf = (account: string) =>
    Money.sum(entry.postings.filter((p) => p.account === account).map((p) => Money.of(p.amount)));
  const fromFunder = sumOf('funder').negated();
  if (mode === 'notional') return fromFunder;
  return entry.postings.some((p) => p.account === 'funder') ? Money.zero : sumOf('unreleased').negated();
}

export interface OutcomeSpendRow {
  planId: string;
  potId: string;
  outcomeId: string;
  domain: OutcomeDomain | 'unknown';
  spent: string;
  committed: string;
}

/** Spend and commitments per pot and outcome, from entries (or, in storage, kept as summaries). */
export function outcomeSpend(plan: Plan, entries: readonly JournalEntry[]): OutcomeSpendRow[] {
  const rows = new Map<string, { potId: string; outcomeId: string; spent: Money; committed: Money }>();
  for (const e of entries) {
    if (e.outcomeId === undefined) continue;
    for (const p of e.postings) {
      if (p.account !== 'spent' && p.account !== 'committed') continue;
      const key = `${p.potId}/${e.outcomeId}`;
      const row = rows.get(key) ?? {
        potId: p.potId,
        outcomeId: e.outcomeId,
        spent: Money.zero,
        committed: Money.zero,
      };
      row[p.account] = row[p.account].plus(Money.of(p.amount));
      rows.set(key, row);
    }
  }
  return [...rows.values()].map((r) => ({
    planId: plan.planId,
    potId: r.potId,
    outcomeId: r.outcomeId,
    domain: plan.outcomes.find((o) => o.id === r.outcomeId)?.domain ?? 'unknown',
    spent: r.spent.toString(),
    committed: r.committed.toString(),
  }));
}

export interface ReconciliationRow extends BucketTotals {
  funderId: string;
  stream: Stream;
  mode: HoldingMode;
  pots: number;
}

export interface Reconciliation {
  rows: ReconciliationRow[];
  totals: BucketTotals;
  spendByOutcomeDomain: Array<{ domain: string; spent: string }>;
  plans: number;
  pots: number;
  /** True only when every pot and the totals satisfy invariant 2 exactly. */
  balanced: boolean;
  unbalancedPots: Array<{ planId: string; potId: string }>;
}

export function reconcile(pots: readonly Pot[], outcomeRows: readonly OutcomeSpendRow[]): Reconciliation {
  const groups = new Map<
    string,
    { funderId: string; stream: Stream; mode: HoldingMode; t: ReturnType<typeof zeroTotals>; n: number }
  >();
  const totals = zeroTotals();
  const unbalancedPots: Array<{ planId: string; potId: string }> = [];
  for (const pot of pots) {
    const key = `${pot.funderId}|${pot.stream}|${pot.mode}`;
    const g = groups.get(key) ?? {
      funderId: pot.funderId,
      stream: pot.stream,
      mode: pot.mode,
      t: zeroTotals(),
      n: 0,
    };
    addPot(g.t, pot);
    g.n++;
    groups.set(key, g);
    addPot(totals, pot);
    if (!isConserved(readBalances(pot))) unbalancedPots.push({ planId: pot.planId, potId: pot.potId });
  }
  const byDomain = new Map<string, Money>();
  for (const r of outcomeRows)
    byDomain.set(r.domain, (byDomain.get(r.domain) ?? Money.zero).plus(Money.of(r.spent)));
  const totalsConserved = totals.allocated.equals(Money.sum(buckets.map((b) => totals[b])));
  return {
    rows: [...groups.values()]
      .sort((a, b) =>
        `${a.funderId}|${a.stream}|${a.mode}`.localeCompare(`${b.funderId}|${b.stream}|${b.mode}`),
      )
      .map((g) => ({ funderId: g.funderId, stream: g.stream, mode: g.mode, pots: g.n, ...render(g.t) })),
    totals: render(totals),
    spendByOutcomeDomain: [...byDomain.entries()]
      .sort()
      .map(([domain, spent]) => ({ domain, spent: spent.toString() })),
    plans: new Set(pots.map((p) => p.planId)).size,
    pots: pots.length,
    balanced: unbalancedPots.length === 0 && totalsConserved,
    unbalancedPots,
  };
}

export interface ClientMoney {
  brokerId: string;
  clients: Array<{
    planId: string;
    councilId: string;
    pots: Array<{ potId: string; held: string }>;
    held: string;
  }>;
  total: string;
}

/** Cash a broker holds for each client plan: available + committed of the third-party pots it holds. */
export function clientMoney(brokerId: string, pots: readonly Pot[]): ClientMoney {
  const held = pots.filter((p) => p.mode === 'third_party' && p.holderId === brokerId);
  const plans = new Map<string, { councilId: string; pots: Array<{ potId: string; held: Money }> }>();
  for (const p of held) {
    const amount = Money.of(p.available).plus(Money.of(p.committed));
    const entry = plans.get(p.planId) ?? { councilId: p.councilId, pots: [] };
    entry.pots.push({ potId: p.potId, held: amount });
    plans.set(p.planId, entry);
  }
  const clients = [...plans.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([planId, c]) => ({
      planId,
      councilId: c.councilId,
      pots: c.pots.map((p) => ({ potId: p.potId, held: p.held.toString() })),
      held: Money.sum(c.pots.map((p) => p.held)).toString(),
    }));
  return { brokerId, clients, total: Money.sum(clients.map((c) => Money.of(c.held))).toString() };
}

export interface Surplus {
  planId: string;
  potId: string;
  available: string;
  threshold: string;
  recoverable: string;
  weeks: number;
}

/** Direct-payment money above N weeks of payments (section 3a) that may be recovered. */
export function surplusOf(pot: Pot, policy: SpendPolicy): Surplus | undefined {
  if (pot.mode !== 'direct_payment' || !pot.schedule) return undefined;
  const threshold = surplusThreshold(
    Money.of(pot.allocated),
    pot.schedule,
    pot.period.end,
    policy.surplusWeeks,
  );
  const available = Money.of(pot.available);
  const recoverable = available.minus(threshold);
  return {
    planId: pot.planId,
    potId: pot.potId,
    available: available.toString(),
    threshold: threshold.toString(),
    recoverable: recoverable.isPositive() ? recoverable.toString() : '0.00',
    weeks: policy.surplusWeeks,
  };
}

export interface PotStatement {
  potId: string;
  stream: Stream;
  mode: HoldingMode;
  allocated: string;
  received: string;
  committed: string;
  spent: string;
  available: string;
  recovered: string;
  receivedInRange: string;
  spentInRange: string;
  burnRatePerWeek: string;
  projectedYearEndSpend: string;
  projectedPosition: string;
  summary: string;
}

/** A pot's figures for the family statement; burn rate is spend per week so far in the period. */
export function potStatement(
  pot: Pot,
  entries: readonly JournalEntry[],
  range: { from: IsoDate; to: IsoDate },
  asOf: IsoDate,
): PotStatement {
  const b = readBalances(pot);
  const mine = entries.filter((e) => e.postings.some((p) => p.potId === pot.potId));
  const inRange = mine.filter((e) => isWithin(e.effectiveDate, range.from, range.to));
  const spentInRange = Money.sum(inRange.map(spentBy));
  const receivedInRange = Money.sum(inRange.map((e) => receivedBy(e, pot.mode)));
  const periodDays = daysBetween(pot.period.start, pot.period.end) + 1;
  const elapsed = Math.min(Math.max(daysBetween(pot.period.start, asOf) + 1, 1), periodDays);
  const spentSoFar = b.spent;
  const perWeek = spentSoFar.mulDiv('7', String(elapsed));
  const projected = spentSoFar
    .plus(spentSoFar.mulDiv(String(periodDays - elapsed), String(elapsed)))
    .plus(b.committed);
  const position = b.allocated.minus(b.recovered).minus(projected);
  const summary = position.isNegative()
    ? `At this rate the pot will be overspent by £${position.negated().toString()} by ${pot.period.end}.`
    : position.isZero()
      ? `At this rate the pot will be spent exactly by ${pot.period.end}.`
      : `At this rate £${position.toString()} will be left unspent on ${pot.period.end}.`;
  return {
    potId: pot.potId,
    stream: pot.stream,
    mode: pot.mode,
    allocated: b.allocated.toString(),
    received: b.allocated.minus(b.unreleased).toString(),
    committed: b.committed.toString(),
    spent: b.spent.toString(),
    available: b.available.toString(),
    recovered: b.recovered.toString(),
    receivedInRange: receivedInRange.toString(),
    spentInRange: spentInRange.toString(),
    burnRatePerWeek: perWeek.toString(),
    projectedYearEndSpend: projected.toString(),
    projectedPosition: position.toString(),
    summary,
  };
}

export interface FamilyStatement {
  planId: string;
  range: { from: IsoDate; to: IsoDate };
  pots: PotStatement[];
  byOutcome: OutcomeSpendRow[];
  byCategory: Array<{ category: string; spent: string }>;
  entries: JournalEntry[];
}

export function familyStatement(
  plan: Plan,
  pots: readonly Pot[],
  entries: readonly JournalEntry[],
  range: { from: IsoDate; to: IsoDate },
  asOf: IsoDate,
): FamilyStatement {
  const inRange = entries.filter((e) => isWithin(e.effectiveDate, range.from, range.to));
  const byCategory = new Map<string, Money>();
  for (const e of inRange) {
    if (e.category === undefined) continue;
    const s = spentBy(e);
    if (!s.isZero()) byCategory.set(e.category, (byCategory.get(e.category) ?? Money.zero).plus(s));
  }
  return {
    planId: plan.planId,
    range,
    pots: pots.map((p) => potStatement(p, entries, range, asOf)),
    byOutcome: outcomeSpend(plan, inRange),
    byCategory: [...byCategory.entries()]
      .sort()
      .map(([category, spent]) => ({ category, spent: spent.toString() })),
    entries: [...inRange].sort((a, b) => (a.entryId < b.entryId ? -1 : 1)),
  };
}
