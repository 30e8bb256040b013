import { longDate, months, words } from './format.js';

/**
 * The family's words for the ledger's things: a pot is the money for a kind of support, held by
 * the family (a direct payment), by a broker, or by the council; a quarter is three named months.
 * No ledger word ("notional", "unreleased", "allocate", "reserve") reaches a family's page.
 */

const streamWords: Record<string, string> = {
  education: 'education',
  health: 'health',
  social_care: 'social care',
};

export const streamName = (stream: string): string => streamWords[stream] ?? words(stream).toLowerCase();

/** "Social care (direct payment)"; "Education (arranged by the council)"; "Health (arranged by your broker)". */
export function potName(pot: { stream: string; mode: string }): string {
  const s = words(streamName(pot.stream));
  if (pot.mode === 'direct_payment') return `${s} (direct payment)`;
  if (pot.mode === 'third_party') return `${s} (arranged through a broker)`;
  return `${s} (arranged by the council)`;
}

/** Financial quarter `2026-Q1` (April to June 2026; 2026-Q4 is January to March 2027) as dates. */
export function quarterDates(quarter: string): { start: string; end: string } | undefined {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return undefined;
  const year = Number(m[1]);
  const first = 3 + (Number(m[2]) - 1) * 3; // month index (0-based) of the quarter's first month
  const start = new Date(Date.UTC(year, first, 1));
  const end = new Date(Date.UTC(year, first + 3, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

export function quarterOf(date: string): string {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(5, 7));
  const fy = mo >= 4 ? y : y - 1;
  return `${fy}-Q${Math.floor(((mo - 4 + 12) % 12) / 3) + 1}`;
}

/** The first day of the financial year a day falls in (1 April). */
export const financialYearStart = (date: string): string => `${quarterOf(date).slice(0, 4)}-04-01`;

/** `2026-Q1` → "April to June 2026". */
export function quarterName(quarter: string): string {
  const d = quarterDates(quarter);
  if (!d) return quarter;
  const from = months[Number(d.start.slice(5, 7)) - 1];
  const to = months[Number(d.end.slice(5, 7)) - 1];
  return `${from} to ${to} ${d.end.slice(0, 4)}`;
}

/** The quarters of a period that have ended by a day, oldest first. */
export function endedQuarters(period: { start: string; end: string }, today: string): string[] {
  const out: string[] = [];
  let q = quarterOf(period.start);
  for (let i = 0; i < 40; i++) {
    const d = quarterDates(q);
    if (!d || d.start > period.end || d.end >= today) break;
    out.push(q);
    const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(-1))];
    q = n === 4 ? `${y + 1}-Q1` : `${y}-Q${n + 1}`;
  }
  return out;
}

/** An entry of the ledger in a parent's words, with the money it moved in or out of what they hold. */
export function entryWords(kind: string, payee: string | undefined, delta: number): string {
  switch (kind) {
    case 'instalment':
      return 'Payment from the council';
    case 'allocate':
      return 'Budget for the year';
    case 'adjust':
      return delta >= 0 ? 'Budget increased' : 'Budget reduced';
    case 'pay':
    case 'direct_spend':
      return payee ? `Paid to ${payee}` : 'Payment';
    case 'void':
      return payee ? `Cancelled: ${payee}` : 'Spend cancelled';
    case 'recover':
    case 'recovery_settle':
      return 'Money paid back to the council';
    case 'reverse':
      return 'Correction';
    case 'withhold':
      return 'Payment held back';
    case 'offset':
      return 'Taken off a payment';
    case 'deallocate':
      return 'Budget ended';
    default:
      return words(kind);
  }
}

export const periodWords = (p: { start: string; end: string }): string =>
  `${longDate(p.start)} to ${longDate(p.end)}`;
