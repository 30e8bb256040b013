import { parseArgs } from 'node:util';
import { replayHint, runSeed } from '../test/support/vopr.js';

/**
 * `npm run soak -- --seeds 20 [--sequences 1000] [--length 30] [--fault-rate 0.25]` runs the fault
 * harness over many seeds; `--seed S --from F --sequences 1` replays one failing sequence.
 */
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    seed: { type: 'string' },
    from: { type: 'string', default: '0' },
    sequences: { type: 'string', default: '1000' },
    length: { type: 'string', default: '20' },
    'fault-rate': { type: 'string', default: '0.25' },
  },
});
const seeds = values.seed
  ? [Number.parseInt(values.seed, 10)]
  : Array.from({ length: Number.parseInt(values.seeds, 10) }, (_, i) => 1000 + i);
const options = {
  from: Number.parseInt(values.from, 10),
  length: Number.parseInt(values.length, 10),
  faultRate: Number(values['fault-rate']),
};
let operations = 0;
let failed = 0;
const started = Date.now();
for (const seed of seeds) {
  const r = await runSeed(seed, Number.parseInt(values.sequences, 10), options);
  operations += r.operations;
  const f = r.faults;
  process.stdout.write(
    `seed ${seed}: ${r.operations} operations; ${f.conflicts} conflicts, ${f.throttles} throttles, ${f.crashesBeforeCommit} crashes, ${f.lostAcknowledgements} lost acks, ${f.readThrottles} read throttles, ${f.duplicates} duplicates, ${f.lateRedeliveries} late redeliveries; ${r.failure ? 'FAILED' : 'ok'}\n`,
  );
  if (r.failure) {
    failed++;
    process.stdout.write(`${replayHint(r.failure)}\n`);
  }
}
process.stdout.write(
  `${seeds.length} seeds, ${operations} operations in ${((Date.now() - started) / 1000).toFixed(1)} s: ${failed} failed\n`,
);
process.exit(failed ? 1 : 0);
