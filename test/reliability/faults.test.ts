// Proves exactly-once under faults: seeded random sequences with conflicts, throttling, crashes,
// lost acknowledgements and redelivered requests leave the ledger equal to a fault-free model.
import { describe, expect, it } from 'vitest';
import { replayHint, runSeed } from '../support/vopr.js';

const seeds = [1, 2, 3];
const sequencesPerSeed = 1000;
// Each seed's sequences run in slices, so one test's hang guard covers a slice, not a whole seed on
// a machine running other suites; the sequences, and so what is proved, are the same.
const slice = 250;
const cases = [
  ...seeds.flatMap((seed) =>
    Array.from({ length: sequencesPerSeed / slice }, (_, i) => ({ seed, from: i * slice, readFaults: 0 })),
  ),
  // Reads throttled too, at a twentieth of the fault rate: an operation reads many items, so a
  // higher share leaves some never done within the harness's 50 attempts.
  { seed: 4, from: 0, readFaults: 0.05 },
];

describe('fault injection (VOPR-style)', () => {
  it.each(cases)(
    `seed $seed: sequences $from to +${slice} (read faults $readFaults) equal the model and keep every invariant`,
    async ({ seed, from, readFaults }) => {
      const started = Date.now();
      const r = await runSeed(seed, slice, { from, readFaults });
      const f = r.faults;
      console.log(
        `faults seed ${seed} from ${from}: ${slice} sequences, ${r.operations} operations in ${Date.now() - started} ms; injected ${f.conflicts} conflicts, ${f.throttles} throttles, ${f.crashesBeforeCommit} crashes, ${f.lostAcknowledgements} lost acks, ${f.readThrottles} read throttles, ${f.duplicates} duplicates, ${f.lateRedeliveries} late redeliveries; ${f.retries} retries; 0 lost, 0 duplicated`,
      );
      if (r.failure) console.error(replayHint(r.failure));
      expect(r.failure).toBeUndefined();
      expect(f.lostAcknowledgements + f.conflicts + f.crashesBeforeCommit).toBeGreaterThan(0);
      if (readFaults > 0) expect(f.readThrottles).toBeGreaterThan(0);
    },
  );
});
