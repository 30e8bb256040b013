import { can } from '../access.js';
import { addDays, dateOf, financialQuarter, type IsoDate, monthOf, quarterOf } from '../dates.js';
import { DomainError } from '../errors.js';
import type { HolderReturn, Pot } from '../model.js';
import { Money } from '../money.js';
import type { SpendPolicy } from '../policy.js';
import type { Write } from '../ports.js';
import { sumField } from '../summaries.js';
import { closeWork, nextReturnDue } from '../work.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  councilPolicy,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, potOf } from './posting.js';
import { statementBalance } from './statement-figures.js';
import { changePot, commitUnit, put, setWork } from './unit.js';

/**
 * The holder's quarterly return (DESIGN.md section 9a): the bank balance they declare beside what
 * the ledger says they held at the quarter's end (available + committed), and the difference. A
 * later return for the same quarter supersedes the earlier one; none is ever edited.
 */

export interface ReturnInput {
  quarter: string;
  /** Optional since section 11b: without it, the statements' balance at the quarter's end is used. */
  bankBalance?: string | undefined;
  declaration: true;
  notes?: string | undefined;
}

export async function submitReturn(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  input: ReturnInput,
): Promise<CommandOutcome<HolderReturn>> {
  const given = input.bankBalance === undefined ? undefined : Money.parse(input.bankBalance, 'bankBalance');
  const q = financialQuarter(input.quarter);
  return runCommand<HolderReturn>(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'spend:account', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('submit returns for this pot');
    if (pot.mode !== 'direct_payment') {
      throw new DomainError(
        'NOT_A_DIRECT_PAYMENT',
        `pot ${potId} is ${pot.mode.replace('_', ' ')}; returns are for direct payments`,
      );
    }
    if (q.end < pot.period.start || q.start > pot.period.end) {
      throw new DomainError(
        'OUTSIDE_BUDGET_PERIOD',
        `${input.quarter} is outside pot ${potId}'s budget period`,
      );
    }
    // A return accounts for a quarter that is over (section 11a): its closing figure is final.
    const today = todayOf(deps);
    if (q.end >= today) {
      throw new DomainError(
        'QUARTER_NOT_ENDED',
        `${input.quarter} ends on ${q.end}; its return can be made from ${addDays(q.end, 1)}`,
        [{ path: 'quarter', message: `not ended on ${today}` }],
      );
    }
    const fromStatement =
      given === undefined ? await statementBalance(deps, planId, potId, q.end) : undefined;
    if (given === undefined && fromStatement === undefined)
      throw new DomainError(
        'BANK_BALANCE_REQUIRED',
        `give bankBalance: no statement line of pot ${potId} gives a balance on or before ${q.end}`,
        [{ path: 'bankBalance', message: 'required' }],
      );
    const bank = given ?? Money.of(fromStatement as string);
    const months = (await deps.store.listSummaries({ planId }, 'month')).filter(
      (m) => m.potId === potId && m.key <= monthOf(q.end),
    );
    const closing = sumField(months, 'available').plus(sumField(months, 'committed'));
    const difference = bank.minus(closing);
    const held: HolderReturn = {
      planId,
      potId,
      returnId: deps.ids.next(),
      quarter: input.quarter,
      closing: closing.toString(),
      bankBalance: bank.toString(),
      bankBalanceSource: given === undefined ? 'statement' : 'holder',
      difference: difference.toString(),
      status: difference.isZero() ? 'accepted' : 'query',
      declaration: true,
      ...(input.notes === undefined ? {} : { notes: input.notes }),
      submittedAt: deps.clock.now().toISOString(),
      submittedBy: actorRef(ctx.actor),
    };
    return {
      unit: {
        writes: [
          ...(await returnWorkAfter(deps, pot, input.quarter)),
          put({ type: 'return', held }),
          eventWrite(deps, actorRef(ctx.actor), planId, 'return_submitted', {
            potId,
            details: { quarter: held.quarter, status: held.status, difference: held.difference },
          }),
        ],
      },
      result: held,
    };
  });
}

