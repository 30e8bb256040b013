import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { Decimal } from 'decimal.js';
import type { Item, Key } from '../table/keys.js';
import { checkWrites, type Query, type Table, TableConditionError, type TableWrite } from '../table/table.js';

/**
 * The table in memory, with DynamoDB's semantics for the writes and queries the store uses: every
 * condition of a transaction is checked before any write is applied, every failed one is reported
 * with the item it found, numbers are decimals that drop trailing zeros as DynamoDB does, and
 * queries page in sort-key order with an exclusive start key. The store contract suite runs the
 * same cases here and on DynamoDB Local.
 */

const id = (pk: string, sk: string) => `${pk}\u0000${sk}`;
const same = (a: AttributeValue | undefined, b: AttributeValue) => JSON.stringify(a) === JSON.stringify(b);
const normalise = (n: string) => new Decimal(n).toString();

export class MemoryTable implements Table {
  private readonly items = new Map<string, Item>();
  /** Item ids by partition, so a query of the table reads its partition, not every item. */
  private readonly partitions = new Map<string, Set<string>>();

  private put(key: string, item: Item): void {
    this.items.set(key, item);
    const pk = item.pk?.S ?? '';
    const ids = this.partitions.get(pk) ?? new Set<string>();
    ids.add(key);
    this.partitions.set(pk, ids);
  }

  /** Every item, for copying a generated data set into another table (bench/bulk-council.ts). */
  dump(): Item[] {
    return [...this.items.values()].map((i) => structuredClone(i));
  }

  async get(key: Key): Promise<Item | undefined> {
    const item = this.items.get(id(key.pk, key.sk));
    return item && structuredClone(item);
  }

  async query(q: Query): Promise<{ items: Item[]; last: Item | undefined }> {
    const pkName = q.index ? `${q.index}pk` : 'pk';
    const skName = q.index ? `${q.index}sk` : 'sk';
    const forward = q.forward !== false;
    const sortKey = (i: Item) => `${i[skName]?.S ?? ''}\u0000${i.pk?.S}\u0000${i.sk?.S}`;
    const candidates = q.index
      ? [...this.items.values()]
      : [...(this.partitions.get(q.pk) ?? [])].map((key) => this.items.get(key) as Item);
    let found = candidates.filter((i) => {
      const sk = i[skName]?.S;
      if (i[pkName]?.S !== q.pk || sk === undefined) return false;
      if (q.skPrefix !== undefined && !sk.startsWith(q.skPrefix)) return false;
      if (q.skAfter !== undefined && (forward ? sk <= q.skAfter : sk >= q.skAfter)) return false;
      if (q.skFrom !== undefined && sk < q.skFrom) return false;
      if (q.skUpTo !== undefined && sk > q.skUpTo) return false;
      return true;
    });
    found.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    if (!forward) found.reverse();
    if (q.start) {
      const startAt = sortKey(q.start);
      found = found.filter((i) => (forward ? sortKey(i) > startAt : sortKey(i) < startAt));
    }
    const page = q.limit === undefined ? found : found.slice(0, q.limit);
    const lastItem = page[page.length - 1];
    const more = q.limit !== undefined && found.length >= q.limit && lastItem !== undefined;
    const last = more
      ? {
          pk: lastItem.pk as AttributeValue,
          sk: lastItem.sk as AttributeValue,
          ...(q.index
            ? { [pkName]: lastItem[pkName] as AttributeValue, [skName]: lastItem[skName] as AttributeValue }
            : {}),
        }
      : undefined;
    return { items: page.map((i) => structuredClone(i)), last };
  }

  async transact(writes: readonly TableWrite[], _token: string): Promise<void> {
    checkWrites(writes);
    const failed: Array<{ index: number; old: Item | undefined }> = [];
    writes.forEach((w, index) => {
      const old = this.items.get(
        w.kind === 'put' ? id(w.item.pk?.S ?? '', w.item.sk?.S ?? '') : id(w.key.pk, w.key.sk),
      );
      if (!this.holds(w, old)) failed.push({ index, old: old && structuredClone(old) });
    });
    if (failed.length > 0) throw new TableConditionError(failed);
    for (const w of writes) this.apply(w);
  }

  private holds(w: TableWrite, old: Item | undefined): boolean {
    if (w.kind === 'check')
      return w.version === 0 ? old === undefined : same(old?.version, { N: String(w.version) });
    if (w.kind === 'put') {
      if (w.condition === 'none') return true;
      if (w.condition === 'absent') return old === undefined;
      if (old === undefined) return false;
      if (old.version === undefined) return w.condition.absentIsFirst === true && w.condition.version === 1;
      return same(old.version, { N: String(w.condition.version) });
    }
    if (!old) return !w.mustExist;
    for (const [field, delta] of Object.entries(w.add)) {
      if (!w.nonNegative.includes(field) || !delta.startsWith('-')) continue;
      const before = old[field]?.N;
      if (before === undefined || new Decimal(before).lessThan(new Decimal(delta).negated())) return false;
    }
    if ((w.absent ?? []).some((field) => old[field] !== undefined)) return false;
    return Object.entries(w.expect).every(([field, value]) => same(old[field], value));
  }

  private apply(w: TableWrite): void {
    if (w.kind === 'check') return;
    if (w.kind === 'put') {
      this.put(id(w.item.pk?.S ?? '', w.item.sk?.S ?? ''), this.normalised(structuredClone(w.item)));
      return;
    }
    const key = id(w.key.pk, w.key.sk);
    const item: Item = structuredClone(this.items.get(key) ?? { pk: { S: w.key.pk }, sk: { S: w.key.sk } });
    for (const [field, value] of Object.entries(w.set)) item[field] = structuredClone(value);
    for (const [field, delta] of Object.entries(w.add)) {
      item[field] = { N: new Decimal(item[field]?.N ?? '0').plus(new Decimal(delta)).toString() };
    }
    for (const field of w.remove) delete item[field];
    this.put(key, this.normalised(item));
  }

  private normalised(item: Item): Item {
    for (const value of Object.values(item)) if (value.N !== undefined) value.N = normalise(value.N);
    return item;
  }
}
