import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { Decimal } from 'decimal.js';
import { FixedClock, UlidGenerator } from '../adapters/ids.js';
import { MemoryTable } from '../adapters/memory/memory-table.js';
import type { Item } from '../adapters/table/keys.js';
import { TableLedgerStore } from '../adapters/table/ledger-store.js';
import type { Deps } from '../domain/app/context.js';
import { type GenerateOptions, generateCouncil } from '../local/generate.js';

/**
 * A generated council written straight to the table (issue 10: "the data generator writes items in
 * batches straight to the table, not through the API"). Each chunk of plans is generated through
 * the domain on a table in memory, so every item is exactly what the API would have written, and
 * then copied in BatchWriteItem calls of 25. The council's figures are the one thing chunks share:
 * their counters are added up across chunks and written last. Idempotency records are left out
 * (they belong to requests, not to the council).
 */

export interface BulkResult {
  plans: number;
  items: number;
  seconds: number;
  /** Of which, writing to the table. */
  writing: number;
}

const isFigure = (item: Item) => item.type?.S === 'figure';
const figureId = (item: Item) => `${item.pk?.S}\u0000${item.sk?.S}`;

function addFigure(into: Map<string, Item>, item: Item): void {
  const id = figureId(item);
  const before = into.get(id);
  if (!before) {
    into.set(id, item);
    return;
  }
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith('v_') || value.N === undefined) continue;
    before[name] = { N: new Decimal(before[name]?.N ?? '0').plus(value.N).toString() };
  }
}

async function writeAll(client: DynamoDBClient, tableName: string, items: Item[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += 25)
    batches.push(items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending: WriteRequest[] | undefined = batches[next++];
      for (let attempt = 0; pending?.length; attempt++) {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        pending = out.UnprocessedItems?.[tableName];
        if (pending?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export async function bulkCouncil(
  client: DynamoDBClient,
  tableName: string,
  options: GenerateOptions,
  chunk = 50,
): Promise<BulkResult> {
  const started = performance.now();
  const figures = new Map<string, Item>();
  let items = 0;
  let writing = 0;
  for (let first = 0; first < options.plans; first += chunk) {
    const table = new MemoryTable();
    const clock = new FixedClock(new Date(`${options.upTo ?? '2026-10-31'}T18:00:00.000Z`));
    const deps: Deps = { store: new TableLedgerStore(table), clock, ids: new UlidGenerator(clock) };
    await generateCouncil(deps, {
      ...options,
      plans: Math.min(chunk, options.plans - first),
      seed: (options.seed ?? 42) + first,
    });
    const own: Item[] = [];
    for (const item of table.dump()) {
      if (item.type?.S === 'idempotency') continue;
      if (isFigure(item)) addFigure(figures, item);
      else own.push(item);
    }
    const w0 = performance.now();
    await writeAll(client, tableName, own);
    writing += performance.now() - w0;
    items += own.length;
  }
  await writeAll(client, tableName, [...figures.values()]);
  items += figures.size;
  return {
    plans: options.plans,
    items,
    seconds: (performance.now() - started) / 1000,
    writing: writing / 1000,
  };
}
