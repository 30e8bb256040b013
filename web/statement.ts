import { Decimal } from 'decimal.js';
import { entryWords, potName } from './words.js';

/**
 * A statement in a parent's words (DESIGN.md 11c): per pot, each movement of the money it holds
 * (what is there to spend plus what is set aside) as money in or money out, with the balance after
 * it. Movements inside the pot (setting money aside, releasing it) change no balance and are left
 * out. Amounts stay decimal strings.
 */

type Posting = { potId: string; account: string; amount: string };
type Entry = {
  entryId: string;
  kind: string;
  postings: Posting[];
  effectiveDate: string;
  recordedAt: string;
  payee?: string;
};
type Pot = { potId: string; stream: string; mode: string };

export interface StatementLine {
  date: string;
  what: string;
  moneyIn: string;
  moneyOut: string;
  balance: string;
}

export interface PotStatement {
  potId: string;
  name: string;
  opening: string;
  moneyIn: string;
  moneyOut: string;
  closing: string;
  lines: StatementLine[];
}

const held = new Set(['available', 'committed']);

export function potStatements(
  pots: readonly Pot[],
  entries: readonly Entry[],
  range: { from: string; to: string },
): PotStatement[] {
  const ordered = [...entries].sort(
    (a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.recordedAt.localeCompare(b.recordedAt),
  );
  return pots.map((pot) => {
    let balance = new Decimal(0);
    let opening = new Decimal(0);
    let moneyIn = new Decimal(0);
    let moneyOut = new Decimal(0);
    const lines: StatementLine[] = [];
    for (const e of ordered) {
      if (e.effectiveDate > range.to) break;
      const delta = e.postings
        .filter((p) => p.potId === pot.potId && held.has(p.account))
        .reduce((sum, p) => sum.plus(p.amount), new Decimal(0));
      if (delta.isZero()) continue;
      balance = balance.plus(delta);
      if (e.effectiveDate < range.from) {
        opening = balance;
        continue;
      }
      if (delta.isPositive()) moneyIn = moneyIn.plus(delta);
      else moneyOut = moneyOut.plus(delta.negated());
      lines.push({
        date: e.effectiveDate,
        what: entryWords(e.kind, e.payee, delta.toNumber()),
        moneyIn: delta.isPositive() ? delta.toFixed(2) : '',
        moneyOut: delta.isNegative() ? delta.negated().toFixed(2) : '',
        balance: balance.toFixed(2),
      });
    }
    return {
      potId: pot.potId,
      name: potName(pot),
      opening: opening.toFixed(2),
      moneyIn: moneyIn.toFixed(2),
      moneyOut: moneyOut.toFixed(2),
      closing: balance.toFixed(2),
      lines,
    };
  });
}

/** What the holder should have at the end of a day: the balance after every movement up to it. */
export function balanceAt(pot: Pot, entries: readonly Entry[], date: string): string {
  const [s] = potStatements([pot], entries, { from: '0000-01-01', to: date });
  return s?.closing ?? '0.00';
}

const csvCell = (v: string): string => {
  // A cell a spreadsheet would run as a formula is quoted as text.
  const safe = /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The statement's lines as CSV: one row per movement, per pot. */
export function statementCsv(statements: readonly PotStatement[]): string {
  const rows = [['Money', 'Date', 'What', 'Money in', 'Money out', 'Balance']];
  for (const s of statements) {
    rows.push([s.name, '', 'Balance brought forward', '', '', s.opening]);
    for (const l of s.lines) rows.push([s.name, l.date, l.what, l.moneyIn, l.moneyOut, l.balance]);
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
