import { can, canSeePot } from '../access.js';
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
  reconcile,
  type Surplus,
  summaryMismatches,
  surplusOf,
} from '../reports.js';
import { sumField } from '../summaries.js';
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

function resolveRange(range: Range, pots: readonly Pot[]): { from: IsoDate; to: IsoDate } {
  const from = range.from ?? pots.map((p) => p.period.start).sort()[0] ?? '0001-01-01';
  const to =
    range.to ??
    pots
      .map((p) => p.period.end)
      .sort()
      .at(-1) ??
    '9999-12-31';
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
  return familyStatement(plan, visible, entries, resolveRange(range, visible), dateOf(deps.clock.now()));
}

export interface CouncilReconciliation extends Reconciliation {
  councilId: string;
  from: IsoDate;
  to: IsoDate;
  flows: { received: string; spent: string; recovered: string };
  summaryMismatches: Array<{ planId: string; potId: string }>;
}

export async function councilReconciliation(
  deps: Deps,
  actor: Actor,
  councilId: string,
  range: Range,
): Promise<CouncilReconciliation> {
  if (!can(actor, 'council:report', { kind: 'council', councilId }))
    throw forbidden(`see council ${councilId}'s reports`);
  const all = await deps.store.listCouncilPots(councilId);
  const { from, to } = resolveRange(range, all);
  const pots = all.filter((p) => overlaps(p, from, to));
  const keep = new Set(pots.map((p) => `${p.planId}/${p.potId}`));
  const [outcomes, months] = await Promise.all([
    deps.store.listSummaries({ councilId }, 'outcome'),
    deps.store.listSummaries({ councilId }, 'month'),
  ]);
  const mine = <T extends { planId: string; potId: string }>(rows: T[]) =>
    rows.filter((r) => keep.has(`${r.planId}/${r.potId}`));
  const outcomeRows = outcomeRowsOf(mine(outcomes));
  const report = reconcile(pots, outcomeRows);
  const ourMonths = mine(months);
  const mismatches = summaryMismatches(pots, ourMonths);
  const inRange = ourMonths.filter((m) => m.key >= from.slice(0, 7) && m.key <= to.slice(0, 7));
  return {
    councilId,
    from,
    to,
    ...report,
    flows: {
      received: sumField(inRange, 'received').toString(),
      spent: sumField(inRange, 'spent').toString(),
      recovered: sumField(inRange, 'recovered').toString(),
    },
    summaryMismatches: mismatches,
    balanced: report.balanced && mismatches.length === 0,
  };
}

export interface FunderReconciliation extends Reconciliation {
  funderId: string;
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
): Promise<FunderReconciliation> {
  if (!can(actor, 'funder:report', { kind: 'funder', funderId }))
    throw forbidden(`see funder ${funderId}'s reports`);
  const pots = (await deps.store.listFunderPots(funderId)).filter((p) => p.stream === 'health');
  const outcomes = await deps.store.listSummaries({ funderId }, 'outcome');
  const report = reconcile(pots, outcomeRowsOf(outcomes));
  const group = (key: (p: Pot) => string) => {
    const groups = new Map<string, Pot[]>();
    for (const p of pots) groups.set(key(p), [...(groups.get(key(p)) ?? []), p]);
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  };
  const total = (ps: Pot[], f: (p: Pot) => Money) => Money.sum(ps.map(f)).toString();
  return {
    funderId,
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
  const policy = councilPolicy(deps, councilId);
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
  const [months, categories, returns, spends] = await Promise.all([
    read('month'),
    read('category'),
    Promise.all(planIds.map((planId) => deps.store.listReturns(planId))).then((r) => r.flat()),
    Promise.all(planIds.map((planId) => deps.store.listSpends(planId))).then((r) => r.flat()),
  ]);
  const policy = councilPolicy(deps, councilId);
  const asOf = dateOf(deps.clock.now());
  const items = pagePots.map((p): MonitoringReturn & ReturnFacts => {
    const report = monitoringReturn(p, months, categories, { name: quarter, ...q }, policy, asOf);
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
