import { buckets, type JournalEntry, type Plan, type Pot, type Spend } from '../domain/model.js';
import { Money } from '../domain/money.js';
import {
  CommitRejectedError,
  type CommitRejection,
  type IdempotencyClaim,
  type InstalmentRun,
  type LedgerStore,
  type Page,
  type PageRequest,
  type UnitOfWork,
} from '../domain/ports.js';
import { mergeSummaryDeltas, type Summary, type SummaryKind, summaryId } from '../domain/summaries.js';
import { shardOf } from './shard.js';

/**
 * An in-memory LedgerStore with exactly the semantics the DynamoDB adapter must have: a unit of
 * work is checked whole, then applied whole, and the first refusal is reported the way DynamoDB's
 * cancellation reasons are translated. Used by domain tests and as the model in fault tests.
 */
export class MemoryStore implements LedgerStore {
  private readonly plans = new Map<string, Plan>();
  private readonly pots = new Map<string, Pot>();
  private readonly spends = new Map<string, Spend>();
  private readonly entries = new Map<string, JournalEntry>();
  private readonly claims = new Set<string>();
  private readonly summaries = new Map<string, Summary>();
  private readonly runs = new Map<string, InstalmentRun>();
  private readonly idempotency = new Map<string, IdempotencyClaim>();
  commits = 0;
  summaryReads = 0;
  itemsRead = 0;

  private static potKey = (planId: string, potId: string) => `${planId}/${potId}`;

  async commit(unit: UnitOfWork): Promise<void> {
    const rejection = this.check(unit);
    if (rejection) throw new CommitRejectedError(rejection);
    this.apply(unit);
    this.commits++;
  }

  private check(unit: UnitOfWork): CommitRejection | undefined {
    if (unit.idempotency) {
      const { scope, key } = unit.idempotency;
      if (this.idempotency.has(`${scope}/${key}`)) return { kind: 'idempotency_key_claimed' };
    }
    for (const change of unit.potChanges ?? []) {
      const pot = this.pots.get(MemoryStore.potKey(change.planId, change.potId));
      if (!pot) return { kind: 'state_changed', what: `pot ${change.potId}` };
      for (const bucket of buckets) {
        const delta = change.deltas[bucket];
        if (delta !== undefined && Money.of(pot[bucket]).plus(Money.of(delta)).isNegative()) {
          return { kind: 'insufficient_funds', potId: change.potId };
        }
      }
      if (change.expect?.suspended !== undefined && pot.suspended !== change.expect.suspended) {
        return { kind: 'state_changed', what: `pot ${change.potId}` };
      }
      if (
        change.expect?.instalmentsPosted !== undefined &&
        pot.instalmentsPosted !== change.expect.instalmentsPosted
      ) {
        return { kind: 'state_changed', what: `pot ${change.potId}` };
      }
    }
    if (unit.spendChange) {
      const { spend, expectedVersion } = unit.spendChange;
      const stored = this.spends.get(`${spend.planId}/${spend.spendId}`);
      if (!stored || stored.version !== expectedVersion)
        return { kind: 'state_changed', what: `spend ${spend.spendId}` };
    }
    if (unit.plan && this.plans.has(unit.plan.planId))
      return { kind: 'already_exists', what: `plan ${unit.plan.planId}` };
    for (const pot of unit.newPots ?? []) {
      if (this.pots.has(MemoryStore.potKey(pot.planId, pot.potId)))
        return { kind: 'already_exists', what: `pot ${pot.potId}` };
    }
    if (unit.newSpend && this.spends.has(`${unit.newSpend.planId}/${unit.newSpend.spendId}`)) {
      return { kind: 'already_exists', what: `spend ${unit.newSpend.spendId}` };
    }
    for (const entry of unit.entries ?? []) {
      if (this.entries.has(`${entry.planId}/${entry.entryId}`))
        return { kind: 'already_exists', what: `entry ${entry.entryId}` };
    }
    for (const claim of unit.claims ?? []) {
      if (this.claims.has(`${claim.planId}/${claim.name}`))
        return { kind: 'already_exists', what: claim.name };
    }
    return undefined;
  }

