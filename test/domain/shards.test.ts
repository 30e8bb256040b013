// Scale headroom (DESIGN.md 11d): a 1st-of-month run over 20,000 plans of one council spreads its
// writes over the 32 shards' items; no item takes more than 1/16 of the run's writes.
import { describe, expect, it } from 'vitest';
import { FixedClock, UlidGenerator } from '../../adapters/ids.js';
import { figuresPk } from '../../adapters/table/keys.js';
import { shardCount, shardOf } from '../../domain/shards.js';

describe('write shards', () => {
  it('spreads a 20,000-plan run so that no shard item takes more than 1/16 of its writes', () => {
    // Plan ids as the API makes them: ULIDs, many within the same millisecond.
    const clock = new FixedClock(new Date('2026-04-01T09:00:00.000Z'));
    const ids = new UlidGenerator(clock);
    const plans = Array.from({ length: 20_000 }, () => ids.next());
    // Each plan's instalment posting adds to its shard's figures item (and the council index).
    const writes = new Map<string, number>();
    for (const planId of plans) {
      const key = figuresPk('LA-001', shardOf(planId));
      writes.set(key, (writes.get(key) ?? 0) + 1);
    }
    const counts = [...writes.values()];
    expect(writes.size).toBe(shardCount);
    expect(Math.max(...counts)).toBeLessThanOrEqual(plans.length / 16);
    // And evenly: the busiest shard within a fifth of the mean.
    expect(Math.max(...counts)).toBeLessThan((plans.length / shardCount) * 1.2);
  });
});
