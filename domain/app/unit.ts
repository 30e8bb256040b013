import { serviceBusy } from '../errors.js';
import { assertBalanced } from '../ledger.js';
import { buckets, type Plan, type Recovery, type Spend } from '../model.js';
import { Money } from '../money.js';
import type { BudgetRequest, WorkItem } from '../plan-records.js';
import {
  CommitRejectedError,
  type CommitRejection,
  type LedgerRecord,
  type PotChange,
  type UnitOfWork,
  type Write,
} from '../ports.js';
import { mergeSummaryDeltas, type SummaryDelta } from '../summaries.js';
import type { Deps } from './deps.js';

/**
 * Builds units of work from the domain's changes, and is the one commit path: every unit the use
 * cases, the instalment run and the expiry job write passes through `commitUnit`, which asserts
 * each entry balances before it is written and is the only place a busy store is retried.
 */

export const put = (record: LedgerRecord): Write => ({ kind: 'put_if_absent', record });

/** A pot's balance change: no bucket may go below zero (invariant 3), whatever ran meanwhile. */
export function changePot(change: PotChange): Write {
  const set: Record<string, boolean | number | string | null> = {};
  if (change.set?.suspended !== undefined) set.suspended = change.set.suspended;
  if (change.set?.suspensionReason !== undefined) set.suspensionReason = change.set.suspensionReason;
  if (change.set?.instalmentsPosted !== undefined) set.instalmentsPosted = change.set.instalmentsPosted;
  if (change.set?.ceased !== undefined) set.ceased = change.set.ceased;
  if (change.set?.reversedInstalments !== undefined) set.reversedInstalments = change.set.reversedInstalments;
  if (change.setAgreement !== undefined) set.agreement = change.setAgreement;
  const expect: Record<string, boolean | number> = {};
  if (change.expect?.suspended !== undefined) expect.suspended = change.expect.suspended;
  if (change.expect?.instalmentsPosted !== undefined)
    expect.instalmentsPosted = change.expect.instalmentsPosted;
  if (change.expect?.version !== undefined) expect.version = change.expect.version;
  return {
    kind: 'update',
    target: { type: 'pot', planId: change.planId, potId: change.potId },
    deltas: { ...change.deltas },
    nonNegative: buckets,
    ...(Object.keys(expect).length ? { expect } : {}),
    ...(change.expect?.notCeased ? { absent: ['ceased'] } : {}),
    ...(Object.keys(set).length ? { set } : {}),
  };
}

/** A new state of the plan, at the next version, if nobody changed it since it was read. */
export const replacePlan = (plan: Plan, expectedVersion: number): Write => ({
  kind: 'replace_if_version',
  record: { type: 'plan', plan: { ...plan, version: expectedVersion + 1 } },
  expectedVersion,
});

export const replaceRecovery = (recovery: Recovery, expectedVersion: number): Write => ({
  kind: 'replace_if_version',
  record: { type: 'recovery', recovery },
  expectedVersion,
});

export const replaceRequest = (request: BudgetRequest, expectedVersion: number): Write => ({
  kind: 'replace_if_version',
  record: { type: 'budgetRequest', request: { ...request, version: expectedVersion + 1 } },
  expectedVersion,
});

export const setWork = (work: WorkItem): Write => ({ kind: 'set_work', work });

export const replaceSpend = (spend: Spend, expectedVersion: number): Write => ({
  kind: 'replace_if_version',
  record: { type: 'spend', spend },
  expectedVersion,
});

/** Summary additions, merged so each summary is one write of the unit. */
export const addSummaries = (deltas: readonly SummaryDelta[]): Write[] =>
  mergeSummaryDeltas(deltas).map((delta) => ({
    kind: 'update',
    target: { type: 'summary', delta },
    deltas: delta.adds,
  }));

/** What a refusal means, read off the write it names. */
export type RefusalMeaning =
  | { kind: 'idempotency_key_claimed' }
  | { kind: 'insufficient_funds'; potId: string }
  | { kind: 'state_changed'; what: string }
  | { kind: 'already_exists'; what: string };

