import { monthOf } from './dates.js';
import { bucketDeltas, emptyBalances } from './ledger.js';
import type { HoldingMode, JournalEntry, OutcomeDomain, Pot } from './model.js';
import { buckets } from './model.js';
import { Money } from './money.js';
import { movementKinds } from './movement-kinds.js';
import { shardOf } from './shards.js';

/**
 * Summaries the store keeps beside the journal, updated in the same transaction as each entry, so
 * reports read O(pots × months) items instead of the whole journal (DESIGN.md section 4):
 * - month:    per pot and calendar month of effective date, the net change of every bucket, money
 *             received, spends made, spends without evidence, rejections and adjustments;
 * - category: per pot, month and category, money spent;
 * - outcome:  per pot and outcome, money spent and committed;
 * - day:      per pot and effective date, the net change of every bucket and money received, so a
 *             report can stand at the end of any day (section 9c) reading one month of days;
 * - figure-*: the same movements added up per council, write shard and group of pots, so a council
 *             report reads O(shards × months) items whatever the council's size.
 */

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
/** A pot's own summaries. */
export type PotSummaryKind = 'month' | 'category' | 'outcome' | 'day';
/**
 * A council's figures (domain/council-figures.ts): per write shard, the month and day movements of
 * every group of pots, the plans counted by the periods they hold pots in, and the shortfalls.
 */
export type FigureKind = 'figure-month' | 'figure-day' | 'figure-plans' | 'figure-shortfall';
export type SummaryKind = PotSummaryKind | FigureKind;

export const isFigure = (kind: SummaryKind): kind is FigureKind => kind.startsWith('figure-');

/** Which summary: its kind, pot, the organisations that report on it, and its key. */
interface SummaryRef {
  kind: SummaryKind;
  /** A figure's plan and pot are those of the posting that wrote it; it is kept by group and shard. */
  planId: string;
  potId: string;
  councilId: string;
  funderId: string;
  /** "2026-05", "2026-05-14", "2026-05#short_breaks", the outcome id, or a figure's plans key. */
  key: string;
  /** Figures only: the pots' group (funder, stream, holding, period) and the write shard. */
  group?: string;
  shard?: number;
}

export interface SummaryDelta extends SummaryRef {
  /** Signed decimal strings for amounts, whole-number strings for counts. */
  adds: Record<string, string>;
  /** Descriptive attributes written as they are (month, category, outcome domain). */
  labels: Record<string, string>;
}

export const monthFields = [
  'allocated',
  ...buckets,
  'received',
  'spends',
  'withoutEvidence',
  'rejected',
  'adjustments',
] as const;

export interface SummaryContext {
  /** The spend behind the entry was paid without evidence. */
  withoutEvidence?: boolean;
  /** The entry voids a spend the approver rejected. */
  rejected?: boolean;
  /** The entry reverses a spend's payment, so the spend no longer counts as made. */
  undoesSpend?: boolean;
  outcomeDomain?: OutcomeDomain;
  /** The entry opens its pot (the allocation at budget set-up): the council counts one more pot. */
  opensPot?: boolean;
}

