import { can } from '../access.js';
import { addDays, dateOf, monthOf } from '../dates.js';
import { DomainError, type DomainErrorCode } from '../errors.js';
import { movements } from '../ledger.js';
import type { ActorRef, Plan, Pot, Spend } from '../model.js';
import { Money } from '../money.js';
import { approverOf, evaluateSpend, recordedRefusals, type SpendRequest } from '../policy.js';
import type { Write } from '../ports.js';
import { decideSpend, isExpired, type SpendAction, type SpendActionInput } from '../spend.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  councilPolicy,
  type Decided,
  type Deps,
  forbidden,
  notFound,
  postingPolicy,
  type RequestContext,
  runCommand,
} from './context.js';
import type { BusinessMetricName } from './deps.js';
import { decideOnPlan, loadPlan, postTo, potOf, spendContext, spendTags } from './posting.js';
import { addSummaries, changePot, commitUnit, put, replaceSpend } from './unit.js';
import { type SpendView, spendView } from './views.js';

/** The spend aggregate's commands: request a spend, complete it in two phases, expire it. */

export interface SpendInput extends SpendRequest {
  payee: string;
  paid?: boolean | undefined;
  evidence?: string | undefined;
  description?: string | undefined;
}

export async function requestSpend(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  input: SpendInput,
): Promise<CommandOutcome<SpendView>> {
  const amount = Money.parsePositive(input.amount);
  // The spend's council, once its plan is read: the metrics' dimension.
  let councilId: string | undefined;
  const count = (name: BusinessMetricName, extra: Record<string, string> = {}) =>
    deps.metrics?.count(name, 1, { ...(councilId ? { council: councilId } : {}), ...extra });
  let outcome: CommandOutcome<SpendView>;
  try {
    outcome = await decideSpendRequest(deps, ctx, planId, input, amount, (plan) => {
      councilId = plan.councilId;
    });
  } catch (error) {
    count('SpendsRefused', { code: error instanceof DomainError ? error.code : 'INTERNAL' });
    throw error;
  }
  if (!outcome.replayed)
    count(outcome.result.status === 'pending_approval' ? 'SpendsPending' : 'SpendsPosted');
  return outcome;
}

function decideSpendRequest(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  input: SpendInput,
  amount: Money,
  planRead: (plan: Plan) => void,
): Promise<CommandOutcome<SpendView>> {
  return runCommand<SpendView>(deps, ctx, () => spendDecision(deps, ctx, planId, input, amount, planRead));
}

/**
 * A spend request's decision and unit, shared with the statement line a family explains
 * (domain/app/statements.ts), whose `extra` writes join the spend's unit.
 */
