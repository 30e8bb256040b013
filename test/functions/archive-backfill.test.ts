// Proves the archive's backfill (DESIGN.md 11d, issue 28 point 6): the table's journal entries are
// compared with the archive bucket's keys, the missing ones are written as the stream archiver
// writes them (same key, same body, no personal data), a file already there is never rewritten,
// and a second run writes nothing. The table is DynamoDB Local; the bucket an in-memory fake.
import { randomUUID } from 'node:crypto';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoTable } from '../../adapters/dynamodb/dynamo-table.js';
import { tableWritesOf } from '../../adapters/table/writes.js';
import type { JournalEntry } from '../../domain/model.js';
import { archiveKey, entriesOf } from '../../functions/archive.js';
import { type ArchiveBucket, backfillArchive } from '../../functions/archive-backfill.js';
import { ensureTable, localClient } from '../../local/dynamo.js';
import { entryFixture } from '../support/fixtures.js';

/** An archive bucket in memory: keys listed in order, puts refused when the key is there. */
class MemoryBucket implements ArchiveBucket {
  readonly objects = new Map<string, string>();
  puts = 0;
  /** Keys the listing does not show yet (written by the archiver after the listing). */
  readonly unlisted = new Set<string>();
  async *keys(prefix: string) {
    for (const key of [...this.objects.keys()].sort())
      if (key.startsWith(prefix) && !this.unlisted.has(key)) yield key;
  }
  async putIfAbsent(key: string, body: string) {
    this.puts++;
    if (this.objects.has(key)) return false;
    this.objects.set(key, body);
    return true;
  }
}

const client = localClient(inject('dynamoEndpoint'));
const tableName = `backfill-${randomUUID().slice(0, 8)}`;
const table = new DynamoTable(client, tableName);
afterAll(() => client.destroy());

const entries: JournalEntry[] = [
  entryFixture({ entryId: '01A', planId: 'P1', payee: 'Jane Carer', memo: 'see notes' }),
  entryFixture({ entryId: '01B', planId: 'P1' }),
  entryFixture({ entryId: '01C', planId: 'P2', councilId: 'LA-002' }),
  entryFixture({ entryId: '01D', planId: 'P2', councilId: 'LA-002' }),
];
const itemsOf = (entry: JournalEntry) =>
  tableWritesOf({ kind: 'put_if_absent', record: { type: 'entry', entry } }).map((w) =>
    w.kind === 'put' ? w.item : {},
  );
/** What the stream archiver writes for an entry: the body it builds from the entry item. */
const archiverBody = (entry: JournalEntry) => {
  const event = {
    Records: itemsOf(entry).map((item, i) => ({
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: String(i), NewImage: item },
    })),
  } as unknown as DynamoDBStreamEvent;
  return JSON.stringify(entriesOf(event).get(entry.entryId)?.entry);
};

beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), tableName);
  for (const entry of entries)
    await table.transact(
      tableWritesOf({ kind: 'put_if_absent', record: { type: 'entry', entry } }),
      randomUUID(),
    );
}, 120_000);

describe('the archive backfill', () => {
  it('writes the entries the archive lacks, as the archiver would, and keeps the files already there', async () => {
    // Prepare: the archiver wrote 01A and 01C; 01B and 01D were lost (their stream records expired).
    const bucket = new MemoryBucket();
    const [a, b, c, d] = entries as [JournalEntry, JournalEntry, JournalEntry, JournalEntry];
    bucket.objects.set(archiveKey(a), 'the file the archiver wrote');
    bucket.objects.set(archiveKey(c), 'the file the archiver wrote');
    // Act
    const result = await backfillArchive({ client, tableName, bucket });
    // Assess
    expect(result).toEqual({
      entries: 4,
      archived: 2,
      missing: ['journal/LA-001/P1/01B.json', 'journal/LA-002/P2/01D.json'],
      written: 2,
    });
    expect(bucket.objects.get(archiveKey(b))).toBe(archiverBody(b));
    expect(bucket.objects.get(archiveKey(d))).toBe(archiverBody(d));
    expect(bucket.objects.get(archiveKey(a))).toBe('the file the archiver wrote');
    expect(JSON.parse(bucket.objects.get(archiveKey(b)) ?? '{}')).toMatchObject({
      entryId: '01B',
      postings: b.postings,
    });
  });

  it('is idempotent: a second run finds nothing missing and writes nothing', async () => {
    // Prepare
    const bucket = new MemoryBucket();
    await backfillArchive({ client, tableName, bucket });
    const before = new Map(bucket.objects);
    bucket.puts = 0;
    // Act
    const again = await backfillArchive({ client, tableName, bucket });
    // Assess
    expect(again).toEqual({ entries: 4, archived: 4, missing: [], written: 0 });
    expect(bucket.puts).toBe(0);
    expect(bucket.objects).toEqual(before);
  });

  it('keeps no personal data in the files it writes', async () => {
    // Prepare
    const bucket = new MemoryBucket();
    // Act
    await backfillArchive({ client, tableName, bucket });
    // Assess: 01A had a payee and a memo; they live in the plan's personal-data item, not the file.
    const file = bucket.objects.get(archiveKey(entries[0] as JournalEntry)) ?? '';
    expect(file).toContain('"entryId":"01A"');
    expect(['Jane Carer', 'see notes'].filter((t) => file.includes(t))).toEqual([]);
    expect(bucket.objects.size).toBe(4);
  });

  it('does not overwrite a file the archiver writes after the listing, and does not count it as written', async () => {
    // Prepare: 01D arrives from the stream between the listing and the backfill's put.
    const bucket = new MemoryBucket();
    const late = archiveKey(entries[3] as JournalEntry);
    bucket.objects.set(late, 'the archiver got there first');
    bucket.unlisted.add(late);
    // Act
    const result = await backfillArchive({ client, tableName, bucket });
    // Assess
    expect(result.missing).toHaveLength(4);
    expect(result.written).toBe(3);
    expect(bucket.objects.get(late)).toBe('the archiver got there first');
  });

  it('with --dry-run reports the gap and writes nothing', async () => {
    // Prepare
    const bucket = new MemoryBucket();
    // Act
    const result = await backfillArchive({ client, tableName, bucket, dryRun: true });
    // Assess
    expect(result).toMatchObject({ entries: 4, archived: 0, written: 0 });
    expect(result.missing).toHaveLength(4);
    expect(bucket.objects.size).toBe(0);
  });
});
