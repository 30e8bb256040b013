import { can } from '../access.js';
import { adjustmentBucket } from '../budget.js';
import type { IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { applyPostings, movements, readBalances, transfer, writeBalances } from '../ledger.js';
import type { Actor, JournalEntry, Plan, Pot } from '../model.js';
import { Money } from '../money.js';
import { needsAgreement, type SpendPolicy } from '../policy.js';
import type { InstalmentRun } from '../ports.js';
import { instalmentCount, instalmentDate, nextInstalmentAmount, surplusThreshold } from '../schedule.js';
import { shardCount } from '../shards.js';
import { summaryDeltas } from '../summaries.js';
import {
  actorRef,
  type CommandOutcome,
  councilPolicy,
  type Deps,
  entryBase,
  forbidden,
  notFound,
  type RequestContext,
  runCommand,
} from './context.js';
import { postTo } from './posting.js';
import { addSummaries, changePot, commitUnit, mergeUpdates, put } from './unit.js';

/**
 * The instalment run (DESIGN.md section 3, invariant 5): posts every instalment due up to a date.
 * Each instalment is its own unit of work, claimed by pot and date and conditional on the pot's
 * count of posted instalments, so overlapping or repeated runs post each instalment exactly once.
 */

export interface RunResult {
  councilId: string;
  upTo: IsoDate;
  posted: number;
  alreadyPosted: number;
  amount: string;
  skippedSuspended: number;
  /** Direct-payment pots whose instalments wait (for a signed agreement); paid by the first run after. */
  held: Array<{ planId: string; potId: string; reason: 'AGREEMENT_REQUIRED' }>;
  /** Instalments reduced by the surplus above the threshold (policy offsetSurplus), returned to the funder. */
  offset: Array<{ planId: string; potId: string; amount: string }>;
}

/** How often one pot's run re-reads after another run overtook it, before it leaves the rest to that run. */
export const instalmentRereadsMax = 8;

export const instalmentClaim = (potId: string, date: IsoDate): string => `INSTALMENT#${potId}#${date}`;

/** Posts one pot's due instalments; returns what it posted and what an earlier run had posted. */
export async function postDueInstalments(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  plan: Plan,
  initial: Pot,
  upTo: IsoDate,
): Promise<{ posted: number; alreadyPosted: number; amount: Money; offset: Money }> {
  const schedule = initial.schedule;
  if (!schedule || plan.status !== 'active')
    return { posted: 0, alreadyPosted: 0, amount: Money.zero, offset: Money.zero };
  const policy = await councilPolicy(deps, plan.councilId);
  let offset = Money.zero;
  // A ceased pot's schedule ends at its cessation: later instalments were returned to the funder.
  const scheduled = instalmentCount(schedule, initial.period.end);
  const total = initial.ceased
    ? Array.from({ length: scheduled }, (_, i) => instalmentDate(schedule, i)).filter(
        (d) => d <= (initial.ceased?.date ?? ''),
      ).length
    : scheduled;
  const dueCount = (() => {
    let n = 0;
    while (n < total && instalmentDate(schedule, n) <= upTo) n++;
    return n;
  })();
  let pot = initial;
  let posted = 0;
  let amount = Money.zero;
  let alreadyPosted = Math.min(pot.instalmentsPosted, dueCount);
  let index = pot.instalmentsPosted;
  // Each rejection means another run moved the pot on (or it was suspended): bounded re-reads.
  let rereadsLeft = instalmentRereadsMax;
  // Adjustments dated ahead post on their date, before the instalments dated on or after it.
  pot = await applyScheduledAdjustments(deps, ctx, pot, upTo);
  while (index < dueCount) {
    const date = instalmentDate(schedule, index);
    pot = await applyScheduledAdjustments(deps, ctx, pot, date);
    const share = nextInstalmentAmount(Money.of(pot.unreleased), total - index);
    // Offset (section 9a): a due instalment shrinks by what the pot already holds above its threshold.
    const reduction = offsetOf(pot, share, policy);
    const paid = share.minus(reduction);
    const postings = paid.isPositive() ? movements.instalment(pot.potId, paid) : [];
    const entry: JournalEntry | undefined = paid.isPositive()
      ? {
          ...entryBase(deps, ctx, pot.planId, pot.councilId),
          kind: 'instalment',
          postings,
          effectiveDate: date,
          instalmentIndex: index,
          memo: `instalment ${index + 1} of ${total}`,
        }
      : undefined;
    const offsetEntry: JournalEntry | undefined = reduction.isPositive()
      ? {
          ...entryBase(deps, ctx, pot.planId, pot.councilId),
          kind: 'offset',
          postings: transfer(pot.potId, 'unreleased', 'funder', reduction),
          effectiveDate: date,
          instalmentIndex: index,
          memo: `instalment ${index + 1} of ${total} reduced by the surplus above the threshold`,
        }
      : undefined;
    const deltas: Record<string, string> = {};
    if (share.isPositive()) deltas.unreleased = share.negated().toString();
    if (paid.isPositive()) deltas.available = paid.toString();
    if (reduction.isPositive()) {
      deltas.allocated = reduction.negated().toString();
      deltas.withheld = reduction.toString();
    }
    const outcome = await commitUnit(deps, {
      writes: mergeUpdates([
        ...(entry ? [put({ type: 'entry', entry })] : []),
        ...(offsetEntry ? [put({ type: 'entry', entry: offsetEntry })] : []),
        changePot({
          planId: pot.planId,
          potId: pot.potId,
          deltas,
          expect: { instalmentsPosted: index, suspended: false },
          set: { instalmentsPosted: index + 1 },
        }),
        put({ type: 'claim', scope: { planId: pot.planId }, name: instalmentClaim(pot.potId, date) }),
        ...(entry ? addSummaries(summaryDeltas(entry, pot)) : []),
        ...(offsetEntry ? addSummaries(summaryDeltas(offsetEntry, pot)) : []),
      ]),
    });
    if (!outcome.ok) {
      // Another run got there first, or the pot was suspended meanwhile: count what the other
      // run posted as already posted, so posted + alreadyPosted stays the number due.
      const fresh = (await deps.store.getPots(pot.planId)).find((p) => p.potId === pot.potId);
      if (!fresh || fresh.suspended || fresh.instalmentsPosted <= index || rereadsLeft-- <= 0) break;
      const next = Math.min(fresh.instalmentsPosted, dueCount);
      alreadyPosted += next - index;
      index = fresh.instalmentsPosted;
      pot = fresh;
      continue;
    }
    const next = applyPostings(readBalances(pot), pot.potId, [...postings, ...(offsetEntry?.postings ?? [])]);
    pot = {
      ...pot,
      ...writeBalances(next),
      instalmentsPosted: index + 1,
      withheld: Money.of(pot.withheld ?? '0')
        .plus(reduction)
        .toString(),
    };
    posted++;
    amount = amount.plus(paid);
    offset = offset.plus(reduction);
    index++;
  }
  return { posted, alreadyPosted, amount, offset };
}

/**
 * Posts a pot's scheduled adjustments dated on or before `onOrBefore` (reductions with notice,
 * section 9a), each once (claimed by id), and returns the pot as it then stands. One that can no
 * longer be posted (a cut deeper than what is still unreleased) stays scheduled for an officer.
 */
async function applyScheduledAdjustments(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  initial: Pot,
  onOrBefore: IsoDate,
): Promise<Pot> {
  let pot = initial;
  const due = (pot.scheduledAdjustments ?? [])
    .filter((a) => a.effectiveDate <= onOrBefore)
    .sort(
      (a, b) =>
        a.effectiveDate.localeCompare(b.effectiveDate) || a.adjustmentId.localeCompare(b.adjustmentId),
    );
  for (const adjustment of due) {
    const change = Money.parseSigned(adjustment.amount);
    let posted: ReturnType<typeof postTo>;
    try {
      posted = postTo(deps, ctx, pot, {
        kind: 'adjust',
        postings: movements.adjust(pot.potId, adjustmentBucket(pot, change), change),
        effectiveDate: adjustment.effectiveDate,
        extra: {
          reason: adjustment.reason,
          memo: `scheduled adjustment ${adjustment.adjustmentId}${adjustment.noticeGiven ? `, notice given ${adjustment.noticeGiven}` : ''}`,
        },
      });
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    const remaining = (pot.scheduledAdjustments ?? []).filter(
      (a) => a.adjustmentId !== adjustment.adjustmentId,
    );
    const outcome = await commitUnit(deps, {
      writes: mergeUpdates([
        ...posted.writes,
        {
          kind: 'update',
          target: { type: 'pot', planId: pot.planId, potId: pot.potId },
          deltas: {},
          expect: { version: pot.version },
          set: { scheduledAdjustments: JSON.stringify(remaining) },
        },
        put({ type: 'claim', scope: { planId: pot.planId }, name: `ADJUSTED#${adjustment.adjustmentId}` }),
      ]),
    });
    // Posted by another run meanwhile: carry on from what is stored now.
    const fresh = outcome.ok
      ? { ...posted.after, scheduledAdjustments: remaining }
      : (await deps.store.getPots(pot.planId)).find((p) => p.potId === pot.potId);
    if (!fresh) return pot;
    pot = fresh;
  }
  return pot;
}

/**
 * How much of a due instalment the council's offset policy keeps back (section 9a): the money the
 * direct payment already holds above its surplus threshold, never more than the instalment.
 */
export function offsetOf(pot: Pot, share: Money, policy: SpendPolicy): Money {
  if (!policy.offsetSurplus || pot.mode !== 'direct_payment' || !pot.schedule || !share.isPositive())
    return Money.zero;
  const threshold = surplusThreshold(
    Money.of(pot.allocated).plus(Money.of(pot.withheld ?? '0')),
    pot.schedule,
    pot.period.end,
    policy.surplusWeeks,
  );
  const excess = Money.of(pot.available).minus(threshold);
  if (!excess.isPositive()) return Money.zero;
  return excess.greaterThan(share) ? share : excess;
}

export const instalmentSyncPotsMaxDefault = 500;

/** A run answered at once (200), or fanned out and running (202, progress by run id). */
export type RunAnswer = (RunResult & { state: 'completed' }) | (RunView & { state: 'running' | 'completed' });

export interface RunView {
  runId: string;
  councilId: string;
  upTo: IsoDate;
  shards: number;
  shardsDone: number;
  posted: number;
  alreadyPosted: number;
  amount: string;
  startedAt: string;
}

const runView = (run: InstalmentRun): RunView & { state: 'running' | 'completed' } => ({
  runId: run.runId,
  councilId: run.councilId,
  upTo: run.upTo,
  shards: run.shards,
  shardsDone: run.shardsDone,
  posted: run.posted,
  alreadyPosted: run.alreadyPosted,
  amount: run.amount,
  startedAt: run.startedAt,
  state: run.shardsDone >= run.shards ? 'completed' : 'running',
});

export async function runInstalments(
  deps: Deps,
  ctx: RequestContext,
  input: { councilId: string; upTo: IsoDate },
): Promise<CommandOutcome<RunAnswer>> {
  if (!can(ctx.actor, 'instalments:run', { kind: 'council', councilId: input.councilId })) {
    throw forbidden(`run instalments for council ${input.councilId}`);
  }
  if (!ctx.idempotencyKey)
    throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'send an Idempotency-Key header');
  const queue = deps.instalmentQueue;
  // The run's own key only replays its answer; each posting is protected by its own claim.
  const outcome = await runCommand<RunAnswer>(
    deps,
    ctx,
    async () => {
      if (queue) {
        const pots = await deps.store.listCouncilPots(input.councilId);
        if (pots.length > (deps.instalmentSyncPotsMax ?? instalmentSyncPotsMaxDefault)) {
          const run: InstalmentRun = {
            runId: deps.ids.next(),
            councilId: input.councilId,
            upTo: input.upTo,
            shards: shardCount,
            shardsDone: 0,
            posted: 0,
            alreadyPosted: 0,
            amount: '0.00',
            startedAt: deps.clock.now().toISOString(),
            requestedBy: actorRef(ctx.actor),
          };
          return { unit: { writes: [put({ type: 'run', run })] }, result: runView(run) };
        }
      }
      const result = await runCouncil(deps, ctx, input.councilId, input.upTo);
      return { unit: { writes: [] }, result: { ...result, state: 'completed' as const } };
    },
    { accessCheckedBefore: true },
  );
  const answer = outcome.result;
  // A run done here posted what it answers; a run sent to shards counts as each shard records.
  if (!outcome.replayed && !('runId' in answer))
    deps.metrics?.count('InstalmentsPosted', answer.posted, { council: input.councilId });
  if (queue && 'runId' in answer && !outcome.replayed) {
    await queue.send(
      Array.from({ length: shardCount }, (_, shard) => ({
        councilId: input.councilId,
        shard,
        upTo: input.upTo,
        runId: answer.runId,
      })),
    );
  }
  return outcome;
}

/** Records one shard's result against its run, once, however often the shard is delivered. */
export async function recordRunProgress(
  deps: Deps,
  runId: string,
  shard: number,
  result: RunResult,
): Promise<void> {
  // The shard's claim makes a redelivered shard count once; the run must exist to be counted on.
  await commitUnit(deps, {
    writes: [
      put({ type: 'claim', scope: { runId }, name: `SHARD#${shard}` }),
      {
        kind: 'update',
        target: { type: 'run', runId },
        deltas: {
          shardsDone: '1',
          posted: String(result.posted),
          alreadyPosted: String(result.alreadyPosted),
          amount: result.amount,
        },
      },
    ],
  });
  deps.metrics?.count('InstalmentsPosted', result.posted, { council: result.councilId });
}

export async function getInstalmentRun(
  deps: Deps,
  actor: Actor,
  runId: string,
): Promise<RunView & { state: 'running' | 'completed' }> {
  const run = await deps.store.getRun(runId);
  if (!run || !can(actor, 'instalments:run', { kind: 'council', councilId: run.councilId }))
    throw notFound(`instalment run ${runId}`);
  return runView(run);
}

export async function runCouncil(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  councilId: string,
  upTo: IsoDate,
  shard?: number,
): Promise<RunResult> {
  // The council listing comes from an index (eventually consistent); each plan's pots are then
  // read consistently, and each posting is conditional anyway.
  const planIds = [
    ...new Set(
      (await deps.store.listCouncilPots(councilId, shard)).filter((p) => p.schedule).map((p) => p.planId),
    ),
  ];
  // Each plan with its pots in one query (they share a partition).
  const pots: Pot[] = [];
  const plans = new Map<string, Plan | undefined>();
  for (const planId of planIds.sort()) {
    const loaded = await deps.store.getPlanWithPots(planId);
    plans.set(planId, loaded.plan);
    pots.push(...loaded.pots.filter((p) => p.schedule !== undefined));
  }
  const policy = await councilPolicy(deps, councilId);
  let posted = 0;
  let alreadyPosted = 0;
  let skippedSuspended = 0;
  let amount = Money.zero;
  const held: RunResult['held'] = [];
  const offset: RunResult['offset'] = [];
  for (const pot of pots) {
    if (pot.suspended) {
      skippedSuspended++;
      continue;
    }
    if (needsAgreement(pot, policy)) {
      held.push({ planId: pot.planId, potId: pot.potId, reason: 'AGREEMENT_REQUIRED' });
      continue;
    }
    const plan = plans.get(pot.planId);
    if (!plan) continue;
    const r = await postDueInstalments(deps, ctx, plan, pot, upTo);
    posted += r.posted;
    alreadyPosted += r.alreadyPosted;
    amount = amount.plus(r.amount);
    if (r.offset.isPositive())
      offset.push({ planId: pot.planId, potId: pot.potId, amount: r.offset.toString() });
  }
  return {
    councilId,
    upTo,
    posted,
    alreadyPosted,
    amount: amount.toString(),
    skippedSuspended,
    held,
    offset,
  };
}
