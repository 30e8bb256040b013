import { daysBetween, type IsoDate, isWithin, monthOf } from './dates.js';
import { emptyBalances, isConserved, readBalances } from './ledger.js';
import type { Bucket, HoldingMode, JournalEntry, OutcomeDomain, Plan, Pot, Stream } from './model.js';
import { buckets, outcomeDomains } from './model.js';
import { Money } from './money.js';
import type { SpendPolicy } from './policy.js';
import { potSurplusThreshold } from './pot-schedule.js';
import { receivedBy, type Summary, spentBy, sumField } from './summaries.js';

export { receivedBy, spentBy };

/**
 * Monitoring reports (DESIGN.md section 6) as pure functions over pot states and entries. Storage
 * decides where the inputs come from (summaries in DynamoDB); the arithmetic lives here.
 */

export type BucketTotals = Record<Bucket | 'allocated', string>;

const zeroTotals = emptyBalances;

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

/** Outcome summaries as the reconciliation's spend-by-outcome rows. */
export const outcomeRowsOf = (summaries: readonly Summary[]): OutcomeSpendRow[] =>
  summaries.map((o) => ({
    planId: o.planId,
    potId: o.potId,
    outcomeId: o.key,
    domain: (outcomeDomains as readonly string[]).includes(o.labels.domain ?? '')
      ? (o.labels.domain as OutcomeDomain)
      : 'unknown',
    spent: o.values.spent ?? '0.00',
    committed: o.values.committed ?? '0.00',
  }));

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

/**
 * `asAt`: the pots are positions at a past date, where a bucket may stand below zero (section 9c);
 * they balance when their buckets add up to their allocation.
 */
export function reconcile(
  pots: readonly Pot[],
  outcomeRows: readonly OutcomeSpendRow[],
  options: { asAt?: boolean } = {},
): Reconciliation {
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
    const b = readBalances(pot);
    const adds = b.allocated.equals(Money.sum(buckets.map((k) => b[k])));
    if (!(options.asAt ? adds : isConserved(b)))
      unbalancedPots.push({ planId: pot.planId, potId: pot.potId });
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
  /** For a ceased pot: why it ended. */
  reason?: string;
}

/** Direct-payment money above N weeks of payments (section 3a) that may be recovered. */
export function surplusOf(pot: Pot, policy: SpendPolicy): Surplus | undefined {
  if (pot.mode !== 'direct_payment' || !pot.schedule) return undefined;
  // Withheld money does not lower the threshold: it counts the schedule's own instalments (9a).
  const threshold = potSurplusThreshold(pot, policy.surplusWeeks) ?? Money.zero;
  const available = Money.of(pot.available);
  // A ceased pot keeps no threshold: what is still available is recoverable, with the reason.
  const recoverable = pot.ceased ? available : available.minus(threshold);
  return {
    planId: pot.planId,
    potId: pot.potId,
    available: available.toString(),
    threshold: threshold.toString(),
    recoverable: recoverable.isPositive() ? recoverable.toString() : '0.00',
    weeks: policy.surplusWeeks,
    ...(pot.ceased ? { reason: pot.ceased.reason } : {}),
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

export interface MonitoringReturn {
  planId: string;
  potId: string;
  quarter: string;
  opening: string;
  received: string;
  spent: string;
  recovered: string;
  closing: string;
  spentByCategory: Array<{ category: string; spent: string }>;
  flags: {
    surplusAboveThreshold: boolean;
    noSpending: boolean;
    rejectedSpends: number;
    spendsWithoutEvidence: number;
    /** Spends refused by policy in the quarter, by the spend's date: prohibited categories, and all. */
    prohibitedAttempts: number;
    refusedAttempts: number;
    reviewOverdue: boolean;
  };
  threshold: string;
}

const count = (rows: readonly Summary[], field: string): number =>
  rows.reduce((n, r) => n + Number.parseInt(r.values[field] ?? '0', 10), 0);

/**
 * One direct-payment recipient's quarter from the pot's month and category summaries: cash held
 * (available + committed) at the start, money received, spent and recovered, and the close.
 */
export function monitoringReturn(
  pot: Pot,
  months: readonly Summary[],
  categories: readonly Summary[],
  quarter: { name: string; start: IsoDate; end: IsoDate },
  policy: SpendPolicy,
  /** The plan's or the pot's review is past due on the review clock (section 9b). */
  reviewOverdue: boolean,
): MonitoringReturn {
  const first = monthOf(quarter.start);
  const last = monthOf(quarter.end);
  const mine = months.filter((m) => m.potId === pot.potId && m.planId === pot.planId);
  const before = mine.filter((m) => m.key < first);
  const during = mine.filter((m) => m.key >= first && m.key <= last);
  const held = (rows: readonly Summary[]) => sumField(rows, 'available').plus(sumField(rows, 'committed'));
  const opening = held(before);
  const closing = opening.plus(held(during));
  const byCategory = new Map<string, Money>();
  for (const c of categories) {
    if (c.potId !== pot.potId || c.planId !== pot.planId) continue;
    const month = c.labels.month ?? '';
    if (month < first || month > last) continue;
    const category = c.labels.category ?? 'unknown';
    byCategory.set(category, (byCategory.get(category) ?? Money.zero).plus(Money.of(c.values.spent ?? '0')));
  }
  const spent = sumField(during, 'spent');
  const availableAtClose = sumField([...before, ...during], 'available');
  // The surpluses report's threshold: the schedule's amounts, not lowered by withheld money (11a).
  const threshold = potSurplusThreshold(pot, policy.surplusWeeks) ?? Money.zero;
  return {
    planId: pot.planId,
    potId: pot.potId,
    quarter: quarter.name,
    opening: opening.toString(),
    received: sumField(during, 'received').toString(),
    spent: spent.toString(),
    recovered: sumField(during, 'recovered').toString(),
    closing: closing.toString(),
    spentByCategory: [...byCategory.entries()]
      .sort()
      .map(([category, amount]) => ({ category, spent: amount.toString() })),
    flags: {
      surplusAboveThreshold: availableAtClose.greaterThan(threshold),
      noSpending: count(during, 'spends') === 0,
      rejectedSpends: count(during, 'rejected'),
      spendsWithoutEvidence: count(during, 'withoutEvidence'),
      prohibitedAttempts: count(during, 'prohibited'),
      refusedAttempts: count(during, 'refused'),
      reviewOverdue,
    },
    threshold: threshold.toString(),
  };
}

/**
 * Pots whose month summaries do not add up to their stored balances: either was corrupted or
 * written without the other. Together with invariant 2 per pot this makes `balanced` mean
 * "the balances, the summaries and the arithmetic all agree".
 */
export function summaryMismatches(
  pots: readonly Pot[],
  months: readonly Summary[],
): Array<{ planId: string; potId: string }> {
  const byPot = new Map<string, Summary[]>();
  for (const m of months)
    byPot.set(`${m.planId}/${m.potId}`, [...(byPot.get(`${m.planId}/${m.potId}`) ?? []), m]);
  return pots
    .filter((pot) => {
      const rows = byPot.get(`${pot.planId}/${pot.potId}`) ?? [];
      return (['allocated', ...buckets] as const).some(
        (field) => !sumField(rows, field).equals(Money.of(pot[field])),
      );
    })
    .map((p) => ({ planId: p.planId, potId: p.potId }));
}
