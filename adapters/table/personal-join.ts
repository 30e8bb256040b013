import { joinPersonal, type PersonalData } from '../../domain/personal-data.js';
import { doc, type Item, type Key, keys, personalPrefix } from './keys.js';
import type { Query } from './table.js';

/**
 * Records read back whole (DESIGN.md section 11d): each record kept whole as JSON is joined with
 * its personal-data item (`PD#<kind>#<id>`, beside it in its plan's partition). One query per
 * plan, bounded by the first and last record id, reads the personal items of a page: a page of
 * one plan's records costs one extra read, whatever its length.
 */

/** Records kept whole as JSON whose personal fields the store keeps apart, by their id field. */
const personalIds = {
  entry: 'entryId',
  spend: 'spendId',
  event: 'eventId',
  return: 'returnId',
  recovery: 'recoveryId',
} as const;
export type Joined = keyof typeof personalIds;

/** The two reads the join needs (the store's, so they are counted and bounded). */
export interface PersonalReader {
  get(key: Key): Promise<Item | undefined>;
  queryAll(q: Query): Promise<Item[]>;
}

export async function joinPersonalData<T extends { planId: string }>(
  read: PersonalReader,
  kind: Joined,
  records: T[],
): Promise<T[]> {
  if (records.length === 0) return records;
  const idOf = (r: T) => (r as unknown as Record<string, string>)[personalIds[kind]] as string;
  const byPlan = new Map<string, string[]>();
  for (const r of records) {
    const ids = byPlan.get(r.planId);
    if (ids) ids.push(idOf(r));
    else byPlan.set(r.planId, [idOf(r)]);
  }
  const found = new Map<string, PersonalData>();
  await Promise.all(
    [...byPlan].map(async ([planId, ids]) => {
      for (const d of await personalOfPlan(read, kind, planId, ids))
        found.set(`${d.planId}|${d.recordId}`, d);
    }),
  );
  return records.map((r) => joinPersonal(r, found.get(`${r.planId}|${idOf(r)}`)));
}

/** One plan's personal items of these records: a get for one record, else one bounded query. */
async function personalOfPlan(
  read: PersonalReader,
  kind: Joined,
  planId: string,
  ids: readonly string[],
): Promise<PersonalData[]> {
  const sorted = [...ids].sort();
  const first = sorted[0] as string;
  if (sorted.length === 1) {
    const item = await read.get(keys.personal(planId, kind, first));
    return item ? [doc<PersonalData>(item)] : [];
  }
  const prefix = personalPrefix(kind);
  const items = await read.queryAll({
    pk: keys.plan(planId).pk,
    skFrom: `${prefix}${first}`,
    skUpTo: `${prefix}${sorted.at(-1)}`,
  });
  return items.map((i) => doc<PersonalData>(i));
}
