import {
  joinAnswer,
  type PersonalData,
  type PersonalKind,
  planOfAnswer,
  splitAnswer,
  splitPersonal,
} from '../../domain/personal-data.js';
import type { IdempotencyClaim, LedgerRecord } from '../../domain/ports.js';
import { type Item, type Key, keyed, keys, S, text } from './keys.js';

/**
 * Personal data in the table (DESIGN.md section 11d, domain/personal-data.ts): a record's personal
 * fields as an item of their own beside it (`PD#<kind>#<id>`), written in the record's unit; and a
 * stored answer (idempotency record) kept without its personal values, which replay from the
 * plan's personal data.
 */

/** The record id a stored answer's personal data is kept under. */
const answerId = (scope: string, key: string) => `${scope}#${key}`;

export function personalItem(d: PersonalData): Item {
  return keyed(keys.personal(d.planId, d.recordKind, d.recordId), 'personal', {
    doc: S(JSON.stringify(d)),
    recordKind: S(d.recordKind),
  });
}

/** A record's money half: the record without its personal fields (domain/personal-data.ts). */
export const kept = <T extends object>(kind: PersonalKind, record: T): T => splitPersonal(kind, record).kept;

function personalData(
  kind: PersonalKind,
  planId: string,
  recordId: string,
  record: object,
): PersonalData | undefined {
  const { fields } = splitPersonal(kind, record);
  return fields && { planId, recordKind: kind, recordId, fields };
}

/**
 * The personal-data item a record is written with, in the same transaction, or undefined when
 * the record has no personal fields (or is not one the store splits).
 */
export function personalOf(record: LedgerRecord): PersonalData | undefined {
  switch (record.type) {
    case 'entry':
      return personalData('entry', record.entry.planId, record.entry.entryId, record.entry);
    case 'spend':
      return personalData('spend', record.spend.planId, record.spend.spendId, record.spend);
    case 'event':
      return personalData('event', record.event.planId, record.event.eventId, record.event);
    case 'return':
      return personalData('return', record.held.planId, record.held.returnId, record.held);
    case 'recovery':
      return personalData('recovery', record.recovery.planId, record.recovery.recoveryId, record.recovery);
    case 'idempotency': {
      const planId = record.claim.planId ?? planOfAnswer(record.claim.response);
      const { fields } = splitAnswer(record.claim.response);
      return planId && fields
        ? {
            planId,
            recordKind: 'idempotency',
            recordId: answerId(record.claim.scope, record.claim.key),
            fields,
          }
        : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A stored answer keeps no personal values when it is about a plan: they are kept in the plan's
 * personal data (`personalOf`) and put back when it replays (`readIdempotency`), so disposal
 * reaches them although the record is keyed by caller and key, not by plan.
 */
export function idempotencyItem(c: IdempotencyClaim): Item {
  const planId = c.planId ?? planOfAnswer(c.response);
  const split = splitAnswer(c.response);
  const personal = planId !== undefined && split.fields !== undefined;
  return keyed(keys.idempotency(c.scope, c.key), 'idempotency', {
    requestHash: S(c.requestHash),
    response: S(JSON.stringify(personal ? split.kept : c.response)),
    recordedAt: S(c.recordedAt),
    ...(personal ? { personalPlan: S(planId) } : {}),
  });
}

/** Where a stored answer's personal values are, if it keeps them apart. */
export function idempotencyPersonalKey(item: Item, scope: string, key: string): Key | undefined {
  const planId = item.personalPlan?.S;
  return planId === undefined ? undefined : keys.personal(planId, 'idempotency', answerId(scope, key));
}

export function readIdempotency(
  item: Item,
  scope: string,
  key: string,
  personal?: PersonalData | undefined,
): IdempotencyClaim {
  return {
    scope,
    key,
    requestHash: text(item, 'requestHash'),
    response: joinAnswer(JSON.parse(text(item, 'response')), personal?.fields),
    recordedAt: text(item, 'recordedAt'),
  };
}
