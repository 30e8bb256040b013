import { dateMax, dateMin, type IsoDate, isRealDate } from '../dates.js';
import { DomainError } from '../errors.js';
import type { AmountText } from '../model.js';
import { Money } from '../money.js';

/**
 * A line of a bank or card statement (DESIGN.md section 11b), as every parser hands it on: a date,
 * a signed amount (negative is money out), the text the bank printed, and what the bank adds when
 * it has it (its own id, the running balance, the merchant category code). Amounts are decimal
 * strings taken from the file's own text, never JS numbers.
 */
export interface ParsedLine {
  /** The bank's id of the transaction (OFX FITID, Monzo's transaction id), when it gives one. */
  bankId?: string | undefined;
  date: IsoDate;
  description: string;
  /** Signed, canonical ("-12.30"): negative is money out. */
  amount: AmountText;
  balance?: AmountText | undefined;
  /** ISO 18245 merchant category code, four digits. */
  mcc?: string | undefined;
}

/** Limits of one statement (section 11b): lines, bytes, and the text of one line. */
export const statementLinesMax = 5_000;
export const statementBytesMax = 2 * 1024 * 1024;
export const descriptionCharsMax = 100;

/** A file the ledger cannot read: 422 naming the line and what is wrong with it. */
export const invalidLine = (line: number, message: string): DomainError =>
  new DomainError('STATEMENT_INVALID', `line ${line}: ${message}`, [{ path: `line ${line}`, message }]);

const DMY = /^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$/;
const YMD = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ].*)?$/;
const COMPACT = /^([0-9]{4})([0-9]{2})([0-9]{2})/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MONTH_NAME = /^([0-9]{1,2})[ -]([A-Za-z]{3,9})[ -]([0-9]{4})$/;

/**
 * A statement's date: ISO `YYYY-MM-DD` (time after it ignored), UK order `DD/MM/YYYY` (also with
 * dots or dashes), `06 Dec 2026` (Nationwide), or OFX's `YYYYMMDD…`. Never US order.
 */
export function statementDate(text: string, line: number, compact = false): IsoDate {
  const t = text.trim();
  let y: string | undefined;
  let m: string | undefined;
  let d: string | undefined;
  const ymd = compact ? COMPACT.exec(t) : YMD.exec(t);
  const dmy = ymd ? null : DMY.exec(t);
  const named = ymd || dmy ? null : DAY_MONTH_NAME.exec(t);
  if (ymd) [, y, m, d] = ymd;
  else if (dmy) [, d, m, y] = dmy;
  else if (named) {
    const month = MONTHS.indexOf((named[2] ?? '').slice(0, 3).toLowerCase());
    if (month >= 0) [d, m, y] = [named[1], String(month + 1), named[3]];
  }
  const iso = y && m && d ? `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` : '';
  if (!isRealDate(iso) || iso < dateMin || iso > dateMax)
    throw invalidLine(line, 'the date is not a real date (YYYY-MM-DD or DD/MM/YYYY)');
  return iso;
}

const PLAIN = /^-?(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$/;
const GROUPED = /^-?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]{1,2})?$/;

/**
 * A statement's amount as exact text: a pound sign, spaces and thousands separators are dropped,
 * brackets or a trailing "-" or " DR" mean money out, "+" or " CR" money in. At most two decimals.
 */
export function statementAmount(text: string, line: number, what = 'amount'): Money {
  let t = text.trim().replace(/^"|"$/g, '').replaceAll('£', '').replaceAll(' ', '').replace(/^GBP/i, '');
  let negative = false;
  const bracketed = /^\((.*)\)$/.exec(t);
  if (bracketed) {
    negative = true;
    t = bracketed[1] ?? '';
  } else if (/^[0-9.,]+-$/.test(t)) {
    negative = true;
    t = t.slice(0, -1);
  } else if (/DR$/i.test(t)) {
    negative = true;
    t = t.slice(0, -2);
  } else if (/CR$/i.test(t)) t = t.slice(0, -2);
  if (t.startsWith('+')) t = t.slice(1);
  t = t.replaceAll('£', '');
  if (t.startsWith('-')) {
    if (negative) throw invalidLine(line, `the ${what} is not an amount`);
    negative = true;
    t = t.slice(1);
  }
  if (GROUPED.test(t)) t = t.replaceAll(',', '');
  if (!PLAIN.test(t) || t.startsWith('-'))
    throw invalidLine(line, `the ${what} is not an amount in pounds and pence`);
  const value = Money.of(t);
  return negative ? value.negated() : value;
}

/** Descriptions are kept as printed, with control characters and runs of spaces made one space. */
export function statementText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = text.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]+/g, ' ');
  return clean.replace(/\s+/g, ' ').trim().slice(0, descriptionCharsMax);
}

export function merchantCode(text: string | undefined, line: number): string | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  if (!/^[0-9]{4}$/.test(t)) throw invalidLine(line, 'the merchant category is not four digits');
  return t;
}

/**
 * A line's identity (section 11b): the bank's id when it gives one, else its date, amount,
 * description and balance, with the occurrence of that key within its own file (two coffees of
 * the same price on one day, without a balance, are two lines; the same two in an overlapping
 * statement are the same two). Re-importing a line adds nothing.
 */
export function lineIdentities(lines: readonly ParsedLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    const key =
      l.bankId !== undefined && l.bankId !== ''
        ? `id|${l.bankId}`
        : `${l.date}|${l.amount}|${l.description.toLowerCase()}|${l.balance ?? ''}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${key}|${n}`;
  });
}

/**
 * A short, stable id for a line from its identity, the API's `lineId`: two 32-bit FNV-1a hashes
 * (different offset bases) side by side as 16 hex digits. Plain integer arithmetic, so 5,000
 * lines cost well under a millisecond.
 */
export function lineIdOf(identity: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < identity.length; i++) {
    const c = identity.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
