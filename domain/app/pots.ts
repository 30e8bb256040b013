import { can } from '../access.js';
import { adjustmentBucket } from '../budget.js';
import type { IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { movements, reversalOf } from '../ledger.js';
import type { JournalEntry, Plan, Pot, ScheduledAdjustment } from '../model.js';
import { Money } from '../money.js';
import { movementKinds } from '../movement-kinds.js';
import { decideSpend } from '../spend.js';
import type { SummaryContext } from '../summaries.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  councilPolicy,
  type Deps,
  forbidden,
  notFound,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, movementDate, postTo, potOf, requireInPeriod, spendContext, today } from './posting.js';
import { changePot, mergeUpdates, put, replaceRecovery, replaceSpend } from './unit.js';
import { type PotView, potView } from './views.js';

/** The pot aggregate's commands: adjust, recover, suspend or resume, and reverse an entry. */

export interface PotMovementResult {
  entryId: string;
  pot: PotView;
}

export interface AdjustmentResult {
  /** `posted` now, or `scheduled` to post on its effective date (a reduction with notice). */
  status: 'posted' | 'scheduled';
  effectiveDate: IsoDate;
  entryId?: string;
  adjustmentId?: string;
  pot: PotView;
}

export async function adjustAllocation(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  input: {
    amount: string;
    reason: string;
    effectiveDate?: IsoDate | undefined;
    noticeGiven?: IsoDate | undefined;
  },
): Promise<CommandOutcome<AdjustmentResult>> {
  const change = Money.parseSigned(input.amount);
  if (change.isZero())
    throw new DomainError('VALIDATION_FAILED', 'an adjustment is not zero', [
      { path: 'amount', message: 'zero' },
    ]);
  return runCommand<AdjustmentResult>(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'pot:adjust', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('adjust this pot');
    // A ceased pot takes no more money: a top-up would wait in unreleased for good (section 11a).
    if (pot.ceased)
      throw new DomainError(
        'POT_CEASED',
        `pot ${potId} ceased on ${pot.ceased.date}; it takes no adjustment`,
      );
    const effectiveDate = input.effectiveDate ?? movementDate(deps, pot);
    requireInPeriod(pot, effectiveDate, 'the adjustment date');
    if (input.noticeGiven !== undefined && input.noticeGiven > effectiveDate) {
      throw new DomainError('VALIDATION_FAILED', 'notice is given on or before the effective date', [
        { path: 'noticeGiven', message: 'after effectiveDate' },
      ]);
    }
    // Dated ahead of today on a pot with instalments: the adjustment waits for its date, and only
    // the instalments dated on or after it share the change (section 9a).
    if (effectiveDate > today(deps) && pot.schedule) {
      const scheduled: ScheduledAdjustment = {
        adjustmentId: deps.ids.next(),
        amount: change.toString(),
        effectiveDate,
        reason: input.reason,
        ...(input.noticeGiven === undefined ? {} : { noticeGiven: input.noticeGiven }),
        requestedAt: deps.clock.now().toISOString(),
        requestedBy: actorRef(ctx.actor),
      };
      const pending = [...(pot.scheduledAdjustments ?? []), scheduled];
      return {
        unit: {
          writes: [
            {
              kind: 'update',
              target: { type: 'pot', planId, potId },
              deltas: {},
              expect: { version: pot.version },
              set: { scheduledAdjustments: JSON.stringify(pending) },
            },
          ],
        },
        result: {
          status: 'scheduled',
          effectiveDate,
          adjustmentId: scheduled.adjustmentId,
          pot: potView({ ...pot, scheduledAdjustments: pending, version: pot.version + 1 }),
        },
      };
    }
    const posted = postTo(deps, ctx, pot, {
      kind: 'adjust',
      postings: movements.adjust(potId, adjustmentBucket(pot, change), change),
      effectiveDate,
      extra: {
        reason: input.reason,
        ...(input.noticeGiven ? { memo: `notice given ${input.noticeGiven}` } : {}),
      },
    });
    return {
      unit: { writes: posted.writes },
      result: { status: 'posted', effectiveDate, entryId: posted.entry.entryId, pot: potView(posted.after) },
    };
  });
}

