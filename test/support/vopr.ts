import { randomUUID } from 'node:crypto';
import { FixedClock, UlidGenerator } from '../../adapters/ids.js';
import { MemoryStore } from '../../adapters/memory-store.js';
import { recordAgreement } from '../../domain/app/agreements.js';
import { cease } from '../../domain/app/cessation.js';
import {
  actOnSpend,
  adjustAllocation,
  createPlan,
  recover,
  requestSpend,
  reverseEntry,
  setSuspension,
  setUpBudget,
} from '../../domain/app/commands.js';
import type { Deps, RequestContext } from '../../domain/app/context.js';
import { runInstalments } from '../../domain/app/instalments.js';
import { addMember } from '../../domain/app/members.js';
import { PlanCache } from '../../domain/app/plan-cache.js';
import { closeRecovery } from '../../domain/app/recoveries.js';
import { resume } from '../../domain/app/resumption.js';
import { submitReturn } from '../../domain/app/returns.js';
import { addEvidence } from '../../domain/app/spends.js';
import { DomainError } from '../../domain/errors.js';
import { bucketDeltas, isBalanced, isConserved, readBalances } from '../../domain/ledger.js';
import { type Actor, buckets } from '../../domain/model.js';
import { Money } from '../../domain/money.js';
import type { LedgerStore } from '../../domain/ports.js';
import { summaryMismatches } from '../../domain/reports.js';
import { type Summary, sumField } from '../../domain/summaries.js';
import { type FaultCounts, FaultyStore, TimeoutError } from './faulty-store.js';
import { actors, agreementInput, budgetInput, COUNCIL, planInput } from './section8.js';
import { executeLifecycle } from './vopr-lifecycle.js';
import { generate, type Op, rng } from './vopr-ops.js';

/**
 * A deterministic, seeded fault-injection harness in the spirit of TigerBeetle's VOPR. Each
 * sequence of random operations runs twice: once against a model (the in-memory store, no
 * faults, each operation delivered once) and once against the same store over a faulty table
 * (test/support/faulty-store.ts: every read and transaction of the store passes through it) that
 * refuses transactions as conflicts or throttling, loses acknowledgements after a transaction
 * succeeded, crashes handlers before they commit, throttles reads if asked, and redelivers requests
 * (duplicated at once, or late and out of order). Clients retry with the same Idempotency-Key until they get a definitive
 * answer. Afterwards the faulty ledger must equal the model and satisfy every invariant.
 */

interface World {
  deps: Deps;
  store: MemoryStore;
  planId: string;
  spendIdOf: Map<number, string>;
  recoveryIdOf: Map<number, string>;
  family: Actor;
}

async function world(store: LedgerStore, memory: MemoryStore): Promise<World> {
  const clock = new FixedClock(new Date('2026-07-01T09:00:00Z'));
  // Spends decide on a cached plan, as in Lambda: a stale copy must cost a retry, never a wrong answer.
  const deps: Deps = { store, clock, ids: new UlidGenerator(clock), planCache: new PlanCache() };
  const setup = (actor: Actor): RequestContext => ({
    actor,
    requestId: 'setup',
    idempotencyKey: randomUUID(),
    requestHash: 'setup',
  });
  // Set-up runs without faults on the inner store, so both worlds start from the same plan.
  const clean: Deps = { ...deps, store: memory };
  const plan = await createPlan(clean, setup(actors.officer), planInput());
  await setUpBudget(clean, setup(actors.officer), plan.result.planId, budgetInput());
  await recordAgreement(clean, setup(actors.officer), plan.result.planId, 'SC', agreementInput());
  return {
    deps,
    store: memory,
    planId: plan.result.planId,
    spendIdOf: new Map(),
    recoveryIdOf: new Map(),
    family: actors.family(plan.result.planId),
  };
}

type Outcome = { ok: true; body: unknown } | { ok: false; code: string };

/** What may differ between two worlds: their generated ids and times. */
const worldSpecific = new Set([
  'planId',
  'spendId',
  'entryId',
  'requestedAt',
  'decidedAt',
  'recordedAt',
  'requestId',
  'agreementId',
  'eventId',
  'recoveryId',
  'returnId',
  'submittedAt',
  'createdAt',
  'closedAt',
  'addedAt',
  'amendmentId',
  'reviewId',
  'updatedAt',
]);
const same = (a: unknown, b: unknown) => {
  const canonical = (v: unknown) => JSON.stringify(v, (k, x) => (worldSpecific.has(k) ? undefined : x));
  return canonical(a) === canonical(b);
};

