import { assertInvariant, DomainError } from './errors.js';
import type { Account, Balances, Bucket, EntryKind, HoldingMode, JournalEntry, Posting } from './model.js';
import { buckets, entryKinds } from './model.js';
import { Money } from './money.js';
import { movementKinds } from './movement-kinds.js';

/**
 * The double-entry core (DESIGN.md section 3). Each movement is a pure function from a pot's
 * balances and a command to the postings it makes; `applyPostings` turns postings into the new
 * balances and refuses any bucket below zero. The store repeats that refusal as a condition, so
 * concurrency cannot break what this module checks.
 */

export type BucketAmounts = Record<Bucket, Money>;
export interface PotBalances extends BucketAmounts {
  allocated: Money;
}

export const postingsMax = 8;

export function readBalances(b: Balances): PotBalances {
  return {
    allocated: Money.of(b.allocated),
    unreleased: Money.of(b.unreleased),
    available: Money.of(b.available),
    committed: Money.of(b.committed),
    spent: Money.of(b.spent),
    recovered: Money.of(b.recovered),
  };
}

export function writeBalances(b: PotBalances): Balances {
  return {
    allocated: b.allocated.toString(),
    unreleased: b.unreleased.toString(),
    available: b.available.toString(),
    committed: b.committed.toString(),
    spent: b.spent.toString(),
    recovered: b.recovered.toString(),
  };
}

export const emptyBalances = (): PotBalances => ({
  allocated: Money.zero,
  unreleased: Money.zero,
  available: Money.zero,
  committed: Money.zero,
  spent: Money.zero,
  recovered: Money.zero,
});

const leg = (potId: string, account: Account, amount: Money): Posting => ({
  potId,
  account,
  amount: amount.toString(),
});

/** Money moves from one account to another: a credit on the source, a debit on the destination. */
export function transfer(potId: string, from: Account, to: Account, amount: Money): Posting[] {
  assertInvariant(amount.isPositive(), `transfer of a non-positive amount ${amount.toString()}`);
  return [leg(potId, from, amount.negated()), leg(potId, to, amount)];
}

export function isBalanced(postings: readonly Posting[]): boolean {
  return Money.sum(postings.map((p) => Money.of(p.amount))).isZero();
}

/** Pair assertion: checked before an entry is written and again when it is read back. */
export function assertBalanced(entry: Pick<JournalEntry, 'entryId' | 'postings'>): void {
  assertInvariant(entry.postings.length > 0, `entry ${entry.entryId} has no postings`);
  assertInvariant(entry.postings.length <= postingsMax, `entry ${entry.entryId} has too many postings`);
  assertInvariant(isBalanced(entry.postings), `entry ${entry.entryId} does not balance`);
}

/** Per-pot changes the postings make to each bucket and to `allocated` (the funder's mirror). */
export function bucketDeltas(postings: readonly Posting[]): Map<string, PotBalances> {
  const byPot = new Map<string, PotBalances>();
  for (const p of postings) {
    const d = byPot.get(p.potId) ?? emptyBalances();
    const amount = Money.of(p.amount);
    if (p.account === 'funder') d.allocated = d.allocated.minus(amount);
    else d[p.account] = d[p.account].plus(amount);
    byPot.set(p.potId, d);
  }
  return byPot;
}

/** New balances after the postings; INSUFFICIENT_FUNDS when any bucket would go below zero. */
export function applyPostings(
  current: PotBalances,
  potId: string,
  postings: readonly Posting[],
): PotBalances {
  const delta = bucketDeltas(postings).get(potId) ?? emptyBalances();
  const next = emptyBalances();
  next.allocated = current.allocated.plus(delta.allocated);
  for (const b of buckets) {
    next[b] = current[b].plus(delta[b]);
    if (next[b].isNegative()) {
      throw new DomainError(
        'INSUFFICIENT_FUNDS',
        `pot ${potId} has ${current[b].toString()} ${b}; this needs ${delta[b].negated().toString()}`,
      );
    }
  }
  assertConserved(next, potId);
  return next;
}

/** Invariant 2: allocated = unreleased + available + committed + spent + recovered. */
export function isConserved(b: PotBalances): boolean {
  return b.allocated.equals(Money.sum(buckets.map((k) => b[k]))) && buckets.every((k) => !b[k].isNegative());
}

export function assertConserved(b: PotBalances, potId: string): void {
  assertInvariant(isConserved(b), `pot ${potId} breaks conservation`);
}

/** Where new money lands: cash pots release it by instalments, notional pots can spend it at once. */
export const fundedBucket = (mode: HoldingMode): 'unreleased' | 'available' =>
  mode === 'notional' ? 'available' : 'unreleased';

export const movements = {
  allocate: (potId: string, mode: HoldingMode, amount: Money): Posting[] =>
    transfer(potId, 'funder', fundedBucket(mode), amount),

  /** Signed change at review, into or out of the given bucket (see `adjustmentBucket`). */
  adjust: (potId: string, bucket: 'unreleased' | 'available', change: Money): Posting[] =>
    change.isPositive()
      ? transfer(potId, 'funder', bucket, change)
      : transfer(potId, bucket, 'funder', change.negated()),

  instalment: (potId: string, amount: Money): Posting[] => transfer(potId, 'unreleased', 'available', amount),
  reserve: (potId: string, amount: Money): Posting[] => transfer(potId, 'available', 'committed', amount),
  directSpend: (potId: string, amount: Money): Posting[] => transfer(potId, 'available', 'spent', amount),
  void: (potId: string, reserved: Money): Posting[] => transfer(potId, 'committed', 'available', reserved),
  recover: (potId: string, amount: Money): Posting[] => transfer(potId, 'available', 'recovered', amount),

  /** Pays up to what was reserved; the rest of the reservation returns to available. */
  pay: (potId: string, reserved: Money, amount: Money): Posting[] => {
    if (!amount.isPositive()) throw new DomainError('VALIDATION_FAILED', 'amount must be greater than zero');
    if (amount.greaterThan(reserved)) {
      throw new DomainError(
        'AMOUNT_EXCEEDS_RESERVED',
        `paying ${amount.toString()} exceeds the ${reserved.toString()} reserved for this spend`,
      );
    }
    const rest = reserved.minus(amount);
    const postings = [leg(potId, 'committed', reserved.negated()), leg(potId, 'spent', amount)];
    if (rest.isPositive()) postings.push(leg(potId, 'available', rest));
    return postings;
  },
};

/** Kinds a reversing entry may correct; reservations and voids are undone by void and re-request. */
export const reversibleKinds: readonly EntryKind[] = entryKinds.filter((k) => movementKinds[k].reversible);

export function reversalOf(entry: JournalEntry): Posting[] {
  if (entry.kind === 'reverse') {
    throw new DomainError(
      'REVERSAL_NOT_ALLOWED',
      'a reversal cannot itself be reversed; record the correct entry instead',
    );
  }
  if (!movementKinds[entry.kind].reversible) {
    throw new DomainError(
      'REVERSAL_NOT_ALLOWED',
      `a ${entry.kind} entry is undone by voiding the spend, not by reversal`,
    );
  }
  return entry.postings.map((p) => ({ ...p, amount: Money.of(p.amount).negated().toString() }));
}
