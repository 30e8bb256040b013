import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { backfillArchive, s3ArchiveBucket } from '../functions/archive-backfill.js';
import { localClient } from './dynamo.js';

/**
 * Fills gaps in the journal archive from the table (docs/runbook.md, "The journal archive"):
 *
 *   TABLE_NAME=ehcp-ledger-prod ARCHIVE_BUCKET=<bucket> npx tsx local/archive-backfill.ts [--dry-run]
 *
 * with the credentials of an operator who may scan the table and list and put objects in the
 * archive bucket. DYNAMODB_ENDPOINT points it at DynamoDB Local. Idempotent: run it again and it
 * writes nothing.
 */
export async function main(
  argv = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'dry-run': { type: 'boolean', default: false } } });
  const tableName = env.TABLE_NAME;
  const bucketName = env.ARCHIVE_BUCKET;
  if (!tableName || !bucketName) throw new Error('set TABLE_NAME and ARCHIVE_BUCKET');
  const client = env.DYNAMODB_ENDPOINT ? localClient(env.DYNAMODB_ENDPOINT) : new DynamoDBClient({});
  const s3 = new S3Client({});
  try {
    const dryRun = values['dry-run'] === true;
    const r = await backfillArchive({ client, tableName, bucket: s3ArchiveBucket(s3, bucketName), dryRun });
    for (const key of r.missing) console.log(`missing ${key}`);
    console.log(
      `${r.entries} journal entries in the table, ${r.archived} already archived, ` +
        `${r.missing.length} missing, ${r.written} written${dryRun ? ' (dry run)' : ''}`,
    );
  } finally {
    client.destroy();
    s3.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
