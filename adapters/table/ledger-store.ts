import { randomUUID } from 'node:crypto';
import { assertBalanced } from '../../domain/ledger.js';
import type {
  HolderReturn,
  JournalEntry,
  Plan,
  PlanEvent,
  Pot,
  Recovery,
  Spend,
} from '../../domain/model.js';
import { joinPersonal, type PersonalData } from '../../domain/personal-data.js';
import type { Amendment, BudgetRequest, CouncilPolicy, Review, WorkItem } from '../../domain/plan-records.js';
import {
  CommitRejectedError,
  type IdempotencyClaim,
  type InstalmentRun,
  type LedgerStore,
  type Page,
  type PageRequest,
  type RecordScope,
  type StoredRecord,
  type UnitOfWork,
  type WorkQuery,
} from '../../domain/ports.js';
import type { Receipt } from '../../domain/receipts/receipt.js';
import { shardCount } from '../../domain/shards.js';
import type {
  LineClassification,
  PotStatements,
  StatementLines,
  StatementRecord,
  StatementTexts,
} from '../../domain/statements/records.js';
import type { FigureKind, Summary, SummaryKind } from '../../domain/summaries.js';
import {
  approvalWork,
  doc,
  figuresPk,
  type Item,
  idempotencyPersonalKey,
  keys,
  personalPrefix,
  readIdempotency,
  readPot,
  readRecord,
  readRun,
  readSummary,
  recordPk,
  S,
  text,
  workIndex,
  workPartition,
} from './codec.js';
import { type Query, type Table, TableBusyError, TableConditionError, type TableWrite } from './table.js';
import { decodeCursor, encodeCursor, tableWritesOf, wasShort } from './writes.js';

/**
 * The LedgerStore port on one table (DESIGN.md section 4), written once for DynamoDB and memory.
 * A unit of work becomes one transaction; a refusal names the unit's write by index. The store
 * never retries: the domain's commit path is the one retry layer.
 */

/** Bounds on reads that gather a whole list (a plan's spends, a council's pots). */
export const queryPagesMax = 200;
export const pageLimitMax = 1_000;

/** Pair assertion, second half: an entry read back must still balance. */
function readEntry(item: Item): JournalEntry {
  const entry = doc<JournalEntry>(item);
  assertBalanced(entry);
  return entry;
}

/** Records kept whole as JSON whose personal fields the store keeps apart, by their id field. */
const personalIds = {
  entry: 'entryId',
  spend: 'spendId',
  event: 'eventId',
  return: 'returnId',
  recovery: 'recoveryId',
} as const;
type Joined = keyof typeof personalIds;
export class TableLedgerStore implements LedgerStore {
  /** Counts for tests and benchmarks. */
  readonly stats = { itemsRead: 0, commits: 0, summaryReads: 0 };
  private readonly tokens = new WeakMap<UnitOfWork, string>();

  constructor(protected readonly table: Table) {}

  async commit(unit: UnitOfWork): Promise<void> {
    const writes: TableWrite[] = [];
    const owner: number[] = [];
    const seen = new Set<string>();
    unit.writes.forEach((w, index) => {
      for (const t of tableWritesOf(w)) {
        // The same registry item twice in one unit (two pots of one funder) is written once.
        if (t.kind === 'put' && t.condition === 'none' && t.item.type?.S === 'registry') {
          const id = `${t.item.pk?.S}|${t.item.sk?.S}`;
          if (seen.has(id)) continue;
          seen.add(id);
        }
        writes.push(t);
        owner.push(index);
      }
    });
    if (writes.length === 0) return;
    try {
      // The same unit resent (after a busy answer) carries the same token, so DynamoDB applies it
      // at most once; another unit, even with the same content, is a transaction of its own.
      let token = this.tokens.get(unit);
      if (!token) {
        token = randomUUID();
        this.tokens.set(unit, token);
      }
      await this.table.transact(writes, token);
      this.stats.commits++;
    } catch (error) {
      if (error instanceof TableBusyError) throw new CommitRejectedError({ kind: 'busy' }, { cause: error });
      if (!(error instanceof TableConditionError)) throw error;
      // DynamoDB reports every failed condition; the domain gets the most telling one.
      const failed = error.failed.map((f) => ({
        ...f,
        write: writes[f.index] as TableWrite,
        index: owner[f.index] ?? 0,
      }));
      const idempotency = failed.find(
        (f) => f.write.kind === 'put' && f.write.item.type?.S === 'idempotency',
      );
      const short = failed.find((f) => wasShort(f.write, f.old));
      const first = idempotency ?? short ?? failed[0];
      if (!first) throw error;
      const reason =
        first === short
          ? 'insufficient'
          : first.write.kind === 'put' && first.write.condition === 'absent'
            ? 'exists'
            : 'condition';
      throw new CommitRejectedError({ kind: 'refused', index: first.index, reason }, { cause: error });
    }
  }

