// Proves the journal archive: stream records are regrouped by entry (pieces, duplicates and other
// items of a transaction ignored), each entry is written once with If-None-Match, a file already
// there counts as done, and a failed write is reported for retry by its sequence number.
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tableWritesOf } from '../../adapters/table/writes.js';
import { archiveJournal, entriesOf, useArchiveConfig } from '../../functions/archive.js';
import { parseConfig } from '../../functions/config.js';
import { entryFixture } from '../support/fixtures.js';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());
beforeAll(() => {
  useArchiveConfig(parseConfig({ TABLE_NAME: 't', ARCHIVE_BUCKET: 'archive', LOG_LEVEL: 'SILENT' }));
});

const record = (
  seq: string,
  item: Record<string, { S: string }>,
  eventName: 'INSERT' | 'MODIFY' = 'INSERT',
) =>
  ({
    eventName,
    dynamodb: { SequenceNumber: seq, NewImage: item },
  }) as DynamoDBStreamEvent['Records'][number];
const entryItem = (entryId: string) => ({
  type: { S: 'entry' },
  doc: { S: JSON.stringify(entryFixture({ entryId })) },
});

describe('the journal archive', () => {
  it('copies entries as the table writes them: ids, kinds, dates and amounts, no names (section 11d)', () => {
    // Prepare: the transaction's items for an entry with a payee, a reason and a memo.
    const entry = entryFixture({
      entryId: '01P',
      payee: 'Jane Carer',
      reason: 'bereavement',
      memo: 'see notes',
    });
    const items = tableWritesOf({ kind: 'put_if_absent', record: { type: 'entry', entry } }).map((w) =>
      w.kind === 'put' ? w.item : {},
    );
    const event: DynamoDBStreamEvent = {
      Records: items.map((item, i) => record(String(i), item as Record<string, { S: string }>)),
    };
    // Act
    const archived = JSON.stringify(entriesOf(event).get('01P')?.entry);
    // Assess: the entry is archived, its personal fields are in the PD item the archive skips.
    expect(archived).toContain('"entryId":"01P"');
    expect(['Jane Carer', 'bereavement', 'see notes'].filter((t) => archived.includes(t))).toEqual([]);
    expect(items.map((i) => i.type?.S)).toEqual(['entry', 'personal']);
  });

  it('regroups a batch by entry and ignores the other items of a transaction', () => {
    // Prepare
    const event: DynamoDBStreamEvent = {
      Records: [
        record('1', { type: { S: 'pot' } }, 'MODIFY'),
        record('2', entryItem('01A')),
        record('3', { type: { S: 'idempotency' } }),
        record('4', entryItem('01A')),
        record('5', entryItem('01B')),
      ],
    };
    // Act
    const found = entriesOf(event);
    // Assess
    expect([...found.keys()]).toEqual(['01A', '01B']);
    expect(found.get('01A')?.sequence).toBe('2');
  });

  it('writes each entry once, conditionally, and counts a file already there as archived', async () => {
    // Prepare
    s3.on(PutObjectCommand, { Key: 'journal/LA-001/P1/01A.json' }).resolves({});
    s3.on(PutObjectCommand, { Key: 'journal/LA-001/P1/01B.json' }).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
      }),
    );
    // Act
    const r = await archiveJournal({
      Records: [record('1', entryItem('01A')), record('2', entryItem('01B'))],
    });
    // Assess
    expect(r.batchItemFailures).toEqual([]);
    const calls = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.Key, c.IfNoneMatch])).toEqual([
      ['journal/LA-001/P1/01A.json', '*'],
      ['journal/LA-001/P1/01B.json', '*'],
    ]);
  });

  it('reports a failed write by its sequence number so the stream retries from there', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(new Error('network'));
    // Act
    const r = await archiveJournal({ Records: [record('7', entryItem('01C'))] });
    // Assess
    expect(r.batchItemFailures).toEqual([{ itemIdentifier: '7' }]);
  });
});
