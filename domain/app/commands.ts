import { can, canSeePlan, canSeePot } from '../access.js';
import { adjustmentBucket, type BudgetInput, newPots } from '../budget.js';
import { addDays, clampToPeriod, dateOf, type IsoDate, isWithin } from '../dates.js';
import { DomainError } from '../errors.js';
import {
  applyPostings,
  bucketDeltas,
  emptyBalances,
  movements,
  type PotBalances,
  readBalances,
  reversalOf,
  writeBalances,
} from '../ledger.js';
import type { EntryKind, JournalEntry, Plan, Posting, Pot, RecoveryReason, Spend } from '../model.js';
import { Money } from '../money.js';
import { type NewPlanInput, newPlan } from '../plan.js';
import { approverOf, evaluateSpend, type SpendRequest } from '../policy.js';
import type { BucketDeltas, PotChange, UnitOfWork } from '../ports.js';
import { type SummaryContext, type SummaryDelta, summaryDeltas } from '../summaries.js';
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
import { type PlanView, type PotView, planView, potView, type SpendView, spendView } from './views.js';

/** The write use cases of DESIGN.md section 5: each reads, decides in the domain, commits one unit. */

interface Loaded {
  plan: Plan;
  pots: Pot[];
  actor: RequestContext['actor'];
}

async function loadPlan(deps: Deps, ctx: RequestContext, planId: string): Promise<Loaded> {
  const plan = await deps.store.getPlan(planId);
  if (!plan) throw notFound(`plan ${planId}`);
  const pots = await deps.store.getPots(planId);
  if (!canSeePlan(ctx.actor, plan, pots)) throw notFound(`plan ${planId}`);
  return { plan, pots, actor: ctx.actor };
}

/** A pot the actor cannot see is as absent as one that does not exist. */
function potOf(loaded: Loaded, potId: string): Pot {
  const pot = loaded.pots.find((p) => p.potId === potId);
  if (!pot || !canSeePot(loaded.actor, loaded.plan, pot))
    throw notFound(`pot ${potId} of plan ${loaded.plan.planId}`);
  return pot;
}

function deltasOf(postings: readonly Posting[], potId: string): BucketDeltas {
  const d = bucketDeltas(postings).get(potId) ?? emptyBalances();
  const out: BucketDeltas = {};
  for (const [k, v] of Object.entries(writeBalances(d)) as [keyof PotBalances, string][]) {
    if (!Money.of(v).isZero()) out[k] = v;
  }
  return out;
}

/** One entry against one pot, checked against its current balances before the store re-checks. */
function postTo(
  deps: Deps,
  ctx: RequestContext,
  pot: Pot,
  kind: EntryKind,
  postings: Posting[],
  effectiveDate: IsoDate,
  extra: Partial<JournalEntry> = {},
  summaryContext: SummaryContext = {},
): Posted {
  const next = applyPostings(readBalances(pot), pot.potId, postings);
  const entry: JournalEntry = {
    ...entryBase(deps, ctx, pot.planId, pot.councilId),
    kind,
    postings,
    effectiveDate,
    ...extra,
  };
  const change: PotChange = { planId: pot.planId, potId: pot.potId, deltas: deltasOf(postings, pot.potId) };
  return {
    entry,
    change,
    after: { ...pot, ...writeBalances(next), version: pot.version + 1 },
    summaries: summaryDeltas(entry, pot, summaryContext),
  };
}

interface Posted {
  entry: JournalEntry;
  change: PotChange;
  after: Pot;
  summaries: SummaryDelta[];
}

/** The unit-of-work parts of one posting: the entry, its pot change and its summaries. */
const unitOf = (posted: Posted): Pick<UnitOfWork, 'entries' | 'potChanges' | 'summaries'> => ({
  entries: [posted.entry],
  potChanges: [posted.change],
  summaries: posted.summaries,
});

const domainOf = (plan: Plan, outcomeId: string | undefined) =>
  plan.outcomes.find((o) => o.id === outcomeId)?.domain;

