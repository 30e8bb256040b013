import { MemoryTable } from './memory/memory-table.js';
import { TableLedgerStore } from './table/ledger-store.js';

/**
 * The ledger store in memory: the same store as on DynamoDB, over a table kept in memory. Used by
 * domain tests and as the model of the fault harness; the store contract suite proves the two
 * tables answer alike.
 */
export class MemoryStore extends TableLedgerStore {
  constructor() {
    super(new MemoryTable());
  }
  get commits(): number {
    return this.stats.commits;
  }
  /** The table under the store, for a test to wrap (the fault harness's faulty table). */
  get memoryTable(): MemoryTable {
    return this.table as MemoryTable;
  }
  /** Every item of the table, as stored (a test's scan). */
  dump() {
    return (this.table as MemoryTable).dump();
  }
}
