import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { Decimal } from 'decimal.js';
import type { Plan, Pot, Recovery, Spend } from '../../domain/model.js';
import { Money } from '../../domain/money.js';
import type { IdempotencyClaim, InstalmentRun, LedgerRecord } from '../../domain/ports.js';
import { shardOf } from '../../domain/shards.js';
import type { Summary, SummaryDelta, SummaryKind } from '../../domain/summaries.js';

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
  summary: (d: Pick<SummaryDelta, 'planId' | 'kind' | 'potId' | 'key'>): Key => ({
    pk: planPk(d.planId),
    sk: `SUM#${d.kind}#${d.potId}#${d.key}`,
  }),
  registry: (kind: 'COUNCIL' | 'FUNDER', id: string): Key => ({ pk: 'REGISTRY', sk: `${kind}#${id}` }),
};

const keyed = (key: Key, type: string, rest: Item = {}): Item => ({
  pk: S(key.pk),
  sk: S(key.sk),
  type: S(type),
  ...rest,
});

export function planItem(plan: Plan): Item {
  return keyed(keys.plan(plan.planId), 'plan', {
    doc: S(JSON.stringify(plan)),
    version: N(plan.version ?? 1),
    gsi1pk: S(`COUNCIL#${plan.councilId}#${shardOf(plan.planId)}`),
    gsi1sk: S(`PLAN#${plan.planId}`),
  });
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
    doc: S(JSON.stringify(r)),
    version: N(r.version),
    gsi1pk: S(`COUNCIL#${r.councilId}#${shard}`),
    gsi1sk: S(sk),
    gsi2pk: S(`FUNDER#${r.funderId}#${shard}`),
    gsi2sk: S(sk),
  });
}

export function spendItem(spend: Spend): Item {
  const item = keyed(keys.spend(spend.planId, spend.spendId), 'spend', {
    doc: S(JSON.stringify(spend)),
    status: S(spend.status),
    version: N(spend.version),
  });
  // Only pending spends are in the approver's queue: a sparse index.
  if (spend.status === 'pending_approval') {
    item.gsi1pk = S(`APPROVER#${spend.approver.org}#${shardOf(spend.planId)}`);
    item.gsi1sk = S(`${spend.requestedAt}#${spend.planId}#${spend.spendId}`);
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

function idempotencyItem(c: IdempotencyClaim): Item {
  return keyed(keys.idempotency(c.scope, c.key), 'idempotency', {
    requestHash: S(c.requestHash),
    response: S(JSON.stringify(c.response)),
    recordedAt: S(c.recordedAt),
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
      return keyed(keys.entry(record.entry.planId, record.entry.entryId), 'entry', {
        doc: S(JSON.stringify(record.entry)),
      });
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
      return keyed(keys.event(record.event.planId, record.event.eventId), 'event', {
        doc: S(JSON.stringify(record.event)),
      });
    case 'recovery':
      return recoveryItem(record.recovery);
    case 'return':
      return keyed(
        {
          pk: planPk(record.held.planId),
          sk: `RETURN#${record.held.potId}#${record.held.quarter}#${record.held.returnId}`,
        },
        'return',
        { doc: S(JSON.stringify(record.held)) },
      );
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
  if (item.scheduledAdjustments?.S !== undefined) {
    const pending = JSON.parse(item.scheduledAdjustments.S) as NonNullable<Pot['scheduledAdjustments']>;
    if (pending.length > 0) pot.scheduledAdjustments = pending;
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

export function readIdempotency(item: Item, scope: string, key: string): IdempotencyClaim {
  return {
    scope,
    key,
    requestHash: text(item, 'requestHash'),
    response: JSON.parse(text(item, 'response')),
    recordedAt: text(item, 'recordedAt'),
  };
}

/** Labels and index keys of a summary: set on every write (idempotent), its counters added. */
export function summaryFields(d: SummaryDelta): Item {
  const shard = shardOf(d.planId);
  const sk = `SUM#${d.kind}#${d.planId}#${d.potId}#${d.key}`;
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
  return {
    kind: text(item, 'kind') as SummaryKind,
    planId: text(item, 'planId'),
    potId: text(item, 'potId'),
    councilId: text(item, 'councilId'),
    funderId: text(item, 'funderId'),
    key: text(item, 'summaryKey'),
    values,
    labels: JSON.parse(text(item, 'labels')) as Record<string, string>,
  };
}
