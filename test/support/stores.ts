import { randomUUID } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { DynamoLedgerStore } from '../../adapters/dynamodb/store.js';
import { MemoryStore } from '../../adapters/memory-store.js';
import type { LedgerStore } from '../../domain/ports.js';
import { ensureTable, localClient } from '../../local/dynamo.js';

/** The two stores the store contract suites run every case against: in memory and on DynamoDB Local. */

const clients: Array<ReturnType<typeof localClient>> = [];
afterAll(() => {
  for (const c of clients) c.destroy();
});

async function dynamoStore(): Promise<LedgerStore> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `contract-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const client = localClient(endpoint);
  clients.push(client);
  return new DynamoLedgerStore({ client, tableName });
}

export const stores: Array<[string, () => Promise<LedgerStore>]> = [
  ['memory', async () => new MemoryStore()],
  ['DynamoDB Local', dynamoStore],
];
