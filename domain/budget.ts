import { daysBetween, type IsoDate, isWithin } from './dates.js';
import { DomainError, type FieldIssue } from './errors.js';
import { emptyBalances, writeBalances } from './ledger.js';
import type { Frequency, HoldingMode, Period, Plan, Pot, Stream } from './model.js';
import { Money } from './money.js';
import { instalmentCount } from './schedule.js';

/** Budget rules (DESIGN.md sections 1 and 3): pots, funders, modes, holders and schedules. */

export const periodDaysMax = 366;
export const potsPerBudgetMax = 9;

export interface PotInput {
  potId: string;
  stream: Stream;
  funderId: string;
  mode: HoldingMode;
  holderId?: string | undefined;
  allocation: string;
  schedule?: { frequency: Frequency; firstDate?: IsoDate | undefined } | undefined;
}

export interface BudgetInput {
  period: Period;
  pots: PotInput[];
  /** Why the allocation is below the costed provisions it pays for (section 9b). */
  shortfallReason?: string | undefined;
}

export interface Shortfall {
  stream: Stream;
  /** What the stream's costed provisions cost over the period, pro rata. */
  cost: string;
  allocation: string;
  shortfall: string;
  reason: string;
}

/**
 * Streams whose allocation for the period is below what their costed provisions cost over it:
 * annual cost × period days ÷ 365, rounded half-up to the penny (section 9b). Provisions retired
 * by the period's start do not count; pots already set up for the same period do.
 */
export function costShortfalls(
  plan: Plan,
  existing: readonly Pot[],
  input: BudgetInput,
): Array<Omit<Shortfall, 'reason'>> {
  const days = String(daysBetween(input.period.start, input.period.end) + 1);
  const out: Array<Omit<Shortfall, 'reason'>> = [];
  for (const stream of new Set(input.pots.map((p) => p.stream))) {
    const annual = Money.sum(
      plan.provisions
        .filter((p) => p.stream === stream && p.annualCost !== undefined)
        .filter((p) => p.retiredFrom === undefined || p.retiredFrom > input.period.start)
        .map((p) => Money.of(p.annualCost ?? '0')),
    );
    if (annual.isZero()) continue;
    const cost = annual.mulDiv(days, '365');
    const allocation = Money.sum([
      ...input.pots.filter((p) => p.stream === stream).map((p) => Money.parse(p.allocation)),
      ...existing
        .filter((p) => p.stream === stream && p.period.start === input.period.start && !p.ceased)
        .map((p) => Money.of(p.allocated)),
    ]);
    if (allocation.lessThan(cost))
      out.push({
        stream,
        cost: cost.toString(),
        allocation: allocation.toString(),
        shortfall: cost.minus(allocation).toString(),
      });
  }
  return out;
}

const overlaps = (a: Period, b: Period): boolean => a.start <= b.end && b.start <= a.end;

/** The council funds education and social care; a health body (never the council) funds health. */
export function funderFits(plan: Plan, stream: Stream, funderId: string): boolean {
  return stream === 'health' ? funderId !== plan.councilId : funderId === plan.councilId;
}

