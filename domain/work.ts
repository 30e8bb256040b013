import { addDays, addMonths, financialQuarter, type IsoDate, quarterOf } from './dates.js';
import type { Plan, Pot } from './model.js';
import type { WorkItem, WorkKind, WorkWindow } from './plan-records.js';
import type { SpendPolicy } from './policy.js';

/**
 * The officer's worklist (DESIGN.md section 9b) as rules: when each kind of open work falls due
 * and in which window it shows. Commands open, move and close the items as they change the
 * records the work is about, so a worklist reads index items and never scans plans.
 */

/** A review is "due" within this many days of its date; birthdays show this many months ahead. */
export const dueSoonDays = 30;
export const birthdayAheadMonths = 6;

const windowOf: Record<WorkKind, WorkWindow> = {
  approval: 'open',
  budget_request: 'open',
  agreement_missing: 'open',
  payment_returned: 'open',
  budget_review: 'soon',
  annual_review: 'soon',
  adult_direct_payment_review: 'soon',
  return_overdue: 'overdue',
  recovery_overdue: 'overdue',
  birthday_16: 'ahead',
  birthday_18: 'ahead',
  safeguarding_alert: 'open',
};

export interface WorkTarget {
  plan: Pick<Plan, 'planId' | 'councilId'>;
  pot?: Pick<Pot, 'potId' | 'funderId'> | undefined;
  /** The record within the plan; the pot's id by default, "-" for the plan itself. */
  ref?: string | undefined;
}

export function openWork(kind: WorkKind, target: WorkTarget, due: IsoDate, now: Date): WorkItem {
  const { plan, pot } = target;
  return {
    planId: plan.planId,
    kind,
    ref: target.ref ?? pot?.potId ?? '-',
    ...(pot ? { potId: pot.potId } : {}),
    councilId: plan.councilId,
    ...(pot && pot.funderId !== plan.councilId ? { funderId: pot.funderId } : {}),
    due,
    window: windowOf[kind],
    open: true,
    updatedAt: now.toISOString(),
  };
}

export const closeWork = (item: WorkItem, now: Date): WorkItem => ({
  ...item,
  open: false,
  updatedAt: now.toISOString(),
});

/**
 * The day someone reaches an age. A person born on 29 February comes of age on 1 March in a
 * common year (the usual reading of English law), not on 28 February.
 */
export function birthday(dateOfBirth: IsoDate, years: number): IsoDate {
  const year = Number.parseInt(dateOfBirth.slice(0, 4), 10) + years;
  if (dateOfBirth.slice(5) === '02-29') {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? `${year}-02-29` : `${year}-03-01`;
  }
  return `${String(year).padStart(4, '0')}${dateOfBirth.slice(4)}`;
}

export const ageOn = (dateOfBirth: IsoDate, on: IsoDate): number => {
  let years = Number.parseInt(on.slice(0, 4), 10) - Number.parseInt(dateOfBirth.slice(0, 4), 10);
  if (birthday(dateOfBirth, years) > on) years--;
  return years;
};

/** Section 9b's review clock. */
export const reviewDue = {
  /** The budget review: some months after the budget starts (policy `budgetReviewMonths`). */
  budget: (budgetStart: IsoDate, policy: Pick<SpendPolicy, 'budgetReviewMonths'>): IsoDate =>
    addMonths(budgetStart, policy.budgetReviewMonths),
  /** The annual review: 12 months after the last one, or after the plan was made. */
  annual: (last: IsoDate): IsoDate => addMonths(last, 12),
  /** An adult's direct payment: 6 months after the first agreement after 18, then yearly. */
  adultFirst: (signedOn: IsoDate): IsoDate => addMonths(signedOn, 6),
  adultNext: (last: IsoDate): IsoDate => addMonths(last, 12),
};

/** Birthdays the worklist announces: those still ahead of the plan's creation. */
export function birthdayWork(plan: Plan, now: Date): WorkItem[] {
  const created = plan.createdAt.slice(0, 10);
  return (
    [
      ['birthday_16', 16],
      ['birthday_18', 18],
    ] as const
  )
    .map(([kind, years]) => ({ kind, day: birthday(plan.child.dateOfBirth, years) }))
    .filter((b) => b.day > created)
    .map((b) => openWork(b.kind, { plan }, b.day, now));
}

/**
 * When the return for the earliest quarter without one becomes overdue: `returnDueDays` after
 * that quarter ends. Undefined once the pot's period has no quarter left to return.
 */
export function nextReturnDue(
  pot: Pick<Pot, 'period'>,
  after: string | undefined,
  policy: Pick<SpendPolicy, 'returnDueDays'>,
): { quarter: string; due: IsoDate } | undefined {
  const quarter =
    after === undefined ? quarterOf(pot.period.start) : quarterOf(addDays(financialQuarter(after).end, 1));
  const q = financialQuarter(quarter);
  if (q.start > pot.period.end) return undefined;
  return { quarter, due: addDays(q.end, policy.returnDueDays) };
}

/** A worklist row as the API shows it. */
export interface WorkRow {
  kind: WorkKind;
  planId: string;
  potId?: string | undefined;
  ref?: string | undefined;
  due: IsoDate;
  overdue: boolean;
  /** Why a safeguarding alert was raised. */
  reason?: string | undefined;
}

export const workRow = (w: WorkItem, today: IsoDate): WorkRow => ({
  kind: w.kind,
  planId: w.planId,
  ...(w.potId ? { potId: w.potId } : {}),
  ...(w.ref !== '-' && w.ref !== w.potId ? { ref: w.ref } : {}),
  due: w.due,
  overdue: w.due < today,
  ...(w.reason !== undefined ? { reason: w.reason } : {}),
});

/** The due dates a window shows on a given day. */
export function windowBounds(window: WorkWindow, today: IsoDate): { dueFrom?: IsoDate; dueTo?: IsoDate } {
  switch (window) {
    case 'open':
      return {};
    case 'overdue':
      return { dueTo: addDays(today, -1) };
    case 'soon':
      return { dueTo: addDays(today, dueSoonDays) };
    case 'ahead':
      return { dueFrom: today, dueTo: addMonths(today, birthdayAheadMonths) };
  }
}
