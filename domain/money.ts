import { Decimal } from 'decimal.js';
import { DomainError } from './errors.js';

/**
 * Pounds sterling with a fixed scale of 2. Built only from strings or other Money, never from a JS
 * number, so no amount ever passes through binary floating point.
 */
const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
type Dec = InstanceType<typeof Dec>;

export const GBP_SCALE = 2;
export const amountMaxGbp = '999999999.99';
/** Unsigned amount: no sign, no exponent, no leading zeros, at most 2 decimals, at most 9 integer digits. */
export const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$/;
export const SIGNED_AMOUNT_PATTERN = /^-?(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$/;
/** Totals this system computed itself may exceed the per-request maximum (a council's year). */
const STORED_AMOUNT_PATTERN = /^-?[0-9]+(\.[0-9]{1,2})?$/;

export class Money {
  private constructor(private readonly value: Dec) {}

  static readonly zero = new Money(new Dec(0));

  /** Parses an unsigned amount such as "123.45"; throws VALIDATION_FAILED otherwise. */
  static parse(text: string, field = 'amount'): Money {
    return Money.parseWith(text, AMOUNT_PATTERN, field);
  }

  /** Parses an amount that must be greater than zero (spends, recoveries, allocations). */
  static parsePositive(text: string, field = 'amount'): Money {
    const amount = Money.parse(text, field);
    if (!amount.isPositive()) {
      throw new DomainError('VALIDATION_FAILED', `${field} must be greater than zero`, [
        { path: field, message: 'zero' },
      ]);
    }
    return amount;
  }

  /** Parses an amount that may carry a leading minus, as allocation adjustments do. */
  static parseSigned(text: string, field = 'amount'): Money {
    return Money.parseWith(text, SIGNED_AMOUNT_PATTERN, field);
  }

  private static parseWith(text: string, pattern: RegExp, field: string): Money {
    if (typeof text !== 'string' || !pattern.test(text)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `${field} must be a decimal string in pounds with at most 2 decimals`,
        [{ path: field, message: 'invalid amount' }],
      );
    }
    return new Money(new Dec(text));
  }

  /** Reads an amount this system wrote itself (storage, canonical strings). Any sign allowed. */
  static of(canonical: string): Money {
    if (!STORED_AMOUNT_PATTERN.test(canonical)) {
      throw new TypeError(`not a stored amount: ${canonical}`);
    }
    return new Money(new Dec(canonical));
  }

  static fromPence(pence: bigint): Money {
    return new Money(new Dec(pence.toString()).dividedBy(100));
  }

  static sum(values: Iterable<Money>): Money {
    let total = Money.zero;
    for (const v of values) total = total.plus(v);
    return total;
  }

  plus(other: Money): Money {
    return new Money(this.value.plus(other.value));
  }
  minus(other: Money): Money {
    return new Money(this.value.minus(other.value));
  }
  negated(): Money {
    return new Money(this.value.negated());
  }
  /** Whole pence; exact because every Money has at most 2 decimals. */
  toPence(): bigint {
    return BigInt(this.value.times(100).toString());
  }
  isZero(): boolean {
    return this.value.isZero();
  }
  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }
  isPositive(): boolean {
    return this.value.isPositive() && !this.value.isZero();
  }
  compare(other: Money): -1 | 0 | 1 {
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }
  lessThan(other: Money): boolean {
    return this.value.lessThan(other.value);
  }
  greaterThan(other: Money): boolean {
    return this.value.greaterThan(other.value);
  }
  equals(other: Money): boolean {
    return this.value.equals(other.value);
  }
  min(other: Money): Money {
    return this.lessThan(other) ? this : other;
  }
  max(other: Money): Money {
    return this.greaterThan(other) ? this : other;
  }

  /**
   * `this × numerator ÷ denominator`, rounded half-up to the penny once, after all the arithmetic.
   * Factors are decimal strings (e.g. weeks "52", "4.333…" is passed as numerator/denominator).
   */
  mulDiv(numerator: string, denominator: string): Money {
    const exact = this.value.times(new Dec(numerator)).dividedBy(new Dec(denominator));
    return new Money(exact.toDecimalPlaces(GBP_SCALE, Decimal.ROUND_HALF_UP));
  }

  /**
   * Splits into `parts` amounts that sum exactly to this one: each is this ÷ parts rounded down to
   * the penny, and the leftover pennies go one each to the earliest parts.
   */
  split(parts: number): Money[] {
    if (!Number.isInteger(parts) || parts < 1)
      throw new RangeError(`parts must be a positive integer: ${parts}`);
    const pence = this.toPence();
    if (pence < 0n) throw new RangeError('cannot split a negative amount');
    const n = BigInt(parts);
    const base = pence / n;
    const leftover = pence % n;
    return Array.from({ length: parts }, (_, i) => Money.fromPence(base + (BigInt(i) < leftover ? 1n : 0n)));
  }

  /** Canonical form: plain decimal, exactly two places, "-" for negatives, e.g. "1234.50". */
  toString(): string {
    const pence = this.toPence();
    const negative = pence < 0n;
    const digits = (negative ? -pence : pence).toString().padStart(3, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Canonical string of an amount string, e.g. "5" → "5.00". */
export const canonical = (text: string): string => Money.of(text).toString();