  private apply(unit: UnitOfWork): void {
    if (unit.idempotency)
      this.idempotency.set(
        `${unit.idempotency.scope}/${unit.idempotency.key}`,
        structuredClone(unit.idempotency),
      );
    if (unit.plan) this.plans.set(unit.plan.planId, structuredClone(unit.plan));
    for (const pot of unit.newPots ?? [])
      this.pots.set(MemoryStore.potKey(pot.planId, pot.potId), structuredClone(pot));
    for (const change of unit.potChanges ?? []) {
      const key = MemoryStore.potKey(change.planId, change.potId);
      const pot = structuredClone(this.pots.get(key) as Pot);
      for (const [field, delta] of Object.entries(change.deltas)) {
        const k = field as keyof typeof change.deltas;
        pot[k] = Money.of(pot[k]).plus(Money.of(delta)).toString();
      }
      if (change.set?.suspended !== undefined) pot.suspended = change.set.suspended;
      if (change.set?.suspensionReason !== undefined) {
        if (change.set.suspensionReason === null) delete pot.suspensionReason;
        else pot.suspensionReason = change.set.suspensionReason;
      }
      if (change.set?.instalmentsPosted !== undefined) pot.instalmentsPosted = change.set.instalmentsPosted;
      pot.version++;
      this.pots.set(key, pot);
    }
    for (const entry of unit.entries ?? [])
      this.entries.set(`${entry.planId}/${entry.entryId}`, structuredClone(entry));
    if (unit.newSpend)
      this.spends.set(`${unit.newSpend.planId}/${unit.newSpend.spendId}`, structuredClone(unit.newSpend));
    if (unit.spendChange) {
      const { spend } = unit.spendChange;
      this.spends.set(`${spend.planId}/${spend.spendId}`, structuredClone(spend));
    }
    for (const claim of unit.claims ?? []) this.claims.add(`${claim.planId}/${claim.name}`);
    if (unit.runCreate) this.runs.set(unit.runCreate.runId, structuredClone(unit.runCreate));
    if (unit.runProgress) {
      const p = unit.runProgress;
      const run = this.runs.get(p.runId) as InstalmentRun;
      this.claims.add(`RUN#${p.runId}/SHARD#${p.shard}`);
      this.runs.set(p.runId, {
        ...run,
        shardsDone: run.shardsDone + 1,
        posted: run.posted + p.posted,
        alreadyPosted: run.alreadyPosted + p.alreadyPosted,
        amount: Money.of(run.amount).plus(Money.of(p.amount)).toString(),
      });
    }
    for (const d of mergeSummaryDeltas(unit.summaries ?? [])) {
      const id = summaryId(d);
      const current = this.summaries.get(id) ?? {
        kind: d.kind,
        planId: d.planId,
        potId: d.potId,
        councilId: d.councilId,
        funderId: d.funderId,
        key: d.key,
        values: {},
        labels: {},
      };
      for (const [field, value] of Object.entries(d.adds)) {
        current.values[field] = Money.of(current.values[field] ?? '0')
          .plus(Money.of(value))
          .toString();
      }
      current.labels = { ...current.labels, ...d.labels };
      this.summaries.set(id, current);
    }
  }

  async listSummaries(
    scope: { planId: string } | { councilId: string } | { funderId: string },
    kind: SummaryKind,
  ) {
    this.summaryReads++;
    const match = (s: Summary) =>
      s.kind === kind &&
      ('planId' in scope
        ? s.planId === scope.planId
        : 'councilId' in scope
          ? s.councilId === scope.councilId
          : s.funderId === scope.funderId);
    const found = [...this.summaries.values()].filter(match).map((s) => structuredClone(s));
    this.itemsRead += found.length;
    return found;
  }

  /** Test hook: replaces a stored summary value, to prove reports notice corruption. */
  corruptSummary(id: string, field: string, value: string): void {
    const s = this.summaries.get(id);
    if (s) s.values[field] = value;
  }

