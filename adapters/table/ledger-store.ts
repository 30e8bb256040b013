import { randomUUID } from 'node:crypto';
import type { Plan, Pot, Recovery, Spend } from '../../domain/model.js';
import type { PersonalData } from '../../domain/personal-data.js';
import type { BudgetRequest, CouncilPolicy, WorkItem } from '../../domain/plan-records.js';
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
import { shardCount } from '../../domain/shards.js';
import type { FigureKind, Summary, SummaryKind } from '../../domain/summaries.js';
import { doc, figuresPk, type Item, keys, recordPk, text, workIndex, workPartition } from './keys.js';
import { approvalWork } from './lifecycle-items.js';
import { readRecord } from './money-flow-items.js';
import { readPot, readRun, readSummary } from './money-items.js';
import { idempotencyPersonalKey, readIdempotency } from './personal-items.js';
import { PlanReads } from './plan-reads.js';
import { TableBusyError, TableConditionError, type TableWrite } from './table.js';
import { pageLimitMax } from './table-reads.js';
import { decodeCursor, encodeCursor, tableWritesOf, wasShort } from './writes.js';

/**
 * The LedgerStore port on one table (DESIGN.md section 4), written once for DynamoDB and memory.
 * A unit of work becomes one transaction; a refusal names the unit's write by index. The store
 * never retries: the domain's commit path is the one retry layer. Reads within a plan are in
 * plan-reads.ts; here are the reads across plans: an organisation's (by write shard), a
 * worklist's, a run's, stored answers and records of money out.
 */

export { pageLimitMax, queryPagesMax } from './table-reads.js';

export class TableLedgerStore extends PlanReads implements LedgerStore {
  private readonly tokens = new WeakMap<UnitOfWork, string>();

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

  async getIdempotency(scope: string, key: string): Promise<IdempotencyClaim | undefined> {
    const item = await this.get(keys.idempotency(scope, key));
    if (!item) return undefined;
    // A stored answer about a plan keeps its personal values in the plan's personal data.
    const personalKey = idempotencyPersonalKey(item, scope, key);
    const personal = personalKey && (await this.get(personalKey));
    return readIdempotency(item, scope, key, personal ? doc<PersonalData>(personal) : undefined);
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

  async getRecord<T>(scope: RecordScope, name: string): Promise<StoredRecord<T> | undefined> {
    const item = await this.get(keys.record(scope, name));
    return item && readRecord<T>(scope, item);
  }

  async listRecords<T>(
    scope: RecordScope,
    prefix: string,
    page: PageRequest,
  ): Promise<Page<StoredRecord<T>>> {
    const found = await this.keyPage(recordPk(scope), prefix, page, true);
    return { items: found.items.map((i) => readRecord<T>(scope, i)), next: found.next };
  }

  async getRun(runId: string): Promise<InstalmentRun | undefined> {
    const item = await this.get(keys.run(runId));
    return item && readRun(item);
  }

  async listCouncilRuns(councilId: string, page: PageRequest): Promise<Page<InstalmentRun>> {
    const after = decodeCursor(page.cursor);
    const limit = Math.min(page.limit, pageLimitMax);
    const items = await this.indexPage(
      {
        index: 'gsi1',
        pk: `RUNS#${councilId}`,
        forward: false,
        ...(after === undefined ? {} : { skAfter: after }),
      },
      limit + 1,
    );
    const pageItems = items.slice(0, limit);
    const last = pageItems.at(-1);
    return {
      items: pageItems.map(readRun),
      next: items.length > limit && last ? encodeCursor(text(last, 'gsi1sk')) : null,
    };
  }
}