/** A reversed payment stops counting as a spend made (and as one without evidence, if it was). */
async function reversalContext(deps: Deps, plan: Plan, original: JournalEntry): Promise<SummaryContext> {
  if (original.spendId === undefined || (original.kind !== 'direct_spend' && original.kind !== 'pay')) {
    return spendContext(plan, { outcomeId: original.outcomeId, evidence: 'n/a' }, { withoutEvidence: false });
  }
  const spend = await deps.store.getSpend(original.planId, original.spendId);
  return spendContext(
    plan,
    { outcomeId: original.outcomeId, evidence: spend?.evidence },
    { undoesSpend: true },
  );
}

function spendContext(
  plan: Plan,
  spend: { outcomeId?: string | undefined; evidence?: string | undefined },
  extra: SummaryContext = {},
): SummaryContext {
  const domain = domainOf(plan, spend.outcomeId);
  return {
    withoutEvidence: spend.evidence === undefined,
    ...(domain ? { outcomeDomain: domain } : {}),
    ...extra,
  };
}

const today = (deps: Deps): IsoDate => dateOf(deps.clock.now());

/**
 * The date of a movement that happens now rather than on a chosen date (void, expiry, recovery):
 * the earlier of today and the period end (DESIGN.md section 9), and never before the period
 * starts, so every movement of a pot falls inside its period and its quarters add up.
 */
const movementDate = (deps: Deps, pot: Pick<Pot, 'period'>): IsoDate =>
  clampToPeriod(today(deps), pot.period);

/** Dates that date a movement lie inside the pot's budget period (DESIGN.md section 9). */
function requireInPeriod(pot: Pick<Pot, 'potId' | 'period'>, date: IsoDate, what: string): void {
  if (!isWithin(date, pot.period.start, pot.period.end)) {
    throw new DomainError(
      'OUTSIDE_BUDGET_PERIOD',
      `${what} ${date} is outside pot ${pot.potId}'s budget period ${pot.period.start} to ${pot.period.end}`,
    );
  }
}

export async function createPlan(
  deps: Deps,
  ctx: RequestContext,
  input: NewPlanInput,
): Promise<CommandOutcome<PlanView>> {
  if (!can(ctx.actor, 'plan:create', { kind: 'council', councilId: input.councilId })) {
    throw forbidden(`create plans for council ${input.councilId}`);
  }
  return runCommand(deps, ctx, async () => {
    const plan = newPlan(input, deps.ids.next(), ctx.actor.sub, deps.clock.now());
    return { unit: { plan }, result: planView(plan, [], ctx.actor) };
  });
}

export async function setUpBudget(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  input: BudgetInput,
): Promise<CommandOutcome<PlanView>> {
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    if (!can(ctx.actor, 'budget:create', { kind: 'plan', plan: loaded.plan, pots: loaded.pots })) {
      throw forbidden('set up budgets for this plan');
    }
    const created = newPots(loaded.plan, loaded.pots, input, today(deps));
    const entries: JournalEntry[] = [];
    const summaries: SummaryDelta[] = [];
    const opened = created.map((pot, i) => {
      const allocation = Money.parse(input.pots[i]?.allocation ?? '', `pots.${i}.allocation`);
      const posted = postTo(
        deps,
        ctx,
        pot,
        'allocate',
        movements.allocate(pot.potId, pot.mode, allocation),
        input.period.start,
        {
          memo: 'budget set up',
        },
      );
      entries.push(posted.entry);
      summaries.push(...posted.summaries);
      return { ...posted.after, version: 0 };
    });
    return {
      unit: { newPots: opened, entries, summaries },
      result: planView(loaded.plan, [...loaded.pots, ...opened], ctx.actor),
    };
  });
}

export interface PotMovementResult {
  entryId: string;
  pot: PotView;
}

export async function adjustAllocation(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  input: { amount: string; reason: string; effectiveDate?: IsoDate | undefined },
): Promise<CommandOutcome<PotMovementResult>> {
  const change = Money.parseSigned(input.amount);
  if (change.isZero())
    throw new DomainError('VALIDATION_FAILED', 'an adjustment is not zero', [
      { path: 'amount', message: 'zero' },
    ]);
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'pot:adjust', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('adjust this pot');
    const effectiveDate = input.effectiveDate ?? movementDate(deps, pot);
    requireInPeriod(pot, effectiveDate, 'the adjustment date');
    const posted = postTo(
      deps,
      ctx,
      pot,
      'adjust',
      movements.adjust(potId, adjustmentBucket(pot, change), change),
      effectiveDate,
      {
        reason: input.reason,
      },
    );
    return {
      unit: { ...unitOf(posted) },
      result: { entryId: posted.entry.entryId, pot: potView(posted.after) },
    };
  });
}

