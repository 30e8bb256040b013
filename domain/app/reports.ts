import { can, canSeePot } from '../access.js';
import { partialMonths, potsAsAt, reconcileAsAt, rowsWithin } from '../as-at.js';
import { figurePeriodBounds, reconcileFigures } from '../council-figures.js';
import { dateOf, financialQuarter, type IsoDate, isWithin } from '../dates.js';
import { DomainError } from '../errors.js';
import type { Actor, JournalEntry, Pot } from '../model.js';
import { Money } from '../money.js';
import type { Page } from '../ports.js';
import {
  type ClientMoney,
  clientMoney,
  type FamilyStatement,
  familyStatement,
  type MonitoringReturn,
  monitoringReturn,
  outcomeRowsOf,
  type Reconciliation,
  type Surplus,
  summaryMismatches,
  surplusOf,
} from '../reports.js';
import { type Summary, sumField } from '../summaries.js';
import { councilPolicy, type Deps, forbidden } from './context.js';
import { checkPage, readablePlan } from './queries.js';
import { type ReturnStatus, returnStatus } from './returns.js';

/**
 * The monitoring reports of DESIGN.md section 6 behind their access rules. Organisation-wide
 * reports read pots and summaries (O(pots × months)), never the journal.
 */

export const statementEntriesMax = 10_000;

export interface Range {
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
}

const overlaps = (pot: Pot, from: IsoDate, to: IsoDate) => pot.period.start <= to && from <= pot.period.end;

/** A range left open runs from the first period start to the last period end. */
const boundsOf = (pots: readonly Pot[]) => ({
  start: pots.map((p) => p.period.start).sort()[0],
  end: pots
    .map((p) => p.period.end)
    .sort()
    .at(-1),
});

function resolveRange(
  range: Range,
  bounds: { start: IsoDate | undefined; end: IsoDate | undefined },
): { from: IsoDate; to: IsoDate } {
  const from = range.from ?? bounds.start ?? '0001-01-01';
  const to = range.to ?? bounds.end ?? '9999-12-31';
  if (from > to)
    throw new DomainError('VALIDATION_FAILED', 'from is after to', [{ path: 'from', message: 'after to' }]);
  return { from, to };
}

async function allEntries(deps: Deps, planId: string): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listEntries(planId, { limit: 100, cursor });
    entries.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor && entries.length < statementEntriesMax);
  return entries;
}

export async function planStatement(
  deps: Deps,
  actor: Actor,
  planId: string,
  range: Range,
): Promise<FamilyStatement> {
  const { plan, pots } = await readablePlan(deps, actor, planId, 'statement:read');
  const visible = pots.filter((p) => canSeePot(actor, plan, p));
  const ids = new Set(visible.map((p) => p.potId));
  const entries = (await allEntries(deps, planId)).filter((e) => e.postings.every((p) => ids.has(p.potId)));
  return familyStatement(
    plan,
    visible,
    entries,
    resolveRange(range, boundsOf(visible)),
    dateOf(deps.clock.now()),
  );
}

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

interface Flows {
  received: string;
  spent: string;
  recovered: string;
}

/**
 * A range's figures from summaries (section 9c): each pot's buckets as they stood at the end of
 * `to`, and the money that moved inside the range, both exact to the day.
 */
