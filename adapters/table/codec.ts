import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { Decimal } from 'decimal.js';
import type { Plan, Pot, Recovery, Spend } from '../../domain/model.js';
import { Money } from '../../domain/money.js';
import {
  joinAnswer,
  type PersonalData,
  type PersonalKind,
  planOfAnswer,
  splitAnswer,
  splitPersonal,
} from '../../domain/personal-data.js';
import type { BudgetRequest, CouncilPolicy, WorkItem } from '../../domain/plan-records.js';
import {
  type IdempotencyClaim,
  type InstalmentRun,
  type LedgerRecord,
  type RecordScope,
  type StoredRecord,
  workPosition,
} from '../../domain/ports.js';
import { shardOf } from '../../domain/shards.js';
import { isFigure, type Summary, type SummaryDelta, type SummaryKind } from '../../domain/summaries.js';

/**
 * The single-table layout (DESIGN.md section 4): how each record of the ledger becomes an item
 * and back. Both stores keep exactly these items, so they differ only in how a write is applied.
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

/** The record id a stored answer's personal data is kept under. */
const answerId = (scope: string, key: string) => `${scope}#${key}`;

export function personalItem(d: PersonalData): Item {
  return keyed(keys.personal(d.planId, d.recordKind, d.recordId), 'personal', {
    doc: S(JSON.stringify(d)),
    recordKind: S(d.recordKind),
  });
}

/** A record's money half: the record without its personal fields (domain/personal-data.ts). */
const kept = <T extends object>(kind: PersonalKind, record: T): T => splitPersonal(kind, record).kept;

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

export const recordPk = (scope: RecordScope): string =>
  'planId' in scope ? planPk(scope.planId) : 'runId' in scope ? `RUN#${scope.runId}` : `ORG#${scope.org}`;

export function recordItem(r: StoredRecord): Item {
  return keyed(keys.record(r.scope, r.name), r.kind, {
    doc: S(JSON.stringify(r.doc)),
    version: N(r.version),
  });
}

export function readRecord<T>(scope: RecordScope, item: Item): StoredRecord<T> {
  return {
    scope,
    name: text(item, 'sk'),
    kind: text(item, 'type'),
    version: integer(item, 'version'),
    doc: doc<T>(item),
  };
}

/** Index partitions of open work: one per organisation and window, sorted by `workPosition`. */
export const workPartition = (scope: { councilId: string } | { funderId: string }, window: string) =>
  'councilId' in scope
    ? `WORK#COUNCIL#${scope.councilId}#${window}`
    : `WORK#FUNDER#${scope.funderId}#${window}`;
/** Which index holds a scope's work partitions; pending approvals are always on gsi2 (gsi1 is their queue). */
export const workIndex = (scope: { councilId: string } | { funderId: string }, window: string) =>
  window === 'approval' || !('councilId' in scope) ? ('gsi2' as const) : ('gsi1' as const);

export function workItem(w: WorkItem): Item {
  const item = keyed(keys.work(w.planId, w.kind, w.ref), 'work', { doc: S(JSON.stringify(w)) });
  if (!w.open) return item;
  const position = workPosition(w);
  item.gsi1pk = S(workPartition({ councilId: w.councilId }, w.window));
  item.gsi1sk = S(position);
  if (w.funderId !== undefined && w.funderId !== w.councilId) {
    item.gsi2pk = S(workPartition({ funderId: w.funderId }, w.window));
    item.gsi2sk = S(position);
  }
  return item;
}

/** A pending spend as the approver's work item. */
export function approvalWork(spend: Spend): WorkItem {
  return {
    planId: spend.planId,
    kind: 'approval',
    ref: spend.spendId,
    potId: spend.potId,
    councilId: spend.approver.org,
    due: spend.approvalDue ?? spend.requestedAt.slice(0, 10),
    window: 'open',
    open: true,
    updatedAt: spend.requestedAt,
  };
}

const approvalScope = (spend: Spend) =>
  spend.approver.role === 'health_officer'
    ? { funderId: spend.approver.org }
    : { councilId: spend.approver.org };

function budgetRequestItem(r: BudgetRequest): Item {
  return keyed(keys.budgetRequest(r.planId, r.requestId), 'budgetRequest', {
    doc: S(JSON.stringify(r)),
    version: N(r.version),
    gsi1pk: S(`BREQUEST#COUNCIL#${r.councilId}#${r.status}`),
    gsi1sk: S(`${r.requestedAt}#${r.planId}#${r.requestId}`),
  });
}

