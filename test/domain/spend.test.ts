// Proves the spend state machine: for random sequences of actions every spend stays in a known
// state, its reservation and payment match the money its movements moved, and from any state a
// path ends paid, voided, rejected, expired or reversed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.js';
import { bucketDeltas, emptyBalances } from '../../domain/ledger.js';
import type { Posting, Spend } from '../../domain/model.js';
import { Money } from '../../domain/money.js';
import { decideSpend, finalStatuses, type SpendAction } from '../../domain/spend.js';

const pot = { potId: 'SC', period: { start: '2026-04-01', end: '2027-03-31' }, suspended: false };
const ctx = (now: string) => ({
  actor: { sub: 'o', role: 'council_officer' as const, org: 'LA-001' },
  now: new Date(now),
  pendingExpiryDays: 30,
  pot,
});

const fresh = (status: Spend['status'], pence: number, paidOnRequest: boolean): Spend => {
  const amount = Money.fromPence(BigInt(pence)).toString();
  return {
    planId: 'P',
    spendId: 'S',
    potId: 'SC',
    amount,
    reserved: status === 'paid' ? '0.00' : amount,
    paidAmount: status === 'paid' ? amount : '0.00',
    date: '2026-05-03',
    payee: 'Play',
    category: 'short_breaks',
    outcomeId: 'O2',
    provisionId: 'H1',
    householdRelative: false,
    paidOnRequest,
    status,
    approvalReasons: [],
    requestedBy: { sub: 'f', role: 'family', org: 'LA-001' },
    requestedAt: '2026-05-03T10:00:00.000Z',
    approver: { role: 'council_officer', org: 'LA-001' },
    version: 0,
  };
};

const action = fc.record({
  action: fc.constantFrom<SpendAction>('approve', 'reject', 'pay', 'void', 'expire', 'reverse'),
  part: fc.integer({ min: 1, max: 100 }),
  late: fc.boolean(),
});

describe('decideSpend', () => {
  it('keeps reserved and paid equal to what its movements moved, for random action sequences', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Spend['status']>('pending_approval', 'approved', 'paid'),
        fc.integer({ min: 1, max: 100_000 }),
        fc.boolean(),
        fc.array(action, { maxLength: 12 }),
        (start, pence, paidOnRequest, steps) => {
          let spend = fresh(start, pence, paidOnRequest);
          // Money the spend holds in the pot's committed and spent buckets, from its movements.
          let committed = Money.of(spend.reserved);
          let spent = Money.of(spend.paidAmount);
          let lastPay: { kind: 'pay'; postings: Posting[] } | undefined;
          for (const step of steps) {
            try {
              const amount =
                step.action === 'pay'
                  ? Money.fromPence(
                      (Money.of(spend.reserved).toPence() * BigInt(step.part)) / 100n || 1n,
                    ).toString()
                  : undefined;
              const original =
                step.action === 'reverse'
                  ? (lastPay ?? {
                      kind: 'direct_spend' as const,
                      postings: [{ potId: 'SC', account: 'spent' as const, amount: spend.paidAmount }],
                    })
                  : undefined;
              const { next, movement } = decideSpend(
                spend,
                step.action,
                { ...(amount ? { amount } : {}), ...(original ? { original } : {}) },
                ctx(step.late ? '2026-07-01T00:00:00Z' : '2026-05-04T00:00:00Z'),
              );
              const d = movement
                ? (bucketDeltas(movement.postings).get('SC') ?? emptyBalances())
                : emptyBalances();
              committed = committed.plus(d.committed);
              spent = spent.plus(d.spent);
              if (step.action === 'reverse' && original) {
                // The reversing entry mirrors the original; the caller posts it.
                const r =
                  bucketDeltas(
                    original.postings.map((p) => ({ ...p, amount: Money.of(p.amount).negated().toString() })),
                  ).get('SC') ?? emptyBalances();
                committed = committed.plus(r.committed);
                spent = spent.plus(r.spent);
              }
              if (movement?.kind === 'pay') lastPay = { kind: 'pay', postings: movement.postings };
              spend = next;
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
            }
            expect(committed.toString()).toBe(spend.reserved);
            expect(spent.toString()).toBe(spend.paidAmount);
          }
          // From any state one more decision reaches an end state.
          const closing: SpendAction | undefined =
            spend.status === 'pending_approval' || spend.status === 'approved' ? 'void' : undefined;
          const end = closing ? decideSpend(spend, closing, {}, ctx('2026-05-04T00:00:00Z')).next : spend;
          expect(finalStatuses).toContain(end.status);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses to pay a spend that waits for approval, and to approve one on a suspended pot', () => {
    const pending = fresh('pending_approval', 1000, false);
    expect(() => decideSpend(pending, 'pay', {}, ctx('2026-05-04T00:00:00Z'))).toThrow(/waits for approval/);
    expect(() =>
      decideSpend(
        pending,
        'approve',
        {},
        { ...ctx('2026-05-04T00:00:00Z'), pot: { ...pot, suspended: true } },
      ),
    ).toThrow(/suspended/);
  });

  it('words a refused transition in plain English', () => {
    expect(() => decideSpend(fresh('paid', 100, false), 'pay', {}, ctx('2026-05-04T00:00:00Z'))).toThrow(
      'spend S is paid, so it cannot be paid now',
    );
  });
});
