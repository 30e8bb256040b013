import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { assertBalanced } from '../domain/ledger.js';
import type { JournalEntry } from '../domain/model.js';
import { archiveKey } from './archive.js';

/**
 * The journal archive's backfill (DESIGN.md 11d, docs/runbook.md "The journal archive"): the
 * stream keeps records only 24 hours, so a gap the archiver could not fill in time (records
 * parked on its dead-letter queue, an outage longer than a day) is filled from the table. Every
 * journal entry item of the table is compared with the archive's keys; the missing ones are
 * written as the archiver writes them (same key, same body: the entry item's own JSON, which
 * holds no personal data), each with If-None-Match, so a run cut short, run twice, or racing the
 * archiver writes nothing twice and never overwrites a file (the bucket is under Object Lock).
 */

/** The two things the backfill does with the archive bucket (S3 in AWS; a fake in tests). */
export interface ArchiveBucket {
  /** Every key under the prefix. */
  keys(prefix: string): AsyncIterable<string>;
  /** Writes the object unless one is already there; false when it was. */
  putIfAbsent(key: string, body: string): Promise<boolean>;
}

export interface BackfillResult {
  /** Journal entries in the table. */
  entries: number;
  /** Of those, already in the archive before this run. */
  archived: number;
  /** Missing from the archive, by key. */
  missing: string[];
  /** Written by this run (0 for a dry run; fewer than missing when the archiver got there first). */
  written: number;
}

/** Every journal entry item of the table, by a paged scan (a consistent read of each page). */
export async function* journalEntries(
  client: DynamoDBClient,
  tableName: string,
): AsyncIterable<JournalEntry> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ConsistentRead: true,
        FilterExpression: '#type = :entry',
        ProjectionExpression: '#doc',
        ExpressionAttributeNames: { '#type': 'type', '#doc': 'doc' },
        ExpressionAttributeValues: { ':entry': { S: 'entry' } },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const text = item.doc?.S;
      if (text === undefined) continue;
      const entry = JSON.parse(text) as JournalEntry;
      assertBalanced(entry);
      yield entry;
    }
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Compares the table's journal with the archive and writes the entries the archive lacks. */
export async function backfillArchive(options: {
  client: DynamoDBClient;
  tableName: string;
  bucket: ArchiveBucket;
  /** Report what is missing, write nothing. */
  dryRun?: boolean;
}): Promise<BackfillResult> {
  const { client, tableName, bucket, dryRun = false } = options;
  const present = new Set<string>();
  for await (const key of bucket.keys('journal/')) present.add(key);
  const result: BackfillResult = { entries: 0, archived: 0, missing: [], written: 0 };
  for await (const entry of journalEntries(client, tableName)) {
    result.entries++;
    const key = archiveKey(entry);
    if (present.has(key)) {
      result.archived++;
      continue;
    }
    result.missing.push(key);
    if (!dryRun && (await bucket.putIfAbsent(key, JSON.stringify(entry)))) result.written++;
  }
  result.missing.sort();
  return result;
}

/** The archive bucket in S3, written as the archiver writes it. */
export function s3ArchiveBucket(s3: S3Client, name: string): ArchiveBucket {
  return {
    async *keys(prefix) {
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: name, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) if (o.Key) yield o.Key;
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async putIfAbsent(key, body) {
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: name,
            Key: key,
            Body: body,
            ContentType: 'application/json',
            IfNoneMatch: '*',
            ServerSideEncryption: 'AES256',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) return false;
        throw error;
      }
    },
  };
}