export function spendDecision(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  input: SpendInput,
  amount: Money,
  planRead: (plan: Plan) => void = () => {},
  extra: (spend: Spend) => Write[] = () => [],
): Promise<Decided<SpendView>> {
  return decideOnPlan<SpendView>(deps, ctx, planId, async (loaded, planCheck) => {
    planRead(loaded.plan);
    const pot = potOf(loaded, input.potId);
    if (!can(ctx.actor, 'spend:create', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('spend from this pot');
    const { policy, check } = await postingPolicy(deps, loaded.plan.councilId);
    const decision = evaluateSpend(loaded.plan, pot, input, ctx.actor, policy);
    if (decision.decision === 'reject') {
      const refusal = new DomainError(decision.code, decision.detail);
      if (!recordedRefusals.has(decision.code)) throw refusal;
      // Kept for the council (section 9a): an event and the quarter's counts, no money moved.
      return {
        unit: {
          writes: [check, planCheck, ...refusalWrites(deps, ctx, pot, input, amount, decision.code)],
        },
        refusal,
      };
    }
    const now = deps.clock.now().toISOString();
    const paidNow = decision.decision === 'post' && input.paid === true;
    const status: Spend['status'] =
      decision.decision === 'reserve_for_approval' ? 'pending_approval' : paidNow ? 'paid' : 'approved';
    const spend: Spend = {
      planId,
      spendId: deps.ids.next(),
      potId: pot.potId,
      amount: amount.toString(),
      reserved: paidNow ? '0.00' : amount.toString(),
      paidAmount: paidNow ? amount.toString() : '0.00',
      date: input.date,
      payee: input.payee,
      category: input.category,
      outcomeId: input.outcomeId,
      provisionId: input.provisionId,
      householdRelative: input.householdRelative ?? false,
      paidOnRequest: input.paid === true,
      status,
      approvalReasons: decision.decision === 'reserve_for_approval' ? decision.reasons : [],
      ...(decision.decision === 'reserve_for_approval'
        ? { approvalDue: addDays(dateOf(deps.clock.now()), policy.pendingExpiryDays) }
        : {}),
      requestedBy: actorRef(ctx.actor),
      requestedAt: now,
      approver: approverOf(pot),
      version: 0,
    };
    if (input.evidence !== undefined) spend.evidence = input.evidence;
    if (input.description !== undefined) spend.description = input.description;
    if (status !== 'pending_approval') {
      spend.decidedBy = actorRef(ctx.actor);
      spend.decidedAt = now;
    }
    if (paidNow) spend.paidOn = input.date;
    // Paid with a receipt: straight to spent. Otherwise reserved until paid, approved or voided.
    const posted = postTo(deps, ctx, pot, {
      kind: paidNow ? 'direct_spend' : 'reserve',
      postings: paidNow ? movements.directSpend(pot.potId, amount) : movements.reserve(pot.potId, amount),
      effectiveDate: input.date,
      extra: spendTags(spend),
      summaryContext: spendContext(loaded.plan, spend),
      expect: { suspended: false, notCeased: pot.ceased === undefined },
    });
    return {
      unit: { writes: [check, planCheck, put({ type: 'spend', spend }), ...posted.writes, ...extra(spend)] },
      result: spendView(spend),
    };
  });
}

function refusalWrites(
  deps: Deps,
  ctx: RequestContext,
  pot: Pot,
  input: SpendInput,
  amount: Money,
  code: DomainErrorCode,
): Write[] {
  const month = monthOf(input.date);
  return [
    eventWrite(deps, actorRef(ctx.actor), pot.planId, 'refusal', {
      potId: pot.potId,
      details: { code, category: input.category, amount: amount.toString(), date: input.date },
    }),
    ...addSummaries([
      {
        kind: 'month',
        planId: pot.planId,
        potId: pot.potId,
        councilId: pot.councilId,
        funderId: pot.funderId,
        key: month,
        adds: { refused: '1', ...(code === 'CATEGORY_PROHIBITED' ? { prohibited: '1' } : {}) },
        labels: { month },
      },
    ]),
  ];
}

/** A spend of a plan the caller may read, with its plan and pot. */
export async function loadSpend(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor'>,
  planId: string,
  spendId: string,
) {
  const loaded = await loadPlan(deps, ctx, planId);
  const spend = await deps.store.getSpend(planId, spendId);
  if (!spend) throw notFound(`spend ${spendId}`);
  return { loaded, spend, pot: potOf(loaded, spend.potId) };
}

/**
 * Evidence afterwards (section 9a): the holder or a member adds the receipt of a paid spend that
 * had none, and it stops counting as a spend without evidence in its month.
 */
export async function addEvidence(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  spendId: string,
  input: { evidence: string },
): Promise<CommandOutcome<SpendView>> {
  return runCommand(deps, ctx, async () => {
    const { loaded, spend, pot } = await loadSpend(deps, ctx, planId, spendId);
    if (!can(ctx.actor, 'spend:account', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('add evidence to this spend');
    if (spend.status !== 'paid' || spend.evidence !== undefined) {
      throw new DomainError(
        'SPEND_STATE_CONFLICT',
        `spend ${spendId} is ${spend.status.replaceAll('_', ' ')}${spend.evidence === undefined ? '' : ' with evidence'}; evidence is added to a paid spend without any`,
      );
    }
    const { next, writes } = evidenceWrites(deps, actorRef(ctx.actor), spend, pot, input.evidence, {});
    return { unit: { writes }, result: spendView(next) };
  });
}

/**
 * A paid spend given evidence it lacked: the spend replaced (held to its version), one fewer spend
 * without evidence in its month, and an `evidence_added` event (with `details` added to its own).
 */
export function evidenceWrites(
  deps: Deps,
  by: ActorRef,
  spend: Spend,
  pot: Pot,
  evidence: string,
  details: Record<string, string>,
): { next: Spend; writes: Write[] } {
  const next: Spend = { ...spend, evidence, version: spend.version + 1 };
  const month = monthOf(spend.paidOn ?? spend.date);
  const writes = [
    replaceSpend(next, spend.version),
    ...addSummaries([
      {
        kind: 'month',
        planId: spend.planId,
        potId: pot.potId,
        councilId: pot.councilId,
        funderId: pot.funderId,
        key: month,
        adds: { withoutEvidence: '-1' },
        labels: { month },
      },
    ]),
    eventWrite(deps, by, spend.planId, 'evidence_added', {
      potId: pot.potId,
      details: { spendId: spend.spendId, ...details },
    }),
  ];
  return { next, writes };
}

const permissionOf = (action: Exclude<SpendAction, 'expire' | 'reverse'>) =>
  action === 'approve' || action === 'reject'
    ? 'spend:approve'
    : action === 'pay'
      ? 'spend:pay'
      : 'spend:void';

/** Two-phase completion: a reservation is paid or voided exactly once (DESIGN.md section 3). */
export async function actOnSpend(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  spendId: string,
  action: Exclude<SpendAction, 'expire' | 'reverse'>,
  input: SpendActionInput,
): Promise<CommandOutcome<SpendView>> {
  return runCommand(deps, ctx, async () => {
    const { loaded, spend, pot } = await loadSpend(deps, ctx, planId, spendId);
    if (!can(ctx.actor, permissionOf(action), { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden(`${action} this spend`);
    const { next, movement } = decideSpend(spend, action, input, {
      actor: actorRef(ctx.actor),
      now: deps.clock.now(),
      pendingExpiryDays: (await councilPolicy(deps, loaded.plan.councilId)).pendingExpiryDays,
      pot,
    });
    // An approval holds only if the pot is still not suspended when it commits; an approval or a
    // payment only if the pot has not ceased meanwhile (section 11a): the condition is in its unit.
    const notCeased = pot.ceased === undefined;
    const expect =
      action === 'approve'
        ? { suspended: false, notCeased }
        : action === 'pay' && notCeased
          ? { notCeased }
          : undefined;
    const writes = [replaceSpend(next, spend.version)];
    if (movement) {
      const evidence = next.evidence;
      const posted = postTo(deps, ctx, pot, {
        ...movement,
        extra: { ...spendTags(spend), ...(movement.reason === undefined ? {} : { reason: movement.reason }) },
        summaryContext:
          movement.kind === 'pay'
            ? spendContext(loaded.plan, { outcomeId: spend.outcomeId, evidence })
            : spendContext(loaded.plan, spend, { rejected: action === 'reject' }),
        ...(expect ? { expect } : {}),
      });
      writes.push(...posted.writes);
    } else if (expect) {
      writes.push(changePot({ planId, potId: pot.potId, deltas: {}, expect }));
    }
    return { unit: { writes }, result: spendView(next) };
  });
}

/** Voids pending approvals older than the council's limit (30 days by default), oldest first. */
export async function expirePendingApprovals(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  approverOrg: string,
  limit = 100,
): Promise<{ expired: number; amount: string }> {
  let expired = 0;
  let amount = Money.zero;
  const page = await deps.store.listPendingApprovals(approverOrg, { limit });
  for (const spend of page.items) {
    const plan = await deps.store.getPlan(spend.planId);
    const policy = plan && (await councilPolicy(deps, plan.councilId));
    if (!plan || !policy || !isExpired(spend, deps.clock.now(), policy.pendingExpiryDays)) continue;
    const pot = (await deps.store.getPots(spend.planId)).find((p) => p.potId === spend.potId);
    if (!pot) continue;
    const { next, movement } = decideSpend(
      spend,
      'expire',
      {},
      {
        actor: actorRef(ctx.actor),
        now: deps.clock.now(),
        pendingExpiryDays: policy.pendingExpiryDays,
        pot,
      },
    );
    if (!movement) continue;
    const posted = postTo(deps, ctx, pot, {
      ...movement,
      extra: { ...spendTags(spend), ...(movement.reason === undefined ? {} : { reason: movement.reason }) },
      summaryContext: spendContext(plan, spend),
    });
    // Approved, rejected or voided by someone else meanwhile: nothing to expire.
    const outcome = await commitUnit(deps, { writes: [replaceSpend(next, spend.version), ...posted.writes] });
    if (!outcome.ok) continue;
    expired++;
    amount = amount.plus(Money.of(spend.reserved));
  }
  return { expired, amount: amount.toString() };
}
