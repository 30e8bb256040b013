import { can } from '../access.js';
import {
  dayMonthsFor,
  type Flows,
  flowsWithin,
  overlaps,
  potsAsAt,
  type Range,
  reconcileAsAt,
  resolveRange,
} from '../as-at.js';
import { figureGroups, reconcileFigures } from '../council-figures.js';
import type { IsoDate } from '../dates.js';
import { domainSpendWithin } from '../domain-spend.js';
import type { Actor, Pot } from '../model.js';
import { Money } from '../money.js';
import { type OutcomeSpendRow, type Reconciliation, summaryMismatches } from '../reports.js';
import type { Summary } from '../summaries.js';
import { type Deps, forbidden } from './context.js';

/**
 * Reconciliations (DESIGN.md sections 6 and 9c) behind their access rules: a council's, read from
 * its figures (or from every pot, verified), and a funder's, read from its pots and summaries.
 * Positions stand at the end of the range; flows are the money moved inside it.
 */

export interface CouncilReconciliation extends Reconciliation {
  councilId: string;
  /** 'totals': from the council's figures; 'pots': every pot read and checked. */
  verified: 'totals' | 'pots';
  /** With `verify=pots`: the council's figures give the same report as its pots. */
  figuresAgree?: boolean;
  from: IsoDate;
  to: IsoDate;
  flows: Flows;
  summaryMismatches: Array<{ planId: string; potId: string }>;
  /** Pots set up below the cost of their provisions, with the reason recorded (section 9b). */
  shortfalls: Array<{ planId: string; potId: string; stream: string } & NonNullable<Pot['shortfall']>>;
}

/** What a council's figures give: everything but the report's own fields and the pots' mismatches. */
type FromFigures = Omit<
  CouncilReconciliation,
  'councilId' | 'from' | 'to' | 'verified' | 'summaryMismatches'
>;

/**
 * A range's figures from summaries (section 9c): each pot's buckets as they stood at the end of
 * `to`, and the money that moved inside the range, both exact to the day.
 */
async function rangeFigures(
  deps: Deps,
  scope: { councilId: string } | { funderId: string },
  pots: readonly Pot[],
  range: { from: IsoDate; to: IsoDate },
): Promise<{ asAt: Pot[]; flows: Flows; months: Summary[]; byDomain: OutcomeSpendRow[] }> {
  const keep = new Set(pots.map((p) => `${p.planId}/${p.potId}`));
  const mine = (rows: Summary[]) => rows.filter((r) => keep.has(`${r.planId}/${r.potId}`));
  const [months = [], ...dayMonths] = await Promise.all([
    deps.store.listSummaries(scope, 'month').then(mine),
    ...dayMonthsFor(range).map((month) => deps.store.listSummaries(scope, 'day', month).then(mine)),
  ]);
  const days = dayMonths.flat();
  return {
    asAt: potsAsAt(pots, months, days, range.to),
    flows: flowsWithin(months, days, range),
    months,
    byDomain: domainSpendWithin(months, days, range),
  };
}

/**
 * A council's reconciliation from its figures (domain/council-figures.ts): O(shards × months),
 * whatever the council's size. `balanced` means the totals reconcile. With `verify: 'pots'` it
 * reads every pot and its summaries instead, names any pot whose balances or summaries disagree,
 * and says whether the figures agree with the pots.
 */
export async function councilReconciliation(
  deps: Deps,
  actor: Actor,
  councilId: string,
  range: Range,
  options: { verify?: 'pots' } = {},
): Promise<CouncilReconciliation> {
  if (!can(actor, 'council:report', { kind: 'council', councilId }))
    throw forbidden(`see council ${councilId}'s reports`);
  const months = await deps.store.listFigures(councilId, 'figure-month');
  const { from, to } = resolveRange(range, figureGroups(months));
  const figures = await councilFigures(deps, councilId, months, { from, to });
  if (options.verify !== 'pots')
    return { councilId, from, to, verified: 'totals', ...figures, summaryMismatches: [] };
  const verified = await reconciliationOfPots(deps, councilId, { from, to });
  return { ...verified, verified: 'pots', figuresAgree: sameFigures(verified, figures) };
}

