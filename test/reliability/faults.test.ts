// Proves exactly-once under faults: seeded random sequences with conflicts, throttling, crashes,
// lost acknowledgements and redelivered requests leave the ledger equal to a fault-free model.
import { describe, expect, it } from 'vitest';
import { replayHint, runSeed } from '../support/vopr.js';

const seeds = [1, 2, 3];
const sequencesPerSeed = 1000;

describe('fault injection (VOPR-style)', () => {
  it.each(seeds)(
    `seed %i: ${sequencesPerSeed} sequences equal the model and keep every invariant`,
    async (seed) => {
      const started = Date.now();
      const r = await runSeed(seed, sequencesPerSeed);
      const f = r.faults;
      console.log(
        `faults seed ${seed}: ${sequencesPerSeed} sequences, ${r.operations} operations in ${Date.now() - started} ms; injected ${f.conflicts} conflicts, ${f.throttles} throttles, ${f.crashesBeforeCommit} crashes, ${f.lostAcknowledgements} lost acks, ${f.readThrottles} read throttles, ${f.duplicates} duplicates, ${f.lateRedeliveries} late redeliveries; ${f.retries} retries; 0 lost, 0 duplicated`,
      );
      if (r.failure) console.error(replayHint(r.failure));
      expect(r.failure).toBeUndefined();
      expect(f.lostAcknowledgements + f.conflicts + f.crashesBeforeCommit).toBeGreaterThan(0);
    },
    300_000,
  );
});