  /**
   * Records read back whole: each joined with its personal data (domain/personal-data.ts). One
   * query per plan, bounded by the first and last record id, reads the personal items of a page.
   */
  private async joined<T extends { planId: string }>(kind: Joined, records: T[]): Promise<T[]> {
    if (records.length === 0) return records;
    const idOf = (r: T) => (r as unknown as Record<string, string>)[personalIds[kind]] as string;
    const byPlan = new Map<string, string[]>();
    for (const r of records) {
      const ids = byPlan.get(r.planId);
      if (ids) ids.push(idOf(r));
      else byPlan.set(r.planId, [idOf(r)]);
    }
    const found = new Map<string, PersonalData>();
    await Promise.all(
      [...byPlan].map(async ([planId, ids]) => {
        const sorted = [...ids].sort();
        const prefix = personalPrefix(kind);
        const items =
          sorted.length === 1
            ? [await this.get(keys.personal(planId, kind, sorted[0] as string))].filter(
                (i): i is Item => i !== undefined,
              )
            : await this.queryAll({
                pk: keys.plan(planId).pk,
                skFrom: `${prefix}${sorted[0]}`,
                skUpTo: `${prefix}${sorted.at(-1)}`,
              });
        for (const i of items) {
          const d = doc<PersonalData>(i);
          found.set(`${d.planId}|${d.recordId}`, d);
        }
      }),
    );
    return records.map((r) => joinPersonal(r, found.get(`${r.planId}|${idOf(r)}`)));
  }

  private async joinedOne<T extends { planId: string }>(kind: Joined, record: T | undefined) {
    return record && (await this.joined(kind, [record]))[0];
  }

  async listPersonalData(planId: string): Promise<PersonalData[]> {
    return (await this.queryAll({ pk: keys.plan(planId).pk, skPrefix: personalPrefix() })).map((i) =>
      doc<PersonalData>(i),
    );
  }

