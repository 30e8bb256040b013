// Proves the movements of DESIGN.md section 3 balance, conserve every pot and never go below zero.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, InvariantViolationError } from '../../domain/errors.js';
import {
  applyPostings,
  assertBalanced,
  emptyBalances,
  fundedBucket,
  isBalanced,
  isConserved,
  movements,
  type PotBalances,
  reversalOf,
} from '../../domain/ledger.js';
import type { JournalEntry, Posting } from '../../domain/model.js';
import { buckets } from '../../domain/model.js';
import { Money } from '../../domain/money.js';

const m = Money.parse;
const entry = (kind: JournalEntry['kind'], postings: Posting[]): JournalEntry => ({
  planId: 'P',
  councilId: 'LA-001',
  entryId: 'E1',
  kind,
  postings,
  effectiveDate: '2026-05-01',
  recordedAt: '2026-05-01T00:00:00Z',
  actor: { sub: 's', role: 'council_officer', org: 'LA-001' },
  requestId: 'r',
});

function funded(mode: 'notional' | 'direct_payment', amount: string): PotBalances {
  return applyPostings(emptyBalances(), 'P1', movements.allocate('P1', mode, m(amount)));
}

describe('movements', () => {
  it('allocates a cash pot into unreleased and a notional pot into available', () => {
    expect(funded('direct_payment', '100.00').unreleased.toString()).toBe('100.00');
    expect(funded('notional', '100.00').available.toString()).toBe('100.00');
    expect(funded('notional', '100.00').allocated.toString()).toBe('100.00');
  });

  it('moves money through instalment, reserve, partial pay and returns the rest', () => {
    let b = funded('direct_payment', '100.00');
    b = applyPostings(b, 'P1', movements.instalment('P1', m('60.00')));
    b = applyPostings(b, 'P1', movements.reserve('P1', m('50.00')));
    b = applyPostings(b, 'P1', movements.pay('P1', m('50.00'), m('30.00')));
    expect([b.unreleased, b.available, b.committed, b.spent].map(String)).toEqual([
      '40.00',
      '30.00',
      '0.00',
      '30.00',
    ]);
    expect(isConserved(b)).toBe(true);
  });

  it('refuses to pay more than was reserved', () => {
    expect(() => movements.pay('P1', m('10.00'), m('10.01'))).toThrow(
      expect.objectContaining({ code: 'AMOUNT_EXCEEDS_RESERVED' }),
    );
  });

  it('refuses a spend above available with INSUFFICIENT_FUNDS', () => {
    const b = funded('notional', '10.00');
    expect(() => applyPostings(b, 'P1', movements.directSpend('P1', m('10.01')))).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_FUNDS' }),
    );
  });

  it('refuses to reduce a cash allocation below what is unreleased', () => {
    let b = funded('direct_payment', '100.00');
    b = applyPostings(b, 'P1', movements.instalment('P1', m('90.00')));
    const cut = (text: string) => movements.adjust('P1', 'unreleased', Money.parseSigned(text));
    expect(() => applyPostings(b, 'P1', cut('-10.01'))).toThrow(DomainError);
    const reduced = applyPostings(b, 'P1', cut('-10.00'));
    expect(reduced.allocated.toString()).toBe('90.00');
  });

  it('refuses to reverse a reversal or a reservation', () => {
    expect(() => reversalOf(entry('reverse', movements.recover('P1', m('1.00'))))).toThrow(
      expect.objectContaining({ code: 'REVERSAL_NOT_ALLOWED' }),
    );
    expect(() => reversalOf(entry('reserve', movements.reserve('P1', m('1.00'))))).toThrow(
      expect.objectContaining({ code: 'REVERSAL_NOT_ALLOWED' }),
    );
  });

  it('asserts loudly when an entry does not balance', () => {
    const broken = entry('recover', [{ potId: 'P1', account: 'available', amount: '-1.00' }]);
    expect(() => assertBalanced(broken)).toThrow(InvariantViolationError);
    expect(() => assertBalanced(entry('recover', []))).toThrow(InvariantViolationError);
  });
});