export function budgetIssues(plan: Plan, existing: readonly Pot[], input: BudgetInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { period } = input;
  if (period.start > period.end) issues.push({ path: 'period', message: 'period ends before it starts' });
  else if (daysBetween(period.start, period.end) + 1 > periodDaysMax) {
    issues.push({ path: 'period', message: `a budget period is at most ${periodDaysMax} days` });
  }
  const ids = new Set(existing.map((p) => p.potId));
  const combos = new Set(
    existing
      // A ceased pot blocks a new pot of its stream and mode only until its cessation (section 9a).
      .filter((p) => overlaps(p.ceased ? { start: p.period.start, end: p.ceased.date } : p.period, period))
      .map((p) => `${p.stream}/${p.mode}`),
  );
  input.pots.forEach((pot, i) => {
    const at = (field: string) => `pots.${i}.${field}`;
    if (ids.has(pot.potId))
      issues.push({ path: at('potId'), message: `pot id ${pot.potId} is already used in this plan` });
    ids.add(pot.potId);
    const combo = `${pot.stream}/${pot.mode}`;
    if (combos.has(combo)) {
      issues.push({ path: at('mode'), message: `only one ${pot.stream} ${pot.mode} pot per budget period` });
    }
    combos.add(combo);
    if (!funderFits(plan, pot.stream, pot.funderId)) {
      issues.push({
        path: at('funderId'),
        message:
          pot.stream === 'health'
            ? 'a health pot is funded by the health commissioner, not the council'
            : `a ${pot.stream} pot is funded by the plan's council ${plan.councilId}`,
      });
    }
    if (!plan.provisions.some((p) => p.stream === pot.stream)) {
      issues.push({
        path: at('stream'),
        message: `the plan has no ${pot.stream} provision for this pot to fund`,
      });
    }
    if (pot.mode === 'third_party' && pot.holderId === undefined) {
      issues.push({ path: at('holderId'), message: 'a third-party pot names the broker that holds it' });
    }
    if (pot.mode === 'third_party' && pot.holderId !== undefined) {
      if (pot.holderId === plan.councilId || pot.holderId === pot.funderId) {
        issues.push({
          path: at('holderId'),
          message:
            'a third-party pot is held by a broker, not by the council or the funder (that is a notional pot)',
        });
      }
    }
    if (pot.mode !== 'third_party' && pot.holderId !== undefined) {
      issues.push({ path: at('holderId'), message: 'only third-party pots have a broker holder' });
    }
    if (pot.mode === 'notional' && pot.schedule !== undefined) {
      issues.push({
        path: at('schedule'),
        message: 'a notional pot releases no cash, so it has no schedule',
      });
    }
    if (pot.mode !== 'notional' && pot.schedule === undefined) {
      issues.push({ path: at('schedule'), message: 'a cash pot needs an instalment schedule' });
    }
    const first = pot.schedule?.firstDate;
    if (first !== undefined && !isWithin(first, period.start, period.end)) {
      issues.push({
        path: at('schedule.firstDate'),
        message: 'the first instalment falls outside the budget period',
      });
    }
    if (!Money.parse(pot.allocation, at('allocation')).isPositive()) {
      issues.push({ path: at('allocation'), message: 'allocation must be greater than zero' });
    }
  });
  return issues;
}

export function newPots(plan: Plan, existing: readonly Pot[], input: BudgetInput, startedAt: IsoDate): Pot[] {
  if (plan.status !== 'active')
    throw new DomainError('PLAN_NOT_ACTIVE', `plan ${plan.planId} is ${plan.status}`);
  const issues = budgetIssues(plan, existing, input);
  if (issues.length > 0)
    throw new DomainError('INVALID_BUDGET', issues.map((i) => i.message).join('; '), issues);
  return input.pots.map((p) => {
    const pot: Pot = {
      planId: plan.planId,
      councilId: plan.councilId,
      potId: p.potId,
      stream: p.stream,
      funderId: p.funderId,
      mode: p.mode,
      period: { ...input.period },
      ...writeBalances(emptyBalances()),
      instalmentsPosted: 0,
      suspended: false,
      // A budget set up after its period began starts when it was set up (the review clock too).
      budgetStartedAt: startedAt > input.period.start ? startedAt : input.period.start,
      version: 0,
    };
    if (p.holderId !== undefined) pot.holderId = p.holderId;
    if (p.schedule)
      pot.schedule = {
        frequency: p.schedule.frequency,
        firstDate: p.schedule.firstDate ?? input.period.start,
      };
    return pot;
  });
}

/**
 * Where a change of allocation lands. A reduction comes out of money not yet released (never out
 * of the family's or broker's hands: that is a recovery). An increase is released with the
 * instalments still to come; once none are left, or for a notional pot, it is available at once.
 */
export function adjustmentBucket(pot: Pot, change: Money): 'unreleased' | 'available' {
  if (pot.mode === 'notional') return 'available';
  if (!change.isPositive() || !pot.schedule) return 'unreleased';
  return pot.instalmentsPosted >= instalmentCount(pot.schedule, pot.period.end) ? 'available' : 'unreleased';
}

/** The budget period a plan shows: the latest of its pots' periods. */
export function currentPeriod(pots: readonly Pot[]): Period | null {
  const latest = [...pots].sort((a, b) => (a.period.start < b.period.start ? 1 : -1))[0];
  return latest ? { ...latest.period } : null;
}