/** Executes one logical operation in a world with a fixed key, as a retrying client would. */
async function execute(w: World, op: Op, index: number, key: string, faults?: FaultCounts): Promise<Outcome> {
  const ctx = (actor: Actor): RequestContext => ({
    actor,
    requestId: `op-${index}`,
    idempotencyKey: key,
    requestHash: JSON.stringify(op),
  });
  const run = async (): Promise<unknown> => {
    switch (op.kind) {
      case 'spend': {
        const actor = op.potId === 'SC' ? w.family : op.potId === 'HL' ? actors.broker : actors.officer;
        const provision =
          op.potId === 'SC'
            ? { outcomeId: 'O2', provisionId: 'H1', category: 'short_breaks' }
            : op.potId === 'HL'
              ? { outcomeId: 'O1', provisionId: 'G1', category: 'therapy' }
              : { outcomeId: 'O1', provisionId: 'F1', category: 'tuition' };
        const r = await requestSpend(w.deps, ctx(actor), w.planId, {
          potId: op.potId,
          amount: Money.fromPence(BigInt(op.pence)).toString(),
          date: '2026-06-15',
          payee: 'Provider',
          paid: op.paid,
          householdRelative: op.relative,
          ...provision,
        });
        w.spendIdOf.set(index, r.result.spendId);
        return r.result;
      }
      case 'decide': {
        const spendId = w.spendIdOf.get(op.target);
        if (!spendId) return 'no target';
        const spend = await w.store.getSpend(w.planId, spendId);
        const actor =
          op.action === 'approve' || op.action === 'reject'
            ? spend?.potId === 'HL'
              ? actors.health
              : actors.officer
            : spend?.potId === 'SC'
              ? w.family
              : spend?.potId === 'HL'
                ? actors.broker
                : actors.officer;
        const amount =
          op.action === 'pay' && spend
            ? Money.fromPence((Money.of(spend.reserved).toPence() * BigInt(op.part)) / 100n || 1n).toString()
            : undefined;
        const r = await actOnSpend(
          w.deps,
          ctx(actor),
          w.planId,
          spendId,
          op.action,
          op.action === 'reject' ? { reason: 'no' } : { amount },
        );
        return { status: r.result.status, paidAmount: r.result.paidAmount, reserved: r.result.reserved };
      }
      case 'run': {
        // A run retried after a crash reports what the retry posted; what was due is the same.
        const r = (await runInstalments(w.deps, ctx(actors.officer), { councilId: COUNCIL, upTo: op.upTo }))
          .result;
        return {
          due: r.posted + r.alreadyPosted,
          skippedSuspended: 'skippedSuspended' in r ? r.skippedSuspended : 0,
        };
      }
      case 'recover': {
        // Due after the clock: a notice that reserves the money until settled or withdrawn.
        const r = await recover(w.deps, ctx(actors.officer), w.planId, 'SC', {
          amount: Money.fromPence(BigInt(op.pence)).toString(),
          reason: 'surplus',
          dueDate: '2026-12-31',
        });
        w.recoveryIdOf.set(index, r.result.recoveryId);
        return r.result.pot;
      }
      case 'close': {
        const recoveryId = w.recoveryIdOf.get(op.target);
        if (!recoveryId) return 'no target';
        return (await closeRecovery(w.deps, ctx(actors.officer), w.planId, 'SC', recoveryId, op.action))
          .result.pot;
      }
      case 'resume':
        return (
          await resume(w.deps, ctx(actors.officer), w.planId, 'SC', {
            reason: 'review',
            missedInstalments: op.missed,
          })
        ).result;
      case 'agree':
        return (await recordAgreement(w.deps, ctx(actors.officer), w.planId, 'SC', agreementInput())).result
          .version;
      case 'evidence': {
        const spendId = w.spendIdOf.get(op.target);
        if (!spendId) return 'no target';
        const spend = await w.store.getSpend(w.planId, spendId);
        const actor =
          spend?.potId === 'SC' ? w.family : spend?.potId === 'HL' ? actors.broker : actors.officer;
        return (await addEvidence(w.deps, ctx(actor), w.planId, spendId, { evidence: 'receipt' })).result
          .status;
      }
      case 'member':
        return (
          await addMember(w.deps, ctx(actors.officer), w.planId, {
            sub: 'nominee',
            name: 'N. Nominee',
            relation: 'nominee',
            canSpend: op.canSpend,
          })
        ).result.canSpend;
      case 'cease':
        return (
          await cease(w.deps, ctx(actors.officer), w.planId, 'SC', { reason: 'moved_area', date: op.date })
        ).result;
      case 'return': {
        const r = await submitReturn(w.deps, ctx(w.family), w.planId, 'SC', {
          quarter: '2026-Q1',
          bankBalance: Money.fromPence(BigInt(op.pence)).toString(),
          declaration: true,
        });
        return { status: r.result.status, closing: r.result.closing, difference: r.result.difference };
      }
      case 'adjust':
        return (
          await adjustAllocation(w.deps, ctx(actors.officer), w.planId, 'SC', {
            amount: Money.fromPence(BigInt(op.pence)).toString(),
            reason: 'review',
          })
        ).result.pot;
      case 'reverse': {
        const spendId = w.spendIdOf.get(op.target);
        if (!spendId) return 'no target';
        const entries = (await w.store.listEntries(w.planId, { limit: 100 })).items;
        const entry = entries.find(
          (e) => e.spendId === spendId && (e.kind === 'direct_spend' || e.kind === 'pay'),
        );
        if (!entry) return 'nothing to reverse';
        const spend = await w.store.getSpend(w.planId, spendId);
        const actor = spend?.potId === 'HL' ? actors.health : actors.officer;
        return (await reverseEntry(w.deps, ctx(actor), w.planId, entry.entryId, { reason: 'correction' }))
          .result.pot;
      }
      case 'amend':
      case 'review':
      case 'request':
      case 'policy':
        return executeLifecycle(w, op, ctx);
      case 'suspend':
        return (
          await setSuspension(
            w.deps,
            ctx(actors.officer),
            w.planId,
            'SC',
            op.on,
            op.on ? 'return overdue' : undefined,
          )
        ).result;
    }
  };
  for (let attempt = 1; attempt <= 50; attempt++) {
    try {
      return { ok: true, body: await run() };
    } catch (error) {
      const transient =
        error instanceof TimeoutError ||
        (error instanceof Error && error.name === 'ThrottlingException') ||
        (error instanceof DomainError && (error.code === 'CONFLICT' || error.code === 'SERVICE_BUSY'));
      if (!transient) {
        if (error instanceof DomainError) return { ok: false, code: error.code };
        throw error;
      }
      if (faults) faults.retries++;
    }
  }
  throw new Error(`operation ${index} did not resolve after 50 attempts`);
}

