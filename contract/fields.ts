import { dateMax, dateMin, isInCalendarRange, isQuarterInRange, isRealDate } from '../domain/dates.js';
import { AMOUNT_PATTERN, Money, SIGNED_AMOUNT_PATTERN } from '../domain/money.js';
import { hasControlCharacter, hasHiddenCharacter } from '../domain/text.js';
import { madeOnce } from './made-once.js';
import * as z from './zod.js';

/**
 * The fields the contract's requests are made of: ids, dates, amounts, quarters and free text. Each
 * is built on its first use and kept (docs/decisions/42).
 */

export const Id = madeOnce(() =>
  z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 characters of A-Za-z0-9_-')),
);
export const Category = madeOnce(() =>
  z.string().check(z.regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a lower-case category such as short_breaks')),
);
export const IsoDate = madeOnce(() =>
  z
    .string()
    .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'))
    .check(z.refine(isRealDate, 'must be a real calendar date'))
    .check(z.refine(isInCalendarRange, `must lie within ${dateMin} to ${dateMax}`)),
);
export const Amount = madeOnce(() =>
  z
    .string({ error: 'amounts are strings such as "123.45", never JSON numbers' })
    .check(z.regex(AMOUNT_PATTERN, 'must be pounds with at most 2 decimals, e.g. "123.45"'))
    .check(z.refine((v) => Money.parse(v).isPositive(), 'must be greater than zero'))
    .register(z.globalRegistry, { description: 'GBP amount as a decimal string', examples: ['45.00'] }),
);
export const SignedAmount = madeOnce(() =>
  z
    .string({ error: 'amounts are strings such as "-120.00", never JSON numbers' })
    .check(z.regex(SIGNED_AMOUNT_PATTERN, 'must be pounds with at most 2 decimals, optionally negative'))
    .check(z.refine((v) => !Money.parseSigned(v).isZero(), 'must not be zero'))
    .register(z.globalRegistry, {
      description: 'signed GBP amount as a decimal string',
      examples: ['-120.00'],
    }),
);
/** Free text is trimmed, never blank, and holds no control or hidden characters (domain/text.ts); a description may break lines. */
const text = (max: number, allowLineBreaks: boolean) =>
  z
    .string()
    .check(z.trim())
    .check(z.minLength(1, 'must not be blank'))
    .check(z.maxLength(max, `must be at most ${max} characters`))
    .check(z.refine((v) => !hasControlCharacter(v, allowLineBreaks), 'must not contain control characters'))
    .check(
      z.refine(
        (v) => !hasHiddenCharacter(v),
        'must not contain direction overrides, zero-width characters or unpaired surrogates',
      ),
    );
export const Short = madeOnce(() => text(200, false));
/** A person's name: personal data, shown beside the reference and masked in logs. */
export const PersonName = madeOnce(() => text(100, false));
export const Description = madeOnce(() => text(1000, true));

export const Quarter = madeOnce(() =>
  z
    .string()
    .check(z.regex(/^[0-9]{4}-Q[1-4]$/, 'quarter looks like 2026-Q1 (financial year by its starting year)'))
    .check(z.refine(isQuarterInRange, `a quarter lies within ${dateMin} to ${dateMax}: 2000-Q1 to 2099-Q3`)),
);
