import { Decimal } from 'decimal.js';
import { type Ctx, type Handler, type PageRoute, page, todayOf } from '../context.js';
import { words } from '../format.js';
import { personLabel } from '../people.js';
import { endedQuarters, periodWords, potName, quarterName, streamName } from '../words.js';
import { budgetRequestPages } from './budget-requests.js';
import { isFamily, loadPlan, type Plan, spendablePots } from './plan.js';
import { planStatementPages } from './plan-statement.js';
import { spendJourneyPages } from './spend-journey.js';
import { spendPages } from './spends.js';

/**
 * The family's screens (phone first), also used by brokers and officers on the plans they see: the
 * plan's home here (the budget at a glance and "Things to do"); recording a spend
 * (spend-journey.ts), the spends with their statuses (spends.ts), the statement
 * (plan-statement.ts) and asking for a personal budget (budget-requests.ts).
 */

type Event = { kind: string; potId?: string; details?: Record<string, unknown> };

/** The returns a family still owes: each ended quarter of a direct payment without a return. */
function returnsDue(plan: Plan, events: Event[], today: string): Array<{ potId: string; quarter: string }> {
  const sent = new Set(
    events
      .filter((e) => e.kind === 'return_submitted')
      .map((e) => `${e.potId}/${String(e.details?.quarter ?? '')}`),
  );
  return plan.pots
    .filter((p) => p.mode === 'direct_payment')
    .flatMap((p) =>
      endedQuarters(p.period, today)
        .filter((q) => !sent.has(`${p.potId}/${q}`))
        .map((quarter) => ({ potId: p.potId, quarter })),
    );
}

/**
 * Lines of a bank statement the family has not explained yet (DESIGN.md 11b), when the API has
 * them; a pot whose lines cannot be read shows none (the page degrades quietly).
 */
async function unexplainedLines(ctx: Ctx, plan: Plan): Promise<Array<{ potId: string; count: number }>> {
  const pots = plan.pots.filter((p) => p.mode === 'direct_payment');
  const answers = await Promise.all(
    pots.map((p) =>
      ctx.api
        .get(`/v1/plans/${plan.planId}/pots/${p.potId}/statements/lines?status=unexplained&limit=100`)
        .catch(() => undefined),
    ),
  );
  return pots.flatMap((p, i) => {
    const items = answers[i]?.status === 200 ? answers[i]?.body.items : undefined;
    // Money out to explain; an unmatched credit is the council's to look into, not the family's.
    const count = Array.isArray(items)
      ? items.filter((l: { amount?: string }) => String(l.amount ?? '').startsWith('-')).length
      : 0;
    return count > 0 ? [{ potId: p.potId, count }] : [];
  });
}

/**
 * The plan's home. A family's starts with what it may spend ("You have £X to spend" over the direct
 * payments it holds), then "Things to do", then the support arranged for it (DESIGN.md 11c);
 * the staff's shows each pot's money.
 */
const budget: Handler = async (ctx) => {
  const family = isFamily(ctx);
  const planId = ctx.params.planId;
  const [loaded, statement, spendList, events] = await Promise.all([
    loadPlan(ctx),
    ctx.api.get(`/v1/plans/${planId}/statement`),
    family ? ctx.api.get<'SpendsPage'>(`/v1/plans/${planId}/spends?limit=50`) : undefined,
    family ? ctx.api.get(`/v1/plans/${planId}/events?limit=50`) : undefined,
  ]);
  if ('fail' in loaded) return loaded.fail;
  const plan = loaded.plan;
  const byOutcome =
    (statement.body.byOutcome as Array<{ outcomeId: string; spent: string }> | undefined) ?? [];
  const outcomes = new Map(plan.outcomes.map((o) => [o.id, o.description]));
  const totals = new Map<string, Decimal>();
  for (const row of byOutcome)
    totals.set(row.outcomeId, (totals.get(row.outcomeId) ?? new Decimal(0)).plus(row.spent));
  const bars = [...totals.entries()].map(([id, spent]) => ({
    label: outcomes.get(id) ?? 'Other',
    value: spent.toFixed(2),
  }));
  const held = plan.pots.filter((p) => p.mode === 'direct_payment');
  const arranged = plan.pots.filter((p) => p.mode !== 'direct_payment');
  const today = todayOf(ctx.config);
  const spends = spendList?.status === 200 ? spendList.body.items : [];
  const heldIds = new Set(held.map((p) => p.potId));
  const todo = family
    ? {
        returns: returnsDue(plan, events?.status === 200 ? (events.body.items as Event[]) : [], today).map(
          (r) => ({ ...r, name: quarterName(r.quarter) }),
        ),
        receipts: spends.filter((s) => s.status === 'paid' && !s.evidence && heldIds.has(s.potId)),
        waiting: spends.filter((s) => s.status === 'pending_approval'),
        lines: await unexplainedLines(ctx, plan),
      }
    : undefined;
  return page(ctx, 'plan.njk', {
    title: family ? 'Your budget' : `Budget for ${personLabel(plan.child)}`,
    family,
    plan,
    person: personLabel(plan.child),
    toSpend: held.reduce((sum, p) => sum.plus(p.available), new Decimal(0)).toFixed(2),
    held: held.map((p) => ({ ...p, name: potName(p), periodText: periodWords(p.period) })),
    arranged: arranged.map((p) => ({
      ...p,
      name: words(streamName(p.stream)),
      who: p.mode === 'third_party' ? 'a broker' : 'the council',
      periodText: periodWords(p.period),
    })),
    pots: plan.pots.map((p) => ({ ...p, name: potName(p) })),
    todo,
    todoCount: todo
      ? todo.returns.length + todo.receipts.length + todo.waiting.length + todo.lines.length
      : 0,
    bars,
    canSpend: spendablePots(plan).length > 0,
    today,
  });
};

// Fixed paths (/spends/new) before the patterns that would take them as ids (/spends/:spendId).
export const familyPages: PageRoute[] = [
  { method: 'GET', pattern: '/plans/:planId', handler: budget },
  ...spendJourneyPages,
  ...spendPages,
  ...planStatementPages,
  ...budgetRequestPages,
];