async function rangeFigures(
  deps: Deps,
  scope: { councilId: string } | { funderId: string },
  pots: readonly Pot[],
  range: { from: IsoDate; to: IsoDate },
): Promise<{ asAt: Pot[]; flows: Flows; months: Summary[] }> {
  const keep = new Set(pots.map((p) => `${p.planId}/${p.potId}`));
  const mine = (rows: Summary[]) => rows.filter((r) => keep.has(`${r.planId}/${r.potId}`));
  const partial = [
    ...new Set([...partialMonths(range.from, range.to), ...partialMonths('0001-01-01', range.to)]),
  ];
  const [months, ...dayMonths] = await Promise.all([
    deps.store.listSummaries(scope, 'month').then(mine),
    ...partial.map((month) => deps.store.listSummaries(scope, 'day', month).then(mine)),
  ]);
  const days = dayMonths.flat();
  const inRange = rowsWithin(months ?? [], days, range);
  return {
    asAt: potsAsAt(pots, months ?? [], days, range.to),
    flows: {
      received: sumField(inRange, 'received').toString(),
      spent: sumField(inRange, 'spent').toString(),
      recovered: sumField(inRange, 'recovered').toString(),
    },
    months: months ?? [],
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
  const bounds = figurePeriodBounds(months);
  const { from, to } = resolveRange(range, bounds);
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
): Promise<Omit<CouncilReconciliation, 'councilId' | 'from' | 'to' | 'verified' | 'summaryMismatches'>> {
  const partial = [
    ...new Set([...partialMonths(range.from, range.to), ...partialMonths('0001-01-01', range.to)]),
  ];
  const [plans, shortfalls, ...dayMonths] = await Promise.all([
    deps.store.listFigures(councilId, 'figure-plans'),
    deps.store.listFigures(councilId, 'figure-shortfall'),
    ...partial.map((month) => deps.store.listFigures(councilId, 'figure-day', month)),
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
function sameFigures(
  a: Omit<CouncilReconciliation, 'verified'>,
  b: Omit<CouncilReconciliation, 'councilId' | 'from' | 'to' | 'verified' | 'summaryMismatches'>,
): boolean {
  const pick = (r: typeof b) =>
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
  const keep = new Set(pots.map((p) => `${p.planId}/${p.potId}`));
  const [outcomes, figures] = await Promise.all([
    deps.store.listSummaries({ councilId }, 'outcome'),
    rangeFigures(deps, { councilId }, pots, { from, to }),
  ]);
  const outcomeRows = outcomeRowsOf(outcomes.filter((r) => keep.has(`${r.planId}/${r.potId}`)));
  const report = reconcileAsAt(pots, figures.asAt, outcomeRows);
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
  const { from, to } = resolveRange(range, boundsOf(all));
  const inPeriod = all.filter((p) => overlaps(p, from, to));
  const keep = new Set(inPeriod.map((p) => `${p.planId}/${p.potId}`));
  const [outcomes, figures] = await Promise.all([
    deps.store.listSummaries({ funderId }, 'outcome'),
    rangeFigures(deps, { funderId }, inPeriod, { from, to }),
  ]);
  // The funder's figures as they stood at the end of the range (section 9c), like the council's.
  const pots = figures.asAt;
  const report = reconcileAsAt(
    inPeriod,
    pots,
    outcomeRowsOf(outcomes.filter((r) => keep.has(`${r.planId}/${r.potId}`))),
  );
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

export async function brokerClientMoney(deps: Deps, actor: Actor, brokerId: string): Promise<ClientMoney> {
  if (!can(actor, 'broker:report', { kind: 'broker', brokerId }))
    throw forbidden(`see broker ${brokerId}'s client money`);
  const pots = await deps.store.listHolderPots(brokerId);
  // A council officer sees only the broker's clients of their own council.
  return clientMoney(
    brokerId,
    actor.role === 'council_officer' ? pots.filter((p) => p.councilId === actor.org) : pots,
  );
}

export interface SurplusReport {
  councilId: string;
  items: Surplus[];
  totalRecoverable: string;
}

export async function councilSurpluses(deps: Deps, actor: Actor, councilId: string): Promise<SurplusReport> {
  if (!can(actor, 'council:report', { kind: 'council', councilId }))
    throw forbidden(`see council ${councilId}'s reports`);
  const policy = await councilPolicy(deps, councilId);
  const items = (await deps.store.listCouncilPots(councilId))
    .map((p) => surplusOf(p, policy))
    .filter((s): s is Surplus => s !== undefined && Money.of(s.recoverable).isPositive())
    .sort((a, b) => `${a.planId}/${a.potId}`.localeCompare(`${b.planId}/${b.potId}`));
  return {
    councilId,
    items,
    totalRecoverable: Money.sum(items.map((s) => Money.of(s.recoverable))).toString(),
  };
}

/**
 * Plans (and pots) whose review is past due on the review clock (section 9b): the open review
 * items of the page's plans, read by key.
 */
async function overdueReviewsOf(deps: Deps, pots: readonly Pot[], asOf: IsoDate): Promise<Set<string>> {
  const reads = [
    ...[...new Set(pots.map((p) => p.planId))].flatMap((planId) =>
      (['budget_review', 'annual_review'] as const).map(async (kind) => ({
        id: planId,
        item: await deps.store.getWork(planId, kind, '-'),
      })),
    ),
    ...pots.map(async (p) => ({
      id: `${p.planId}/${p.potId}`,
      item: await deps.store.getWork(p.planId, 'adult_direct_payment_review', p.potId),
    })),
  ];
  const found = await Promise.all(reads);
  return new Set(found.filter((f) => f.item?.open && f.item.due < asOf).map((f) => f.id));
}

/** What a council's monitoring return adds about the holder's own return (section 9a). */
export interface ReturnFacts {
  returnStatus: ReturnStatus;
  spendsWithoutEvidence: string[];
  flags: MonitoringReturn['flags'] & { returnOverdue: boolean };
}

export async function councilMonitoringReturns(
  deps: Deps,
  actor: Actor,
  councilId: string,
  quarter: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<MonitoringReturn & ReturnFacts> & { quarter: string; from: IsoDate; to: IsoDate }> {
  if (!can(actor, 'council:report', { kind: 'council', councilId }))
    throw forbidden(`see council ${councilId}'s reports`);
  checkPage(page);
  const q = financialQuarter(quarter);
  const after = page.cursor === undefined ? '' : Buffer.from(page.cursor, 'base64url').toString('utf8');
  const pots = (await deps.store.listCouncilPots(councilId))
    .filter((p) => p.mode === 'direct_payment' && overlaps(p, q.start, q.end))
    .sort((a, b) => `${a.planId}/${a.potId}`.localeCompare(`${b.planId}/${b.potId}`))
    .filter((p) => `${p.planId}/${p.potId}` > after);
  const pagePots = pots.slice(0, page.limit);
  // Only this page's plans' summaries: a page costs O(its pots × months), not the council's.
  const planIds = [...new Set(pagePots.map((p) => p.planId))];
  const read = (kind: 'month' | 'category') =>
    Promise.all(planIds.map((planId) => deps.store.listSummaries({ planId }, kind))).then((rows) =>
      rows.flat(),
    );
  const [months, categories, returns, spends, overdueReviews] = await Promise.all([
    read('month'),
    read('category'),
    Promise.all(planIds.map((planId) => deps.store.listReturns(planId))).then((r) => r.flat()),
    Promise.all(planIds.map((planId) => deps.store.listSpends(planId))).then((r) => r.flat()),
    overdueReviewsOf(deps, pagePots, dateOf(deps.clock.now())),
  ]);
  const policy = await councilPolicy(deps, councilId);
  const asOf = dateOf(deps.clock.now());
  const items = pagePots.map((p): MonitoringReturn & ReturnFacts => {
    const reviewOverdue = overdueReviews.has(p.planId) || overdueReviews.has(`${p.planId}/${p.potId}`);
    const report = monitoringReturn(p, months, categories, { name: quarter, ...q }, policy, reviewOverdue);
    const status = returnStatus(
      p,
      quarter,
      returns.filter((r) => r.planId === p.planId),
      asOf,
      policy,
    );
    return {
      ...report,
      returnStatus: status,
      flags: { ...report.flags, returnOverdue: status === 'overdue' },
      // The spends of the quarter still without evidence, by id (section 9a), not only a count.
      spendsWithoutEvidence: spends
        .filter(
          (s) =>
            s.planId === p.planId &&
            s.potId === p.potId &&
            s.status === 'paid' &&
            s.evidence === undefined &&
            isWithin(s.paidOn ?? s.date, q.start, q.end),
        )
        .map((s) => s.spendId)
        .sort(),
    };
  });
  const last = pagePots.at(-1);
  return {
    quarter,
    from: q.start,
    to: q.end,
    items,
    next:
      pots.length > page.limit && last
        ? Buffer.from(`${last.planId}/${last.potId}`, 'utf8').toString('base64url')
        : null,
  };
}

/** Every entry of a council's plans, for the plain-text journal export (an export reads it all). */
export async function councilJournal(
  deps: Deps,
  actor: Actor,
  councilId: string,
): Promise<{ entries: JournalEntry[]; pots: Pot[] }> {
  if (!can(actor, 'journal:export', { kind: 'council', councilId }))
    throw forbidden(`export council ${councilId}'s journal`);
  const plans = await deps.store.listCouncilPlans(councilId);
  const entries: JournalEntry[] = [];
  const pots: Pot[] = [];
  for (const plan of plans.sort((a, b) => a.planId.localeCompare(b.planId))) {
    pots.push(...(await deps.store.getPots(plan.planId)));
    entries.push(...(await allEntries(deps, plan.planId)));
  }
  return { entries, pots };
}