function describe(write: Write | undefined): string {
  if (!write) return 'ledger';
  if (write.kind === 'set_work') return `${write.work.kind} work`;
  if (write.kind === 'set_membership') return `membership of ${write.sub}`;
  if (write.kind === 'set_personal')
    return `personal data of ${write.data.recordKind} ${write.data.recordId}`;
  if (write.kind === 'erase_texts')
    return `statement ${write.texts.statementId}'s descriptions (chunk ${write.texts.chunk})`;
  if (write.kind === 'check_version')
    return write.target.type === 'plan'
      ? `plan ${write.target.planId}`
      : `policy of council ${write.target.councilId}`;
  if (write.kind === 'replace_if_version') {
    const r = write.record;
    switch (r.type) {
      case 'spend':
        return `spend ${r.spend.spendId}`;
      case 'plan':
        return `plan ${r.plan.planId}`;
      case 'recovery':
        return `recovery ${r.recovery.recoveryId}`;
      case 'policy':
        return `policy of council ${r.policy.councilId}`;
      case 'budgetRequest':
        return `budget request ${r.request.requestId}`;
      case 'record':
        return `${r.record.kind} ${r.record.name}`;
      case 'receipt':
        return `receipt ${r.receipt.receiptId}`;
    }
  }
  if (write.kind === 'update') {
    const t = write.target;
    return t.type === 'pot'
      ? `pot ${t.potId}`
      : t.type === 'run'
        ? `run ${t.runId}`
        : `summary ${t.delta.key}`;
  }
  const r = write.record;
  switch (r.type) {
    case 'idempotency':
      return 'idempotency key';
    case 'plan':
      return `plan ${r.plan.planId}`;
    case 'pot':
      return `pot ${r.pot.potId}`;
    case 'entry':
      return `entry ${r.entry.entryId}`;
    case 'spend':
      return `spend ${r.spend.spendId}`;
    case 'claim':
      return r.name;
    case 'run':
      return `run ${r.run.runId}`;
    case 'event':
      return `event ${r.event.eventId}`;
    case 'return':
      return `return ${r.held.returnId}`;
    case 'recovery':
      return `recovery ${r.recovery.recoveryId}`;
    case 'policy':
    case 'policyVersion':
      return `policy of council ${r.policy.councilId}`;
    case 'amendment':
      return `amendment ${r.amendment.version}`;
    case 'review':
      return `review ${r.review.reviewId}`;
    case 'budgetRequest':
      return `budget request ${r.request.requestId}`;
    case 'personal':
      return `personal data of ${r.data.recordKind} ${r.data.recordId}`;
    case 'record':
      return `${r.record.kind} ${r.record.name}`;
    case 'statement':
      return `statement ${r.statement.seq} of pot ${r.statement.potId}`;
    case 'statementLines':
    case 'statementTexts':
      return `statement ${'lines' in r ? r.lines.statementId : r.texts.statementId}`;
    case 'lineClassification':
      return `statement line ${r.classification.lineId}`;
    case 'receipt':
      return `receipt ${r.receipt.receiptId}`;
  }
}

export function meaningOf(
  unit: UnitOfWork,
  rejection: Extract<CommitRejection, { kind: 'refused' }>,
): RefusalMeaning {
  const write = unit.writes[rejection.index];
  if (write?.kind === 'put_if_absent' && write.record.type === 'idempotency')
    return { kind: 'idempotency_key_claimed' };
  if (rejection.reason === 'insufficient' && write?.kind === 'update' && write.target.type === 'pot') {
    return { kind: 'insufficient_funds', potId: write.target.potId };
  }
  if (rejection.reason === 'exists') return { kind: 'already_exists', what: describe(write) };
  return { kind: 'state_changed', what: describe(write) };
}

/** One retry layer for the whole commit path: attempts and elapsed time both bounded. */
export const commitAttemptsMax = 6;
export const commitRetryBudgetMs = 3_000;
const backoffBaseMs = 20;
const backoffCapMs = 400;

