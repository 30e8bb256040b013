import { parseSync } from 'ofx-js';
import { DomainError } from '../errors.js';
import { Money } from '../money.js';
import {
  invalidLine,
  type ParsedLine,
  statementAmount,
  statementDate,
  statementLinesMax,
  statementText,
} from './line.js';

/**
 * OFX statements (1.x SGML and 2.x XML), read with `ofx-js`: a maintained, dependency-free parser
 * that turns both versions into one object tree whose leaves are the file's own text, so amounts
 * stay decimal strings (`TRNAMT` is never made a JS number). Bank and credit-card statements both
 * give `STMTTRN` lines; `FITID` is the bank's id of a line; `SIC`, where a card issuer fills it,
 * is the merchant category code. The closing `LEDGERBAL` gives each line its running balance,
 * counted back from the last line, when every line is dated on or before the balance's date.
 */

type Node = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Every statement response in the file, bank or credit card. */
function statements(ofx: Node): Node[] {
  const out: Node[] = [];
  for (const [set, rs, st] of [
    ['BANKMSGSRSV1', 'STMTTRNRS', 'STMTRS'],
    ['CREDITCARDMSGSRSV1', 'CCSTMTTRNRS', 'CCSTMTRS'],
  ] as const) {
    const msgs = ofx[set];
    if (!isNode(msgs)) continue;
    for (const r of asArray(msgs[rs])) if (isNode(r) && isNode(r[st])) out.push(r[st]);
  }
  return out;
}

export function parseOfxStatement(text: string): { bank: string; lines: ParsedLine[] } {
  if (!text.includes('<OFX>')) throw invalidLine(1, 'the file has no <OFX> element');
  let ofx: Node;
  try {
    const parsed = parseSync(text) as { OFX?: unknown };
    if (!isNode(parsed.OFX)) throw new TypeError('no OFX');
    ofx = parsed.OFX;
  } catch {
    // Whatever the parser met (an unclosed element, nesting past the stack), the file is not OFX.
    throw invalidLine(1, 'the file is not valid OFX');
  }
  const lines: ParsedLine[] = [];
  for (const st of statements(ofx)) {
    const list = st.BANKTRANLIST;
    const txns = isNode(list) ? asArray(list.STMTTRN) : [];
    if (lines.length + txns.length > statementLinesMax)
      throw new DomainError('STATEMENT_TOO_LARGE', `a statement holds at most ${statementLinesMax} lines`);
    const own: ParsedLine[] = [];
    txns.forEach((t, i) => {
      const n = lines.length + i + 1;
      if (!isNode(t)) throw invalidLine(n, 'a transaction has no fields');
      const sic = textOf(t.SIC).trim();
      const id = textOf(t.FITID).trim();
      own.push({
        date: statementDate(textOf(t.DTPOSTED), n, true),
        description: statementText([textOf(t.NAME), textOf(t.MEMO)].filter((s) => s.trim() !== '').join(' ')),
        amount: statementAmount(textOf(t.TRNAMT), n).toString(),
        ...(id !== '' ? { bankId: statementText(id) } : {}),
        ...(/^[0-9]{4}$/.test(sic) ? { mcc: sic } : {}),
      });
    });
    withBalances(own, st.LEDGERBAL);
    lines.push(...own);
  }
  if (lines.length === 0 && statements(ofx).length === 0)
    throw invalidLine(1, 'the file holds no bank or card statement (STMTRS or CCSTMTRS)');
  return { bank: 'OFX', lines };
}

/** Running balances counted back from the closing balance, when the lines all precede it. */
function withBalances(lines: ParsedLine[], ledgerBal: unknown): void {
  if (!isNode(ledgerBal) || lines.length === 0) return;
  const amount = textOf(ledgerBal.BALAMT);
  const asOf = textOf(ledgerBal.DTASOF);
  if (amount === '' || asOf === '') return;
  let balance: Money;
  let asOfDate: string;
  try {
    balance = statementAmount(amount, 0, 'balance');
    asOfDate = statementDate(asOf, 0, true);
  } catch {
    return;
  }
  const order = lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => (a.l.date < b.l.date ? -1 : a.l.date > b.l.date ? 1 : a.i - b.i));
  if ((order.at(-1)?.l.date ?? '') > asOfDate) return;
  for (let k = order.length - 1; k >= 0; k--) {
    const { l } = order[k] as { l: ParsedLine };
    l.balance = balance.toString();
    balance = balance.minus(Money.of(l.amount));
  }
}
