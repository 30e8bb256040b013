import { addDays, clampToPeriod, dateOf, type IsoDate, isWithin } from './dates.js';
import { DomainError } from './errors.js';
import { movements } from './ledger.js';
import type { ActorRef, EntryKind, JournalEntry, Period, Posting, Pot, Spend } from './model.js';
import { Money } from './money.js';

/**
 * The spend state machine (DESIGN.md section 3, two-phase completion), pure: from a spend, an
 * action and its input it decides the next state and the movement to post, or refuses. A
 * reservation is paid or voided exactly once; every path ends paid, voided, rejected, expired or
 * reversed.
 */

export type SpendAction = 'approve' | 'reject' | 'pay' | 'void' | 'expire' | 'reverse';

export interface SpendActionInput {
  reason?: string | undefined;
  evidence?: string | undefined;
  amount?: string | undefined;
  date?: IsoDate | undefined;
  /** For `reverse`: the payment or direct-spend entry being reversed. */
  original?: Pick<JournalEntry, 'kind' | 'postings'> | undefined;
}

export interface SpendDecisionContext {
  actor: ActorRef;
  now: Date;
  pendingExpiryDays: number;
  pot: { potId: string; period: Period; suspended: boolean; ceased?: Pot['ceased'] | undefined };
}

export interface SpendMovement {
  kind: EntryKind;
  postings: Posting[];
  effectiveDate: IsoDate;
  reason?: string;
}

export interface SpendDecision {
  next: Spend;
  movement?: SpendMovement;
}

export const finalStatuses: readonly Spend['status'][] = [
  'paid',
  'voided',
  'rejected',
  'expired',
  'reversed',
];

const allowedFrom: Record<SpendAction, readonly Spend['status'][]> = {
  approve: ['pending_approval'],
  reject: ['pending_approval'],
  pay: ['approved'],
  void: ['pending_approval', 'approved'],
  expire: ['pending_approval'],
  reverse: ['paid'],
};

const pastTense: Record<SpendAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  pay: 'paid',
  void: 'voided',
  expire: 'expired',
  reverse: 'reversed',
};

export function isExpired(
  spend: Pick<Spend, 'status' | 'requestedAt'>,
  now: Date,
  pendingExpiryDays: number,
): boolean {
  return (
    spend.status === 'pending_approval' &&
    addDays(dateOf(spend.requestedAt), pendingExpiryDays) <= dateOf(now)
  );
}

/** A movement that happens now is dated the earlier of today and the period end (DESIGN.md section 9). */
export const movementDateOf = (now: Date, period: Period): IsoDate => clampToPeriod(dateOf(now), period);

export function decideSpend(
  spend: Spend,
  action: SpendAction,
  input: SpendActionInput,
  ctx: SpendDecisionContext,
): SpendDecision {
  const { pot } = ctx;
  // A ceased pot approves and pays nothing dated after it, nor what its cessation voided (an
  // approval or payment that raced it and lost): both are POT_CEASED (section 11a).
  if (
    pot.ceased &&
    (action === 'approve' || action === 'pay') &&
    (spend.date > pot.ceased.date || !allowedFrom[action].includes(spend.status))
  ) {
    throw new DomainError(
      'POT_CEASED',
      `pot ${pot.potId} ceased on ${pot.ceased.date}; spend ${spend.spendId} cannot be ${action === 'pay' ? 'paid' : 'approved'} from it`,
    );
  }
  if (action === 'pay' && spend.status === 'pending_approval') {
    throw new DomainError(
      'APPROVAL_REQUIRED',
      `spend ${spend.spendId} waits for approval by ${spend.approver.org}`,
    );
  }
  if (!allowedFrom[action].includes(spend.status)) {
    throw new DomainError(
      'SPEND_STATE_CONFLICT',
      `spend ${spend.spendId} is ${spend.status.replaceAll('_', ' ')}, so it cannot be ${pastTense[action]} now`,
    );
  }
  if (action === 'approve' && isExpired(spend, ctx.now, ctx.pendingExpiryDays)) {
    throw new DomainError(
      'SPEND_STATE_CONFLICT',
      `spend ${spend.spendId} expired ${ctx.pendingExpiryDays} days after it was requested`,
    );
  }
  if (action === 'expire' && !isExpired(spend, ctx.now, ctx.pendingExpiryDays)) {
    throw new DomainError(
      'SPEND_STATE_CONFLICT',
      `spend ${spend.spendId} has not waited long enough to expire`,
    );
  }
  // A suspension stops new commitments; paying what was approved before it stays possible,
  // because the ledger records what happened.
  if (action === 'approve' && pot.suspended) {
    throw new DomainError(
      'POT_SUSPENDED',
      `pot ${pot.potId} is suspended, so spends from it cannot be approved`,
    );
  }
  const now = ctx.now.toISOString();
  const next: Spend = { ...spend, version: spend.version + 1 };
  const reserved = Money.of(spend.reserved);
  const decided = () => {
    next.decidedBy = ctx.actor;
    next.decidedAt = now;
    if (input.reason !== undefined) next.decisionReason = input.reason;
  };
  const pay = (amount: Money, date: IsoDate): SpendDecision => {
    if (!isWithin(date, pot.period.start, pot.period.end) || date < spend.date) {
      throw new DomainError(
        'OUTSIDE_BUDGET_PERIOD',
        date < spend.date
          ? `the payment date ${date} is before the spend's date ${spend.date}`
          : `the payment date ${date} is outside pot ${pot.potId}'s budget period ${pot.period.start} to ${pot.period.end}`,
      );
    }
    const postings = movements.pay(pot.potId, reserved, amount);
    next.status = 'paid';
    next.reserved = '0.00';
    next.paidAmount = amount.toString();
    next.paidOn = date;
    return { next, movement: { kind: 'pay', postings, effectiveDate: date } };
  };
  const release = (status: Spend['status'], reason?: string): SpendDecision => {
    next.status = status;
    next.reserved = '0.00';
    return {
      next,
      movement: {
        kind: 'void',
        postings: movements.void(pot.potId, reserved),
        effectiveDate: movementDateOf(ctx.now, pot.period),
        ...(reason === undefined ? {} : { reason }),
      },
    };
  };
  switch (action) {
    case 'approve':
      decided();
      if (spend.paidOnRequest) return pay(reserved, spend.date);
      next.status = 'approved';
      return { next };
    case 'pay': {
      const decision = pay(
        input.amount === undefined ? reserved : Money.parse(input.amount),
        input.date ?? spend.date,
      );
      if (input.evidence !== undefined) next.evidence = input.evidence;
      return decision;
    }
    case 'reject':
      decided();
      return release('rejected', input.reason);
    case 'void':
      if (input.reason !== undefined) next.decisionReason = input.reason;
      return release('voided', input.reason);
    case 'expire':
      return release('expired', 'approval not given within the time allowed');
    case 'reverse': {
      // Undoing a payment puts the reservation back (the spend awaits payment again); undoing a
      // direct spend leaves nothing to pay. The reversing entry itself is the caller's.
      const wasReserved = input.original?.postings.find((p) => p.account === 'committed');
      if (input.original?.kind === 'pay' && wasReserved) {
        next.status = 'approved';
        next.reserved = Money.of(wasReserved.amount).negated().toString();
      } else next.status = 'reversed';
      next.paidAmount = '0.00';
      return { next };
    }
  }
}
