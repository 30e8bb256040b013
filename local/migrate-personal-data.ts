import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoTable } from '../adapters/dynamodb/dynamo-table.js';
import { migratePersonalData } from '../adapters/table/migrate-personal-data.js';
import { localClient } from './dynamo.js';

/**
 * The one-off migration of DESIGN.md section 11d: moves payees, notes, reasons and memos out of
 * entry, spend, event, return and recovery items written before they were kept apart.
 *
 *   TABLE_NAME=ehcp-ledger DYNAMODB_ENDPOINT=http://localhost:8000 npx tsx local/migrate-personal-data.ts
 *
 * In AWS run it once with the table's name and no endpoint (the credentials of an operator who
 * may write the table); it is idempotent, so running it twice changes nothing.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('set TABLE_NAME');
  const client = env.DYNAMODB_ENDPOINT ? localClient(env.DYNAMODB_ENDPOINT) : new DynamoDBClient({});
  const counts = await migratePersonalData(new DynamoTable(client, tableName), randomUUID);
  console.log(`migrated the personal data of ${counts.records} records in ${counts.plans} plans`);
  client.destroy();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