/**
 * Moves the pot's return item on to the earliest quarter still without a return, once the
 * quarter it waits for is returned (or closes it when the period has no quarter left).
 */
async function returnWorkAfter(deps: Deps, pot: Pot, quarter: string): Promise<Write[]> {
  const item = await deps.store.getWork(pot.planId, 'return_overdue', pot.potId);
  if (!item?.open || item.quarter !== quarter) return [];
  const policy = await councilPolicy(deps, pot.councilId);
  const returned = new Set(
    (await deps.store.listReturns(pot.planId)).filter((r) => r.potId === pot.potId).map((r) => r.quarter),
  );
  returned.add(quarter);
  let next = nextReturnDue(pot, quarter, policy);
  while (next && returned.has(next.quarter)) next = nextReturnDue(pot, next.quarter, policy);
  const now = deps.clock.now();
  return [
    setWork(
      next
        ? { ...item, due: next.due, quarter: next.quarter, updatedAt: now.toISOString() }
        : closeWork(item, now),
    ),
  ];
}

export type ReturnStatus = 'not_due' | 'submitted' | 'query' | 'due' | 'overdue';

/** Where a pot's return for a quarter stands on a day (section 9a): the latest one counts. */
export function returnStatus(
  pot: Pick<Pot, 'potId'>,
  quarter: string,
  returns: readonly HolderReturn[],
  asOf: IsoDate,
  policy: Pick<SpendPolicy, 'returnDueDays'>,
): ReturnStatus {
  const latest = returns
    .filter((r) => r.potId === pot.potId && r.quarter === quarter)
    .sort((a, b) => a.returnId.localeCompare(b.returnId))
    .at(-1);
  if (latest) return latest.status === 'accepted' ? 'submitted' : 'query';
  const { end } = financialQuarter(quarter);
  if (asOf <= end) return 'not_due';
  return asOf <= addDays(end, policy.returnDueDays) ? 'due' : 'overdue';
}

export const todayOf = (deps: Deps): IsoDate => dateOf(deps.clock.now());

/**
 * The daily job's part (section 9a, policy suspendOnOverdueReturn): direct payments of a council
 * whose return for the last ended quarter is overdue are suspended, reason `return_overdue`.
 */
export async function suspendOverdueReturns(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  councilId: string,
): Promise<{ suspended: number }> {
  const policy = await councilPolicy(deps, councilId);
  if (!policy.suspendOnOverdueReturn) return { suspended: 0 };
  const asOf = todayOf(deps);
  const quarter = quarterOf(addDays(financialQuarter(quarterOf(asOf)).start, -1));
  const q = financialQuarter(quarter);
  const pots = (await deps.store.listCouncilPots(councilId)).filter(
    (p) =>
      p.mode === 'direct_payment' &&
      !p.suspended &&
      !p.ceased &&
      p.period.start <= q.end &&
      q.start <= p.period.end,
  );
  let suspended = 0;
  for (const planId of [...new Set(pots.map((p) => p.planId))].slice(0, overdueReturnPlansMax)) {
    const returns = await deps.store.listReturns(planId);
    for (const pot of pots.filter((p) => p.planId === planId)) {
      if (returnStatus(pot, quarter, returns, asOf, policy) !== 'overdue') continue;
      const outcome = await commitUnit(deps, {
        writes: [
          changePot({
            planId,
            potId: pot.potId,
            deltas: {},
            expect: { suspended: false },
            set: { suspended: true, suspensionReason: 'return_overdue' },
          }),
          eventWrite(deps, actorRef(ctx.actor), planId, 'suspended', {
            potId: pot.potId,
            reason: 'return_overdue',
            details: { quarter },
          }),
        ],
      });
      if (outcome.ok) suspended++;
    }
  }
  return { suspended };
}

/** Plans one council's daily check reads at most (its direct payments'); the rest wait a day. */
export const overdueReturnPlansMax = 20_000;
