import { type Flows, flowsWithin, overlaps, potsAsAt } from './as-at.js';
import { domainSpendWithin } from './domain-spend.js';
import { emptyBalances, writeBalances } from './ledger.js';
import type { Plan, Pot } from './model.js';
import { type Reconciliation, reconcile } from './reports.js';
import { shardOf } from './shards.js';
import type { Summary, SummaryDelta } from './summaries.js';

/**
 * A council's figures: what its reconciliation reads instead of every pot (issue 10). Each posting
 * adds its movements to one item per write shard, month (and day) and group of pots (funder,
 * stream, holding, period: domain/summaries.ts writes them beside the pot's own summaries, in the
 * same transaction). A report reads O(shards × months × groups) items, whatever the council's size.
 *
 * Two more kinds make the counts exact without reading the pots:
 * - figure-plans: plans counted by the set of budget periods they hold pots in, so a range counts
 *   each plan with a pot overlapping it once;
 * - figure-shortfall: the pots set up below the cost of their provisions, one item each.
 * Naming a pot whose balances or summaries disagree needs every pot: `?verify=pots`.
 */

export interface CouncilFigures {
  months: readonly Summary[];
  days: readonly Summary[];
  plans: readonly Summary[];
  shortfalls: readonly Summary[];
}

interface Group {
  key: string;
  funderId: string;
  stream: Pot['stream'];
  mode: Pot['mode'];
  period: Pot['period'];
}

const periodKey = (p: Pick<Pot, 'period'>) => `${p.period.start}~${p.period.end}`;
const signature = (pots: readonly Pick<Pot, 'period'>[]) =>
  [...new Set(pots.map(periodKey))].sort().join(',');

/**
 * The figures a budget set-up adds beside its pots' allocations: the plan moves from the set of
 * periods it held pots in to the new set, and each pot set up below cost is listed.
 */
export function setUpFigures(plan: Plan, before: readonly Pot[], created: readonly Pot[]): SummaryDelta[] {
  const base = {
    planId: plan.planId,
    potId: '',
    councilId: plan.councilId,
    funderId: '',
    group: '',
    shard: shardOf(plan.planId),
  };
  const was = signature(before);
  const now = signature([...before, ...created]);
  const out: SummaryDelta[] = [];
  if (was !== now) {
    if (was !== '') out.push({ ...base, kind: 'figure-plans', key: was, adds: { plans: '-1' }, labels: {} });
    out.push({ ...base, kind: 'figure-plans', key: now, adds: { plans: '1' }, labels: {} });
  }
  for (const pot of created) {
    if (!pot.shortfall) continue;
    out.push({
      ...base,
      potId: pot.potId,
      funderId: pot.funderId,
      kind: 'figure-shortfall',
      key: `${pot.planId}#${pot.potId}`,
      adds: { pots: '1' },
      labels: {
        planId: pot.planId,
        potId: pot.potId,
        stream: pot.stream,
        start: pot.period.start,
        end: pot.period.end,
        ...pot.shortfall,
      },
    });
  }
  return out;
}

/** The groups the month figures name, each once. */
export function figureGroups(months: readonly Summary[]): Group[] {
  const groups = new Map<string, Group>();
  for (const m of months) {
    const key = m.group ?? '';
    if (groups.has(key)) continue;
    const l = m.labels;
    groups.set(key, {
      key,
      funderId: l.funderId ?? '',
      stream: l.stream as Pot['stream'],
      mode: l.mode as Pot['mode'],
      period: { start: l.start ?? '', end: l.end ?? '' },
    });
  }
  return [...groups.values()];
}

export interface FiguresReport {
  report: Reconciliation;
  flows: Flows;
  shortfalls: Array<{ planId: string; potId: string; stream: string } & NonNullable<Pot['shortfall']>>;
}

/**
 * A council's reconciliation over a range from its figures: the groups whose period overlaps the
 * range, each as it stood at the end of `to`, the money moved inside the range, spend by outcome
 * domain and the counts. The same arithmetic as the pots' (domain/as-at.ts, domain/reports.ts),
 * over groups instead of pots: a group is a pot that many pots add up to.
 */
export function reconcileFigures(
  councilId: string,
  figures: CouncilFigures,
  range: { from: string; to: string },
): FiguresReport {
  const overlapping = figureGroups(figures.months).filter((g) => overlaps(g, range.from, range.to));
  const keep = new Set(overlapping.map((g) => g.key));
  // Each group stands in for a pot: its key as the plan, no pot id, so the pots' arithmetic applies.
  const asRows = (rows: readonly Summary[]) =>
    rows.filter((r) => keep.has(r.group ?? '')).map((r) => ({ ...r, planId: r.group ?? '', potId: '' }));
  const months = asRows(figures.months);
  const days = asRows(figures.days);
  const standIns: Pot[] = overlapping.map((g) => ({
    planId: g.key,
    potId: '',
    councilId,
    funderId: g.funderId,
    stream: g.stream,
    mode: g.mode,
    period: g.period,
    ...writeBalances(emptyBalances()),
    instalmentsPosted: 0,
    suspended: false,
    budgetStartedAt: g.period.start,
    version: 0,
  }));
  const asAt = potsAsAt(standIns, months, days, range.to);
  const count = (rows: readonly Summary[], field: string) =>
    rows.reduce((n, r) => n + Number.parseInt(r.values[field] ?? '0', 10), 0);
  const potsOf = (key: string) =>
    count(
      months.filter((m) => m.planId === key),
      'pots',
    );
  const outcomeRows = domainSpendWithin(months, days, range);
  const grouped = reconcile(asAt, outcomeRows, { asAt: true });
  const rowPots = new Map<string, number>();
  for (const g of overlapping) {
    const row = `${g.funderId}|${g.stream}|${g.mode}`;
    rowPots.set(row, (rowPots.get(row) ?? 0) + potsOf(g.key));
  }
  const periods = new Set(overlapping.map(periodKey));
  const plans = count(
    figures.plans.filter((p) => p.key.split(',').some((period) => periods.has(period))),
    'plans',
  );
  return {
    report: {
      ...grouped,
      rows: grouped.rows.map((r) => ({
        ...r,
        pots: rowPots.get(`${r.funderId}|${r.stream}|${r.mode}`) ?? 0,
      })),
      plans,
      pots: [...rowPots.values()].reduce((a, b) => a + b, 0),
      // Groups are not pots: naming a pot needs every pot (`?verify=pots`).
      unbalancedPots: [],
    },
    flows: flowsWithin(months, days, range),
    shortfalls: figures.shortfalls
      .filter((s) => {
        const period = { start: s.labels.start ?? '', end: s.labels.end ?? '' };
        return count([s], 'pots') > 0 && overlaps({ period }, range.from, range.to);
      })
      .map((s) => {
        const l = s.labels;
        return {
          planId: l.planId ?? '',
          potId: l.potId ?? '',
          stream: l.stream ?? '',
          cost: l.cost ?? '0.00',
          allocation: l.allocation ?? '0.00',
          shortfall: l.shortfall ?? '0.00',
          reason: l.reason ?? '',
        };
      })
      .sort((a, b) => `${a.planId}/${a.potId}`.localeCompare(`${b.planId}/${b.potId}`)),
  };
}
