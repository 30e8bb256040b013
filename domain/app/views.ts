import { can, visiblePots } from '../access.js';
import { currentPeriod } from '../budget.js';
import type { Actor, JournalEntry, Period, Plan, Pot, Schedule, Spend } from '../model.js';
import { nextInstalment, scheduleLength } from '../pot-schedule.js';

/** The shapes the public contract returns (DESIGN.md section 8). */

export interface PotView {
  potId: string;
  stream: Pot['stream'];
  funderId: string;
  mode: Pot['mode'];
  holderId?: string;
  period: Period;
  schedule?: Schedule & {
    instalments: number;
    posted: number;
    next: { date: string; amount: string } | null;
  };
  allocated: string;
  unreleased: string;
  available: string;
  committed: string;
  spent: string;
  recovered: string;
  suspended: boolean;
  suspensionReason?: string;
  /** The agreement in force on a direct payment, in brief (section 9a). */
  agreement?: { agreementId: string; version: number; holderKind: string; signedOn: string };
  /** When and why the pot ended (section 9a). */
  ceased?: { reason: string; date: string };
  /** Set up below the cost of its provisions, and why (section 9b). */
  shortfall?: NonNullable<Pot['shortfall']>;
  /** Adjustments waiting for their effective date (reductions with notice). */
  scheduledAdjustments?: Array<{
    adjustmentId: string;
    amount: string;
    effectiveDate: string;
    reason: string;
  }>;
}

export interface PlanView {
  planId: string;
  councilId: string;
  status: Plan['status'];
  child: Plan['child'];
  outcomes: Plan['outcomes'];
  provisions: Plan['provisions'];
  period: Period | null;
  /** `spendable`: the caller's role and organisation may record spends from the pot. */
  pots: Array<PotView & { spendable: boolean }>;
  createdAt: string;
  version: number;
}

export function potView(pot: Pot): PotView {
  const view: PotView = {
    potId: pot.potId,
    stream: pot.stream,
    funderId: pot.funderId,
    mode: pot.mode,
    period: pot.period,
    allocated: pot.allocated,
    unreleased: pot.unreleased,
    available: pot.available,
    committed: pot.committed,
    spent: pot.spent,
    recovered: pot.recovered,
    suspended: pot.suspended,
  };
  if (pot.holderId !== undefined) view.holderId = pot.holderId;
  if (pot.suspensionReason !== undefined) view.suspensionReason = pot.suspensionReason;
  if (pot.ceased) view.ceased = { reason: pot.ceased.reason, date: pot.ceased.date };
  if (pot.shortfall) view.shortfall = { ...pot.shortfall };
  if (pot.scheduledAdjustments?.length) {
    view.scheduledAdjustments = pot.scheduledAdjustments.map((a) => ({
      adjustmentId: a.adjustmentId,
      amount: a.amount,
      effectiveDate: a.effectiveDate,
      reason: a.reason,
    }));
  }
  if (pot.agreement) {
    const a = pot.agreement;
    view.agreement = {
      agreementId: a.agreementId,
      version: a.version,
      holderKind: a.holder.kind,
      signedOn: a.signedOn,
    };
  }
  if (pot.schedule) {
    // The schedule as the one rule reads it: on a ceased pot it ends at the cessation (section 11a).
    const next = nextInstalment(pot);
    view.schedule = {
      ...pot.schedule,
      instalments: scheduleLength(pot),
      posted: pot.instalmentsPosted,
      next: next ? { date: next.date, amount: next.amount.toString() } : null,
    };
  }
  return view;
}

/** A plan as the actor may see it: a broker sees only the pots it holds, an ICB only its own. */
export function planView(plan: Plan, pots: readonly Pot[], actor: Actor): PlanView {
  const visible = visiblePots(actor, plan, pots);
  return {
    planId: plan.planId,
    councilId: plan.councilId,
    status: plan.status,
    child: plan.child,
    outcomes: plan.outcomes,
    provisions: plan.provisions,
    period: currentPeriod(visible),
    pots: visible.map((pot) => ({
      ...potView(pot),
      spendable: can(actor, 'spend:create', { kind: 'pot', plan, pot }),
    })),
    createdAt: plan.createdAt,
    version: plan.version ?? 1,
  };
}

export type SpendView = Omit<Spend, 'version' | 'approver' | 'paidOnRequest'>;

export function spendView(spend: Spend): SpendView {
  const { version: _v, approver: _a, paidOnRequest: _p, ...view } = spend;
  return view;
}

export type EntryView = JournalEntry;
export const entryView = (entry: JournalEntry): EntryView => entry;
