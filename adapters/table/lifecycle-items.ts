import type { Spend } from '../../domain/model.js';
import type { BudgetRequest, CouncilPolicy, WorkItem } from '../../domain/plan-records.js';
import { workPosition } from '../../domain/ports.js';
import { type Item, type Key, keyed, keys, N, S, workPartition } from './keys.js';

/**
 * The single-table layout of a plan's lifecycle records: open work (the worklists' sparse
 * indexes), budget requests, council policies and the index of a member's plans. Amendments and
 * reviews are kept whole (`docItem`, codec.ts).
 */

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

export const approvalScope = (spend: Spend) =>
  spend.approver.role === 'health_officer'
    ? { funderId: spend.approver.org }
    : { councilId: spend.approver.org };

export function budgetRequestItem(r: BudgetRequest): Item {
  return keyed(keys.budgetRequest(r.planId, r.requestId), 'budgetRequest', {
    doc: S(JSON.stringify(r)),
    version: N(r.version),
    gsi1pk: S(`BREQUEST#COUNCIL#${r.councilId}#${r.status}`),
    gsi1sk: S(`${r.requestedAt}#${r.planId}#${r.requestId}`),
  });
}

export function policyItem(key: Key, p: CouncilPolicy): Item {
  return keyed(key, 'policy', { doc: S(JSON.stringify(p)), version: N(p.version) });
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