const count = (rows: readonly Summary[], field: string) =>
  rows.reduce((n, r) => n + Number.parseInt(r.values[field] ?? '0', 10), 0);

/** Every invariant of DESIGN.md section 2 that can be read back from a store. */
async function invariantViolations(w: World): Promise<string[]> {
  const problems: string[] = [];
  const pots = await w.store.getPots(w.planId);
  const entries = (await w.store.listEntries(w.planId, { limit: 100_000 })).items;
  for (const e of entries) if (!isBalanced(e.postings)) problems.push(`entry ${e.entryId} does not balance`);
  const replayed = bucketDeltas(entries.flatMap((e) => e.postings));
  for (const pot of pots) {
    const b = readBalances(pot);
    if (!isConserved(b)) problems.push(`pot ${pot.potId} breaks conservation or goes negative`);
    const r = replayed.get(pot.potId);
    for (const field of ['allocated', ...buckets] as const) {
      if (!(r?.[field] ?? Money.zero).equals(b[field]))
        problems.push(`pot ${pot.potId} ${field} differs from its journal`);
    }
  }
  for (const kind of ['month', 'day'] as const) {
    const rows = await w.store.listSummaries({ planId: w.planId }, kind);
    for (const m of summaryMismatches(pots, rows))
      problems.push(`pot ${m.potId} ${kind} summaries differ from its balances`);
  }
  // The council's figures (this world's council holds only this plan) add up to its pots.
  const councilId = pots[0]?.councilId;
  if (councilId !== undefined) {
    for (const kind of ['figure-month', 'figure-day'] as const) {
      const figures = await w.store.listFigures(councilId, kind);
      for (const field of ['allocated', ...buckets] as const)
        if (!sumField(figures, field).equals(Money.sum(pots.map((p) => Money.of(p[field])))))
          problems.push(`council ${kind} ${field} differs from the pots`);
      if (count(figures, 'pots') !== (kind === 'figure-month' ? pots.length : 0))
        problems.push(`council ${kind} counts pots wrongly`);
    }
    const plans = await w.store.listFigures(councilId, 'figure-plans');
    if (count(plans, 'plans') !== 1) problems.push('council figures do not count the plan once');
  }
  return problems;
}

