import { can } from '../access.js';
import type { IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { applyPostings, movements, readBalances, writeBalances } from '../ledger.js';
import type { JournalEntry, Plan, Pot } from '../model.js';
import { Money } from '../money.js';
import { CommitRejectedError } from '../ports.js';
import { instalmentCount, instalmentDate, nextInstalmentAmount } from '../schedule.js';
import { summaryDeltas } from '../summaries.js';
import {
  type CommandOutcome,
  type Deps,
  entryBase,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';

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
}

export const instalmentClaim = (potId: string, date: IsoDate): string => `INSTALMENT#${potId}#${date}`;

/** Posts one pot's due instalments; returns what it posted and what an earlier run had posted. */
export async function postDueInstalments(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  plan: Plan,
  initial: Pot,
  upTo: IsoDate,
): Promise<{ posted: number; alreadyPosted: number; amount: Money }> {
  const schedule = initial.schedule;
  if (!schedule || plan.status !== 'active') return { posted: 0, alreadyPosted: 0, amount: Money.zero };
  const total = instalmentCount(schedule, initial.period.end);
  const dueCount = (() => {
    let n = 0;
    while (n < total && instalmentDate(schedule, n) <= upTo) n++;
    return n;
  })();
  let pot = initial;
  let posted = 0;
  let amount = Money.zero;
  const alreadyPosted = Math.min(pot.instalmentsPosted, dueCount);
  for (let index = pot.instalmentsPosted; index < dueCount; index++) {
    const date = instalmentDate(schedule, index);
    const share = nextInstalmentAmount(Money.of(pot.unreleased), total - index);
    const postings = share.isPositive() ? movements.instalment(pot.potId, share) : [];
    const entry: JournalEntry | undefined = share.isPositive()
      ? {
          ...entryBase(deps, ctx, pot.planId, pot.councilId),
          kind: 'instalment',
          postings,
          effectiveDate: date,
          instalmentIndex: index,
          memo: `instalment ${index + 1} of ${total}`,
        }
      : undefined;
    try {
      await deps.store.commit({
        entries: entry ? [entry] : [],
        potChanges: [
          {
            planId: pot.planId,
            potId: pot.potId,
            deltas: entry ? { unreleased: share.negated().toString(), available: share.toString() } : {},
            expect: { instalmentsPosted: index, suspended: false },
            set: { instalmentsPosted: index + 1 },
          },
        ],
        claims: [{ planId: pot.planId, name: instalmentClaim(pot.potId, date) }],
        summaries: entry ? summaryDeltas(entry, pot) : [],
      });
    } catch (error) {
      // Another run got there first, or the pot was suspended meanwhile: stop for this pot.
      if (error instanceof CommitRejectedError) break;
      throw error;
    }
    const next = applyPostings(readBalances(pot), pot.potId, postings);
    pot = { ...pot, ...writeBalances(next), instalmentsPosted: index + 1 };
    posted++;
    amount = amount.plus(share);
  }
  return { posted, alreadyPosted, amount };
}

export async function runInstalments(
  deps: Deps,
  ctx: RequestContext,
  input: { councilId: string; upTo: IsoDate },
): Promise<CommandOutcome<RunResult>> {
  if (!can(ctx.actor, 'instalments:run', { kind: 'council', councilId: input.councilId })) {
    throw forbidden(`run instalments for council ${input.councilId}`);
  }
  if (!ctx.idempotencyKey)
    throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'send an Idempotency-Key header');
  // The run's own key only replays its summary; each posting is protected by its own claim.
  return runCommand(deps, ctx, async () => {
    const result = await runCouncil(deps, ctx, input.councilId, input.upTo);
    return { unit: {}, result };
  });
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
  const pots: Pot[] = [];
  for (const planId of planIds.sort())
    pots.push(...(await deps.store.getPots(planId)).filter((p) => p.schedule !== undefined));
  const plans = new Map<string, Plan | undefined>();
  let posted = 0;
  let alreadyPosted = 0;
  let skippedSuspended = 0;
  let amount = Money.zero;
  for (const pot of pots) {
    if (pot.suspended) {
      skippedSuspended++;
      continue;
    }
    if (!plans.has(pot.planId)) plans.set(pot.planId, await deps.store.getPlan(pot.planId));
    const plan = plans.get(pot.planId);
    if (!plan) continue;
    const r = await postDueInstalments(deps, ctx, plan, pot, upTo);
    posted += r.posted;
    alreadyPosted += r.alreadyPosted;
    amount = amount.plus(r.amount);
  }
  return { councilId, upTo, posted, alreadyPosted, amount: amount.toString(), skippedSuspended };
}