function policyItem(key: Key, p: CouncilPolicy): Item {
  return keyed(key, 'policy', { doc: S(JSON.stringify(p)), version: N(p.version) });
}

const keyed = (key: Key, type: string, rest: Item = {}): Item => ({
  pk: S(key.pk),
  sk: S(key.sk),
  type: S(type),
  ...rest,
});

/** A record kept whole as JSON, found only by its key. */
const docItem = (key: Key, type: string, value: unknown): Item =>
  keyed(key, type, { doc: S(JSON.stringify(value)) });

export function planItem(plan: Plan): Item {
  return keyed(keys.plan(plan.planId), 'plan', {
    doc: S(JSON.stringify(plan)),
    version: N(plan.version ?? 1),
    gsi1pk: S(`COUNCIL#${plan.councilId}#${shardOf(plan.planId)}`),
    gsi1sk: S(`PLAN#${plan.planId}`),
    // Officers find a plan by its child's reference.
    gsi3pk: S(`PLANREF#${plan.councilId}`),
    gsi3sk: S(`${plan.child.reference}#${plan.planId}`),
  });
}

/** The index entry that lists a plan among a member's plans while the membership lasts. */
export function membershipItem(planId: string, sub: string, active: boolean): Item {
  const item = keyed(keys.membership(planId, sub), 'membership', { planId: S(planId) });
  if (active) {
    item.gsi3pk = S(`MEMBER#${sub}`);
    item.gsi3sk = S(planId);
  }
  return item;
}

function potItem(pot: Pot): Item {
  const {
    allocated,
    unreleased,
    available,
    committed,
    spent,
    recovered,
    instalmentsPosted,
    suspended,
    suspensionReason,
    agreement,
    withheld,
    ceased,
    scheduledAdjustments,
    version,
    ...rest
  } = pot;
  const shard = shardOf(pot.planId);
  const item = keyed(keys.pot(pot.planId, pot.potId), 'pot', {
    doc: S(JSON.stringify(rest)),
    allocated: N(allocated),
    unreleased: N(unreleased),
    available: N(available),
    committed: N(committed),
    spent: N(spent),
    recovered: N(recovered),
    instalmentsPosted: N(instalmentsPosted),
    suspended: { BOOL: suspended },
    version: N(version),
    gsi1pk: S(`COUNCIL#${pot.councilId}#${shard}`),
    gsi1sk: S(`POT#${pot.planId}#${pot.potId}`),
    gsi2pk: S(`FUNDER#${pot.funderId}#${shard}`),
    gsi2sk: S(`POT#${pot.planId}#${pot.potId}`),
  });
  if (suspensionReason !== undefined) item.suspensionReason = S(suspensionReason);
  if (agreement !== undefined) item.agreement = S(JSON.stringify(agreement));
  if (withheld !== undefined) item.withheld = N(withheld);
  if (ceased !== undefined) item.ceased = S(JSON.stringify(ceased));
  if (scheduledAdjustments !== undefined) item.scheduledAdjustments = S(JSON.stringify(scheduledAdjustments));
  if (pot.holderId !== undefined) {
    item.gsi3pk = S(`HOLDER#${pot.holderId}#${shard}`);
    item.gsi3sk = S(`POT#${pot.planId}#${pot.potId}`);
  }
  return item;
}

export function recoveryItem(r: Recovery): Item {
  const shard = shardOf(r.planId);
  const sk = `RECOVERY#${r.dueDate}#${r.planId}#${r.recoveryId}`;
  return keyed(keys.recovery(r.planId, r.recoveryId), 'recovery', {
    doc: S(JSON.stringify(kept('recovery', r))),
    version: N(r.version),
    gsi1pk: S(`COUNCIL#${r.councilId}#${shard}`),
    gsi1sk: S(sk),
    gsi2pk: S(`FUNDER#${r.funderId}#${shard}`),
    gsi2sk: S(sk),
  });
}

