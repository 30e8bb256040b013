import { DomainError, serviceBusy } from '../errors.js';
import type { Actor, ActorRef, JournalEntry } from '../model.js';
import { planOfAnswer } from '../personal-data.js';
import type { PolicyOverride, SpendPolicy } from '../policy.js';
import { policyFor } from '../policy.js';
import type { UnitOfWork, Write } from '../ports.js';
import type { Deps, RequestContext } from './deps.js';
import { backOff, commitUnit, meaningOf, put, type RetryState } from './unit.js';

export type { Deps, RequestContext } from './deps.js';

/**
 * The policy a council's requests meet now: its own overrides once it has set any (section 9b),
 * else the deployment's default overrides for it, over the section 3a defaults.
 */
export async function councilPolicy(deps: Deps, councilId: string): Promise<SpendPolicy> {
  return (await readPolicy(deps, councilId)).policy;
}

async function readPolicy(deps: Deps, councilId: string): Promise<{ policy: SpendPolicy; version: number }> {
  const stored = await deps.store.getPolicy(councilId);
  return {
    policy: policyFor((stored?.overrides as PolicyOverride | undefined) ?? deps.policyOverrides?.[councilId]),
    version: stored?.version ?? 0,
  };
}

/** The policy a posting decides on: the cached one when there is one, with the version to check. */
export async function postingPolicy(
  deps: Deps,
  councilId: string,
): Promise<{ policy: SpendPolicy; check: Write }> {
  let found = deps.policyCache?.get(councilId);
  if (!found) {
    found = await readPolicy(deps, councilId);
    deps.policyCache?.set(councilId, found);
  }
  return {
    policy: found.policy,
    check: { kind: 'check_version', target: { type: 'policy', councilId }, version: found.version },
  };
}

export const actorRef = (a: Actor): ActorRef => ({ sub: a.sub, role: a.role, org: a.org });

