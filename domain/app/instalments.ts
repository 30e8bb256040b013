import { can } from '../access.js';
import { adjustmentBucket } from '../budget.js';
import { dateOf, type IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { movements } from '../ledger.js';
import type { Actor, Plan, Pot } from '../model.js';
import { Money } from '../money.js';
import { hashCharacters } from '../payments/payment-id.js';
import { needsAgreement, type SpendPolicy } from '../policy.js';
import type { InstalmentRun } from '../ports.js';
import { nextInstalment, potSurplusThreshold, scheduleLength } from '../pot-schedule.js';
import { instalmentCount, instalmentDate } from '../schedule.js';
import { shardCount } from '../shards.js';
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
import {
  type DownloadView,
  isPaidOut,
  paymentWrite,
  returnedAccounts,
  runDownloads,
} from './payment-batch.js';
import { movementDate, postTo, returnToFunder, today } from './posting.js';
import { changePot, commitUnit, mergeUpdates, put } from './unit.js';

/**
 * The instalment run (DESIGN.md section 3, invariant 5): posts every instalment due up to a date.
 * Each instalment is its own unit of work, claimed by pot and date and conditional on the pot's
 * count of posted instalments, so overlapping or repeated runs post each instalment exactly once.
 */

export interface RunResult {
  /** Every run answers its id (DESIGN.md 11b); its payment batch is kept under it. */
  runId?: string;
  councilId: string;
  upTo: IsoDate;
  posted: number;
  alreadyPosted: number;
  amount: string;
  skippedSuspended: number;
  /** Direct-payment pots whose instalments wait (for a signed agreement); paid by the first run after. */
  held: Array<{
    planId: string;
    potId: string;
    reason: 'AGREEMENT_REQUIRED' | 'PAYMENT_RETURNED' | 'POSTING_REFUSED';
  }>;
  /** Payments the run kept in its batch (instalments posted to direct-payment and third-party pots). */
  payments?: number;
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
  batch?: { runId: string; today: IsoDate },
): Promise<{
  posted: number;
  alreadyPosted: number;
  amount: Money;
  offset: Money;
  payments: number;
  /** A posting was refused for a reason no reading explains: the run names the pot, never skips it silently. */
  refused?: true;
}> {
  const schedule = initial.schedule;
  if (!schedule || plan.status !== 'active')
    return { posted: 0, alreadyPosted: 0, amount: Money.zero, offset: Money.zero, payments: 0 };
  let payments = 0;
  const paysOut = batch !== undefined && isPaidOut(initial);
  const policy = await councilPolicy(deps, plan.councilId);
  let offset = Money.zero;
  // The schedule as the one rule reads it (domain/pot-schedule.ts): a ceased pot's ends at its cessation.
  const total = scheduleLength(initial);
  const dueCount = (() => {
    let n = 0;
    while (n < total && instalmentDate(schedule, n) <= upTo) n++;
    return n;
  })();
  let pot = initial;
  let posted = 0;
  let refused = false;
  let amount = Money.zero;
  let alreadyPosted = Math.min(pot.instalmentsPosted, dueCount);
  let index = pot.instalmentsPosted;
  // Each rejection means another run moved the pot on (or it was suspended): bounded re-reads.
  let rereadsLeft = instalmentRereadsMax;
  // Instalments whose release was reversed count as not posted: posted again first (section 11a).
  const again = await postReversedInstalments(deps, ctx, pot, upTo);
  pot = again.pot;
  posted += again.posted;
  amount = amount.plus(again.amount);
  // In date order: each change dated inside the run's span applies at its own date, so an
  // instalment dated before a reduction keeps its schedule amount (section 11a).
  while (index < dueCount) {
    const date = instalmentDate(schedule, index);
    pot = await applyScheduledAdjustments(deps, ctx, pot, date);
    const share = nextInstalment(pot)?.amount ?? Money.zero;
    // Offset (section 9a): a due instalment shrinks by what the pot already holds above its threshold.
    const reduction = offsetOf(pot, share, policy);
    const paid = share.minus(reduction);
    const memo = `instalment ${index + 1} of ${total}`;
    // Held to the position read: this index next, not suspended, and not ceased meanwhile.
    const position = changePot({
      planId: pot.planId,
      potId: pot.potId,
      deltas: {},
      expect: { instalmentsPosted: index, suspended: false, notCeased: pot.ceased === undefined },
      set: { instalmentsPosted: index + 1 },
    });
    const instalment = paid.isPositive()
      ? postTo(deps, ctx, pot, {
          kind: 'instalment',
          postings: movements.instalment(pot.potId, paid),
          effectiveDate: date,
          extra: { instalmentIndex: index, memo },
        })
      : undefined;
    const offsetPosted = reduction.isPositive()
      ? returnToFunder(deps, ctx, instalment?.after ?? pot, {
          kind: 'offset',
          amount: reduction,
          effectiveDate: date,
          extra: { instalmentIndex: index, memo: `${memo} reduced by the surplus above the threshold` },
        })
      : undefined;
    const outcome = await commitUnit(deps, {
      writes: mergeUpdates([
        position,
        ...(instalment?.writes ?? []),
        ...(offsetPosted?.writes ?? []),
        // The payment batch is written with the instalment: the file always equals the journal.
        ...(instalment && batch && paysOut
          ? [paymentWrite(batch, pot, instalment.entry, paid.toString())]
          : []),
        put({ type: 'claim', scope: { planId: pot.planId }, name: instalmentClaim(pot.potId, date) }),
      ]),
    });
    if (!outcome.ok) {
      // Another run got there first, or the pot was suspended meanwhile: count what the other
      // run posted as already posted, so posted + alreadyPosted stays the number due.
      const fresh = (await deps.store.getPots(pot.planId)).find((p) => p.potId === pot.potId);
      if (!fresh || fresh.suspended || fresh.instalmentsPosted <= index || rereadsLeft-- <= 0) {
        if (fresh?.ceased && !pot.ceased && rereadsLeft-- > 0) {
          // Ceased meanwhile: the schedule now ends at the cessation; carry on with what is left.
          const rest = await postDueInstalments(deps, ctx, plan, fresh, upTo, batch);
          return {
            ...addUp({ posted, alreadyPosted, amount, offset }, rest),
            payments: payments + rest.payments,
            ...(rest.refused ? { refused: true as const } : {}),
          };
        }
        // Not posted by another run, not suspended or ceased: the refusal is unexplained.
        if (fresh && !fresh.suspended && !fresh.ceased && fresh.instalmentsPosted <= index) refused = true;
        break;
      }
      const next = Math.min(fresh.instalmentsPosted, dueCount);
      alreadyPosted += next - index;
      index = fresh.instalmentsPosted;
      pot = fresh;
      continue;
    }
    pot = { ...(offsetPosted?.after ?? instalment?.after ?? pot), instalmentsPosted: index + 1 };
    posted++;
    if (instalment && paysOut) payments++;
    amount = amount.plus(paid);
    offset = offset.plus(reduction);
    index++;
  }
  // Changes dated after the last instalment but inside the span still take effect at their date.
  if (!pot.suspended) pot = await applyScheduledAdjustments(deps, ctx, pot, upTo);
  return { posted, alreadyPosted, amount, offset, payments, ...(refused ? { refused: true as const } : {}) };
}

/**
 * Posts again, at their own dates, the instalments whose release was reversed (section 11a): once
 * each (claimed by the reversed entry), by a run inside the period. After the period, the period
 * close returns their money instead.
 */
async function postReversedInstalments(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  initial: Pot,
  upTo: IsoDate,
): Promise<{ pot: Pot; posted: number; amount: Money }> {
  let pot = initial;
  let posted = 0;
  let amount = Money.zero;
  if (today(deps) > pot.period.end) return { pot, posted, amount };
  const due = (pot.reversedInstalments ?? [])
    .filter((r) => r.date <= upTo && (!pot.ceased || r.date <= pot.ceased.date))
    .sort((a, b) => a.date.localeCompare(b.date) || a.index - b.index);
  for (const r of due) {
    const rest = (pot.reversedInstalments ?? []).filter((x) => x.entryId !== r.entryId);
    const share = Money.of(r.amount);
    const paid = share.greaterThan(Money.of(pot.unreleased)) ? Money.of(pot.unreleased) : share;
    const set = { reversedInstalments: JSON.stringify(rest) };
    const expect = { version: pot.version, suspended: false, notCeased: pot.ceased === undefined };
    const entry = paid.isPositive()
      ? postTo(deps, ctx, pot, {
          kind: 'instalment',
          postings: movements.instalment(pot.potId, paid),
          effectiveDate: r.date,
          extra: {
            instalmentIndex: r.index,
            memo: `instalment ${r.index + 1} posted again after its reversal`,
          },
          expect,
          set,
        })
      : undefined;
    const outcome = await commitUnit(deps, {
      writes: mergeUpdates([
        ...(entry?.writes ?? [changePot({ planId: pot.planId, potId: pot.potId, deltas: {}, expect, set })]),
        put({
          type: 'claim',
          scope: { planId: pot.planId },
          name: `${instalmentClaim(pot.potId, r.date)}#AGAIN#${r.entryId}`,
        }),
      ]),
    });
    if (!outcome.ok) {
      // Another run posted it, or the pot moved: carry on from what is stored.
      const fresh = (await deps.store.getPots(pot.planId)).find((p) => p.potId === pot.potId);
      return { pot: fresh ?? pot, posted, amount };
    }
    pot = { ...(entry?.after ?? { ...pot, version: pot.version + 1 }) };
    if (rest.length) pot.reversedInstalments = rest;
    else delete pot.reversedInstalments;
    posted++;
    amount = amount.plus(paid);
  }
  return { pot, posted, amount };
}

/**
 * Period close (section 11a): the first run after a pot's period end returns whatever is still
 * unreleased to the funder (`deallocate`, reason `period_end`), dated the period end (the earlier
 * of today and the period end). Once per pot (claimed); a refusal leaves it to the next run.
 */
export async function closePeriod(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  planId: string,
  potId: string,
): Promise<Money> {
  const pot = (await deps.store.getPots(planId)).find((p) => p.potId === potId);
  if (!pot?.schedule || today(deps) <= pot.period.end) return Money.zero;
  const unreleased = Money.of(pot.unreleased);
  if (!unreleased.isPositive()) return Money.zero;
  const posted = returnToFunder(deps, ctx, pot, {
    kind: 'deallocate',
    amount: unreleased,
    effectiveDate: movementDate(deps, pot),
    extra: { reason: 'period_end', memo: `unreleased at the period end (${pot.period.end}) returned` },
    expect: { version: pot.version },
    ...(pot.reversedInstalments ? { set: { reversedInstalments: '[]' } } : {}),
  });
  const outcome = await commitUnit(deps, {
    writes: mergeUpdates([
      ...posted.writes,
      put({ type: 'claim', scope: { planId }, name: `PERIOD_END#${potId}` }),
    ]),
  });
  return outcome.ok ? unreleased : Money.zero;
}

function addUp(
  a: { posted: number; alreadyPosted: number; amount: Money; offset: Money },
  b: { posted: number; alreadyPosted: number; amount: Money; offset: Money },
) {
  return {
    posted: a.posted + b.posted,
    alreadyPosted: a.alreadyPosted + b.alreadyPosted,
    amount: a.amount.plus(b.amount),
    offset: a.offset.plus(b.offset),
  };
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
  const threshold = potSurplusThreshold(pot, policy.surplusWeeks) ?? Money.zero;
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
  held?: RunResult['held'];
  offset?: RunResult['offset'];
  payments?: number;
  downloads?: DownloadView[];
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
  ...(run.held ? { held: run.held as RunResult['held'] } : {}),
  ...(run.offset ? { offset: run.offset } : {}),
  ...(run.payments !== undefined ? { payments: run.payments } : {}),
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
      // A run answered at once is kept too, so its payment batch and downloads hang off its id.
      const runId = deps.ids.next();
      const startedAt = deps.clock.now().toISOString();
      const result = await runCouncil(deps, ctx, input.councilId, input.upTo, undefined, runId);
      const run: InstalmentRun = {
        runId,
        councilId: input.councilId,
        upTo: input.upTo,
        shards: 1,
        shardsDone: 1,
        posted: result.posted,
        alreadyPosted: result.alreadyPosted,
        amount: result.amount,
        startedAt,
        requestedBy: actorRef(ctx.actor),
        held: result.held,
        offset: result.offset,
        payments: result.payments ?? 0,
      };
      return {
        unit: { writes: [put({ type: 'run', run })] },
        result: { ...result, runId, state: 'completed' as const },
      };
    },
    { accessCheckedBefore: true },
  );
  const answer = outcome.result;
  // A run done here posted what it answers; a run sent to shards counts as each shard records.
  if (!outcome.replayed && !('shards' in answer))
    deps.metrics?.count('InstalmentsPosted', answer.posted, { council: input.councilId });
  if (queue && 'shards' in answer && !outcome.replayed) {
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

/**
 * The id of a council's scheduled run up to a date: `S`, the date's digits and 12 characters of a
 * hash of the council, so a dispatcher invoked twice for one day names (and keeps) one run. It
 * fits a payment id's run part (at most 26 characters of A-Z 0-9).
 */
export const scheduledRunId = (councilId: string, upTo: IsoDate): string =>
  `S${upTo.replaceAll('-', '')}${hashCharacters(`scheduled|${councilId}`, 12)}`;

/**
 * Starts the scheduled (daily) run of a council: the run is kept, like a run started through the
 * API, so its shards' payment batch and progress hang off its id and
 * `GET /v1/instalment-runs/{runId}/payments` lists it (section 11b). A run already started for the
 * council and date (a dispatcher invoked again) is kept as it is.
 */
export async function startScheduledRun(
  deps: Deps,
  actor: Actor,
  councilId: string,
  upTo: IsoDate,
): Promise<{ runId: string; started: boolean }> {
  const runId = scheduledRunId(councilId, upTo);
  if (await deps.store.getRun(runId)) return { runId, started: false };
  const run: InstalmentRun = {
    runId,
    councilId,
    upTo,
    shards: shardCount,
    shardsDone: 0,
    posted: 0,
    alreadyPosted: 0,
    amount: '0.00',
    startedAt: deps.clock.now().toISOString(),
    requestedBy: actorRef(actor),
  };
  await commitUnit(deps, { writes: [put({ type: 'run', run })] });
  return { runId, started: true };
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
): Promise<RunView & { state: 'running' | 'completed'; downloads: DownloadView[] }> {
  const run = await deps.store.getRun(runId);
  // Council officers of the run's council (and its auditors, who read its payments) see it.
  const auditor = actor.role === 'auditor' && run?.councilId === actor.org;
  if (!run || !(auditor || can(actor, 'instalments:run', { kind: 'council', councilId: run.councilId })))
    throw notFound(`instalment run ${runId}`);
  return { ...runView(run), downloads: await runDownloads(deps, runId) };
}

export async function runCouncil(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  councilId: string,
  upTo: IsoDate,
  shard?: number,
  runId?: string,
): Promise<RunResult> {
  const batch = runId ? { runId, today: dateOf(deps.clock.now()) } : undefined;
  let payments = 0;
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
  const accountReturned = returnedAccounts(deps);
  for (const pot of pots) {
    if (pot.suspended) {
      skippedSuspended++;
      if (today(deps) > pot.period.end) await closePeriod(deps, ctx, pot.planId, pot.potId);
      continue;
    }
    if (needsAgreement(pot, policy)) {
      held.push({ planId: pot.planId, potId: pot.potId, reason: 'AGREEMENT_REQUIRED' });
      if (today(deps) > pot.period.end) await closePeriod(deps, ctx, pot.planId, pot.potId);
      continue;
    }
    const plan = plans.get(pot.planId);
    if (!plan) continue;
    // A payment into the pot's account came back: nothing more is paid until the account changes.
    if (batch && isPaidOut(pot) && hasDue(pot, upTo) && (await accountReturned(pot))) {
      held.push({ planId: pot.planId, potId: pot.potId, reason: 'PAYMENT_RETURNED' });
      continue;
    }
    const r = await postDueInstalments(deps, ctx, plan, pot, upTo, batch);
    if (r.refused) held.push({ planId: pot.planId, potId: pot.potId, reason: 'POSTING_REFUSED' });
    payments += r.payments;
    // After the period: what the schedule left unreleased returns to the funder.
    if (today(deps) > pot.period.end) await closePeriod(deps, ctx, pot.planId, pot.potId);
    posted += r.posted;
    alreadyPosted += r.alreadyPosted;
    amount = amount.plus(r.amount);
    if (r.offset.isPositive())
      offset.push({ planId: pot.planId, potId: pot.potId, amount: r.offset.toString() });
  }
  return {
    ...(runId ? { runId } : {}),
    councilId,
    upTo,
    posted,
    alreadyPosted,
    amount: amount.toString(),
    skippedSuspended,
    held,
    offset,
    payments,
  };
}

/** Whether a pot has an instalment due on or before `upTo` still to post. */
const hasDue = (pot: Pot, upTo: IsoDate): boolean =>
  pot.schedule !== undefined &&
  pot.instalmentsPosted < instalmentCount(pot.schedule, pot.period.end) &&
  instalmentDate(pot.schedule, pot.instalmentsPosted) <= upTo;
