import type { JournalEntry, Pot } from './model.js';

/**
 * The journal as a plain-text accounting file (hledger / ledger syntax). Accounts are
 * `pots:<council>:<plan>:<pot>:<bucket>` (bucket last, so `hledger bal spent$` totals spending)
 * and `funders:<funder>`; every transaction balances to zero, as every entry does.
 */

const clean = (text: string): string =>
  text
    .replace(/[\r\n;|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export function toHledger(councilId: string, entries: readonly JournalEntry[], pots: readonly Pot[]): string {
  const funderOf = new Map(pots.map((p) => [`${p.planId}/${p.potId}`, p.funderId]));
  const accountOf = (e: JournalEntry, p: JournalEntry['postings'][number]): string =>
    p.account === 'funder'
      ? `funders:${funderOf.get(`${e.planId}/${p.potId}`) ?? 'unknown'}`
      : `pots:${e.councilId}:${e.planId}:${p.potId}:${p.account}`;
  // Declared accounts and commodity, so `hledger check --strict` accepts the file.
  const accounts = [...new Set(entries.flatMap((e) => e.postings.map((p) => accountOf(e, p))))].sort();
  const lines = [
    `; ehcp-ledger journal of council ${clean(councilId)}`,
    '; amounts in GBP; accounts pots:<council>:<plan>:<pot>:<bucket> and funders:<funder>',
    'commodity 1,000.00 GBP',
    '',
    ...accounts.map((a) => `account ${a}`),
    '',
  ];
  const sorted = [...entries].sort((a, b) =>
    a.effectiveDate === b.effectiveDate
      ? a.entryId.localeCompare(b.entryId)
      : a.effectiveDate.localeCompare(b.effectiveDate),
  );
  for (const e of sorted) {
    // Names and reasons are personal data (section 11d): the journal says what moved, not to whom,
    // so the export reads the same before and after a plan's personal data is disposed of.
    const description = clean([e.kind, e.category].filter(Boolean).join(' '));
    lines.push(`${e.effectiveDate} (${e.entryId}) ${description}`);
    const tags = [
      `plan:${e.planId}`,
      `actor:${clean(e.actor.sub)}`,
      `role:${e.actor.role}`,
      ...(e.spendId ? [`spend:${e.spendId}`] : []),
      ...(e.reverses ? [`reverses:${e.reverses}`] : []),
      ...(e.outcomeId ? [`outcome:${e.outcomeId}`] : []),
    ];
    lines.push(`    ; ${tags.join(', ')}`);
    for (const p of e.postings) lines.push(`    ${accountOf(e, p)}  ${p.amount} GBP`);
    lines.push('');
  }
  return lines.join('\n');
}