  async getIdempotency(scope: string, key: string) {
    const found = this.idempotency.get(`${scope}/${key}`);
    return found && structuredClone(found);
  }
  async getPlan(planId: string) {
    const found = this.plans.get(planId);
    return found && structuredClone(found);
  }
  async getPots(planId: string) {
    return [...this.pots.values()]
      .filter((p) => p.planId === planId)
      .sort((a, b) => a.potId.localeCompare(b.potId))
      .map((p) => structuredClone(p));
  }
  async getSpend(planId: string, spendId: string) {
    const found = this.spends.get(`${planId}/${spendId}`);
    return found && structuredClone(found);
  }
  async listSpends(planId: string) {
    return [...this.spends.values()].filter((s) => s.planId === planId).map((s) => structuredClone(s));
  }
  async getEntry(planId: string, entryId: string) {
    const found = this.entries.get(`${planId}/${entryId}`);
    return found && structuredClone(found);
  }
  async listEntries(planId: string, page: PageRequest): Promise<Page<JournalEntry>> {
    const all = [...this.entries.values()]
      .filter((e) => e.planId === planId)
      .sort((a, b) => (a.entryId < b.entryId ? 1 : -1));
    return paginate(
      all,
      page,
      (e) => e.entryId,
      (e, cursor) => e.entryId < cursor,
    );
  }
  async listPendingApprovals(approverOrg: string, page: PageRequest): Promise<Page<Spend>> {
    const sortKey = (s: Spend) => `${s.requestedAt}#${s.planId}#${s.spendId}`;
    const all = [...this.spends.values()]
      .filter((s) => s.status === 'pending_approval' && s.approver.org === approverOrg)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    return paginate(all, page, sortKey, (s, cursor) => sortKey(s) > cursor);
  }
  async listCouncilPots(councilId: string, shard?: number) {
    return [...this.pots.values()]
      .filter((p) => p.councilId === councilId && (shard === undefined || shardOf(p.planId) === shard))
      .map((p) => structuredClone(p));
  }
  async listOrganisations(kind: 'council' | 'funder') {
    const ids =
      kind === 'council'
        ? [...this.plans.values()].map((p) => p.councilId)
        : [...this.pots.values()].map((p) => p.funderId);
    return [...new Set(ids)].sort();
  }
  async listFunderPots(funderId: string) {
    return [...this.pots.values()].filter((p) => p.funderId === funderId).map((p) => structuredClone(p));
  }
  async listHolderPots(holderId: string) {
    return [...this.pots.values()].filter((p) => p.holderId === holderId).map((p) => structuredClone(p));
  }
  async listCouncilPlans(councilId: string) {
    return [...this.plans.values()].filter((p) => p.councilId === councilId).map((p) => structuredClone(p));
  }
  async getRun(runId: string) {
    const found = this.runs.get(runId);
    return found && structuredClone(found);
  }
  async hasClaim(planId: string, name: string) {
    return this.claims.has(`${planId}/${name}`);
  }

  /** Everything stored, for tests that compare a store against this model. */
  snapshot() {
    return {
      pots: [...this.pots.values()],
      entries: [...this.entries.values()],
      spends: [...this.spends.values()],
    };
  }
}

function paginate<T>(
  sorted: T[],
  page: PageRequest,
  keyOf: (item: T) => string,
  after: (item: T, cursor: string) => boolean,
): Page<T> {
  const cursor =
    page.cursor === undefined ? undefined : Buffer.from(page.cursor, 'base64url').toString('utf8');
  const rest = cursor === undefined ? sorted : sorted.filter((item) => after(item, cursor));
  const items = rest.slice(0, page.limit).map((i) => structuredClone(i));
  const last = items[items.length - 1];
  const next =
    rest.length > page.limit && last !== undefined
      ? Buffer.from(keyOf(last), 'utf8').toString('base64url')
      : null;
  return { items, next };
}
