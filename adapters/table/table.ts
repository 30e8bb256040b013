import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Item, Key } from './keys.js';

/**
 * The few operations of one table the ledger store needs, so the store is written once and runs
 * on DynamoDB or in memory. The two implementations must agree on every case of the store
 * contract suite (test/adapters/store-contract.test.ts).
 */

/**
 * A write of one item. `put` creates or replaces; `update` changes counters and fields in place;
 * `check` writes nothing but holds the transaction to an item's version (absent counts as 0).
 */
export type TableWrite =
  | { kind: 'check'; key: Key; version: number }
  | {
      kind: 'put';
      item: Item;
      /** `absentIsFirst`: an item without a version counts as version 1. */
      condition: 'absent' | 'none' | { version: number; absentIsFirst?: boolean };
    }
  | {
      kind: 'update';
      key: Key;
      /** Signed decimal additions (N strings); a missing attribute counts as zero. */
      add: Record<string, string>;
      /** Attributes an addition may not take below zero. */
      nonNegative: readonly string[];
      /** Attributes that must hold these values now. */
      expect: Record<string, AttributeValue>;
      /** Attributes that must not be there now. */
      absent?: readonly string[];
      set: Record<string, AttributeValue>;
      remove: readonly string[];
      /** When false the item is created by the update (a summary on first use). */
      mustExist: boolean;
    };

export interface Query {
  index?: 'gsi1' | 'gsi2' | 'gsi3';
  pk: string;
  skPrefix?: string;
  /** Sort keys strictly after this one (in the query's direction). */
  skAfter?: string;
  /** Sort keys within these inclusive bounds (forward queries; instead of skPrefix and skAfter). */
  skFrom?: string;
  skUpTo?: string;
  forward?: boolean;
  limit?: number;
  start?: Item;
}

/** One or more writes' conditions failed: each failed write by its index, with the item it found. */
export class TableConditionError extends Error {
  override readonly name = 'TableConditionError';
  constructor(
    readonly failed: ReadonlyArray<{ index: number; old: Item | undefined }>,
    options?: { cause?: unknown },
  ) {
    super(`conditions failed at ${failed.map((f) => f.index).join(', ')}`, options);
  }
}

/** The table could not take the writes now (throttled, or a conflicting transaction): send again. */
export class TableBusyError extends Error {
  override readonly name = 'TableBusyError';
}

export interface Table {
  get(key: Key): Promise<Item | undefined>;
  query(q: Query): Promise<{ items: Item[]; last: Item | undefined }>;
  /** All or nothing. `token` makes a resent transaction idempotent. */
  transact(writes: readonly TableWrite[], token: string): Promise<void>;
}

/** DynamoDB's transaction limit, kept by both tables. */
export const tableWritesMax = 100;

export function checkWrites(writes: readonly TableWrite[]): void {
  if (writes.length > tableWritesMax)
    throw new RangeError(`a transaction has ${writes.length} writes; at most ${tableWritesMax}`);
  const seen = new Set<string>();
  for (const w of writes) {
    const key = w.kind === 'put' ? `${w.item.pk?.S}|${w.item.sk?.S}` : `${w.key.pk}|${w.key.sk}`;
    if (seen.has(key)) throw new RangeError(`a transaction writes ${key} twice`);
    seen.add(key);
  }
}
