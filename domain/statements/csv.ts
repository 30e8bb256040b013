import { parse } from 'csv-parse/sync';
import { DomainError } from '../errors.js';
import type { Money } from '../money.js';
import {
  invalidLine,
  merchantCode,
  type ParsedLine,
  statementAmount,
  statementDate,
  statementLinesMax,
  statementText,
} from './line.js';

/**
 * Bank and card statements as CSV (DESIGN.md section 11b), read with `csv-parse` (its synchronous
 * API: pure JavaScript, no I/O) and mapped by the header row to one of the layouts below. Where
 * each header set was read is written beside it (public parsers and converters of each bank's
 * export; docs/statements.md lists them). A header that matches none is 422 naming them all.
 */

type AmountColumns = { signed: string } | { out: string; in: string };

export interface CsvLayout {
  /** Who exports it. */
  bank: string;
  /** The date's header (lower case), `date` unless said. */
  date: string;
  /** Columns joined with " " to make the description; the first non-empty ones are kept. */
  description: readonly string[];
  amount: AmountColumns;
  balance?: string;
  mcc?: string;
  id?: string;
  /**
   * Headers that must be present besides the date, the first description column and the amount
   * columns (which always must): together they tell this bank's export from the others'.
   */
  alsoRequires?: readonly string[];
  /** The header as the bank writes it, shown when no layout matches. */
  shown: string;
}

/** Every header a layout needs before it applies (lower case). */
export const requiredHeaders = (l: CsvLayout): string[] => [
  l.date,
  ...l.description.slice(0, 1),
  ...('signed' in l.amount ? [l.amount.signed] : [l.amount.out, l.amount.in]),
  ...(l.alsoRequires ?? []),
];

const layout = (l: Omit<CsvLayout, 'date'> & { date?: string }): CsvLayout => ({ date: 'date', ...l });

/** Most specific first: the first layout whose headers are all present is used. */
export const csvLayouts: readonly CsvLayout[] = [
  // Monzo: Settings > Export (read in public Monzo CSV importers, e.g. a Python "parse_monzo_csv").
  layout({
    bank: 'Monzo',
    description: ['name', 'description'],
    amount: { signed: 'amount' },
    id: 'transaction id',
    alsoRequires: ['transaction id'],
    shown: 'Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,…,Description',
  }),
  // Starling: statement export (read in uk.selfemploy's StarlingCsvParser tests).
  layout({
    bank: 'Starling',
    description: ['counter party', 'reference'],
    amount: { signed: 'amount (gbp)' },
    balance: 'balance (gbp)',
    alsoRequires: ['reference'],
    shown: 'Date,Counter Party,Reference,Type,Amount (GBP),Balance (GBP),Spending Category,Notes',
  }),
  // Lloyds, Halifax, Bank of Scotland, TSB (read in jakubka/transactions-mapper, mapper.py).
  layout({
    bank: 'Lloyds / Halifax',
    date: 'transaction date',
    description: ['transaction description'],
    amount: { out: 'debit amount', in: 'credit amount' },
    balance: 'balance',
    shown:
      'Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance',
  }),
  // Nationwide: after a few lines naming the account (read in WillOnGit/nationwide-transaction-parser
  // and a "nationwidePreset" of a budgeting app): amounts carry "£".
  layout({
    bank: 'Nationwide',
    description: ['description', 'transaction type'],
    amount: { out: 'paid out', in: 'paid in' },
    balance: 'balance',
    shown: 'Date,Transaction type,Description,Paid out,Paid in,Balance',
  }),
  // NatWest, RBS, Ulster (read in Joshibbotson/bank-statement-parse, NatwestStatement.ts).
  layout({
    bank: 'NatWest / RBS',
    description: ['description'],
    amount: { signed: 'value' },
    balance: 'balance',
    alsoRequires: ['type'],
    shown: 'Date,Type,Description,Value,Balance,Account Name,Account Number',
  }),
  // Barclays: "Export" on the web (read in MatthewJohn/Firefly-iii-CSV-Converter's supported banks).
  layout({
    bank: 'Barclays',
    description: ['memo', 'subcategory'],
    amount: { signed: 'amount' },
    alsoRequires: ['number', 'account'],
    shown: 'Number,Date,Account,Amount,Subcategory,Memo',
  }),
  // Santander and other "money in / money out" exports (the layout joesingo/bank-statements
  // and similar tools read; Santander's own download is a .txt, which is not taken).
  layout({
    bank: 'Santander',
    description: ['description'],
    amount: { out: 'money out', in: 'money in' },
    balance: 'balance',
    shown: 'Date,Description,Money in,Money out,Balance',
  }),
  // A card programme's transactions with merchant category codes (prepaid direct-payment cards).
  layout({
    bank: 'card programme',
    description: ['merchant', 'description'],
    amount: { signed: 'amount' },
    balance: 'balance',
    mcc: 'mcc',
    id: 'transaction id',
    alsoRequires: ['mcc'],
    shown: 'date,merchant,amount,mcc[,balance][,transaction id]',
  }),
  // The ledger's own plain layout (also HSBC's and First Direct's "Date,Description,Amount").
  layout({
    bank: 'plain',
    description: ['description'],
    amount: { signed: 'amount' },
    balance: 'balance',
    mcc: 'mcc',
    id: 'id',
    shown: 'date,description,amount[,balance][,mcc]',
  }),
];