export interface SpendInput extends SpendRequest {
  payee: string;
  paid?: boolean | undefined;
  evidence?: string | undefined;
  description?: string | undefined;
}

function spendTags(spend: Pick<Spend, 'spendId' | 'outcomeId' | 'provisionId' | 'category' | 'payee'>) {
  return {
    spendId: spend.spendId,
    outcomeId: spend.outcomeId,
    provisionId: spend.provisionId,
    category: spend.category,
    payee: spend.payee,
  };
}

export async function requestSpend(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  input: SpendInput,
): Promise<CommandOutcome<SpendView>> {
  const amount = Money.parsePositive(input.amount);
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, input.potId);
    if (!can(ctx.actor, 'spend:create', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('spend from this pot');
    const decision = evaluateSpend(
      loaded.plan,
      pot,
      input,
      ctx.actor,
      councilPolicy(deps, loaded.plan.councilId),
    );
    if (decision.decision === 'reject') throw new DomainError(decision.code, decision.detail);
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
    // Paid with a receipt: straight to spent. Otherwise reserved until paid, approved or voided.
    const [kind, postings] = paidNow
      ? (['direct_spend', movements.directSpend(pot.potId, amount)] as const)
      : (['reserve', movements.reserve(pot.potId, amount)] as const);
    const posted = postTo(
      deps,
      ctx,
      pot,
      kind,
      postings,
      input.date,
      spendTags(spend),
      spendContext(loaded.plan, spend),
    );
    posted.change.expect = { suspended: false };
    return {
      unit: { newSpend: spend, ...unitOf(posted) },
      result: spendView(spend),
    };
  });
}

type SpendAction = 'approve' | 'reject' | 'pay' | 'void';

interface SpendActionInput {
  reason?: string | undefined;
  evidence?: string | undefined;
  amount?: string | undefined;
  date?: IsoDate | undefined;
}

const allowedFrom: Record<SpendAction, readonly Spend['status'][]> = {
  approve: ['pending_approval'],
  reject: ['pending_approval'],
  pay: ['approved'],
  void: ['pending_approval', 'approved'],
};

const pastTense: Record<SpendAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  pay: 'paid',
  void: 'voided',
};

export function isExpired(spend: Spend, now: Date, pendingExpiryDays: number): boolean {
  return (
    spend.status === 'pending_approval' &&
    addDays(dateOf(spend.requestedAt), pendingExpiryDays) <= dateOf(now)
  );
}

