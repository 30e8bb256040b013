// Proves the fault harness's seam: the faulty world's store is the store code itself over a faulty
// Table, so every store operation, read or write, reaches the injector (none is forwarded around it).
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory-store.js';
import { type FaultCounts, FaultyStore, TimeoutError } from '../support/faulty-store.js';

const counts = (): FaultCounts => ({
  conflicts: 0,
  throttles: 0,
  crashesBeforeCommit: 0,
  lostAcknowledgements: 0,
  readThrottles: 0,
  duplicates: 0,
  lateRedeliveries: 0,
  retries: 0,
});

describe('the faulty table under the fault harness', () => {
  it('faults every kind of store read when reads are faulted, whichever method is called', async () => {
    // Prepare: every read faulted (rate 1, reads at the full rate), nothing random about it.
    const faults = counts();
    const store = new FaultyStore(new MemoryStore(), () => 0, faults, 1, 1);
    const reads: Array<[string, () => Promise<unknown>]> = [
      ['getPlan', () => store.getPlan('P1')],
      ['getPots', () => store.getPots('P1')],
      ['getPlanWithPots', () => store.getPlanWithPots('P1')],
      ['listEntries', () => store.listEntries('P1', { limit: 10 })],
      ['listCouncilPots', () => store.listCouncilPots('LA-001', 0)],
      ['listOrganisations', () => store.listOrganisations('council')],
      ['getRun', () => store.getRun('R1')],
      ['getIdempotency', () => store.getIdempotency('s', 'k')],
      ['listWork', () => store.listWork({ scope: { councilId: 'LA-001' }, window: 'open', limit: 10 })],
      ['getPotStatements', () => store.getPotStatements('P1', 'SC')],
    ];
    // Act
    const outcomes = await Promise.all(
      reads.map(async ([name, read]) => [
        name,
        await read().then(
          () => 'read',
          (e: Error) => e.name,
        ),
      ]),
    );
    // Assess
    expect(outcomes).toEqual(reads.map(([name]) => [name, 'ThrottlingException']));
    expect(faults.readThrottles).toBeGreaterThanOrEqual(reads.length);
  });

  it('lets reads through by default and faults every transaction, whatever its writes', async () => {
    // Prepare: reads unfaulted; every transaction draws 0.5 of a 1.0 rate: a crash before commit.
    const faults = counts();
    const inner = new MemoryStore();
    const store = new FaultyStore(inner, () => 0.5, faults, 1);
    // Act
    const read = await store.getPots('P1');
    const commit = await store
      .commit({
        writes: [{ kind: 'put_if_absent', record: { type: 'claim', scope: { planId: 'P1' }, name: 'X' } }],
      })
      .then(
        () => 'committed',
        (e: Error) => e,
      );
    // Assess: the read answered, the commit crashed before reaching the table, and nothing was written.
    expect(read).toEqual([]);
    expect(commit).toBeInstanceOf(TimeoutError);
    expect(faults).toMatchObject({ crashesBeforeCommit: 1, readThrottles: 0 });
    expect(inner.dump()).toEqual([]);
  });
});
