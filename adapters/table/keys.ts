import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { Money } from '../../domain/money.js';
import type { RecordScope } from '../../domain/ports.js';
import { isFigure, type SummaryDelta } from '../../domain/summaries.js';

/**
 * The single-table layout (DESIGN.md section 4), part one: every item's key, and the helpers that
 * build and read an item's attributes. How each family of records becomes an item is in its own
 * file (money-items, lifecycle-items, flow-items, personal-items); `codec.ts` picks among them.
 * Amounts travel as N attribute strings and are never parsed into JS numbers.
 */

export type Item = Record<string, AttributeValue>;
export interface Key {
  pk: string;
  sk: string;
}

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: string | number): AttributeValue => ({ N: String(value) });
export const planPk = (planId: string) => `PLAN#${planId}`;
/** One write shard of a council's figures (domain/council-figures.ts). */
export const figuresPk = (councilId: string, shard: number) => `FIGURES#${councilId}#${shard}`;

export const text = (item: Item, name: string): string => {
  const v = item[name]?.S;
  if (v === undefined) throw new TypeError(`item ${item.pk?.S}/${item.sk?.S} has no ${name}`);
  return v;
};
export const amount = (item: Item, name: string): string => {
  const v = item[name]?.N;
  if (v === undefined) throw new TypeError(`item ${item.pk?.S}/${item.sk?.S} has no amount ${name}`);
  return Money.of(v).toString();
};
export const integer = (item: Item, name: string): number => Number.parseInt(item[name]?.N ?? '0', 10);
export const doc = <T>(item: Item): T => JSON.parse(text(item, 'doc')) as T;

export const keys = {
  idempotency: (scope: string, key: string): Key => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
  plan: (planId: string): Key => ({ pk: planPk(planId), sk: 'PLAN' }),
  pot: (planId: string, potId: string): Key => ({ pk: planPk(planId), sk: `POT#${potId}` }),
  spend: (planId: string, spendId: string): Key => ({ pk: planPk(planId), sk: `SPEND#${spendId}` }),
  entry: (planId: string, entryId: string): Key => ({ pk: planPk(planId), sk: `ENTRY#${entryId}` }),
  event: (planId: string, eventId: string): Key => ({ pk: planPk(planId), sk: `EVENT#${eventId}` }),
  recovery: (planId: string, recoveryId: string): Key => ({
    pk: planPk(planId),
    sk: `RECOVERY#${recoveryId}`,
  }),
  planClaim: (planId: string, name: string): Key => ({ pk: planPk(planId), sk: `CLAIM#${name}` }),
  run: (runId: string): Key => ({ pk: `RUN#${runId}`, sk: 'RUN' }),
  runClaim: (runId: string, name: string): Key => ({ pk: `RUN#${runId}`, sk: name }),
  summary: (
    d: Pick<SummaryDelta, 'planId' | 'kind' | 'potId' | 'key' | 'councilId' | 'group' | 'shard'>,
  ): Key =>
    isFigure(d.kind)
      ? { pk: figuresPk(d.councilId, d.shard ?? 0), sk: `${d.kind}#${d.key}#${d.group ?? ''}` }
      : { pk: planPk(d.planId), sk: `SUM#${d.kind}#${d.potId}#${d.key}` },
  registry: (kind: 'COUNCIL' | 'FUNDER', id: string): Key => ({ pk: 'REGISTRY', sk: `${kind}#${id}` }),
  policy: (councilId: string): Key => ({ pk: `COUNCIL#${councilId}`, sk: 'POLICY' }),
  policyVersion: (councilId: string, version: number): Key => ({
    pk: `COUNCIL#${councilId}`,
    sk: `POLICY#${String(version).padStart(6, '0')}`,
  }),
  amendment: (planId: string, version: number): Key => ({
    pk: planPk(planId),
    sk: `AMENDMENT#${String(version).padStart(6, '0')}`,
  }),
  review: (planId: string, reviewId: string): Key => ({ pk: planPk(planId), sk: `REVIEW#${reviewId}` }),
  budgetRequest: (planId: string, requestId: string): Key => ({
    pk: planPk(planId),
    sk: `BREQUEST#${requestId}`,
  }),
  work: (planId: string, kind: string, ref: string): Key => ({
    pk: planPk(planId),
    sk: `WORK#${kind}#${ref}`,
  }),
  membership: (planId: string, sub: string): Key => ({ pk: planPk(planId), sk: `MEMBERSHIP#${sub}` }),
  /** A record's personal data (domain/personal-data.ts), beside the plan's other items. */
  personal: (planId: string, recordKind: string, recordId: string): Key => ({
    pk: planPk(planId),
    sk: `${personalPrefix(recordKind)}${recordId}`,
  }),
  /** Records of money out, in their scope's partition (section 11b). */
  record: (scope: RecordScope, name: string): Key => ({ pk: recordPk(scope), sk: name }),
  statement: (planId: string, potId: string, seq: number): Key => ({
    pk: planPk(planId),
    sk: `STMT#${potId}#${String(seq).padStart(6, '0')}`,
  }),
  statementLines: (planId: string, potId: string, statementId: string, chunk: number): Key => ({
    pk: planPk(planId),
    sk: `STMTLINES#${potId}#${statementId}#${String(chunk).padStart(3, '0')}`,
  }),
  /** Personal data (section 11d): statement descriptions, apart from every money record. */
  statementTexts: (planId: string, potId: string, statementId: string, chunk: number): Key => ({
    pk: planPk(planId),
    sk: `STMTTEXT#${potId}#${statementId}#${String(chunk).padStart(3, '0')}`,
  }),
  /** Personal data (section 11d): a receipt's record; its blob is in the receipts bucket. */
  receipt: (planId: string, receiptId: string): Key => ({ pk: planPk(planId), sk: `RECEIPT#${receiptId}` }),
  lineClassification: (planId: string, potId: string, lineId: string): Key => ({
    pk: planPk(planId),
    sk: `STMTCLASS#${potId}#${lineId}`,
  }),
};

/** Sort-key prefix of a plan's personal data, of one kind of record or (no kind) of all. */
export const personalPrefix = (recordKind?: string) => (recordKind ? `PD#${recordKind}#` : 'PD#');

export const recordPk = (scope: RecordScope): string =>
  'planId' in scope ? planPk(scope.planId) : 'runId' in scope ? `RUN#${scope.runId}` : `ORG#${scope.org}`;

/** Index partitions of open work: one per organisation and window, sorted by `workPosition`. */
export const workPartition = (scope: { councilId: string } | { funderId: string }, window: string) =>
  'councilId' in scope
    ? `WORK#COUNCIL#${scope.councilId}#${window}`
    : `WORK#FUNDER#${scope.funderId}#${window}`;
/** Which index holds a scope's work partitions; pending approvals are always on gsi2 (gsi1 is their queue). */
export const workIndex = (scope: { councilId: string } | { funderId: string }, window: string) =>
  window === 'approval' || !('councilId' in scope) ? ('gsi2' as const) : ('gsi1' as const);

/** An item: its key, its type and its other attributes. */
export const keyed = (key: Key, type: string, rest: Item = {}): Item => ({
  pk: S(key.pk),
  sk: S(key.sk),
  type: S(type),
  ...rest,
});

/** A record kept whole as JSON, found only by its key. */
export const docItem = (key: Key, type: string, value: unknown): Item =>
  keyed(key, type, { doc: S(JSON.stringify(value)) });