export function spendItem(spend: Spend): Item {
  const item = keyed(keys.spend(spend.planId, spend.spendId), 'spend', {
    doc: S(JSON.stringify(kept('spend', spend))),
    status: S(spend.status),
    version: N(spend.version),
  });
  // Only pending spends are in the approver's queue: a sparse index.
  if (spend.status === 'pending_approval') {
    item.gsi1pk = S(`APPROVER#${spend.approver.org}#${shardOf(spend.planId)}`);
    item.gsi1sk = S(`${spend.requestedAt}#${spend.planId}#${spend.spendId}`);
    // …and on the approver's worklist, in due order.
    item.gsi2pk = S(workPartition(approvalScope(spend), 'approval'));
    item.gsi2sk = S(workPosition(approvalWork(spend)));
  }
  return item;
}

function runItem(run: InstalmentRun): Item {
  const { shardsDone, posted, alreadyPosted, amount: total, ...rest } = run;
  return keyed(keys.run(run.runId), 'run', {
    doc: S(JSON.stringify(rest)),
    shardsDone: N(shardsDone),
    posted: N(posted),
    alreadyPosted: N(alreadyPosted),
    amount: N(total),
  });
}

/**
 * A stored answer keeps no personal values when it is about a plan: they are kept in the plan's
 * personal data (`personalOf`) and put back when it replays (`readIdempotency`), so disposal
 * reaches them although the record is keyed by caller and key, not by plan.
 */
