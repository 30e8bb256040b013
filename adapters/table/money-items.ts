import { Decimal } from 'decimal.js';
import type { Plan, Pot, Recovery, Spend } from '../../domain/model.js';
import { type InstalmentRun, workPosition } from '../../domain/ports.js';
import { shardOf } from '../../domain/shards.js';
import { isFigure, type Summary, type SummaryDelta, type SummaryKind } from '../../domain/summaries.js';
import { amount, doc, type Item, integer, keyed, keys, N, S, text, workPartition } from './keys.js';
import { approvalScope, approvalWork } from './lifecycle-items.js';
import { kept } from './personal-items.js';

/**
 * The single-table layout of the money records: plans and pots (their buckets as N attributes,
 * found by council, funder and holder shard), spends, recoveries, instalment runs and summaries.
 * Journal entries are kept whole (`docItem`, codec.ts), their personal fields apart.
 */

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

export function potItem(pot: Pot): Item {
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

export function runItem(run: InstalmentRun): Item {
  const { shardsDone, posted, alreadyPosted, amount: total, ...rest } = run;
  return keyed(keys.run(run.runId), 'run', {
    doc: S(JSON.stringify(rest)),
    shardsDone: N(shardsDone),
    posted: N(posted),
    alreadyPosted: N(alreadyPosted),
    amount: N(total),
    // Officers list a council's runs newest first (GET /v1/councils/{councilId}/instalment-runs).
    gsi1pk: S(`RUNS#${run.councilId}`),
    gsi1sk: S(`${run.startedAt}#${run.runId}`),
  });
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