async function councilFigures(
  deps: Deps,
  councilId: string,
  months: readonly Summary[],
  range: { from: IsoDate; to: IsoDate },
): Promise<FromFigures> {
  const [plans, shortfalls, ...dayMonths] = await Promise.all([
    deps.store.listFigures(councilId, 'figure-plans'),
    deps.store.listFigures(councilId, 'figure-shortfall'),
    ...dayMonthsFor(range).map((month) => deps.store.listFigures(councilId, 'figure-day', month)),
  ]);
  const {
    report,
    flows,
    shortfalls: short,
  } = reconcileFigures(
    councilId,
    { months, days: dayMonths.flat(), plans: plans ?? [], shortfalls: shortfalls ?? [] },
    range,
  );
  return { ...report, flows, shortfalls: short };
}

/** The figures a verification compares: every total, row, flow and count. */
function sameFigures(a: Omit<CouncilReconciliation, 'verified'>, b: FromFigures): boolean {
  const pick = (r: FromFigures) =>
    JSON.stringify([r.rows, r.totals, r.spendByOutcomeDomain, r.plans, r.pots, r.flows, r.shortfalls]);
  return pick(a) === pick(b);
}

async function reconciliationOfPots(
  deps: Deps,
  councilId: string,
  range: { from: IsoDate; to: IsoDate },
): Promise<Omit<CouncilReconciliation, 'verified'>> {
  const all = await deps.store.listCouncilPots(councilId);
  const { from, to } = range;
  const pots = all.filter((p) => overlaps(p, from, to));
  const _keep = new Set(pots.map((p) => `${p.planId}/${p.potId}`));
  const figures = await rangeFigures(deps, { councilId }, pots, { from, to });
  const report = reconcileAsAt(pots, figures.asAt, figures.byDomain);
  // The stored balances must still agree with all their summaries, whatever the range.
  const mismatches = summaryMismatches(pots, figures.months);
  return {
    councilId,
    from,
    to,
    ...report,
    flows: figures.flows,
    summaryMismatches: mismatches,
    shortfalls: pots
      .filter((p) => p.shortfall !== undefined)
      .map((p) => ({
        planId: p.planId,
        potId: p.potId,
        stream: p.stream,
        ...(p.shortfall as NonNullable<Pot['shortfall']>),
      })),
    balanced: report.balanced && mismatches.length === 0,
  };
}

export interface FunderReconciliation extends Reconciliation {
  funderId: string;
  from: IsoDate;
  to: IsoDate;
  flows: Flows;
  byCouncil: Array<{
    councilId: string;
    mode: string;
    allocated: string;
    spent: string;
    held: string;
    pots: number;
  }>;
  modeSplit: Array<{ mode: string; pots: number; allocated: string; spent: string }>;
}

export async function funderReconciliation(
  deps: Deps,
  actor: Actor,
  funderId: string,
  range: Range = {},
): Promise<FunderReconciliation> {
  if (!can(actor, 'funder:report', { kind: 'funder', funderId }))
    throw forbidden(`see funder ${funderId}'s reports`);
  const all = (await deps.store.listFunderPots(funderId)).filter((p) => p.stream === 'health');
  const { from, to } = resolveRange(range, all);
  const inPeriod = all.filter((p) => overlaps(p, from, to));
  const _keep = new Set(inPeriod.map((p) => `${p.planId}/${p.potId}`));
  const figures = await rangeFigures(deps, { funderId }, inPeriod, { from, to });
  // The funder's figures as they stood at the end of the range (section 9c), like the council's.
  const pots = figures.asAt;
  const report = reconcileAsAt(inPeriod, pots, figures.byDomain);
  const group = (key: (p: Pot) => string) => {
    const groups = new Map<string, Pot[]>();
    for (const p of pots) groups.set(key(p), [...(groups.get(key(p)) ?? []), p]);
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  };
  const total = (ps: Pot[], f: (p: Pot) => Money) => Money.sum(ps.map(f)).toString();
  return {
    funderId,
    from,
    to,
    flows: figures.flows,
    ...report,
    byCouncil: group((p) => `${p.councilId}|${p.mode}`).map(([k, ps]) => ({
      councilId: k.split('|')[0] as string,
      mode: k.split('|')[1] as string,
      pots: ps.length,
      allocated: total(ps, (p) => Money.of(p.allocated)),
      spent: total(ps, (p) => Money.of(p.spent)),
      held: total(ps, (p) => Money.of(p.available).plus(Money.of(p.committed))),
    })),
    modeSplit: (['notional', 'third_party', 'direct_payment'] as const).map((mode) => {
      const ps = pots.filter((p) => p.mode === mode);
      return {
        mode,
        pots: ps.length,
        allocated: total(ps, (p) => Money.of(p.allocated)),
        spent: total(ps, (p) => Money.of(p.spent)),
      };
    }),
  };
}