export interface SequenceReport {
  seed: number;
  sequence: number;
  operations: number;
  problems: string[];
}

/** Runs `sequences` random sequences for one seed; returns the first failure, if any, and the fault counts. */
export async function runSeed(
  seed: number,
  sequences: number,
  options: {
    length?: number;
    faultRate?: number;
    from?: number;
    /** Reads throttled at this share of the fault rate (0, the default: reads are not faulted). */
    readFaults?: number;
  } = {},
): Promise<{ faults: FaultCounts; operations: number; failure?: SequenceReport }> {
  const faults: FaultCounts = {
    conflicts: 0,
    throttles: 0,
    crashesBeforeCommit: 0,
    lostAcknowledgements: 0,
    readThrottles: 0,
    duplicates: 0,
    lateRedeliveries: 0,
    retries: 0,
  };
  let operations = 0;
  const first = options.from ?? 0;
  for (let sequence = first; sequence < first + sequences; sequence++) {
    const random = rng(seed * 1_000_003 + sequence);
    const ops = generate(random, options.length ?? 20);
    const modelStore = new MemoryStore();
    const model = await world(modelStore, modelStore);
    const faultyInner = new MemoryStore();
    const faulty = await world(
      new FaultyStore(faultyInner, random, faults, options.faultRate ?? 0.25, options.readFaults ?? 0),
      faultyInner,
    );
    const problems: string[] = [];
    const done: Array<{ index: number; key: string; outcome: Outcome }> = [];
    for (const [index, op] of ops.entries()) {
      const key = `seq-${sequence}-op-${index}`;
      const expected = await execute(model, op, index, key);
      const got = await execute(faulty, op, index, key, faults);
      operations++;
      if (!same(expected, got)) {
        problems.push(
          `op ${index} ${JSON.stringify(op)}: model ${JSON.stringify(expected)}, faulty ${JSON.stringify(got)}`,
        );
        break;
      }
      // Operations the client resolved without sending (no target yet) are not redelivered.
      if (got.ok && typeof got.body !== 'string') done.push({ index, key, outcome: got });
      // Redelivery: at once (a duplicate) or later (out of order). Either must replay, not repost.
      const again =
        random() < 0.15
          ? done.at(-1)
          : random() < 0.15
            ? done[Math.floor(random() * done.length)]
            : undefined;
      if (again) {
        if (again === done.at(-1)) faults.duplicates++;
        else faults.lateRedeliveries++;
        const replay = await execute(faulty, ops[again.index] as Op, again.index, again.key, faults);
        if (!same(replay, again.outcome)) {
          problems.push(
            `redelivered op ${again.index} answered ${JSON.stringify(replay)}, first ${JSON.stringify(again.outcome)}`,
          );
          break;
        }
      }
    }
    if (problems.length === 0) {
      const [a, b] = await Promise.all([
        modelStore.getPots(model.planId),
        faultyInner.getPots(faulty.planId),
      ]);
      const strip = (pots: typeof a) =>
        pots.map(({ planId: _p, version: _v, budgetStartedAt: _b, ...rest }) => rest);
      if (!same(strip(a), strip(b))) {
        problems.push('pot balances differ from the model');
        if (process.env.VOPR_DEBUG)
          console.error(JSON.stringify(strip(a)), '\n', JSON.stringify(strip(b)), '\n', JSON.stringify(ops));
      }
      problems.push(...(await invariantViolations(faulty)));
    }
    if (problems.length > 0)
      return { faults, operations, failure: { seed, sequence, operations: ops.length, problems } };
  }
  return { faults, operations };
}

export const replayHint = (f: SequenceReport) =>
  `replay with: npm run soak -- --seed ${f.seed} --from ${f.sequence} --sequences 1   (${f.problems.join('; ')})`;
