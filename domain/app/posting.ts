import { canSeePlan, canSeePot } from '../access.js';
import { clampToPeriod, dateOf, type IsoDate, isWithin } from '../dates.js';
import { DomainError } from '../errors.js';
import {
  applyPostings,
  bucketDeltas,
  emptyBalances,
  type PotBalances,
  readBalances,
  transfer,
  writeBalances,
} from '../ledger.js';
import type { EntryKind, JournalEntry, Plan, Posting, Pot, Spend } from '../model.js';
import { Money } from '../money.js';
import { rulesOf } from '../movement-kinds.js';
import type { BucketDeltas, PotChange, Write } from '../ports.js';
import { type SummaryContext, summaryDeltas } from '../summaries.js';
import { type Decided, type Deps, entryBase, notFound, type RequestContext } from './context.js';
import { addSummaries, changePot, put } from './unit.js';

/** What every command that posts shares: loading what the caller may see, and one posting. */

export interface Loaded {
  plan: Plan;
  pots: Pot[];
  actor: RequestContext['actor'];
}

export async function loadPlan(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor'>,
  planId: string,
): Promise<Loaded> {
  const { plan, pots } = await deps.store.getPlanWithPots(planId);
  if (!plan || !canSeePlan(ctx.actor, plan, pots)) throw notFound(`plan ${planId}`);
  return { plan, pots, actor: ctx.actor };
}

/**
 * A spend's plan: this container's cached copy when it has one, else a fresh read, remembered.
 * Every decision's unit checks the plan's version (`planCheck`: members, amendments, status) and
 * its posting holds the pot to what was read (not suspended, not ceased; balances never below
 * zero), so a stale copy is refused at commit, forgotten, and decided again. A decision on the
 * cached copy that refuses or fails is made again on what is stored at once: a refusal is
 * recorded, so it never rests on a stale copy.
 */
