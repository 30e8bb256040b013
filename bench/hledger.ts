import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Money } from '../domain/money.js';

/**
 * `hledger bal` (Debian's hledger) on a council's export: how long it takes, and the balance it
 * gives each bucket (`pots:…:<bucket>`) and the funders, in pence, for the bench to check against
 * the reconciliation's totals.
 */
export function hledgerBalances(journal: string): {
  ms: number;
  pence: Map<string, bigint>;
  transactions: number;
} {
  const file = join(mkdtempSync(join(tmpdir(), 'ehcp-bench-')), 'council.journal');
  writeFileSync(file, journal);
  const started = performance.now();
  const csv = execFileSync('hledger', ['-f', file, 'bal', '--flat', '-N', '-O', 'csv', '--layout', 'bare'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - started;
  const pence = new Map<string, bigint>();
  for (const row of csv.trim().split('\n').slice(1)) {
    const [account = '', , amount = '0'] = row.split(',').map((c) => c.replaceAll('"', ''));
    const bucket = account.startsWith('funders:') ? 'funders' : (account.split(':').at(-1) ?? '');
    // The amount may carry its commodity (GBP): keep the number only.
    const value = Money.of(amount.replace(/[^0-9.-]/g, '') || '0').toPence();
    pence.set(bucket, (pence.get(bucket) ?? 0n) + value);
  }
  return { ms, pence, transactions: (journal.match(/^\d{4}-\d{2}-\d{2} /gm) ?? []).length };
}