export interface RetryState {
  attempt: number;
  startedAt: number;
}

/** Waits before the next attempt; false when the attempts or the time budget are spent. */
export async function backOff(deps: Deps, state: RetryState): Promise<boolean> {
  state.attempt++;
  const elapsed = deps.clock.now().getTime() - state.startedAt;
  if (state.attempt > commitAttemptsMax || elapsed > commitRetryBudgetMs) return false;
  const ceiling = Math.min(backoffCapMs, backoffBaseMs * 2 ** state.attempt);
  await deps.sleep?.(Math.floor((deps.random?.() ?? Math.random()) * ceiling));
  return true;
}

/** Pair assertion, first half: an entry that does not balance is never written. */
export function assertUnitBalanced(unit: UnitOfWork): void {
  for (const w of unit.writes)
    if (w.kind === 'put_if_absent' && w.record.type === 'entry') assertBalanced(w.record.entry);
}

/**
 * Commits a unit, resending the same unit while the store is busy. A refusal is returned, not
 * thrown, so the caller decides what it means for it.
 */
export async function commitUnit(
  deps: Deps,
  unit: UnitOfWork,
  state: RetryState = { attempt: 1, startedAt: deps.clock.now().getTime() },
): Promise<
  { ok: true } | { ok: false; rejection: Extract<CommitRejection, { kind: 'refused' }>; error: Error }
> {
  assertUnitBalanced(unit);
  for (;;) {
    try {
      await deps.store.commit(unit);
      return { ok: true };
    } catch (error) {
      if (!(error instanceof CommitRejectedError)) throw error;
      if (error.rejection.kind === 'refused') return { ok: false, rejection: error.rejection, error };
      if (!(await backOff(deps, state))) {
        // Busy through every retry: the client retries after a moment (503 with Retry-After).
        throw serviceBusy(error);
      }
    }
  }
}

/** The key of what an update changes: two updates of one item cannot share a transaction. */
const targetKey = (w: Extract<Write, { kind: 'update' }>): string => {
  const t = w.target;
  return t.type === 'pot'
    ? `pot/${t.planId}/${t.potId}`
    : t.type === 'run'
      ? `run/${t.runId}`
      : `summary/${t.delta.kind}/${t.delta.planId}/${t.delta.potId}/${t.delta.key}`;
};

const addAmounts = (a: string, b: string): string =>
  /^-?[0-9]+$/.test(a) && /^-?[0-9]+$/.test(b)
    ? (BigInt(a) + BigInt(b)).toString()
    : Money.of(a).plus(Money.of(b)).toString();

/**
 * Folds several updates of one item into one (a command that voids spends and deallocates from
 * one pot): deltas add up, expectations and fields set combine, in the order first met.
 */
export function mergeUpdates(writes: readonly Write[]): Write[] {
  const out: Write[] = [];
  const at = new Map<string, number>();
  for (const w of writes) {
    if (w.kind !== 'update') {
      out.push(w);
      continue;
    }
    const key = targetKey(w);
    const i = at.get(key);
    const existing = i === undefined ? undefined : out[i];
    if (existing === undefined || existing.kind !== 'update' || i === undefined) {
      at.set(key, out.length);
      out.push(w);
      continue;
    }
    const deltas: Record<string, string> = { ...existing.deltas };
    for (const [f, v] of Object.entries(w.deltas))
      deltas[f] = deltas[f] === undefined ? v : addAmounts(deltas[f], v);
    out[i] = {
      ...existing,
      deltas,
      nonNegative: [...new Set([...(existing.nonNegative ?? []), ...(w.nonNegative ?? [])])],
      expect: { ...existing.expect, ...w.expect },
      set: { ...existing.set, ...w.set },
      ...(existing.absent || w.absent
        ? { absent: [...new Set([...(existing.absent ?? []), ...(w.absent ?? [])])] }
        : {}),
    };
  }
  return out;
}