type Step =
  | { kind: 'allocate' | 'instalment' | 'reserve' | 'directSpend' | 'recover' | 'adjust'; pence: bigint }
  | { kind: 'pay'; pence: bigint; part: number }
  | { kind: 'void' }
  | { kind: 'reverseLast' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('allocate', 'instalment', 'reserve', 'directSpend', 'recover', 'adjust' as const),
    pence: fc.bigInt({ min: 1n, max: 500_000n }),
  }) as fc.Arbitrary<Step>,
  fc.record({
    kind: fc.constant('pay' as const),
    pence: fc.bigInt({ min: 1n, max: 500_000n }),
    part: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({ kind: fc.constant('void' as const) }),
  fc.record({ kind: fc.constant('reverseLast' as const) }),
);

describe('ledger properties', () => {
  it('keeps every bucket ≥ 0 and allocated = the sum of buckets under any sequence of movements', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('direct_payment', 'notional' as const),
        fc.array(step, { maxLength: 60 }),
        (mode, steps) => {
          let b = emptyBalances();
          const reservations: Money[] = [];
          let last: JournalEntry | undefined;
          for (const s of steps) {
            let postings: Posting[] | undefined;
            let kind: JournalEntry['kind'] = 'allocate';
            try {
              if (s.kind === 'void') {
                const r = reservations.pop();
                if (!r) continue;
                postings = movements.void('P1', r);
                kind = 'void';
              } else if (s.kind === 'pay') {
                const r = reservations.pop();
                if (!r) continue;
                const amount = Money.fromPence((r.toPence() * BigInt(s.part)) / 100n || 1n);
                postings = movements.pay('P1', r, amount);
                kind = 'pay';
              } else if (s.kind === 'reverseLast') {
                if (!last) continue;
                postings = reversalOf(last);
                kind = 'reverse';
              } else {
                const amount = Money.fromPence(s.pence);
                kind = s.kind === 'directSpend' ? 'direct_spend' : s.kind;
                postings =
                  s.kind === 'allocate'
                    ? movements.allocate('P1', mode, amount)
                    : s.kind === 'adjust'
                      ? movements.adjust(
                          'P1',
                          fundedBucket(mode),
                          s.pence % 2n === 0n ? amount.negated() : amount,
                        )
                      : movements[s.kind]('P1', amount);
              }
              if (!isBalanced(postings)) return false;
              const before = b;
              b = applyPostings(b, 'P1', postings);
              if (s.kind === 'reserve') reservations.push(Money.fromPence(s.pence));
              if (kind === 'reverse' && last) {
                // A reversal restores the exact balances from before the reversed entry.
                const undone = applyPostings(before, 'P1', postings);
                if (!isConserved(undone)) return false;
              }
              last = kind === 'reverse' ? undefined : entry(kind, postings);
            } catch (e) {
              // Refused movements (insufficient funds, over-reduction) are expected; nothing changes.
              if (!(e instanceof DomainError)) throw e;
            }
            if (!isConserved(b) || buckets.some((k) => b[k].isNegative())) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a reversal restores exactly the balances before the reversed entry', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.constantFrom('instalment', 'recover', 'directSpend' as const),
        (fund, move, kind) => {
          let b = funded('notional', Money.fromPence(fund + move).toString());
          if (kind === 'instalment')
            b = applyPostings(
              emptyBalances(),
              'P1',
              movements.allocate('P1', 'direct_payment', Money.fromPence(fund + move)),
            );
          const postings = movements[kind]('P1', Money.fromPence(move));
          const after = applyPostings(b, 'P1', postings);
          const restored = applyPostings(
            after,
            'P1',
            reversalOf(entry(kind === 'directSpend' ? 'direct_spend' : kind, postings)),
          );
          return (['allocated', ...buckets] as const).every((k) => restored[k].equals(b[k]));
        },
      ),
    );
  });
});
