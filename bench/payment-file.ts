import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { legacyLocalAccountSealer, localAccountSealer } from '../adapters/crypto/account-sealer.js';
import { MemoryStore } from '../adapters/memory-store.js';
import { Money } from '../domain/money.js';
import { bacsReference, toBacs } from '../domain/payments/bacs.js';
import type { DebtorAccount, PayablePayment } from '../domain/payments/batch.js';
import { writePain001 } from '../domain/payments/files.js';
import { paymentIdOf } from '../domain/payments/payment-id.js';
import { executionDate } from '../domain/payments/working-days.js';

/**
 * Issue 25's gate: a pain.001 file for 20,000 payments in at most 2 s and 256 MB of heap. Measures
 * what a download does after reading the batch: opening each sealed account number (two-level
 * envelope: the council's data key opened once with the Encryption SDK and the local AES keyring,
 * then AES-256-GCM per number), then writing the document in chunks. The opening is done by a
 * fresh sealer (a cold container), so the SDK decrypt of the data key is counted.
 * `tsx bench/payment-file.ts` runs it alone; section 7 of `npm run bench` runs it too.
 */

export async function benchPaymentFile(count = 20_000) {
  const keyFile = join(mkdtempSync(join(tmpdir(), 'bench-sealer-')), 'account-key');
  const store = new MemoryStore();
  const context = (i: number) => ({ purpose: 'account-number', owner: `plan/P${i}/pot/SC` });
  // The batch as stored: each payee's number sealed (sealing is an agreement's cost, not the file's).
  const sealing = localAccountSealer(keyFile, store);
  const sealed = await Promise.all(
    Array.from({ length: count }, (_, i) => sealing.seal('66374958', context(i), 'LA-001')),
  );
  // For comparison, the per-number cost of the format before (one SDK message a number), on a sample.
  const legacy = legacyLocalAccountSealer(keyFile);
  const sample = 200;
  const legacySealed = await Promise.all(
    Array.from({ length: sample }, (_, i) => legacy.seal('66374958', context(i))),
  );
  const opener = localAccountSealer(keyFile, store);
  const tl = performance.now();
  for (let i = 0; i < sample; i++) await opener.open(legacySealed[i] as string, context(i));
  const legacyMsPerOpen = (performance.now() - tl) / sample;
  const sealer = localAccountSealer(keyFile, store);
  const debtors = new Map<string, DebtorAccount>([
    ['LA-001', { funderId: 'LA-001', name: 'COUNCIL', sortCode: '107999', accountNumber: '88837491' }],
  ]);
  // The batch's records as the download reads them: ids, amounts, dates, references and names were
  // worked out when the run wrote the batch (and the agreement its payee), not by the download.
  const stored = Array.from({ length: count }, (_, i) => ({
    paymentId: paymentIdOf('01JBENCHRUN0000000000000AB', `SC${i}`, '2026-06-01'),
    funderId: 'LA-001',
    amount: Money.fromPence(BigInt(10_000 + i)).toString(),
    executionDate: executionDate('2026-06-01', '2026-05-28'),
    reference: bacsReference(`EHCP P${i}`),
    name: toBacs(`Payee ${i}`, 18),
    sealed: sealed[i] as string,
    context: context(i),
  }));
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const t = performance.now();
  let decryptMs = 0;
  const payments: PayablePayment[] = [];
  for (const p of stored) {
    const from = performance.now();
    const accountNumber = await sealer.open(p.sealed, p.context);
    decryptMs += performance.now() - from;
    payments.push({
      paymentId: p.paymentId,
      funderId: p.funderId,
      amount: p.amount,
      executionDate: p.executionDate,
      reference: p.reference,
      route: { kind: 'bank', name: p.name, sortCode: '089999', accountNumber },
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
    dataKeysOpened: sealer.dataKeysOpened,
    decryptSeconds: decryptMs / 1000,
    legacyMsPerOpen,
    heapMb: (heapPeak - heapBefore) / 1_048_576,
    megabytes: bytes / 1_048_576,
  };
}

if (process.argv[1]?.endsWith('payment-file.ts')) {
  const r = await benchPaymentFile();
  process.stdout.write(
    `pain.001 for ${r.count} payments (£${r.sum}): ${r.seconds.toFixed(2)} s (${r.openSeconds.toFixed(2)} s reading the batch, of which ${r.decryptSeconds.toFixed(2)} s opening account numbers, ${r.writeSeconds.toFixed(2)} s writing; ${r.dataKeysOpened} data key opened by the SDK; the one-message format cost ${r.legacyMsPerOpen.toFixed(2)} ms an open), ${r.megabytes.toFixed(1)} MB written, heap growth ${r.heapMb.toFixed(0)} MB\n`,
  );
}
