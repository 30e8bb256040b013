import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localAccountSealer } from '../adapters/crypto/account-sealer.js';
import { Money } from '../domain/money.js';
import { bacsReference, toBacs } from '../domain/payments/bacs.js';
import type { DebtorAccount, PayablePayment } from '../domain/payments/batch.js';
import { writePain001 } from '../domain/payments/files.js';
import { paymentIdOf } from '../domain/payments/payment-id.js';
import { executionDate } from '../domain/payments/working-days.js';

/**
 * Issue 25's gate: a pain.001 file for 20,000 payments in at most 2 s and 256 MB of heap. Measures
 * what a download does after reading the batch: opening each sealed account number (the local AES
 * key, data keys reused as in AWS), then writing the document in chunks. `tsx bench/payment-file.ts`
 * runs it alone; section 7 of `npm run bench` runs it too.
 */

export async function benchPaymentFile(count = 20_000) {
  const sealer = localAccountSealer(join(mkdtempSync(join(tmpdir(), 'bench-sealer-')), 'account-key'));
  const context = (i: number) => ({ purpose: 'account-number', owner: `plan/P${i}/pot/SC` });
  // The batch as stored: each payee's number sealed (sealing is an agreement's cost, not the file's).
  const sealed = await Promise.all(
    Array.from({ length: count }, (_, i) => sealer.seal('66374958', context(i))),
  );
  const debtors = new Map<string, DebtorAccount>([
    ['LA-001', { funderId: 'LA-001', name: 'COUNCIL', sortCode: '107999', accountNumber: '88837491' }],
  ]);
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const t = performance.now();
  const payments: PayablePayment[] = [];
  for (let i = 0; i < count; i++) {
    payments.push({
      paymentId: paymentIdOf('01JBENCHRUN0000000000000AB', `SC${i}`, '2026-06-01'),
      funderId: 'LA-001',
      amount: Money.fromPence(BigInt(10_000 + i)).toString(),
      executionDate: executionDate('2026-06-01', '2026-05-28'),
      reference: bacsReference(`EHCP P${i}`),
      route: {
        kind: 'bank',
        name: toBacs(`Payee ${i}`, 18),
        sortCode: '089999',
        accountNumber: await sealer.open(sealed[i] as string, context(i)),
      },
    });
  }
  const opened = performance.now();
  let bytes = 0;
  let chunks = 0;
  const totals = writePain001(
    { messageId: '01JBENCHRUN0000000000000AB', createdAt: new Date(), initiatingParty: 'COUNCIL' },
    payments,
    debtors,
    (chunk) => {
      bytes += chunk.length;
      if (++chunks % 5_000 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    },
  );
  const seconds = (performance.now() - t) / 1000;
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  return {
    count: totals.count,
    sum: totals.sum,
    seconds,
    openSeconds: (opened - t) / 1000,
    writeSeconds: seconds - (opened - t) / 1000,
    heapMb: (heapPeak - heapBefore) / 1_048_576,
    megabytes: bytes / 1_048_576,
  };
}

if (process.argv[1]?.endsWith('payment-file.ts')) {
  const r = await benchPaymentFile();
  process.stdout.write(
    `pain.001 for ${r.count} payments (£${r.sum}): ${r.seconds.toFixed(2)} s (${r.openSeconds.toFixed(2)} s opening account numbers, ${r.writeSeconds.toFixed(2)} s writing), ${r.megabytes.toFixed(1)} MB written, heap growth ${r.heapMb.toFixed(0)} MB\n`,
  );
}
