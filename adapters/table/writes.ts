import { Money } from '../../domain/money.js';
import { InvalidCursorError, type Write } from '../../domain/ports.js';
import { itemOf } from './codec.js';
import { type Item, keys, N, S } from './keys.js';
import { membershipItem, workItem } from './lifecycle-items.js';
import { planItem, recoveryItem, spendItem, summaryCounter, summaryFields } from './money-items.js';
import { personalItem, personalOf } from './personal-items.js';
import type { TableWrite } from './table.js';

/**
 * How the store turns the domain's writes into table writes, and reads back why a table refused
 * one; and the page cursors it hands out (the base64url of a sort key, checked when they return).
 */

/** How one domain write is stored: its table writes, in order. */
export function tableWritesOf(write: Write): TableWrite[] {
  switch (write.kind) {
    case 'put_if_absent': {
      const writes: TableWrite[] = [{ kind: 'put', item: itemOf(write.record), condition: 'absent' }];
      // The registry of organisations lets scheduled jobs find every council and funder.
      const r = write.record;
      if (r.type === 'plan') writes.push(registry('COUNCIL', r.plan.councilId));
      if (r.type === 'pot') writes.push(registry('FUNDER', r.pot.funderId));
      return [...writes, ...personalWrites(r)];
    }
    case 'replace_if_version': {
      const r = write.record;
      // Plans stored before plans had versions count as version 1.
      const condition = { version: write.expectedVersion, absentIsFirst: r.type === 'plan' };
      const item =
        r.type === 'spend'
          ? spendItem(r.spend)
          : r.type === 'plan'
            ? planItem(r.plan)
            : r.type === 'recovery'
              ? recoveryItem(r.recovery)
              : itemOf(r);
      return [{ kind: 'put', item, condition }, ...personalWrites(r)];
    }
    case 'set_personal':
      return [{ kind: 'put', item: personalItem(write.data), condition: 'none' }];
    case 'erase_texts':
      return [
        { kind: 'put', item: itemOf({ type: 'statementTexts', texts: write.texts }), condition: 'none' },
      ];
    case 'set_work':
      return [{ kind: 'put', item: workItem(write.work), condition: 'none' }];
    case 'check_version':
      return [
        {
          kind: 'check',
          key:
            write.target.type === 'plan'
              ? keys.plan(write.target.planId)
              : keys.policy(write.target.councilId),
          version: write.version,
        },
      ];
    case 'set_membership':
      return [
        { kind: 'put', item: membershipItem(write.planId, write.sub, write.active), condition: 'none' },
      ];
    case 'update': {
      const t = write.target;
      const set: Item = {};
      const remove: string[] = [];
      for (const [field, value] of Object.entries(write.set ?? {})) {
        if (value === null) remove.push(field);
        else
          set[field] =
            typeof value === 'boolean' ? { BOOL: value } : typeof value === 'number' ? N(value) : S(value);
      }
      const expect = Object.fromEntries(
        Object.entries(write.expect ?? {}).map(([f, v]) => [f, typeof v === 'boolean' ? { BOOL: v } : N(v)]),
      );
      if (t.type === 'summary') {
        return [
          {
            kind: 'update',
            key: keys.summary(t.delta),
            add: Object.fromEntries(Object.entries(write.deltas).map(([f, v]) => [summaryCounter(f), v])),
            nonNegative: [],
            expect: {},
            set: summaryFields(t.delta),
            remove: [],
            mustExist: false,
          },
        ];
      }
      return [
        {
          kind: 'update',
          key: t.type === 'pot' ? keys.pot(t.planId, t.potId) : keys.run(t.runId),
          // Every change of a pot moves its version, so a stale reader can tell.
          add: { ...write.deltas, ...(t.type === 'pot' ? { version: '1' } : {}) },
          nonNegative: write.nonNegative ?? [],
          expect,
          set,
          remove,
          ...(write.absent?.length ? { absent: write.absent } : {}),
          mustExist: true,
        },
      ];
    }
  }
}

/**
 * A record's personal fields, as their own item in the same transaction (domain/personal-data.ts).
 * The record decides the write (its own condition); this one follows it, whatever is there.
 */
function personalWrites(record: Parameters<typeof personalOf>[0]): TableWrite[] {
  const data = personalOf(record);
  return data ? [{ kind: 'put', item: personalItem(data), condition: 'none' }] : [];
}

const registry = (kind: 'COUNCIL' | 'FUNDER', id: string): TableWrite => {
  const key = keys.registry(kind, id);
  return { kind: 'put', item: { pk: S(key.pk), sk: S(key.sk), type: S('registry') }, condition: 'none' };
};

/** A failed update was short of money when a non-negative counter would have gone below zero. */
export function wasShort(write: TableWrite, old: Item | undefined): boolean {
  if (write.kind !== 'update' || !old) return false;
  return write.nonNegative.some((f) => {
    const delta = write.add[f];
    const before = old[f]?.N;
    return delta !== undefined && before !== undefined && Money.of(before).plus(Money.of(delta)).isNegative();
  });
}

export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

/** A cursor is the base64url of a sort key this store handed out; anything else is refused. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9:.#_-]{1,200}$/.test(key) || encodeCursor(key) !== cursor) {
    throw new InvalidCursorError('cursor is not one this API returned');
  }
  return key;
}
