import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { assertBalanced } from '../domain/ledger.js';
import type { JournalEntry } from '../domain/model.js';
import { type Config, parseConfig } from './config.js';
import { redact } from './http/observability.js';
import { jsonLogger, type Logger } from './log.js';

/**
 * The journal archive: a consumer of the table's stream writes every journal entry, once, as an
 * immutable file (`journal/<council>/<plan>/<entry>.json` in a bucket under Object Lock), so the
 * journal survives even the table's loss. The stream delivers a transaction's items in pieces and
 * out of order, and may deliver one twice: entries are regrouped by id, and a write that finds
 * the file already there (If-None-Match) is already done.
 */

const s3 = new S3Client({});

/**
 * The archive needs only its bucket and log level, so it does not build the app the other
 * functions share: that would load the DynamoDB client it never uses at every cold start. In
 * Lambda the environment is parsed at cold start, as deps.ts does; tests install their own.
 */
let settings: { config: Config; logger: Logger } | undefined;
export function useArchiveConfig(config: Config): void {
  settings = {
    config,
    logger: jsonLogger({ service: 'ehcp-ledger', level: config.logLevel, replacer: redact }),
  };
}
if (process.env.AWS_LAMBDA_FUNCTION_NAME) useArchiveConfig(parseConfig(process.env));
const installed = () => {
  if (!settings) throw new Error('no archive configuration installed: call useArchiveConfig(config)');
  return settings;
};

export const archiveKey = (e: Pick<JournalEntry, 'councilId' | 'planId' | 'entryId'>) =>
  `journal/${e.councilId}/${e.planId}/${e.entryId}.json`;

/** The journal entries a batch of stream records holds, each once, by entry id. */
export function entriesOf(
  event: DynamoDBStreamEvent,
): Map<string, { entry: JournalEntry; sequence: string }> {
  const found = new Map<string, { entry: JournalEntry; sequence: string }>();
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image?.type?.S !== 'entry' || image.doc?.S === undefined) continue;
    const entry = JSON.parse(image.doc.S) as JournalEntry;
    assertBalanced(entry);
    if (!found.has(entry.entryId))
      found.set(entry.entryId, { entry, sequence: record.dynamodb?.SequenceNumber ?? '' });
  }
  return found;
}

export async function archiveJournal(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const { config, logger } = installed();
  const bucket = config.archiveBucket;
  if (!bucket) throw new Error('missing required environment variable ARCHIVE_BUCKET');
  const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const { entry, sequence } of entriesOf(event).values()) {
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: archiveKey(entry),
          Body: JSON.stringify(entry),
          ContentType: 'application/json',
          IfNoneMatch: '*',
          ServerSideEncryption: 'AES256',
        }),
      );
    } catch (error) {
      // Already archived by an earlier delivery: nothing to do.
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) continue;
      logger.error('archiving an entry failed', { entryId: entry.entryId, error: error as Error });
      failures.push({ itemIdentifier: sequence });
    }
  }
  return { batchItemFailures: failures };
}
