import { can, canReadRuns } from '../access.js';
import { dateOf, type IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import type { Actor, Plan, Pot } from '../model.js';
import { Money } from '../money.js';
import { hashCharacters } from '../payments/payment-id.js';
import { needsAgreement } from '../policy.js';
import type { InstalmentRun, Page, PageRequest } from '../ports.js';
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
import { type DownloadView, isPaidOut, returnedAccounts, runDownloads } from './payment-batch.js';
import { closePeriod } from './period-close.js';
import { today } from './posting.js';
import { postDueInstalments } from './pot-instalments.js';
import { checkPage } from './queries.js';
import { commitUnit, put } from './unit.js';

/**
 * The instalment run (DESIGN.md section 3, invariant 5): posts every instalment due up to a date,
 * over a council's pots at once or over its shards, and keeps the run's record (its progress, its
 * payment batch). Each pot's instalments are posted by `postDueInstalments` (pot-instalments.ts);
 * each instalment is claimed, so overlapping or repeated runs post each exactly once.
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

/** The record of a run sent to the council's shards: nothing counted until each shard records its part. */
const shardedRun = (
  deps: Deps,
  actor: Actor,
  runId: string,
  councilId: string,
  upTo: IsoDate,
): InstalmentRun => ({
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
          const run = shardedRun(deps, ctx.actor, deps.ids.next(), input.councilId, input.upTo);
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
  const run = shardedRun(deps, actor, runId, councilId, upTo);
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
  if (!run || !canReadRuns(actor, run.councilId)) throw notFound(`instalment run ${runId}`);
  return { ...runView(run), downloads: await runDownloads(deps, runId) };
}

/**
 * A council's runs, newest first: scheduled and officer-started alike, so an officer finds
 * yesterday's run (its payments, its downloads) without having kept its id.
 */
export async function listInstalmentRuns(
  deps: Deps,
  actor: Actor,
  councilId: string,
  page: PageRequest,
): Promise<Page<RunView & { state: 'running' | 'completed' }>> {
  if (!canReadRuns(actor, councilId)) throw forbidden(`see council ${councilId}'s instalment runs`);
  const found = await deps.store.listCouncilRuns(councilId, checkPage(page));
  return { items: found.items.map(runView), next: found.next };
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
  const { pots, plans } = await scheduledPots(deps, councilId, shard);
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

/**
 * The council's (or shard's) pots with a schedule, with their plans. The council listing comes
 * from an index (eventually consistent); each plan's pots are then read consistently, in one query
 * (they share a partition), and each posting is conditional anyway.
 */
async function scheduledPots(
  deps: Deps,
  councilId: string,
  shard: number | undefined,
): Promise<{ pots: Pot[]; plans: Map<string, Plan | undefined> }> {
  const planIds = [
    ...new Set(
      (await deps.store.listCouncilPots(councilId, shard)).filter((p) => p.schedule).map((p) => p.planId),
    ),
  ];
  const pots: Pot[] = [];
  const plans = new Map<string, Plan | undefined>();
  for (const planId of planIds.sort()) {
    const loaded = await deps.store.getPlanWithPots(planId);
    plans.set(planId, loaded.plan);
    pots.push(...loaded.pots.filter((p) => p.schedule !== undefined));
  }
  return { pots, plans };
}

/** Whether a pot has an instalment due on or before `upTo` still to post. */
const hasDue = (pot: Pot, upTo: IsoDate): boolean =>
  pot.schedule !== undefined &&
  pot.instalmentsPosted < instalmentCount(pot.schedule, pot.period.end) &&
  instalmentDate(pot.schedule, pot.instalmentsPosted) <= upTo;
