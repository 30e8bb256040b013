/**
 * Personal data apart from money (DESIGN.md section 11d). A record of the ledger keeps ids, kinds,
 * dates and amounts; the fields that can name or describe a person (payees, notes, reasons,
 * names, free-text memos) are kept in a personal-data item of their own, keyed by plan and record
 * (`PLAN#<planId>` / `PD#<recordKind>#<recordId>`), written in the same unit as the record and
 * joined when it is read, so every answer keeps its shape. Disposal (domain/app/disposal.ts)
 * rewrites those items' values as `"[erased]"` and leaves the money records untouched.
 *
 * This module is the one list of personal fields: the store splits and joins by it, the log
 * redaction masks by it, the subject access export reads by it. Another record kind joins the
 * scheme by adding a line to `personalFields` (and, if the store keeps it whole as JSON, a case in
 * the store's codec); a record the store does not know may also write its personal data itself
 * with a `set_personal` write of a `PersonalData` (see docs/data-protection.md).
 */

/** How an erased value reads. */
export const erasedValue = '[erased]';

/** The personal fields of each kind of record, top-level fields of the record. */
export const personalFields = {
  /** Journal entries: the spend's payee, a reason given in words, a memo. */
  entry: ['payee', 'reason', 'memo'],
  spend: ['payee', 'description', 'evidence', 'decisionReason'],
  /** A plan's non-monetary records: the reason given (details hold ids, codes and amounts only). */
  event: ['reason'],
  return: ['notes'],
  recovery: ['notice'],
  /**
   * The personal fields of a stored answer (an idempotency record): any field of the answer, at
   * any depth, whose name is one of the personal fields above (see `splitAnswer`).
   */
  idempotency: [],
  /**
   * Records other features keep whole (they are not split by the store; disposal erases them in
   * place and the subject access export lists them, domain/app/personal-data.ts), named here so
   * the log redaction masks their fields too:
   * a pot's payee account (money out): the holder's name, the account number (sealed, its last
   * four digits, or as typed in a request), a card account.
   */
  payee_account: ['name', 'accountNumber', 'sealed', 'last4', 'bankAccount', 'cardAccountId'],
  /** Statement descriptions (money in), `STMTTEXT#` items; a line's as listed. */
  statementTexts: ['descriptions', 'description'],
  /** A receipt: its file is the personal data (deleted at disposal); the record keeps ids and status. */
  receipt: [],
} as const satisfies Record<string, readonly string[]>;

export type PersonalKind = keyof typeof personalFields;

/**
 * Field names that are personal wherever they appear (records of other engineers' features
 * included: statement descriptions, receipts, bank account holders, a child's name), and names
 * that carry a person's identity in nested records (a member's `name`, an agreement's `holder`).
 */
export const personalFieldNames: ReadonlySet<string> = new Set([
  ...Object.values(personalFields).flat(),
  'name',
  'childName',
  'holder',
  'holderName',
  'accountReference',
  'reference',
  'dateOfBirth',
  'notes',
  'conditions',
  'shortfallReason',
  'suspensionReason',
]);

/** The personal data of one record, as its own item. */
export interface PersonalData {
  planId: string;
  /** The kind of record it belongs to (`entry`, `spend`, … or another feature's kind). */
  recordKind: string;
  recordId: string;
  /** Field name to value; an erased field reads `"[erased]"`. */
  fields: Record<string, unknown>;
  /** When the fields were erased (disposal), if they were. */
  erasedAt?: string | undefined;
}

/** Splits a record into what the money record keeps and its personal fields (undefined if none). */
export function splitPersonal<T extends object>(
  kind: PersonalKind,
  record: T,
): { kept: T; fields: Record<string, unknown> | undefined } {
  const names: readonly string[] = personalFields[kind];
  const kept: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (names.includes(name) && value !== undefined) fields[name] = value;
    else kept[name] = value;
  }
  return { kept: kept as T, fields: Object.keys(fields).length > 0 ? fields : undefined };
}

/** The record read back whole: its kept fields with its personal ones (erased or not). */
export function joinPersonal<T extends object>(kept: T, personal: PersonalData | undefined): T {
  return personal ? ({ ...kept, ...personal.fields } as T) : kept;
}

/** The same fields, each erased; disposal writes this (idempotent: erasing twice changes nothing). */
export function erase(data: PersonalData, at: string): PersonalData {
  const fields = Object.fromEntries(Object.keys(data.fields).map((f) => [f, erasedValue]));
  return { ...data, fields, erasedAt: data.erasedAt ?? at };
}

export const isErased = (data: PersonalData): boolean =>
  Object.values(data.fields).every((v) => v === erasedValue);

/**
 * A stored answer split for its idempotency record: each value under a personal field name, at
 * any depth, is taken out by its JSON path and replaced by a marker; `joinAnswer` puts them back.
 * So the record replays the same answer while the values live in a personal-data item that
 * disposal erases (a replay after disposal answers `"[erased]"` in their place).
 */
export const answerMarker = '[personal]';

export function splitAnswer(answer: unknown): { kept: unknown; fields: Record<string, unknown> | undefined } {
  const fields: Record<string, unknown> = {};
  const kept = rebuild(answer, '', (name, value, at) => {
    if (!personalFieldNames.has(name) || typeof value !== 'string') return undefined;
    fields[at] = value;
    return { value: answerMarker };
  });
  return { kept, fields: Object.keys(fields).length > 0 ? fields : undefined };
}

export function joinAnswer(kept: unknown, fields: Record<string, unknown> | undefined): unknown {
  if (!fields) return kept;
  return rebuild(kept, '', (_, value, at) =>
    value === answerMarker && at in fields ? { value: fields[at] } : undefined,
  );
}

/**
 * A copy of a JSON value in which `field` may replace an object's field, given its name, value
 * and JSON pointer (RFC 6901); a field it leaves (undefined) is copied, its own fields visited.
 */
function rebuild(
  value: unknown,
  path: string,
  field: (name: string, value: unknown, at: string) => { value: unknown } | undefined,
): unknown {
  if (Array.isArray(value)) return value.map((v, i) => rebuild(v, `${path}/${i}`, field));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const at = `${path}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    out[k] = (field(k, v, at) ?? { value: rebuild(v, at, field) }).value;
  }
  return out;
}

/** The plan an answer is about (its first `planId`, at any depth), to key its personal data. */
export function planOfAnswer(answer: unknown): string | undefined {
  if (Array.isArray(answer)) {
    for (const v of answer) {
      const found = planOfAnswer(v);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof answer !== 'object' || answer === null) return undefined;
  const own = (answer as Record<string, unknown>).planId;
  if (typeof own === 'string') return own;
  for (const v of Object.values(answer)) {
    const found = planOfAnswer(v);
    if (found) return found;
  }
  return undefined;
}
