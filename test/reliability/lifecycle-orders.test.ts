// Proves the lifecycle's money in every order the harness reaches (issue 22, DESIGN.md 11a):
// seeded scenarios of concurrent cessations, reductions inside a run's span, suspensions around
// cessations, withholds, approvals racing cessations, adjustments after cessation and reversals,
// each checked against a reference model of the schedule. Seeds 1–3 found the first four
// findings of issue 22 on the code before its fix (docs/lifecycle.md lists which).
import { describe, expect, it } from 'vitest';
import { runScheduleSeed } from '../support/vopr-schedule.js';

const seeds = [1, 2, 3];
const scenariosPerSeed = 40;

describe('lifecycle orders (model-based)', () => {
  it.each(seeds)(
    `seed %i: ${scenariosPerSeed} scenarios match the schedule model`,
    async (seed) => {
      const { failures, reached } = await runScheduleSeed(seed, scenariosPerSeed);
      console.log(
        `lifecycle orders seed ${seed}: ${[...reached.entries()].map(([o, n]) => `${o} ×${n}`).join(', ')}`,
      );
      if (failures.length) console.error(JSON.stringify(failures.slice(0, 3), null, 1));
      expect(failures).toEqual([]);
      // The orders the issue names were all reached.
      for (const order of [
        'concurrent cessations',
        'reduction with notice inside the run span',
        'suspend, cease, resume',
        'resumed with withhold',
        'adjustment after cessation',
        'instalment reversed, posted again',
        'recovery reversed',
      ])
        expect(reached.get(order) ?? 0).toBeGreaterThan(0);
      expect(
        (reached.get('approval paid before cessation') ?? 0) +
          (reached.get('approval refused by cessation') ?? 0),
      ).toBeGreaterThan(0);
    },
    300_000,
  );
});