export async function setSuspension(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  suspend: boolean,
  reason: string | undefined,
): Promise<CommandOutcome<PotView>> {
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'pot:suspend', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('suspend this pot');
    if (pot.suspended === suspend) {
      throw new DomainError(
        suspend ? 'POT_SUSPENDED' : 'POT_NOT_SUSPENDED',
        `pot ${potId} is ${suspend ? 'already' : 'not'} suspended`,
      );
    }
    const write = changePot({
      planId,
      potId,
      deltas: {},
      expect: { suspended: !suspend },
      set: { suspended: suspend, suspensionReason: suspend ? (reason ?? null) : null },
    });
    const after: Pot = { ...pot, suspended: suspend, version: pot.version + 1 };
    if (suspend && reason !== undefined) after.suspensionReason = reason;
    else delete after.suspensionReason;
    // Who suspended or resumed, when and why, kept beside the journal (section 9a).
    const event = eventWrite(deps, actorRef(ctx.actor), planId, suspend ? 'suspended' : 'resumed', {
      potId,
      reason,
    });
    return { unit: { writes: [write, event] }, result: potView(after) };
  });
}

/** A reversed payment stops counting as a spend made (and as one without evidence, if it was). */
async function reversalContext(deps: Deps, plan: Plan, original: JournalEntry): Promise<SummaryContext> {
  if (original.spendId === undefined || !movementKinds[original.kind].countsAsSpend) {
    return spendContext(plan, { outcomeId: original.outcomeId, evidence: 'n/a' }, { withoutEvidence: false });
  }
  const spend = await deps.store.getSpend(original.planId, original.spendId);
  return spendContext(
    plan,
    { outcomeId: original.outcomeId, evidence: spend?.evidence },
    { undoesSpend: true },
  );
}

const reversedClaim = (entryId: string) => `REVERSED#${entryId}`;

export async function reverseEntry(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  entryId: string,
  input: { reason: string },
): Promise<CommandOutcome<PotMovementResult & { reverses: string }>> {
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const original = await deps.store.getEntry(planId, entryId);
    if (!original) throw notFound(`entry ${entryId}`);
    const pot = potOf(loaded, original.postings[0]?.potId ?? '');
    if (!can(ctx.actor, 'entry:reverse', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('reverse this entry');
    if (await deps.store.hasClaim(planId, reversedClaim(entryId))) {
      throw new DomainError('ALREADY_REVERSED', `entry ${entryId} has already been reversed`);
    }
    const { spendId, outcomeId, provisionId, category } = original;
    const posted = postTo(deps, ctx, pot, {
      kind: 'reverse',
      postings: reversalOf(original),
      effectiveDate: original.effectiveDate,
      extra: {
        reverses: entryId,
        reason: input.reason,
        ...(spendId === undefined ? {} : { spendId }),
        ...(outcomeId === undefined ? {} : { outcomeId }),
        ...(provisionId === undefined ? {} : { provisionId }),
        ...(category === undefined ? {} : { category }),
      },
      summaryContext: await reversalContext(deps, loaded.plan, original),
    });
    const writes = [
      ...posted.writes,
      put({ type: 'claim', scope: { planId }, name: reversedClaim(entryId) }),
    ];
    // Records follow their money (section 11a): a reversed instalment is due again, and a
    // recovery whose entry is reversed is marked reversed in every list.
    const rules = movementKinds[original.kind];
    if (rules.releasesInstalment && original.instalmentIndex !== undefined) {
      const released = original.postings.find((p) => p.account === 'available')?.amount ?? '0.00';
      const due = [
        ...(pot.reversedInstalments ?? []),
        { index: original.instalmentIndex, date: original.effectiveDate, amount: released, entryId },
      ];
      writes.push(
        changePot({
          planId,
          potId: pot.potId,
          deltas: {},
          expect: { version: pot.version },
          set: { reversedInstalments: JSON.stringify(due) },
        }),
      );
    }
    if (original.recoveryId !== undefined && original.kind === 'recover') {
      const recovery = await deps.store.getRecovery(planId, original.recoveryId);
      if (recovery && recovery.status !== 'reversed') {
        writes.push(
          replaceRecovery(
            {
              ...recovery,
              status: 'reversed',
              closedAt: deps.clock.now().toISOString(),
              closedBy: actorRef(ctx.actor),
              version: recovery.version + 1,
            },
            recovery.version,
          ),
        );
      }
    }
    if (spendId !== undefined && movementKinds[original.kind].countsAsSpend) {
      const spend = await deps.store.getSpend(planId, spendId);
      if (spend) {
        const { next } = decideSpend(
          spend,
          'reverse',
          { original },
          {
            actor: actorRef(ctx.actor),
            now: deps.clock.now(),
            pendingExpiryDays: (await councilPolicy(deps, loaded.plan.councilId)).pendingExpiryDays,
            pot,
          },
        );
        writes.push(replaceSpend(next, spend.version));
      }
    }
    return {
      unit: { writes: mergeUpdates(writes) },
      result: { entryId: posted.entry.entryId, reverses: entryId, pot: potView(posted.after) },
    };
  });
}