export function summaryDeltas(entry: JournalEntry, pot: Pot, context: SummaryContext = {}): SummaryDelta[] {
  const base = { planId: pot.planId, potId: pot.potId, councilId: pot.councilId, funderId: pot.funderId };
  const month = monthOf(entry.effectiveDate);
  const d = bucketDeltas(entry.postings).get(pot.potId) ?? emptyBalances();
  const adds: Record<string, string> = {};
  for (const field of ['allocated', ...buckets] as const)
    if (!d[field].isZero()) adds[field] = d[field].toString();
  const received = receivedBy(entry, pot.mode);
  if (!received.isZero()) adds.received = received.toString();
  if (movementKinds[entry.kind].countsAsSpend) {
    adds.spends = '1';
    if (context.withoutEvidence) adds.withoutEvidence = '1';
  }
  if (context.undoesSpend) {
    adds.spends = '-1';
    if (context.withoutEvidence) adds.withoutEvidence = '-1';
  }
  if (context.rejected) adds.rejected = '1';
  if (movementKinds[entry.kind].countsAsAdjustment) adds.adjustments = '1';
  const out: SummaryDelta[] = [{ ...base, kind: 'month', key: month, adds, labels: { month } }];
  const spent = spentBy(entry);
  if (entry.category !== undefined && !spent.isZero()) {
    out.push({
      ...base,
      kind: 'category',
      key: `${month}#${entry.category}`,
      adds: { spent: spent.toString() },
      labels: { month, category: entry.category },
    });
  }
  if (entry.outcomeId !== undefined && !(d.spent.isZero() && d.committed.isZero())) {
    const outcomeAdds: Record<string, string> = {};
    if (!d.spent.isZero()) outcomeAdds.spent = d.spent.toString();
    if (!d.committed.isZero()) outcomeAdds.committed = d.committed.toString();
    out.push({
      ...base,
      kind: 'outcome',
      key: entry.outcomeId,
      adds: outcomeAdds,
      labels: { outcomeId: entry.outcomeId, domain: context.outcomeDomain ?? 'unknown' },
    });
  }
  const dayAdds: Record<string, string> = {};
  for (const field of ['allocated', ...buckets, 'received'] as const)
    if (adds[field] !== undefined) dayAdds[field] = adds[field];
  out.push({ ...base, kind: 'day', key: entry.effectiveDate, adds: dayAdds, labels: { month } });
  // The council's figures move with the pot's, in the same transaction (domain/council-figures.ts).
  const figure = { ...base, group: groupOf(pot), shard: shardOf(pot.planId), labels: groupLabels(pot) };
  const figureAdds: Record<string, string> = { ...dayAdds };
  if (context.opensPot) figureAdds.pots = '1';
  // Under the same condition as the outcome summary, so a report lists the same domains.
  if (entry.outcomeId !== undefined && !(d.spent.isZero() && d.committed.isZero()))
    figureAdds[spentInField(context.outcomeDomain ?? 'unknown')] = d.spent.toString();
  out.push(
    { ...figure, kind: 'figure-month', key: month, adds: figureAdds },
    { ...figure, kind: 'figure-day', key: entry.effectiveDate, adds: dayAdds },
  );
  return out.filter((s) => Object.keys(s.adds).length > 0);
}

/**
 * Pots the council's figures add up together: one funder, stream and way of holding, and one
 * budget period, so a report can keep the groups whose period overlaps its range.
 */
export const groupOf = (pot: Pick<Pot, 'funderId' | 'stream' | 'mode' | 'period'>): string =>
  [pot.funderId, pot.stream, pot.mode, pot.period.start, pot.period.end].join('|');

const groupLabels = (pot: Pot): Record<string, string> => ({
  funderId: pot.funderId,
  stream: pot.stream,
  mode: pot.mode,
  start: pot.period.start,
  end: pot.period.end,
});

/** The figure counter of money spent towards outcomes of one domain. */
export const spentInField = (domain: string): string => `spentIn_${domain}`;

/** A stored summary, as reports read it. */
export interface Summary extends SummaryRef {
  values: Record<string, string>;
  labels: Record<string, string>;
}

export const sumField = (rows: readonly Summary[], field: string): Money =>
  Money.sum(rows.map((r) => Money.of(r.values[field] ?? '0')));

/** Identity of the stored summary a delta adds to. */
export const summaryId = (
  d: Pick<SummaryDelta, 'planId' | 'kind' | 'potId' | 'key' | 'councilId' | 'group' | 'shard'>,
): string =>
  isFigure(d.kind)
    ? `${d.councilId}/${d.shard}/${d.kind}/${d.key}/${d.group ?? ''}`
    : `${d.planId}/${d.kind}/${d.potId}/${d.key}`;

/** Merges deltas aimed at the same summary, so a store writes each item once per transaction. */
export function mergeSummaryDeltas(deltas: readonly SummaryDelta[]): SummaryDelta[] {
  const merged = new Map<string, SummaryDelta>();
  for (const d of deltas) {
    const id = summaryId(d);
    const existing = merged.get(id);
    if (!existing) {
      merged.set(id, { ...d, adds: { ...d.adds }, labels: { ...d.labels } });
      continue;
    }
    for (const [field, value] of Object.entries(d.adds)) {
      const before = existing.adds[field] ?? '0';
      // Counts stay whole numbers; amounts stay pounds and pence.
      existing.adds[field] =
        /^-?[0-9]+$/.test(before) && /^-?[0-9]+$/.test(value)
          ? (BigInt(before) + BigInt(value)).toString()
          : Money.of(before).plus(Money.of(value)).toString();
    }
  }
  return [...merged.values()];
}