/** Rows read before the header row (Nationwide's account lines) at most. */
const preambleRowsMax = 10;

const expected = (): string =>
  csvLayouts.map((l) => `${l.bank === 'plain' ? 'the plain layout' : l.bank}: ${l.shown}`).join('; ');

const headerOf = (row: readonly string[]): string[] =>
  row.map((h) =>
    h
      .replace(/^\ufeff/, '')
      .trim()
      .toLowerCase(),
  );

export interface CsvStatement {
  bank: string;
  lines: ParsedLine[];
}

/** A CSV statement's lines, or a 422/413 that says what was wrong and where. */
export function parseCsvStatement(text: string): CsvStatement {
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // Past the line limit the rest is not read: the file is refused anyway.
      to: statementLinesMax + preambleRowsMax + 2,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    throw invalidLine(line, 'the file is not valid CSV (an unclosed quote, or a stray one)');
  }
  // HSBC's export has no header row: three columns, the first a date.
  const first = rows[0];
  if (first && first.length === 3 && /^[0-9]{1,2}\/[0-9]{1,2}\/[0-9]{4}$/.test(first[0] ?? '')) {
    return {
      bank: 'HSBC',
      lines: linesOf(rows, 0, csvLayouts.at(-1) as CsvLayout, ['date', 'description', 'amount']),
    };
  }
  for (let r = 0; r < Math.min(rows.length, preambleRowsMax); r++) {
    const header = headerOf(rows[r] ?? []);
    const found = csvLayouts.find((l) => requiredHeaders(l).every((h) => header.includes(h)));
    if (found) return { bank: found.bank, lines: linesOf(rows, r + 1, found, header) };
  }
  throw new DomainError(
    'STATEMENT_FORMAT_UNKNOWN',
    `the header row matches no bank the ledger reads; expected one of — ${expected()}`,
    [{ path: 'header', message: `expected one of: ${csvLayouts.map((l) => l.shown).join(' | ')}` }],
  );
}

function linesOf(rows: string[][], from: number, layout: CsvLayout, header: readonly string[]): ParsedLine[] {
  const count = rows.length - from;
  if (count > statementLinesMax)
    throw new DomainError('STATEMENT_TOO_LARGE', `a statement holds at most ${statementLinesMax} lines`);
  const at = (name: string | undefined) => (name === undefined ? -1 : header.indexOf(name));
  const col = {
    date: at(layout.date),
    description: layout.description.map(at).filter((i) => i >= 0),
    balance: at(layout.balance),
    mcc: at(layout.mcc),
    id: at(layout.id),
  };
  const amountCols =
    'signed' in layout.amount
      ? { signed: at(layout.amount.signed) }
      : { out: at(layout.amount.out), in: at(layout.amount.in) };
  const lines: ParsedLine[] = [];
  for (let r = from; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const n = r + 1;
    if (row.every((c) => c === '')) continue;
    const cell = (i: number) => (i >= 0 ? (row[i] ?? '') : '');
    const amount = amountOf(cell, amountCols, n);
    const description = statementText(
      col.description
        .map(cell)
        .filter((c) => c !== '')
        .join(' '),
    );
    const balance = cell(col.balance);
    const id = cell(col.id);
    lines.push({
      date: statementDate(cell(col.date), n),
      description,
      amount: amount.toString(),
      ...(balance !== '' ? { balance: statementAmount(balance, n, 'balance').toString() } : {}),
      ...(col.mcc >= 0 && cell(col.mcc) !== '' ? { mcc: merchantCode(cell(col.mcc), n) } : {}),
      ...(id !== '' ? { bankId: statementText(id) } : {}),
    });
  }
  return lines;
}

function amountOf(
  cell: (i: number) => string,
  cols: { signed: number } | { out: number; in: number },
  n: number,
): Money {
  if ('signed' in cols) {
    const text = cell(cols.signed);
    if (text === '') throw invalidLine(n, 'the amount is missing');
    return statementAmount(text, n);
  }
  const out = cell(cols.out);
  const into = cell(cols.in);
  if (out === '' && into === '') throw invalidLine(n, 'neither money in nor money out is given');
  if (out !== '' && into !== '') {
    const o = statementAmount(out, n);
    const i = statementAmount(into, n);
    if (!o.isZero() && !i.isZero()) throw invalidLine(n, 'both money in and money out are given');
    return o.isZero() ? i : o.negated();
  }
  return out !== '' ? statementAmount(out, n).negated() : statementAmount(into, n);
}
