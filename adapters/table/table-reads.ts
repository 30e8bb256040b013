import type { Page, PageRequest } from '../../domain/ports.js';
import { shardCount } from '../../domain/shards.js';
import { type Item, type Key, S, text } from './keys.js';
import { type Joined, joinPersonalData } from './personal-join.js';
import type { Query, Table } from './table.js';
import { decodeCursor, encodeCursor } from './writes.js';

/**
 * How the ledger store reads its one table (DESIGN.md section 4): a key, a whole query (bounded),
 * the write shards of an index, a page of a partition or an index, and records joined with their
 * personal data. The store's reads by plan (plan-reads.ts) and across organisations
 * (ledger-store.ts) are written over these alone.
 */

/** Bounds on reads that gather a whole list (a plan's spends, a council's pots). */
export const queryPagesMax = 200;
export const pageLimitMax = 1_000;

export class TableReads {
  /** Counts for tests and benchmarks. */
  readonly stats = { itemsRead: 0, commits: 0, summaryReads: 0 };

  constructor(protected readonly table: Table) {}

  /** Records read back whole, each joined with its personal data (personal-join.ts). */
  protected joined<T extends { planId: string }>(kind: Joined, records: T[]): Promise<T[]> {
    return joinPersonalData({ get: (k) => this.get(k), queryAll: (q) => this.queryAll(q) }, kind, records);
  }

  protected async joinedOne<T extends { planId: string }>(kind: Joined, record: T | undefined) {
    return record && (await this.joined(kind, [record]))[0];
  }

  protected async get(key: Key): Promise<Item | undefined> {
    const item = await this.table.get(key);
    if (item) this.stats.itemsRead++;
    return item;
  }

  /** Every item of a query, page by page, bounded. */
  protected async queryAll(q: Query): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    for (let page = 0; page < queryPagesMax; page++) {
      const out = await this.table.query({ ...q, ...(start ? { start } : {}) });
      items.push(...out.items);
      this.stats.itemsRead += out.items.length;
      start = out.last;
      if (!start) return items;
    }
    throw new RangeError(`a query of ${q.pk} ran past ${queryPagesMax} pages`);
  }

  protected async sharded(index: 'gsi1' | 'gsi2' | 'gsi3', prefix: string, skPrefix: string, only?: number) {
    const shards = only === undefined ? Array.from({ length: shardCount }, (_, i) => i) : [only];
    const parts = await Promise.all(
      shards.map((shard) => this.queryAll({ index, pk: `${prefix}#${shard}`, skPrefix })),
    );
    return parts.flat();
  }

  /**
   * A page of a partition's items under one sort-key prefix; the cursor is the last sort key
   * without the prefix. DynamoDB's Limit counts items read, so it reads on until the page is full.
   */
  protected async keyPage(
    pk: string,
    prefix: string,
    page: PageRequest,
    forward: boolean,
  ): Promise<Page<Item>> {
    const after = decodeCursor(page.cursor);
    const limit = Math.min(page.limit, pageLimitMax);
    const start = after === undefined ? undefined : { pk: S(pk), sk: S(`${prefix}${after}`) };
    const items = await this.indexPage(
      { pk, skPrefix: prefix, forward, ...(start ? { start } : {}) },
      limit + 1,
    );
    const pageItems = items.slice(0, limit);
    const last = pageItems.at(-1);
    return {
      items: pageItems,
      next: items.length > limit && last ? encodeCursor(text(last, 'sk').slice(prefix.length)) : null,
    };
  }

  /** Up to `wanted` items of a query (from its `start`), reading on while DynamoDB's Limit cuts pages short. */
  protected async indexPage(q: Query, wanted: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined = q.start;
    for (let reads = 0; items.length < wanted && reads < queryPagesMax; reads++) {
      const out = await this.table.query({ ...q, limit: wanted - items.length, ...(start ? { start } : {}) });
      items.push(...out.items);
      this.stats.itemsRead += out.items.length;
      start = out.last;
      if (!start) break;
    }
    return items;
  }
}
