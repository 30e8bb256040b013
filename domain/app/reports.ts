import { can, canSeePot } from '../access.js';
import { overlaps, type Range, resolveRange } from '../as-at.js';
import { dateOf, financialQuarter, type IsoDate, isWithin } from '../dates.js';
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
  type Surplus,
  surplusOf,
} from '../reports.js';
import { councilPolicy, type Deps, forbidden } from './context.js';
import { checkPage, readablePlan } from './queries.js';
import { spendsWithReceipts } from './receipts.js';
import { type ReturnStatus, returnStatus } from './returns.js';
import { unexplainedWithin } from './statement-figures.js';
import { potLines } from './statement-lines.js';

/**
 * The monitoring reports of DESIGN.md section 6 behind their access rules (reconciliations are in
 * reconciliations.ts). Organisation-wide reports read pots and summaries, never the journal.
 */

export const statementEntriesMax = 10_000;

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
  /** Statement lines of the quarter no spend explains yet (section 11b). */
  unexplainedLines: number;
  unexplainedAmount: string;
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
  const receipted = new Set(
    (await Promise.all(planIds.map((planId) => spendsWithReceipts(deps, planId)))).flatMap((ids) => [...ids]),
  );
  const statementLines = new Map(
    await Promise.all(
      pagePots.map(
        async (p) =>
          [`${p.planId}/${p.potId}`, potLines(await deps.store.getPotStatements(p.planId, p.potId))] as const,
      ),
    ),
  );
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
            !receipted.has(s.spendId) &&
            isWithin(s.paidOn ?? s.date, q.start, q.end),
        )
        .map((s) => s.spendId)
        .sort(),
      ...unexplainedWithin(statementLines.get(`${p.planId}/${p.potId}`) ?? [], q.start, q.end),
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