/** Two-phase completion: a reservation is paid or voided exactly once (DESIGN.md section 3). */
export async function actOnSpend(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  spendId: string,
  action: SpendAction,
  input: SpendActionInput,
): Promise<CommandOutcome<SpendView>> {
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const spend = await deps.store.getSpend(planId, spendId);
    if (!spend) throw notFound(`spend ${spendId}`);
    const pot = potOf(loaded, spend.potId);
    const permission =
      action === 'approve' || action === 'reject'
        ? 'spend:approve'
        : action === 'pay'
          ? 'spend:pay'
          : 'spend:void';
    if (!can(ctx.actor, permission, { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden(`${action} this spend`);
    if (action === 'pay' && spend.status === 'pending_approval') {
      throw new DomainError(
        'APPROVAL_REQUIRED',
        `spend ${spendId} waits for approval by ${spend.approver.org}`,
      );
    }
    if (!allowedFrom[action].includes(spend.status)) {
      throw new DomainError(
        'SPEND_STATE_CONFLICT',
        `spend ${spendId} is ${spend.status.replaceAll('_', ' ')}, so it cannot be ${pastTense[action]} now`,
      );
    }
    const policy = councilPolicy(deps, loaded.plan.councilId);
    if (action === 'approve' && isExpired(spend, deps.clock.now(), policy.pendingExpiryDays)) {
      throw new DomainError(
        'SPEND_STATE_CONFLICT',
        `spend ${spendId} expired ${policy.pendingExpiryDays} days after it was requested`,
      );
    }
    // A suspension stops new commitments; paying what was approved before it stays possible,
    // because the ledger records what happened (README: readings of the brief).
    if (action === 'approve' && pot.suspended) {
      throw new DomainError(
        'POT_SUSPENDED',
        `pot ${pot.potId} is suspended, so spends from it cannot be approved`,
      );
    }
    const payDate = input.date ?? spend.date;
    if (action === 'pay' || (action === 'approve' && spend.paidOnRequest)) {
      requireInPeriod(pot, payDate, 'the payment date');
      if (payDate < spend.date) {
        throw new DomainError(
          'OUTSIDE_BUDGET_PERIOD',
          `the payment date ${payDate} is before the spend's date ${spend.date}`,
        );
      }
    }
    const now = deps.clock.now().toISOString();
    const next: Spend = { ...spend, version: spend.version + 1 };
    const unit: UnitOfWork = { spendChange: { spend: next, expectedVersion: spend.version } };

    const reserved = Money.of(spend.reserved);
    const tags = spendTags(spend);
    const decide = () => {
      next.decidedBy = actorRef(ctx.actor);
      next.decidedAt = now;
      if (input.reason !== undefined) next.decisionReason = input.reason;
    };
    const pay = (amount: Money, date: IsoDate) => {
      const evidence = input.evidence ?? spend.evidence;
      const context = spendContext(loaded.plan, { outcomeId: spend.outcomeId, evidence });
      const posted = postTo(
        deps,
        ctx,
        pot,
        'pay',
        movements.pay(pot.potId, reserved, amount),
        date,
        tags,
        context,
      );
      Object.assign(unit, unitOf(posted));
      next.status = 'paid';
      next.reserved = '0.00';
      next.paidAmount = amount.toString();
    };
    switch (action) {
      case 'approve':
        decide();
        if (spend.paidOnRequest) pay(reserved, spend.date);
        else next.status = 'approved';
        break;
      case 'pay': {
        const amount = input.amount === undefined ? reserved : Money.parse(input.amount);
        pay(amount, payDate);
        if (input.evidence !== undefined) next.evidence = input.evidence;
        break;
      }
      case 'reject':
      case 'void': {
        if (action === 'reject') decide();
        else if (input.reason !== undefined) next.decisionReason = input.reason;
        const posted = postTo(
          deps,
          ctx,
          pot,
          'void',
          movements.void(pot.potId, reserved),
          movementDate(deps, pot),
          { ...tags, ...(input.reason === undefined ? {} : { reason: input.reason }) },
          spendContext(loaded.plan, spend, { rejected: action === 'reject' }),
        );
        Object.assign(unit, unitOf(posted));
        next.status = action === 'reject' ? 'rejected' : 'voided';
        next.reserved = '0.00';
        break;
      }
    }
    if (action === 'approve') {
      // The approval holds only if the pot is still not suspended when it commits.
      unit.potChanges = (unit.potChanges ?? [{ planId, potId: pot.potId, deltas: {} }]).map((c) => ({
        ...c,
        expect: { ...c.expect, suspended: false },
      }));
    }
    return { unit, result: spendView(next) };
  });
}

/** Voids pending approvals older than the council's limit (30 days by default), oldest first. */
export async function expirePendingApprovals(
  deps: Deps,
  ctx: RequestContext,
  approverOrg: string,
  limit = 100,
): Promise<{ expired: number; amount: string }> {
  let expired = 0;
  let amount = Money.zero;
  const page = await deps.store.listPendingApprovals(approverOrg, { limit });
  for (const spend of page.items) {
    const plan = await deps.store.getPlan(spend.planId);
    if (!plan || !isExpired(spend, deps.clock.now(), councilPolicy(deps, plan.councilId).pendingExpiryDays))
      continue;
    const pots = await deps.store.getPots(spend.planId);
    const pot = pots.find((p) => p.potId === spend.potId);
    if (!pot) continue;
    const posted = postTo(
      deps,
      ctx,
      pot,
      'void',
      movements.void(pot.potId, Money.of(spend.reserved)),
      movementDate(deps, pot),
      {
        ...spendTags(spend),
        reason: 'approval not given within the time allowed',
      },
      spendContext(plan, spend),
    );
    const next: Spend = { ...spend, status: 'expired', reserved: '0.00', version: spend.version + 1 };
    try {
      await deps.store.commit({
        ...unitOf(posted),
        spendChange: { spend: next, expectedVersion: spend.version },
      });
      expired++;
      amount = amount.plus(Money.of(spend.reserved));
    } catch (error) {
      // Approved, rejected or voided by someone else meanwhile: nothing to expire.
      if (!(error instanceof Error && error.name === 'CommitRejectedError')) throw error;
    }
  }
  return { expired, amount: amount.toString() };
}

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
    const potId = original.postings[0]?.potId ?? '';
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'entry:reverse', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('reverse this entry');
    if (await deps.store.hasClaim(planId, `REVERSED#${entryId}`)) {
      throw new DomainError('ALREADY_REVERSED', `entry ${entryId} has already been reversed`);
    }
    const postings = reversalOf(original);
    const posted = postTo(
      deps,
      ctx,
      pot,
      'reverse',
      postings,
      original.effectiveDate,
      {
        reverses: entryId,
        reason: input.reason,
        ...(original.spendId === undefined ? {} : { spendId: original.spendId }),
        ...(original.outcomeId === undefined ? {} : { outcomeId: original.outcomeId }),
        ...(original.provisionId === undefined ? {} : { provisionId: original.provisionId }),
        ...(original.category === undefined ? {} : { category: original.category }),
      },
      await reversalContext(deps, loaded.plan, original),
    );
    const unit: UnitOfWork = {
      ...unitOf(posted),
      claims: [{ planId, name: `REVERSED#${entryId}` }],
    };
    if (original.spendId !== undefined && (original.kind === 'direct_spend' || original.kind === 'pay')) {
      const spend = await deps.store.getSpend(planId, original.spendId);
      if (spend) {
        // Undoing a payment puts the reservation back (the spend awaits payment again);
        // undoing a direct spend leaves nothing to pay.
        const wasReserved = original.postings.find((p) => p.account === 'committed');
        const next: Spend =
          original.kind === 'pay' && wasReserved
            ? {
                ...spend,
                status: 'approved',
                reserved: Money.of(wasReserved.amount).negated().toString(),
                paidAmount: '0.00',
              }
            : { ...spend, status: 'reversed', paidAmount: '0.00' };
        unit.spendChange = { spend: { ...next, version: spend.version + 1 }, expectedVersion: spend.version };
      }
    }
    return { unit, result: { entryId: posted.entry.entryId, reverses: entryId, pot: potView(posted.after) } };
  });
}

