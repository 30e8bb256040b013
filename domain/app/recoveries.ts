import { can } from '../access.js';
import { dateOf, type IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { transfer } from '../ledger.js';
import type { Actor, Plan, Pot, Recovery, RecoveryReason } from '../model.js';
import { Money } from '../money.js';
import { closeWork, openWork } from '../work.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  notFound,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, movementDate, postTo, potOf } from './posting.js';
import { put, replaceRecovery, setWork } from './unit.js';
import { type PotView, potView } from './views.js';

/**
 * Recovering money to the funder (DESIGN.md sections 3a and 9a). A recovery due today or earlier
 * posts at once (available → recovered); one due later is a notice: the amount is reserved
 * (available → committed) until it is settled (committed → recovered) or withdrawn (back to
 * available). Each recovery is a record the council and the funder can list.
 */

export interface RecoveryInput {
  amount: string;
  reason: RecoveryReason;
  dueDate: IsoDate;
  noticeGiven?: IsoDate | undefined;
  notice?: string | undefined;
}

export type RecoveryView = Recovery & { entryId: string; pot: PotView };

export async function recover(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  input: RecoveryInput,
): Promise<CommandOutcome<RecoveryView>> {
  const amount = Money.parsePositive(input.amount);
  return runCommand<RecoveryView>(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'pot:recover', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('recover money from this pot');
    if (input.noticeGiven !== undefined && input.noticeGiven > input.dueDate) {
      throw new DomainError('VALIDATION_FAILED', 'notice is given on or before the due date', [
        { path: 'noticeGiven', message: 'after dueDate' },
      ]);
    }
    const today = dateOf(deps.clock.now());
    const notified = input.dueDate > today;
    const memo = [`due ${input.dueDate}`, input.notice ? `notice: ${input.notice}` : undefined]
      .filter(Boolean)
      .join('; ');
    const recoveryId = deps.ids.next();
    const posted = postTo(deps, ctx, pot, {
      kind: notified ? 'recovery_notice' : 'recover',
      postings: notified
        ? transfer(potId, 'available', 'committed', amount)
        : transfer(potId, 'available', 'recovered', amount),
      effectiveDate: movementDate(deps, pot),
      extra: { reason: input.reason, memo, recoveryId },
    });
    const recovery: Recovery = {
      planId,
      potId,
      recoveryId,
      councilId: pot.councilId,
      funderId: pot.funderId,
      amount: amount.toString(),
      reason: input.reason,
      dueDate: input.dueDate,
      ...(input.noticeGiven === undefined ? {} : { noticeGiven: input.noticeGiven }),
      ...(input.notice === undefined ? {} : { notice: input.notice }),
      status: notified ? 'notified' : 'settled',
      createdAt: deps.clock.now().toISOString(),
      createdBy: actorRef(ctx.actor),
      version: 0,
    };
    return {
      unit: {
        writes: [
          put({ type: 'recovery', recovery }),
          ...posted.writes,
          // Money on notice is the council's to chase once its due date passes (section 9b).
          ...(notified ? [setWork(recoveryWork(loaded.plan, pot, recovery, deps.clock.now()))] : []),
        ],
      },
      result: { ...recovery, entryId: posted.entry.entryId, pot: potView(posted.after) },
    };
  });
}

const recoveryWork = (plan: Plan, pot: Pot, recovery: Recovery, now: Date) =>
  openWork('recovery_overdue', { plan, pot, ref: recovery.recoveryId }, recovery.dueDate, now);

/** Money received (settle) or the notice taken back (withdraw): the reservation ends either way. */
export async function closeRecovery(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  recoveryId: string,
  action: 'settle' | 'withdraw',
): Promise<CommandOutcome<RecoveryView>> {
  return runCommand<RecoveryView>(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const recovery = await deps.store.getRecovery(planId, recoveryId);
    if (!recovery || recovery.potId !== potId) throw notFound(`recovery ${recoveryId}`);
    const pot = potOf(loaded, recovery.potId);
    if (!can(ctx.actor, 'pot:recover', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden(`${action} this recovery`);
    if (recovery.status !== 'notified') {
      throw new DomainError(
        'RECOVERY_STATE_CONFLICT',
        `recovery ${recoveryId} is ${recovery.status}, so it cannot be ${action === 'settle' ? 'settled' : 'withdrawn'}`,
      );
    }
    const amount = Money.of(recovery.amount);
    const posted = postTo(deps, ctx, pot, {
      kind: action === 'settle' ? 'recovery_settle' : 'recovery_withdraw',
      postings:
        action === 'settle'
          ? transfer(pot.potId, 'committed', 'recovered', amount)
          : transfer(pot.potId, 'committed', 'available', amount),
      effectiveDate: movementDate(deps, pot),
      extra: { reason: recovery.reason, recoveryId },
    });
    const next: Recovery = {
      ...recovery,
      status: action === 'settle' ? 'settled' : 'withdrawn',
      closedAt: deps.clock.now().toISOString(),
      closedBy: actorRef(ctx.actor),
      version: recovery.version + 1,
    };
    return {
      unit: {
        writes: [
          replaceRecovery(next, recovery.version),
          ...posted.writes,
          setWork(closeWork(recoveryWork(loaded.plan, pot, recovery, deps.clock.now()), deps.clock.now())),
        ],
      },
      result: { ...next, entryId: posted.entry.entryId, pot: potView(posted.after) },
    };
  });
}

export type RecoveryStatusFilter = 'notified' | 'overdue' | 'settled' | 'withdrawn' | 'reversed';

/** A council's or a funder's recoveries; `overdue` is the notified ones past their due date. */
export async function listRecoveries(
  deps: Deps,
  actor: Actor,
  scope: { councilId: string } | { funderId: string },
  status: RecoveryStatusFilter | undefined,
): Promise<{ items: Array<Recovery & { overdue: boolean }> }> {
  const allowed =
    'councilId' in scope
      ? can(actor, 'council:report', { kind: 'council', councilId: scope.councilId })
      : can(actor, 'funder:report', { kind: 'funder', funderId: scope.funderId });
  if (!allowed) throw forbidden('see these recoveries');
  const today = dateOf(deps.clock.now());
  const items = (await deps.store.listRecoveries(scope))
    .map((r) => ({ ...r, overdue: r.status === 'notified' && r.dueDate < today }))
    .filter((r) => (status === undefined ? true : status === 'overdue' ? r.overdue : r.status === status))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.recoveryId.localeCompare(b.recoveryId));
  return { items };
}
