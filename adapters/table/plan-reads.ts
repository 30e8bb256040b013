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
import type { PersonalData } from '../../domain/personal-data.js';
import type { Amendment, BudgetRequest, Review, WorkItem } from '../../domain/plan-records.js';
import type { Page, PageRequest } from '../../domain/ports.js';
import type { Receipt } from '../../domain/receipts/receipt.js';
import type {
  LineClassification,
  PotStatements,
  StatementLines,
  StatementRecord,
  StatementTexts,
} from '../../domain/statements/records.js';
import { doc, type Item, keys, personalPrefix } from './keys.js';
import { readPot } from './money-items.js';
import { TableReads } from './table-reads.js';

/**
 * The store's reads within one plan's partition (DESIGN.md section 4): the plan and its pots,
 * spends, journal entries and events (newest first, in pages), recoveries, returns, lifecycle
 * records, statements, receipts and personal data. Records whose personal fields are kept apart
 * are joined with them: one extra read per page, never one per record.
 */

/** Pair assertion, second half: an entry read back must still balance. */
function readEntry(item: Item): JournalEntry {
  const entry = doc<JournalEntry>(item);
  assertBalanced(entry);
  return entry;
}

export class PlanReads extends TableReads {
  async listPersonalData(planId: string): Promise<PersonalData[]> {
    return (await this.queryAll({ pk: keys.plan(planId).pk, skPrefix: personalPrefix() })).map((i) =>
      doc<PersonalData>(i),
    );
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

  async listReturns(planId: string): Promise<HolderReturn[]> {
    return this.joined(
      'return',
      (await this.queryAll({ pk: keys.plan(planId).pk, skPrefix: 'RETURN#' })).map((i) =>
        doc<HolderReturn>(i),
      ),
    );
  }

  /** A plan's items of one kind, newest first (their ids sort by time), in pages. */
  protected newestFirst(planId: string, prefix: string, page: PageRequest): Promise<Page<Item>> {
    return this.keyPage(keys.plan(planId).pk, prefix, page, false);
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

  async getWork(planId: string, kind: WorkItem['kind'], ref: string): Promise<WorkItem | undefined> {
    const item = await this.get(keys.work(planId, kind, ref));
    return item && doc<WorkItem>(item);
  }

  async hasClaim(planId: string, name: string): Promise<boolean> {
    return (await this.get(keys.planClaim(planId, name))) !== undefined;
  }
}