export interface RecoveryInput {
  amount: string;
  reason: RecoveryReason;
  dueDate: IsoDate;
  notice?: string | undefined;
}

export async function recover(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  input: RecoveryInput,
): Promise<CommandOutcome<PotMovementResult & { reason: RecoveryReason; dueDate: IsoDate }>> {
  const amount = Money.parsePositive(input.amount);
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'pot:recover', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('recover money from this pot');
    const memo = [`due ${input.dueDate}`, input.notice ? `notice: ${input.notice}` : undefined]
      .filter(Boolean)
      .join('; ');
    const posted = postTo(
      deps,
      ctx,
      pot,
      'recover',
      movements.recover(potId, amount),
      movementDate(deps, pot),
      {
        reason: input.reason,
        memo,
      },
    );
    return {
      unit: { ...unitOf(posted) },
      result: {
        entryId: posted.entry.entryId,
        pot: potView(posted.after),
        reason: input.reason,
        dueDate: input.dueDate,
      },
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
    const change: PotChange = {
      planId,
      potId,
      deltas: {},
      expect: { suspended: !suspend },
      set: { suspended: suspend, suspensionReason: suspend ? (reason ?? null) : null },
    };
    const after: Pot = { ...pot, suspended: suspend, version: pot.version + 1 };
    if (suspend && reason !== undefined) after.suspensionReason = reason;
    else delete after.suspensionReason;
    return { unit: { potChanges: [change] }, result: potView(after) };
  });
}
