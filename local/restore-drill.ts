import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { Decimal } from 'decimal.js';
import { DynamoLedgerStore } from '../adapters/dynamodb/store.js';
import { createTableInput } from '../adapters/dynamodb/table.js';
import { FixedClock, UlidGenerator } from '../adapters/ids.js';
import { recordAgreement } from '../domain/app/agreements.js';
import type { Deps, RequestContext } from '../domain/app/context.js';
import { runInstalments } from '../domain/app/instalments.js';
import { createPlan, setUpBudget } from '../domain/app/plans.js';
import { councilReconciliation } from '../domain/app/reconciliations.js';
import type { Actor, JournalEntry } from '../domain/model.js';
import { ensureTable, localClient, startDynamoLocal } from './dynamo.js';
import { agreementInput, budgetInput, COUNCIL, planInput } from './section8.js';

/**
 * The restore drill (docs/runbook.md): seed a small council into a table on DynamoDB Local, export
 * every item (a full scan, as an export to S3 would hold them), restore the export into a new
 * table, and check that the restored table gives the same council reconciliation and the same
 * journal, plan by plan, as the original, and holds the same items. `npm run restore-drill` runs it
 * on a DynamoDB Local of its own; test/infra/restore-drill.test.ts runs it in `npm test`.
 */

type Item = Record<string, AttributeValue>;

const officer: Actor = { sub: 'drill-officer', role: 'council_officer', org: COUNCIL, plans: [] };

export interface DrillResult {
  source: string;
  restored: string;
  exportFile: string;
  items: number;
  plans: number;
  journalEntries: number;
  itemsEqual: boolean;
  reconciliationEqual: boolean;
  journalEqual: boolean;
  balanced: boolean;
}

/** Every item of a table, by a paged scan, in a stable order. */
export async function exportTable(client: DynamoDBClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const key = (i: Item) => `${i.pk?.S}\u0000${i.sk?.S}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Writes items into a new table made with the ledger's own definition, 25 at a time, retrying what is left. */
export async function restoreTable(client: DynamoDBClient, tableName: string, items: Item[]): Promise<void> {
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  for (;;) {
    const t = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (t.Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}

function depsOver(client: DynamoDBClient, tableName: string, clock: FixedClock): Deps {
  return { store: new DynamoLedgerStore({ client, tableName }), clock, ids: new UlidGenerator(clock) };
}

const ctx = (key: string): RequestContext => ({
  actor: officer,
  requestId: `drill-${key}`,
  idempotencyKey: `drill-${key}`,
  requestHash: `drill-${key}`,
});

/** A small council: plans with the section 8 budget, SC's agreement, instalments released to a date. */
async function seed(deps: Deps, plans: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < plans; n++) {
    const plan = await createPlan(deps, ctx(`plan-${n}`), {
      ...planInput(),
      child: { reference: `CYP-${1000 + n}`, dateOfBirth: '2015-03-02' },
    });
    ids.push(plan.result.planId);
    await setUpBudget(deps, ctx(`budget-${n}`), plan.result.planId, budgetInput());
    await recordAgreement(deps, ctx(`agreement-${n}`), plan.result.planId, 'SC', agreementInput());
  }
  await runInstalments(deps, ctx('run'), { councilId: COUNCIL, upTo: '2026-09-30' });
  return ids;
}

/**
 * JSON with every object's keys sorted (DynamoDB answers a map's attributes in no fixed order) and
 * every number in its canonical form: a number written as "250.00" by an update reads back as
 * "250" once rewritten, the same number (the ledger's amounts are strings; only figures are numbers).
 */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (key, v: unknown) => {
    if (key === 'N' && typeof v === 'string') return new Decimal(v).toString();
    if (v && typeof v === 'object' && !Array.isArray(v))
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return v;
  });

async function journal(deps: Deps, planId: string): Promise<JournalEntry[]> {
  const events: JournalEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listEntries(planId, { limit: 100, cursor });
    events.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return events;
}

export async function restoreDrill(options: {
  endpoint: string;
  plans?: number;
  exportDir?: string;
}): Promise<DrillResult> {
  const client = localClient(options.endpoint);
  try {
    const suffix = randomUUID().slice(0, 8);
    const source = `drill-source-${suffix}`;
    const restored = `drill-restored-${suffix}`;
    await ensureTable(options.endpoint, source);
    const clock = new FixedClock(new Date('2026-09-30T09:00:00.000Z'));
    const original = depsOver(client, source, clock);
    const planIds = await seed(original, options.plans ?? 3);

    // Export: every item to a file, as the restore would read it.
    const dir = options.exportDir ?? join(tmpdir(), 'ehcp-restore-drill');
    mkdirSync(dir, { recursive: true });
    const exportFile = join(dir, `${source}.json`);
    const exported = await exportTable(client, source);
    writeFileSync(exportFile, JSON.stringify(exported));

    // Restore: from the file alone, into a table that did not exist.
    await restoreTable(client, restored, JSON.parse(readFileSync(exportFile, 'utf8')) as Item[]);
    const restoredItems = await exportTable(client, restored);
    const copy = depsOver(client, restored, clock);

    const range = { from: '2026-04-01', to: '2026-09-30' };
    const [before, after] = await Promise.all([
      councilReconciliation(original, officer, COUNCIL, range, { verify: 'pots' }),
      councilReconciliation(copy, officer, COUNCIL, range, { verify: 'pots' }),
    ]);
    const journals = await Promise.all(
      planIds.map(async (id) => [await journal(original, id), await journal(copy, id)] as const),
    );
    return {
      source,
      restored,
      exportFile,
      items: exported.length,
      plans: planIds.length,
      journalEntries: journals.reduce((n, [a]) => n + a.length, 0),
      itemsEqual: canonical(restoredItems) === canonical(exported),
      reconciliationEqual: JSON.stringify(before) === JSON.stringify(after),
      journalEqual: journals.every(([a, b]) => a.length > 0 && JSON.stringify(a) === JSON.stringify(b)),
      balanced: before.balanced === true && before.figuresAgree === true,
    };
  } finally {
    client.destroy();
  }
}

async function main() {
  const { values } = parseArgs({
    options: { endpoint: { type: 'string' }, plans: { type: 'string', default: '5' } },
  });
  const local = values.endpoint ? undefined : await startDynamoLocal(8600 + Math.floor(Math.random() * 300));
  try {
    const result = await restoreDrill({
      endpoint: values.endpoint ?? (local?.endpoint as string),
      plans: Number(values.plans),
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const ok = result.itemsEqual && result.reconciliationEqual && result.journalEqual && result.balanced;
    process.stdout.write(ok ? 'restore drill passed\n' : 'RESTORE DRILL FAILED\n');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await local?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
