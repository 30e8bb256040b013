// Proves Money parses only strict decimal strings, keeps exact pennies and splits without losing any.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.js';
import { amountMaxGbp, Money } from '../../domain/money.js';

const pence = fc.bigInt({ min: 0n, max: 99_999_999_999n });
const amountText = pence.map((p) => Money.fromPence(p).toString());

describe('Money.parse', () => {
  it.each(['0', '0.5', '1', '1.5', '123.45', '999999999.99', '10.00'])('accepts %s', (text) => {
    expect(Money.parse(text).toString()).toMatch(/^\d+\.\d{2}$/);
  });

  it.each([
    ['exponent', '1e3'],
    ['leading plus', '+1.00'],
    ['leading minus', '-1.00'],
    ['three decimals', '1.005'],
    ['leading zero', '01.00'],
    ['empty', ''],
    ['space', ' 1.00'],
    ['comma', '1,000.00'],
    ['too large', '1000000000.00'],
    ['trailing dot', '1.'],
    ['hex', '0x10'],
    ['unicode digits', '١٢'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
  ])('rejects %s (%s)', (_why, text) => {
    expect(() => Money.parse(text)).toThrow(DomainError);
  });

  it('rejects a JS number passed where a string belongs', () => {
    expect(() => Money.parse(12.5 as unknown as string)).toThrow(DomainError);
  });

  it('accepts a signed amount only through parseSigned', () => {
    expect(Money.parseSigned('-250.00').toString()).toBe('-250.00');
    expect(() => Money.parseSigned('--1')).toThrow(DomainError);
  });

  it('knows its maximum', () => {
    expect(Money.parse(amountMaxGbp).toString()).toBe('999999999.99');
  });
});

describe('Money arithmetic', () => {
  it('adds without floating-point error', () => {
    expect(Money.parse('0.1').plus(Money.parse('0.2')).toString()).toBe('0.30');
  });

  it('formats negatives and small values canonically', () => {
    expect(Money.parse('0.05').negated().toString()).toBe('-0.05');
    expect(Money.parse('5').toString()).toBe('5.00');
  });

  it('rounds half-up to the penny after multiplying (8-week threshold of 5000.00 over 52 weeks)', () => {
    expect(Money.parse('5000.00').mulDiv('8', '52').toString()).toBe('769.23');
    expect(Money.parse('0.05').mulDiv('1', '2').toString()).toBe('0.03');
  });

  it('splits 5000.00 into 13 parts: seven of 384.62 then six of 384.61', () => {
    const parts = Money.parse('5000.00').split(13).map(String);
    expect(parts.slice(0, 7)).toEqual(Array(7).fill('384.62'));
    expect(parts.slice(7)).toEqual(Array(6).fill('384.61'));
  });

  it('refuses to split into zero or fractional parts', () => {
    expect(() => Money.parse('1.00').split(0)).toThrow(RangeError);
    expect(() => Money.parse('1.00').split(1.5)).toThrow(RangeError);
  });

  it('round-trips every amount through parse and format', () => {
    fc.assert(fc.property(amountText, (text) => Money.parse(text).toString() === text));
  });

  it('splits any amount into parts that sum exactly, earliest parts largest, differing by at most a penny', () => {
    fc.assert(
      fc.property(pence, fc.integer({ min: 1, max: 400 }), (p, n) => {
        const whole = Money.fromPence(p);
        const parts = whole.split(n);
        const sorted = [...parts].sort((a, b) => b.compare(a));
        return (
          Money.sum(parts).equals(whole) &&
          parts.every((x, i) => x.equals(sorted[i] as Money)) &&
          (parts[0] as Money).minus(parts[n - 1] as Money).toPence() <= 1n
        );
      }),
    );
  });
});
