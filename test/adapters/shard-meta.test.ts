// The write-shard count is fixed by the first data: recorded once in a META item, refused after
// when a process comes up with another count (on DynamoDB Local and in memory alike).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DynamoLedgerStore } from '../../adapters/dynamodb/store.js';
import { MemoryTable } from '../../adapters/memory/memory-table.js';
import { checkShardCount, ShardCountMismatchError } from '../../adapters/table/shard-meta.js';
import { shardCount, shardCountFrom } from '../../domain/shards.js';
import { ensureTable, localClient } from '../../local/dynamo.js';

const client = localClient(inject('dynamoEndpoint'));
afterAll(() => client.destroy());

describe('the recorded shard count', () => {
  it('records the count on first start and stops a process configured with another, naming both', async () => {
    const tableName = `shards-${randomUUID().slice(0, 8)}`;
    await ensureTable(inject('dynamoEndpoint'), tableName);
    const store = new DynamoLedgerStore({ client, tableName });
    expect(await store.checkShardCount()).toBe(shardCount);
    expect(await store.checkShardCount(shardCount)).toBe(shardCount);
    const refused = await store.checkShardCount(10).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ShardCountMismatchError);
    expect((refused as Error).message).toMatch(/written with 32 write shards but this process uses 10/);
    expect((refused as Error).message).toContain('LEDGER_SHARD_COUNT=32');
  });

  it('keeps the first count recorded, in memory as on DynamoDB', async () => {
    const table = new MemoryTable();
    const first = await checkShardCount(table, 16);
    expect(first).toBe(16);
    await expect(checkShardCount(table, 32)).rejects.toBeInstanceOf(ShardCountMismatchError);
    expect(await checkShardCount(table, 16)).toBe(16);
  });

  it('reads the setting as a whole number from 1 to 256, 32 when unset', () => {
    expect(shardCountFrom(undefined)).toBe(32);
    expect(shardCountFrom('64')).toBe(64);
    expect(() => shardCountFrom('0')).toThrow(/LEDGER_SHARD_COUNT/);
    expect(() => shardCountFrom('3.5')).toThrow(/LEDGER_SHARD_COUNT/);
  });
});
