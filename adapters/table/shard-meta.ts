import { randomUUID } from 'node:crypto';
import type { Key } from './keys.js';
import { type Table, TableConditionError } from './table.js';

/**
 * The write-shard count is part of every sharded key (domain/shards.ts), so the table records the
 * count it was first written with, in one META item, and a process started with another count
 * stops with an error naming both instead of reading half its data under the wrong keys.
 */

export const shardMetaKey: Key = { pk: 'META', sk: 'shards' };

export class ShardCountMismatchError extends Error {
  override readonly name = 'ShardCountMismatchError';
  constructor(
    readonly stored: number,
    readonly configured: number,
  ) {
    super(
      `this table was written with ${stored} write shards but this process uses ${configured}: ` +
        `set LEDGER_SHARD_COUNT=${stored} (the count cannot change once data exists)`,
    );
  }
}

/** Records the count on first use; afterwards refuses any other. Returns the stored count. */
export async function checkShardCount(table: Table, configured: number): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await table.get(shardMetaKey);
    if (found) {
      const stored = Number(found.shardCount?.N);
      if (stored !== configured) throw new ShardCountMismatchError(stored, configured);
      return stored;
    }
    try {
      await table.transact(
        [
          {
            kind: 'put',
            item: {
              pk: { S: shardMetaKey.pk },
              sk: { S: shardMetaKey.sk },
              type: { S: 'meta' },
              shardCount: { N: String(configured) },
            },
            condition: 'absent',
          },
        ],
        // A token of its own each time: DynamoDB keeps request tokens for ten minutes across an
        // account's tables, so a fixed one would make a second table's first write a silent replay.
        randomUUID(),
      );
      return configured;
    } catch (error) {
      // Another process recorded it first: read what it recorded.
      if (!(error instanceof TableConditionError)) throw error;
    }
  }
  throw new Error('the shard count could not be recorded or read');
}