export const idempotencyScope = (a: Actor): string => `${a.role}:${a.org}:${a.sub}`;

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} was not found`);
export const forbidden = (what: string): DomainError => new DomainError('FORBIDDEN', `you may not ${what}`);

export interface CommandOutcome<T> {
  result: T;
  /** True when this is the stored response of an earlier request with the same key. */
  replayed: boolean;
}

/**
 * What a command decided: a result to commit, or a refusal that is itself kept (DESIGN.md section
 * 9a: a spend refused by policy leaves a record) and answered, now and on every retry, as the error.
 */
export type Decided<T> = { unit: UnitOfWork; result: T } | { unit: UnitOfWork; refusal: DomainError };

/** How a kept refusal is stored against its Idempotency-Key. */
interface StoredRefusal {
  __refusal: { code: DomainError['code']; detail: string };
}
const isStoredRefusal = (v: unknown): v is StoredRefusal =>
  typeof v === 'object' && v !== null && '__refusal' in v;

export interface RunOptions {
  /**
   * The caller has already checked, against the current caller, everything the request needs,
   * and `build` has effects of its own (an instalment run posts as it goes): the stored answer is
   * then looked up before building, so a retry replays instead of doing the work again.
   */
  accessCheckedBefore?: true;
}

/** Refusals that say the caller may not make this request at all: never answered by a replay. */
const accessCodes: ReadonlySet<string> = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED']);

/**
 * Runs a command exactly once per idempotency key (DESIGN.md invariant 5). The key is claimed in
 * the same unit of work as the postings, so a crash between "claimed" and "posted" cannot exist.
 *
 * The command decides first, access checks included, and only then may a stored answer replay:
 * a caller who has lost access to the plan is refused, never handed the first response. The
 * stored answer is read only when the decision or the commit refuses (a retry of a finished
 * spend, say, meets a spend that is already paid, or a key already claimed). A refusal because
 * state moved underneath (a concurrent approve, say) re-reads and re-decides, a bounded number
 * of times. A shortfall at commit is such a refusal too: every posting checks the balances it
 * read before the store re-checks them (`postTo`), so a pot found short at commit was read stale
 * (moved by a concurrent request, or a cached copy). Deciding again on what is stored answers
 * what really happened: INSUFFICIENT_FUNDS when the money is not there, or the reason the
 * decision on the stale copy missed (a provision retired, a spend voided, a pot ceased: a
 * cessation is never answered INSUFFICIENT_FUNDS, section 11a).
 */
export async function runCommand<T>(
  deps: Deps,
  ctx: RequestContext,
  build: () => Promise<Decided<T>>,
  options: RunOptions = {},
): Promise<CommandOutcome<T>> {
  const { idempotencyKey: key, requestHash } = ctx;
  if (!key || !requestHash)
    throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'send an Idempotency-Key header');
  const claim = { scope: idempotencyScope(ctx.actor), key, requestHash };
  const replay = () => storedAnswer<T>(deps, claim);
  if (options.accessCheckedBefore) {
    const earlier = await replay();
    if (earlier) return earlier;
  }
  const retry: RetryState = { attempt: 1, startedAt: deps.clock.now().getTime() };
  for (;;) {
    const decided = await decide(build, replay);
    if ('replayed' in decided) return decided;
    const claimed: UnitOfWork = { writes: [claimWrite(deps, claim, decided), ...decided.unit.writes] };
    const outcome = await commitUnit(deps, claimed, retry);
    if (outcome.ok) {
      if ('refusal' in decided) throw decided.refusal;
      return { result: decided.result, replayed: false };
    }
    // A decision made on a cached copy that has moved on: forget it, so the next attempt reads it.
    forgetRefused(deps, claimed.writes[outcome.rejection.index]);
    const meaning = meaningOf(claimed, outcome.rejection);
    const answered = await answerRejection(meaning, replay, { cause: outcome.error });
    if (answered) return answered;
    if (!(await backOff(deps, retry))) return lastWord(build, replay, outcome.error);
    // State moved underneath: decide again on what is stored now.
  }
}

type Claim = { scope: string; key: string; requestHash: string };

/**
 * Out of attempts, what is stored still answers a request that cannot succeed now (a pot the
 * others emptied meanwhile is INSUFFICIENT_FUNDS, as it would have been one attempt sooner); one
 * that could is told the ledger was busy, to resend under its key (503 with Retry-After).
 */
async function lastWord<T>(
  build: () => Promise<Decided<T>>,
  replay: () => Promise<CommandOutcome<T> | undefined>,
  cause: Error,
): Promise<CommandOutcome<T>> {
  const decided = await decide(build, replay);
  if ('replayed' in decided) return decided;
  throw serviceBusy(cause);
}

/**
 * The answer stored against this key, replayed: the same result, or the same kept refusal thrown
 * again (recording nothing more); a different request under the key is refused. The store joins
 * the answer's personal values back from the plan's personal data (domain/personal-data.ts), so a
 * replay keeps its shape while the values themselves can be disposed of (then read "[erased]").
 */
async function storedAnswer<T>(deps: Deps, claim: Claim): Promise<CommandOutcome<T> | undefined> {
  const stored = await deps.store.getIdempotency(claim.scope, claim.key);
  if (!stored) return undefined;
  if (stored.requestHash !== claim.requestHash) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
  }
  if (isStoredRefusal(stored.response)) {
    throw new DomainError(stored.response.__refusal.code, stored.response.__refusal.detail);
  }
  return { result: stored.response as T, replayed: true };
}

/**
 * The command's decision, access checks included. Only a refusal that is not about access may be
 * answered by a stored answer (a retry of a finished spend meets a spend already paid): a caller
 * who has lost access is refused, never handed the first response.
 */
async function decide<T>(
  build: () => Promise<Decided<T>>,
  replay: () => Promise<CommandOutcome<T> | undefined>,
): Promise<Decided<T> | CommandOutcome<T>> {
  try {
    return await build();
  } catch (error) {
    if (error instanceof DomainError && !accessCodes.has(error.code)) {
      const earlier = await replay();
      if (earlier) return earlier;
    }
    throw error;
  }
}

/** The key claimed in the same unit as the decision's writes, holding its answer or refusal. */
function claimWrite<T>(deps: Deps, claim: Claim, decided: Decided<T>): Write {
  return put({
    type: 'idempotency',
    claim: {
      ...claim,
      response:
        'refusal' in decided
          ? ({
              __refusal: { code: decided.refusal.code, detail: decided.refusal.detail },
            } satisfies StoredRefusal)
          : decided.result,
      recordedAt: deps.clock.now().toISOString(),
      // The plan the writes are about keys the answer's personal values (domain/personal-data.ts).
      planId: planOfAnswer(decided.unit.writes) ?? planOfAnswer(decided),
    },
  });
}

/**
 * What a refused commit answers: the stored answer when the key was claimed meanwhile; undefined
 * to decide again on what is stored (a shortfall included: see runCommand).
 */
async function answerRejection<T>(
  meaning: ReturnType<typeof meaningOf>,
  replay: () => Promise<CommandOutcome<T> | undefined>,
  cause: { cause: unknown },
): Promise<CommandOutcome<T> | undefined> {
  if (meaning.kind !== 'idempotency_key_claimed') return undefined;
  const raced = await replay();
  if (raced) return raced;
  throw new DomainError('CONFLICT', 'the request is being processed; retry it', [], cause);
}

/** A decision made on a cached copy that was refused: forget the copy, so the next attempt reads. */
function forgetRefused(deps: Deps, refused: Write | undefined): void {
  if (refused?.kind === 'check_version') {
    if (refused.target.type === 'policy') deps.policyCache?.delete(refused.target.councilId);
    else deps.planCache?.forget(refused.target.planId);
  }
  if (refused?.kind === 'update' && refused.target.type === 'pot')
    deps.planCache?.forget(refused.target.planId);
}

/** Fields every entry carries for traceability (invariant 6). */
export function entryBase(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  planId: string,
  councilId: string,
): Pick<JournalEntry, 'planId' | 'councilId' | 'entryId' | 'recordedAt' | 'actor' | 'requestId'> {
  return {
    planId,
    councilId,
    entryId: deps.ids.next(),
    recordedAt: deps.clock.now().toISOString(),
    actor: actorRef(ctx.actor),
    requestId: ctx.requestId,
  };
}
