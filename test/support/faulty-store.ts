import type { MemoryStore } from '../../adapters/memory-store.js';
import type { Item, Key } from '../../adapters/table/keys.js';
import { TableLedgerStore } from '../../adapters/table/ledger-store.js';
import { type Query, type Table, TableBusyError, type TableWrite } from '../../adapters/table/table.js';

/**
 * The fault harness's store: the model's own store code (TableLedgerStore) over the memory table
 * behind a faulty `Table`. Every store operation, read or write, reaches the table through this
 * seam, so none passes by the injector: a transaction (whatever its puts, updates and checks) is
 * refused as a conflict or throttling (TableBusyError, as DynamoDB's cancellation and throttling
 * become), crashes the handler before it reaches the table, or loses its acknowledgement after it
 * was applied; a read (`get`, `query`) can be throttled, as DynamoDB's reads can be once the
 * SDK's retries are spent (opt-in, `readShare`: see runSeed's `readFaults`).
 */

export interface FaultCounts {
  conflicts: number;
  throttles: number;
  crashesBeforeCommit: number;
  lostAcknowledgements: number;
  readThrottles: number;
  duplicates: number;
  lateRedeliveries: number;
  retries: number;
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** A read DynamoDB throttled past the SDK's retries: the caller sees it as transient. */
export class ReadThrottledError extends Error {
  override readonly name = 'ThrottlingException';
}

/** A table that injects faults into every write transaction and read of the table it wraps. */
export class FaultyTable implements Table {
  constructor(
    private readonly inner: Table,
    private readonly random: () => number,
    readonly faults: FaultCounts,
    private readonly rate: number,
    /** A read's chance of a fault, as a share of `rate` (0: reads pass through the seam unharmed). */
    private readonly readShare = 0,
  ) {}

  private read(): void {
    if (this.random() < this.rate * this.readShare) {
      this.faults.readThrottles++;
      throw new ReadThrottledError('injected read throttling');
    }
  }

  async get(key: Key): Promise<Item | undefined> {
    this.read();
    return this.inner.get(key);
  }

  async query(q: Query): Promise<{ items: Item[]; last: Item | undefined }> {
    this.read();
    return this.inner.query(q);
  }

  async transact(writes: readonly TableWrite[], token: string): Promise<void> {
    const r = this.random();
    if (r < this.rate * 0.3) {
      this.faults.conflicts++;
      throw new TableBusyError('injected transaction conflict');
    }
    if (r < this.rate * 0.5) {
      this.faults.throttles++;
      throw new TableBusyError('injected throttling');
    }
    if (r < this.rate * 0.7) {
      this.faults.crashesBeforeCommit++;
      throw new TimeoutError('injected crash before commit');
    }
    await this.inner.transact(writes, token);
    if (this.random() < this.rate * 0.3) {
      this.faults.lostAcknowledgements++;
      throw new TimeoutError('injected timeout after the commit succeeded');
    }
  }
}

/** The store of the faulty world: the same store code as the model's, over a faulty table. */
export class FaultyStore extends TableLedgerStore {
  constructor(inner: MemoryStore, random: () => number, faults: FaultCounts, rate: number, readShare = 0) {
    super(new FaultyTable(inner.memoryTable, random, faults, rate, readShare));
  }
}