function idempotencyItem(c: IdempotencyClaim): Item {
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

/** The item a record is stored as. */
export function itemOf(record: LedgerRecord): Item {
  switch (record.type) {
    case 'idempotency':
      return idempotencyItem(record.claim);
    case 'plan':
      return planItem(record.plan);
    case 'pot':
      return potItem(record.pot);
    case 'entry':
      return docItem(
        keys.entry(record.entry.planId, record.entry.entryId),
        'entry',
        kept('entry', record.entry),
      );
    case 'spend':
      return spendItem(record.spend);
    case 'claim':
      return keyed(
        'planId' in record.scope
          ? keys.planClaim(record.scope.planId, record.name)
          : keys.runClaim(record.scope.runId, record.name),
        'claim',
      );
    case 'run':
      return runItem(record.run);
    case 'event':
      return docItem(
        keys.event(record.event.planId, record.event.eventId),
        'event',
        kept('event', record.event),
      );
    case 'recovery':
      return recoveryItem(record.recovery);
    case 'policy':
      return policyItem(keys.policy(record.policy.councilId), record.policy);
    case 'policyVersion':
      return policyItem(keys.policyVersion(record.policy.councilId, record.policy.version), record.policy);
    case 'amendment':
      return docItem(
        keys.amendment(record.amendment.planId, record.amendment.version),
        'amendment',
        record.amendment,
      );
    case 'review':
      return docItem(keys.review(record.review.planId, record.review.reviewId), 'review', record.review);
    case 'budgetRequest':
      return budgetRequestItem(record.request);
    case 'record':
      return recordItem(record.record);
    case 'statement': {
      const st = record.statement;
      return docItem(keys.statement(st.planId, st.potId, st.seq), 'statement', st);
    }
    case 'statementLines': {
      const c = record.lines;
      return docItem(keys.statementLines(c.planId, c.potId, c.statementId, c.chunk), 'statementLines', c);
    }
    case 'statementTexts': {
      const c = record.texts;
      return docItem(keys.statementTexts(c.planId, c.potId, c.statementId, c.chunk), 'statementTexts', c);
    }
    case 'lineClassification': {
      const c = record.classification;
      return docItem(keys.lineClassification(c.planId, c.potId, c.lineId), 'lineClassification', c);
    }
    case 'receipt':
      return keyed(keys.receipt(record.receipt.planId, record.receipt.receiptId), 'receipt', {
        doc: S(JSON.stringify(record.receipt)),
        version: N(record.receipt.version),
      });
    case 'return':
      return docItem(
        {
          pk: planPk(record.held.planId),
          sk: `RETURN#${record.held.potId}#${record.held.quarter}#${record.held.returnId}`,
        },
        'return',
        kept('return', record.held),
      );
    case 'personal':
      return personalItem(record.data);
  }
}

export function readPot(item: Item): Pot {
  const pot: Pot = {
    ...doc<Omit<Pot, 'version'>>(item),
    allocated: amount(item, 'allocated'),
    unreleased: amount(item, 'unreleased'),
    available: amount(item, 'available'),
    committed: amount(item, 'committed'),
    spent: amount(item, 'spent'),
    recovered: amount(item, 'recovered'),
    instalmentsPosted: integer(item, 'instalmentsPosted'),
    suspended: item.suspended?.BOOL === true,
    version: integer(item, 'version'),
  };
  const reason = item.suspensionReason?.S;
  if (reason !== undefined) pot.suspensionReason = reason;
  if (item.withheld?.N !== undefined) pot.withheld = amount(item, 'withheld');
  if (item.ceased?.S !== undefined) pot.ceased = JSON.parse(item.ceased.S) as NonNullable<Pot['ceased']>;
  // A shortfall accepted after set-up (section 11a) is set on its own attribute over the doc's.
  if (item.shortfall?.S !== undefined)
    pot.shortfall = JSON.parse(item.shortfall.S) as NonNullable<Pot['shortfall']>;
  if (item.scheduledAdjustments?.S !== undefined) {
    const pending = JSON.parse(item.scheduledAdjustments.S) as NonNullable<Pot['scheduledAdjustments']>;
    if (pending.length > 0) pot.scheduledAdjustments = pending;
  }
  if (item.reversedInstalments?.S !== undefined) {
    const due = JSON.parse(item.reversedInstalments.S) as NonNullable<Pot['reversedInstalments']>;
    if (due.length > 0) pot.reversedInstalments = due;
  }
  const agreement = item.agreement?.S;
  if (agreement !== undefined) pot.agreement = JSON.parse(agreement) as Pot['agreement'] & object;
  return pot;
}

export function readRun(item: Item): InstalmentRun {
  return {
    ...doc<Omit<InstalmentRun, 'shardsDone' | 'posted' | 'alreadyPosted' | 'amount'>>(item),
    shardsDone: integer(item, 'shardsDone'),
    posted: integer(item, 'posted'),
    alreadyPosted: integer(item, 'alreadyPosted'),
    amount: amount(item, 'amount'),
  };
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

/** Labels and index keys of a summary: set on every write (idempotent), its counters added. */
export function summaryFields(d: SummaryDelta): Item {
  // A council's figures live in their shard's partition and are read from it, not from an index.
  if (isFigure(d.kind))
    return {
      type: S('figure'),
      kind: S(d.kind),
      councilId: S(d.councilId),
      summaryKey: S(d.key),
      group: S(d.group ?? ''),
      labels: S(JSON.stringify(d.labels)),
    };
  const shard = shardOf(d.planId);
  // Days are indexed by month first, so a report reads one month of a council's days.
  const sk =
    d.kind === 'day'
      ? `SUM#day#${d.key.slice(0, 7)}#${d.planId}#${d.potId}#${d.key}`
      : `SUM#${d.kind}#${d.planId}#${d.potId}#${d.key}`;
  return {
    type: S('summary'),
    kind: S(d.kind),
    planId: S(d.planId),
    potId: S(d.potId),
    councilId: S(d.councilId),
    funderId: S(d.funderId),
    summaryKey: S(d.key),
    labels: S(JSON.stringify(d.labels)),
    gsi1pk: S(`COUNCIL#${d.councilId}#${shard}`),
    gsi1sk: S(sk),
    gsi2pk: S(`FUNDER#${d.funderId}#${shard}`),
    gsi2sk: S(sk),
  };
}

/** Summary counters are stored as `v_<field>`, so they can never clash with the item's own fields. */
export const summaryCounter = (field: string) => `v_${field}`;

export function readSummary(item: Item): Summary {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(item)) {
    // DynamoDB may keep a sum's scale ("0.00") or drop it ("0"); the store answers the plain number.
    if (name.startsWith('v_') && value.N !== undefined)
      values[name.slice(2)] = new Decimal(value.N).toString();
  }
  const kind = text(item, 'kind') as SummaryKind;
  // A council's figure belongs to a group of pots, not to one plan, pot or funder.
  const figure = isFigure(kind);
  return {
    kind,
    planId: figure ? '' : text(item, 'planId'),
    potId: figure ? '' : text(item, 'potId'),
    councilId: text(item, 'councilId'),
    funderId: figure ? '' : text(item, 'funderId'),
    key: text(item, 'summaryKey'),
    ...(figure ? { group: text(item, 'group') } : {}),
    values,
    labels: JSON.parse(text(item, 'labels')) as Record<string, string>,
  };
}