export async function decideOnPlan<T>(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor'>,
  planId: string,
  decide: (loaded: Loaded, planCheck: Write) => Promise<Decided<T>>,
): Promise<Decided<T>> {
  const check = (plan: Plan): Write => ({
    kind: 'check_version',
    target: { type: 'plan', planId },
    version: plan.version ?? 1,
  });
  const cached = deps.planCache?.get(planId);
  if (cached && canSeePlan(ctx.actor, cached.plan, cached.pots)) {
    try {
      const decided = await decide({ ...cached, actor: ctx.actor }, check(cached.plan));
      if (!('refusal' in decided)) return decided;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  deps.planCache?.forget(planId);
  const loaded = await loadPlan(deps, ctx, planId);
  deps.planCache?.remember(planId, { plan: loaded.plan, pots: loaded.pots });
  return decide(loaded, check(loaded.plan));
}

/** A pot the actor cannot see is as absent as one that does not exist. */
export function potOf(loaded: Loaded, potId: string): Pot {
  const pot = loaded.pots.find((p) => p.potId === potId);
  if (!pot || !canSeePot(loaded.actor, loaded.plan, pot))
    throw notFound(`pot ${potId} of plan ${loaded.plan.planId}`);
  return pot;
}

export const today = (deps: Deps): IsoDate => dateOf(deps.clock.now());

/**
 * The date of a movement that happens now rather than on a chosen date (void, expiry, recovery):
 * the earlier of today and the period end (DESIGN.md section 9), and never before the period
 * starts, so every movement of a pot falls inside its period and its quarters add up.
 */
export const movementDate = (deps: Deps, pot: Pick<Pot, 'period'>): IsoDate =>
  clampToPeriod(today(deps), pot.period);

/** Dates that date a movement lie inside the pot's budget period (DESIGN.md section 9). */
export function requireInPeriod(pot: Pick<Pot, 'potId' | 'period'>, date: IsoDate, what: string): void {
  if (!isWithin(date, pot.period.start, pot.period.end)) {
    throw new DomainError(
      'OUTSIDE_BUDGET_PERIOD',
      `${what} ${date} is outside pot ${pot.potId}'s budget period ${pot.period.start} to ${pot.period.end}`,
    );
  }
}

function deltasOf(postings: readonly Posting[], potId: string): BucketDeltas {
  const d = bucketDeltas(postings).get(potId) ?? emptyBalances();
  const out: BucketDeltas = {};
  for (const [k, v] of Object.entries(writeBalances(d)) as [keyof PotBalances, string][]) {
    if (!Money.of(v).isZero()) out[k] = v;
  }
  return out;
}

export interface PostingRequest {
  kind: EntryKind;
  postings: Posting[];
  effectiveDate: IsoDate;
  /** Entry fields besides the movement: spend tags, reason, memo, what it reverses. */
  extra?: Partial<JournalEntry>;
  summaryContext?: SummaryContext;
  /** Conditions on the stored pot besides non-negative buckets (a pot not suspended, say). */
  expect?: PotChange['expect'];
  /** Fields of the pot set in the same write (the schedule's position, a cessation). */
  set?: PotChange['set'];
}

export interface Posted {
  entry: JournalEntry;
  after: Pot;
  writes: Write[];
}

/** One entry against one pot, checked against its current balances before the store re-checks. */
export function postTo(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  pot: Pot,
  p: PostingRequest,
): Posted {
  const next = applyPostings(readBalances(pot), pot.potId, p.postings);
  const deltas = deltasOf(p.postings, pot.potId);
  // Money back to the funder that does not lower the schedule is kept in `withheld` (section 9a).
  const withheld = rulesOf(p.kind).returnsToFunder ? Money.of(deltas.allocated ?? '0').negated() : Money.zero;
  if (withheld.isPositive()) deltas.withheld = withheld.toString();
  const entry: JournalEntry = {
    ...entryBase(deps, ctx, pot.planId, pot.councilId),
    kind: p.kind,
    postings: p.postings,
    effectiveDate: p.effectiveDate,
    ...p.extra,
  };
  return {
    entry,
    after: {
      ...pot,
      ...writeBalances(next),
      ...(withheld.isPositive()
        ? {
            withheld: Money.of(pot.withheld ?? '0')
              .plus(withheld)
              .toString(),
          }
        : {}),
      version: pot.version + 1,
    },
    writes: [
      put({ type: 'entry', entry }),
      changePot({
        planId: pot.planId,
        potId: pot.potId,
        deltas,
        ...(p.expect ? { expect: p.expect } : {}),
        ...(p.set ? { set: p.set } : {}),
      }),
      ...addSummaries(summaryDeltas(entry, pot, p.summaryContext ?? {})),
    ],
  };
}

/**
 * Money back to the funder (withhold, deallocate, offset): unreleased -> funder, kept in the pot's
 * `withheld` so the surplus threshold still counts the schedule's amounts. The one way every
 * lifecycle change returns money (resumption, cessation, offset, period close).
 */
export function returnToFunder(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  pot: Pot,
  p: Omit<PostingRequest, 'postings' | 'kind'> & {
    kind: 'withhold' | 'deallocate' | 'offset';
    amount: Money;
  },
): Posted {
  const { amount, ...rest } = p;
  return postTo(deps, ctx, pot, { ...rest, postings: transfer(pot.potId, 'unreleased', 'funder', amount) });
}

export function spendTags(
  spend: Pick<Spend, 'spendId' | 'outcomeId' | 'provisionId' | 'category' | 'payee'>,
) {
  return {
    spendId: spend.spendId,
    outcomeId: spend.outcomeId,
    provisionId: spend.provisionId,
    category: spend.category,
    payee: spend.payee,
  };
}

export function spendContext(
  plan: Plan,
  spend: { outcomeId?: string | undefined; evidence?: string | undefined },
  extra: SummaryContext = {},
): SummaryContext {
  const domain = plan.outcomes.find((o) => o.id === spend.outcomeId)?.domain;
  return {
    withoutEvidence: spend.evidence === undefined,
    ...(domain ? { outcomeDomain: domain } : {}),
    ...extra,
  };
}