  private async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const item = await this.table.get(key);
    if (item) this.stats.itemsRead++;
    return item;
  }

  /** Every item of a query, page by page, bounded. */
  private async queryAll(q: Query): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    for (let page = 0; page < queryPagesMax; page++) {
      const out = await this.table.query({ ...q, ...(start ? { start } : {}) });
      items.push(...out.items);
      this.stats.itemsRead += out.items.length;
      start = out.last;
      if (!start) return items;
    }
    throw new RangeError(`a query of ${q.pk} ran past ${queryPagesMax} pages`);
  }

  private async sharded(index: 'gsi1' | 'gsi2' | 'gsi3', prefix: string, skPrefix: string, only?: number) {
    const shards = only === undefined ? Array.from({ length: shardCount }, (_, i) => i) : [only];
    const parts = await Promise.all(
      shards.map((shard) => this.queryAll({ index, pk: `${prefix}#${shard}`, skPrefix })),
    );
    return parts.flat();
  }

  async getIdempotency(scope: string, key: string): Promise<IdempotencyClaim | undefined> {
    const item = await this.get(keys.idempotency(scope, key));
    if (!item) return undefined;
    // A stored answer about a plan keeps its personal values in the plan's personal data.
    const personalKey = idempotencyPersonalKey(item, scope, key);
    const personal = personalKey && (await this.get(personalKey));
    return readIdempotency(item, scope, key, personal ? doc<PersonalData>(personal) : undefined);
  }
  async getPlan(planId: string): Promise<Plan | undefined> {
    const item = await this.get(keys.plan(planId));
    return item && doc<Plan>(item);
  }
  async getPots(planId: string): Promise<Pot[]> {
    return (await this.queryAll({ pk: keys.plan(planId).pk, skPrefix: 'POT#' })).map(readPot);
  }
  async getPlanWithPots(planId: string): Promise<{ plan: Plan | undefined; pots: Pot[] }> {
    // The plan's item sorts just before its pots ("PLAN" < "POT#…"), so one query reads them all.
    const items = await this.queryAll({ pk: keys.plan(planId).pk, skFrom: 'PLAN', skUpTo: 'POT#~' });
    const plan = items.find((i) => i.sk?.S === 'PLAN');
    return {
      plan: plan && doc<Plan>(plan),
      pots: items.filter((i) => i.sk?.S?.startsWith('POT#')).map(readPot),
    };
  }
  async getSpend(planId: string, spendId: string): Promise<Spend | undefined> {
    const item = await this.get(keys.spend(planId, spendId));
    return this.joinedOne('spend', item && doc<Spend>(item));
  }
  async listSpends(planId: string): Promise<Spend[]> {
    const items = await this.queryAll({ pk: keys.plan(planId).pk, skPrefix: 'SPEND#' });
    return this.joined(
      'spend',
      items.map((i) => doc<Spend>(i)),
    );
  }
  async getEntry(planId: string, entryId: string): Promise<JournalEntry | undefined> {
    const item = await this.get(keys.entry(planId, entryId));
    return this.joinedOne('entry', item && readEntry(item));
  }

  async listEntries(planId: string, page: PageRequest): Promise<Page<JournalEntry>> {
    const found = await this.newestFirst(planId, 'ENTRY#', page);
    const items = await this.joined('entry', found.items.map(readEntry));
    return { items, next: found.next };
  }

  async listEvents(planId: string, page: PageRequest): Promise<Page<PlanEvent>> {
    const found = await this.newestFirst(planId, 'EVENT#', page);
    return {
      items: await this.joined(
        'event',
        found.items.map((i) => doc<PlanEvent>(i)),
      ),
      next: found.next,
    };
  }

  async getRecovery(planId: string, recoveryId: string): Promise<Recovery | undefined> {
    const item = await this.get(keys.recovery(planId, recoveryId));
    return this.joinedOne('recovery', item && doc<Recovery>(item));
  }

  async listRecoveries(scope: { councilId: string } | { funderId: string }): Promise<Recovery[]> {
    const [index, prefix] =
      'councilId' in scope
        ? (['gsi1', `COUNCIL#${scope.councilId}`] as const)
        : (['gsi2', `FUNDER#${scope.funderId}`] as const);
    return this.joined(
      'recovery',
      (await this.sharded(index, prefix, 'RECOVERY#')).map((i) => doc<Recovery>(i)),
    );
  }

  async listReturns(planId: string): Promise<HolderReturn[]> {
    return this.joined(
      'return',
      (await this.queryAll({ pk: keys.plan(planId).pk, skPrefix: 'RETURN#' })).map((i) =>
        doc<HolderReturn>(i),
      ),
    );
  }

  /** A plan's items of one kind, newest first (their ids sort by time), in pages. */
  private async newestFirst(planId: string, prefix: string, page: PageRequest): Promise<Page<Item>> {
    const after = decodeCursor(page.cursor);
    const limit = Math.min(page.limit, pageLimitMax);
    const pk = keys.plan(planId).pk;
    const items: Item[] = [];
    let start: Item | undefined = after === undefined ? undefined : { pk: S(pk), sk: S(`${prefix}${after}`) };
    // DynamoDB's Limit counts items read, so keep reading until the page is full or the list ends.
    for (let reads = 0; items.length < limit + 1 && reads < queryPagesMax; reads++) {
      const out = await this.table.query({
        pk,
        skPrefix: prefix,
        forward: false,
        limit: limit + 1 - items.length,
        ...(start ? { start } : {}),
      });
      items.push(...out.items);
      this.stats.itemsRead += out.items.length;
      start = out.last;
      if (!start) break;
    }
    const pageItems = items.slice(0, limit);
    const last = pageItems[pageItems.length - 1];
    return {
      items: pageItems,
      next: items.length > limit && last ? encodeCursor(text(last, 'sk').slice(prefix.length)) : null,
    };
  }

  /** Merges the approver's ten shards in request order. */
  async listPendingApprovals(approverOrg: string, page: PageRequest): Promise<Page<Spend>> {
    const after = decodeCursor(page.cursor);
    const limit = Math.min(page.limit, pageLimitMax);
    const perShard = await Promise.all(
      Array.from({ length: shardCount }, (_, shard) =>
        this.table
          .query({
            index: 'gsi1',
            pk: `APPROVER#${approverOrg}#${shard}`,
            ...(after === undefined ? {} : { skAfter: after }),
            limit: limit + 1,
          })
          .then((out) => out.items),
      ),
    );
    const merged = perShard.flat().sort((a, b) => text(a, 'gsi1sk').localeCompare(text(b, 'gsi1sk')));
    this.stats.itemsRead += merged.length;
    const items = merged.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: await this.joined(
        'spend',
        items.map((i) => doc<Spend>(i)).filter((s) => s.status === 'pending_approval'),
      ),
      next: merged.length > limit && last ? encodeCursor(text(last, 'gsi1sk')) : null,
    };
  }

  async listCouncilPots(councilId: string, shard?: number): Promise<Pot[]> {
    return (await this.sharded('gsi1', `COUNCIL#${councilId}`, 'POT#', shard)).map(readPot);
  }
  async listOrganisations(kind: 'council' | 'funder'): Promise<string[]> {
    const prefix = kind === 'council' ? 'COUNCIL#' : 'FUNDER#';
    const items = await this.queryAll({ pk: 'REGISTRY', skPrefix: prefix });
    return items.map((i) => text(i, 'sk').slice(prefix.length));
  }
  async listFunderPots(funderId: string): Promise<Pot[]> {
    return (await this.sharded('gsi2', `FUNDER#${funderId}`, 'POT#')).map(readPot);
  }
  async listHolderPots(holderId: string): Promise<Pot[]> {
    return (await this.sharded('gsi3', `HOLDER#${holderId}`, 'POT#')).map(readPot);
  }
  async listCouncilPlans(councilId: string, shard?: number): Promise<Plan[]> {
    return (await this.sharded('gsi1', `COUNCIL#${councilId}`, 'PLAN#', shard)).map((i) => doc<Plan>(i));
  }
  async listSummaries(
    scope: { planId: string } | { councilId: string } | { funderId: string },
    kind: SummaryKind,
    month?: string,
  ): Promise<Summary[]> {
    this.stats.summaryReads++;
    if ('planId' in scope) {
      const rows = (await this.queryAll({ pk: keys.plan(scope.planId).pk, skPrefix: `SUM#${kind}#` })).map(
        readSummary,
      );
      return month === undefined ? rows : rows.filter((r) => r.key.startsWith(month));
    }
    const [index, prefix] =
      'councilId' in scope
        ? (['gsi1', `COUNCIL#${scope.councilId}`] as const)
        : (['gsi2', `FUNDER#${scope.funderId}`] as const);
    const skPrefix = kind === 'day' && month !== undefined ? `SUM#day#${month}#` : `SUM#${kind}#`;
    return (await this.sharded(index, prefix, skPrefix)).map(readSummary);
  }
  async listFigures(councilId: string, kind: FigureKind, month?: string): Promise<Summary[]> {
    this.stats.summaryReads++;
    const skPrefix = month === undefined ? `${kind}#` : `${kind}#${month}`;
    const parts = await Promise.all(
      Array.from({ length: shardCount }, (_, shard) =>
        this.queryAll({ pk: figuresPk(councilId, shard), skPrefix }),
      ),
    );
    return parts.flat().map(readSummary);
  }
  async getPolicy(councilId: string): Promise<CouncilPolicy | undefined> {
    const item = await this.get(keys.policy(councilId));
    return item && doc<CouncilPolicy>(item);
  }
  async listAmendments(planId: string): Promise<Amendment[]> {
    return (await this.queryAll({ pk: keys.plan(planId).pk, skPrefix: 'AMENDMENT#' })).map((i) =>
      doc<Amendment>(i),
    );
  }
  async getPotStatements(planId: string, potId: string): Promise<PotStatements> {
    const pk = keys.plan(planId).pk;
    const [statements, lines, texts, classifications] = await Promise.all(
      ['STMT#', 'STMTLINES#', 'STMTTEXT#', 'STMTCLASS#'].map((prefix) =>
        this.queryAll({ pk, skPrefix: `${prefix}${potId}#` }),
      ),
    );
    return {
      statements: (statements ?? []).map((i) => doc<StatementRecord>(i)),
      lines: (lines ?? []).map((i) => doc<StatementLines>(i)),
      texts: (texts ?? []).map((i) => doc<StatementTexts>(i)),
      classifications: (classifications ?? []).map((i) => doc<LineClassification>(i)),
    };
  }

  async getReceipt(planId: string, receiptId: string): Promise<Receipt | undefined> {
    const item = await this.get(keys.receipt(planId, receiptId));
    return item && doc<Receipt>(item);
  }
  async listReceipts(planId: string): Promise<Receipt[]> {
    return (await this.queryAll({ pk: keys.plan(planId).pk, skPrefix: 'RECEIPT#' })).map((i) =>
      doc<Receipt>(i),
    );
  }

  async listReviews(planId: string): Promise<Review[]> {
    return (await this.queryAll({ pk: keys.plan(planId).pk, skPrefix: 'REVIEW#' })).map((i) =>
      doc<Review>(i),
    );
  }
  async getBudgetRequest(planId: string, requestId: string): Promise<BudgetRequest | undefined> {
    const item = await this.get(keys.budgetRequest(planId, requestId));
    return item && doc<BudgetRequest>(item);
  }
  async listBudgetRequests(planId: string): Promise<BudgetRequest[]> {
    return (await this.queryAll({ pk: keys.plan(planId).pk, skPrefix: 'BREQUEST#' })).map((i) =>
      doc<BudgetRequest>(i),
    );
  }
  async listCouncilBudgetRequests(
    councilId: string,
    status: BudgetRequest['status'],
    page: PageRequest,
  ): Promise<Page<BudgetRequest>> {
    const after = decodeCursor(page.cursor);
    const limit = Math.min(page.limit, pageLimitMax);
    const items = await this.indexPage(
      {
        index: 'gsi1',
        pk: `BREQUEST#COUNCIL#${councilId}#${status}`,
        ...(after === undefined ? {} : { skAfter: after }),
      },
      limit + 1,
    );
    const pageItems = items.slice(0, limit);
    const last = pageItems[pageItems.length - 1];
    return {
      items: pageItems.map((i) => doc<BudgetRequest>(i)),
      next: items.length > limit && last ? encodeCursor(text(last, 'gsi1sk')) : null,
    };
  }
  async listMemberPlans(sub: string): Promise<string[]> {
    return (await this.queryAll({ index: 'gsi3', pk: `MEMBER#${sub}` })).map((i) => text(i, 'planId'));
  }
  async searchCouncilPlans(councilId: string, reference: string, page: PageRequest): Promise<Page<Plan>> {
    const after = decodeCursor(page.cursor);
    const limit = Math.min(page.limit, pageLimitMax);
    const items = await this.indexPage(
      {
        index: 'gsi3',
        pk: `PLANREF#${councilId}`,
        ...(after === undefined ? (reference ? { skPrefix: reference } : {}) : { skAfter: after }),
      },
      limit + 1,
    );
    // After a cursor DynamoDB cannot take both a prefix and a start, so the prefix is kept here.
    const matching = items.filter((i) => text(i, 'gsi3sk').startsWith(reference));
    const pageItems = matching.slice(0, limit);
    const last = pageItems.at(-1);
    return {
      items: pageItems.map((i) => doc<Plan>(i)),
      next: matching.length > limit && last ? encodeCursor(text(last, 'gsi3sk')) : null,
    };
  }
  async getWork(planId: string, kind: WorkItem['kind'], ref: string): Promise<WorkItem | undefined> {
    const item = await this.get(keys.work(planId, kind, ref));
    return item && doc<WorkItem>(item);
  }
  async listWork(q: WorkQuery): Promise<WorkItem[]> {
    const bounds = (window: string) => {
      const index = workIndex(q.scope, window);
      // Positions start with the due date, so a due bound is a bound on the sort key.
      const from = [q.after, q.dueFrom]
        .filter((v): v is string => v !== undefined)
        .sort()
        .at(-1);
      return {
        index,
        pk: workPartition(q.scope, window),
        ...(from === undefined ? {} : { skFrom: from }),
        ...(q.dueTo === undefined ? {} : { skUpTo: `${q.dueTo}#~` }),
      };
    };
    const keep = (items: Item[], index: 'gsi1' | 'gsi2') =>
      items.filter((i) => q.after === undefined || text(i, `${index}sk`) > q.after);
    const windows = q.window === 'open' ? ['open', 'approval'] : [q.window];
    const found = await Promise.all(
      windows.map(async (window) => {
        const b = bounds(window);
        const items = keep(await this.indexPage(b, q.limit + 2), b.index);
        return items.map((i) =>
          text(i, 'type') === 'spend' ? approvalWork(doc<Spend>(i)) : doc<WorkItem>(i),
        );
      }),
    );
    return found.flat();
  }

  /** Up to `wanted` items of an index query, reading on while DynamoDB's Limit cuts pages short. */
  private async indexPage(q: Query, wanted: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    for (let reads = 0; items.length < wanted && reads < queryPagesMax; reads++) {
      const out = await this.table.query({ ...q, limit: wanted - items.length, ...(start ? { start } : {}) });
      items.push(...out.items);
      this.stats.itemsRead += out.items.length;
      start = out.last;
      if (!start) break;
    }
    return items;
  }
  async getRecord<T>(scope: RecordScope, name: string): Promise<StoredRecord<T> | undefined> {
    const item = await this.get(keys.record(scope, name));
    return item && readRecord<T>(scope, item);
  }

  async listRecords<T>(
    scope: RecordScope,
    prefix: string,
    page: PageRequest,
  ): Promise<Page<StoredRecord<T>>> {
    const after = decodeCursor(page.cursor);
    const limit = Math.min(page.limit, pageLimitMax);
    const pk = recordPk(scope);
    const items: Item[] = [];
    let start: Item | undefined = after === undefined ? undefined : { pk: S(pk), sk: S(`${prefix}${after}`) };
    for (let reads = 0; items.length < limit + 1 && reads < queryPagesMax; reads++) {
      const out = await this.table.query({
        pk,
        skPrefix: prefix,
        limit: limit + 1 - items.length,
        ...(start ? { start } : {}),
      });
      items.push(...out.items);
      this.stats.itemsRead += out.items.length;
      start = out.last;
      if (!start) break;
    }
    const pageItems = items.slice(0, limit);
    const last = pageItems[pageItems.length - 1];
    return {
      items: pageItems.map((i) => readRecord<T>(scope, i)),
      next: items.length > limit && last ? encodeCursor(text(last, 'sk').slice(prefix.length)) : null,
    };
  }

  async getRun(runId: string): Promise<InstalmentRun | undefined> {
    const item = await this.get(keys.run(runId));
    return item && readRun(item);
  }
  async hasClaim(planId: string, name: string): Promise<boolean> {
    return (await this.get(keys.planClaim(planId, name))) !== undefined;
  }
}
