/** The merchant category table refuses each prohibited code, and matching takes the nearest candidate once. */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../domain/dates.js';
import { MatchIndex } from '../../../domain/statements/matching.js';
import {
  isProhibitedMerchant,
  merchantCategory,
  merchantRanges,
} from '../../../domain/statements/merchant-categories.js';

describe('merchant categories', () => {
  it.each(['7995', '7800', '7801', '7802', '5921', '5993', '7273', '5933', '6051'])(
    'refuses merchant category %s whatever the cash policy',
    (mcc) => {
      expect(isProhibitedMerchant(mcc, { cashWithdrawals: true })).toBeDefined();
      expect(isProhibitedMerchant(mcc, { cashWithdrawals: false })).toBeDefined();
    },
  );
  it.each(['6010', '6011'])('refuses cash (%s) only where the council allows no cash withdrawals', (mcc) => {
    expect(isProhibitedMerchant(mcc, { cashWithdrawals: false })).toMatchObject({ category: 'cash' });
    expect(isProhibitedMerchant(mcc, { cashWithdrawals: true })).toBeUndefined();
  });
  it('maps ordinary codes to ledger categories, unknown ones to other, and the neighbours of prohibited codes are allowed', () => {
    expect(merchantCategory('8049')).toEqual({ kind: 'category', category: 'therapy' });
    expect(merchantCategory('7996')).toEqual({ kind: 'category', category: 'activities' });
    expect(merchantCategory('0001')).toEqual({ kind: 'category', category: 'other' });
    for (const mcc of ['7994', '7803', '5920', '5922', '5992', '7272', '5932', '6050', '6012'])
      expect(isProhibitedMerchant(mcc, { cashWithdrawals: false }), mcc).toBeUndefined();
    expect(merchantCategory(undefined)).toBeUndefined();
  });
  it('keeps every range well formed', () => {
    for (const r of merchantRanges) expect(r.from <= r.to && r.from >= 0 && r.to <= 9999, r.label).toBe(true);
  });
});

describe('matching', () => {
  const spend = (id: string, amount: string, date: string) => ({ id, amount, date });
  it('takes the nearest candidate of the same amount within 3 days, each once', () => {
    const index = new MatchIndex([
      spend('far', '10.00', '2026-05-01'),
      spend('near', '10.00', '2026-05-09'),
      spend('other', '11.00', '2026-05-10'),
      spend('late', '10.00', '2026-05-14'),
    ]);
    expect(index.take({ amount: '10.00', date: '2026-05-10' })).toBe('near');
    expect(index.take({ amount: '10.00', date: '2026-05-10' })).toBeUndefined();
    expect(index.take({ amount: '10.00', date: '2026-05-11' })).toBe('late');
    expect(index.take({ amount: '10.00', date: '2026-05-04' })).toBe('far');
    expect(index.take({ amount: '11.00', date: '2026-05-14' })).toBeUndefined();
  });
  it('leaves out candidates already matched by earlier statements', () => {
    const index = new MatchIndex([spend('a', '5.00', '2026-05-01')], new Set(['a']));
    expect(index.take({ amount: '5.00', date: '2026-05-01' })).toBeUndefined();
  });
  it('matches 5,000 lines against 5,000 spends without comparing every pair', () => {
    const spends = Array.from({ length: 5_000 }, (_, i) =>
      spend(`s${i}`, `${(i % 97) + 1}.00`, addDays('2026-04-01', i % 300)),
    );
    const index = new MatchIndex(spends);
    const started = performance.now();
    let matched = 0;
    for (const s of spends) if (index.take({ amount: s.amount, date: s.date })) matched++;
    expect(matched).toBe(5_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
