import type { HolderReturn, JournalEntry, PlanEvent, Recovery, Spend } from '../../domain/model.js';
import type { LedgerRecord } from '../../domain/ports.js';
import { shardCount } from '../../domain/shards.js';
import { itemOf } from './codec.js';
import { doc, type Item, keys } from './keys.js';
import { personalItem, personalOf } from './personal-items.js';
import type { Table, TableWrite } from './table.js';

/**
 * The one-off migration of section 11d: items written before personal data was kept apart hold
 * payees, notes, reasons and memos in their own JSON. Page through every council's plans (from
 * the registry, shard by shard), and rewrite each such item without them, its personal data in a
 * PD# item beside it, in one transaction per few records. Idempotent: an item already split has
 * no personal fields left and is skipped, so a run cut short is finished by running it again.
 *
 * Versioned records (spends, recoveries) are rewritten only at the version read, so a concurrent
 * change is never overwritten: the next run picks the record up again. Stored answers
 * (idempotency records, keyed by caller, not plan) written before the split keep their answers
 * whole; they are not reached by plan, and are listed for a one-off scan in docs/data-protection.md.
 */

const recordsPerTransaction = 40;

/** The record an old item holds, if it is of a kind whose personal fields are kept apart. */
function recordOf(item: Item): LedgerRecord | undefined {
  switch (item.type?.S) {
    case 'entry':
      return { type: 'entry', entry: doc<JournalEntry>(item) };
    case 'spend':
      return { type: 'spend', spend: doc<Spend>(item) };
    case 'event':
      return { type: 'event', event: doc<PlanEvent>(item) };
    case 'return':
      return { type: 'return', held: doc<HolderReturn>(item) };
    case 'recovery':
      return { type: 'recovery', recovery: doc<Recovery>(item) };
    default:
      return undefined;
  }
}

/** The writes that split one old item, or none when it holds no personal fields. */
export function splitWrites(item: Item): TableWrite[] {
  const record = recordOf(item);
  const personal = record && personalOf(record);
  if (!record || !personal || record.type === 'idempotency') return [];
  const version = item.version?.N;
  return [
    {
      kind: 'put',
      item: itemOf(record),
      condition: version === undefined ? 'none' : { version: Number(version) },
    },
    { kind: 'put', item: personalItem(personal), condition: 'none' },
  ];
}

async function allItems(table: Table, pk: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await table.query({ pk, ...(start ? { start } : {}) });
    items.push(...out.items);
    start = out.last;
  } while (start);
  return items;
}

export async function migratePersonalData(
  table: Table,
  token: () => string,
): Promise<{ plans: number; records: number }> {
  let plans = 0;
  let records = 0;
  const registry = await allItems(table, 'REGISTRY');
  const councils = registry.map((i) => i.sk?.S ?? '').filter((sk) => sk.startsWith('COUNCIL#'));
  for (const council of councils) {
    const councilId = council.slice('COUNCIL#'.length);
    for (let shard = 0; shard < shardCount; shard++) {
      let start: Item | undefined;
      do {
        const page = await table.query({
          index: 'gsi1',
          pk: `COUNCIL#${councilId}#${shard}`,
          skPrefix: 'PLAN#',
          ...(start ? { start } : {}),
        });
        start = page.last;
        for (const planItem of page.items) {
          const planId = (planItem.gsi1sk?.S ?? '').slice('PLAN#'.length);
          const splits = (await allItems(table, keys.plan(planId).pk))
            .map(splitWrites)
            .filter((w) => w.length);
          for (let i = 0; i < splits.length; i += recordsPerTransaction) {
            await table.transact(splits.slice(i, i + recordsPerTransaction).flat(), token());
          }
          plans++;
          records += splits.length;
        }
      } while (start);
    }
  }
  return { plans, records };
}
