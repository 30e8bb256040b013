import type {
  ActorRef,
  AmountText,
  Bucket,
  HolderReturn,
  JournalEntry,
  Plan,
  PlanEvent,
  Pot,
  Recovery,
  Spend,
} from './model.js';
import type { PersonalData } from './personal-data.js';
import type {
  Amendment,
  BudgetRequest,
  CouncilPolicy,
  Review,
  WorkItem,
  WorkWindow,
} from './plan-records.js';
import type { Receipt } from './receipts/receipt.js';
import type {
  LineClassification,
  PotStatements,
  StatementLines,
  StatementRecord,
  StatementTexts,
} from './statements/records.js';
import type { FigureKind, Summary, SummaryDelta, SummaryKind } from './summaries.js';

/**
 * Ports the adapters implement (DESIGN.md section 7). The domain builds a UnitOfWork; a store must
 * apply it all or nothing and must itself enforce every condition listed here, because only the
 * store sees concurrent writers.
 */

export interface Clock {
  now(): Date;
}

/** Unique, time-sortable ids (lexical order = creation order). */
export interface IdGenerator {
  next(): string;
}

export interface IdempotencyClaim {
  /** Keys are scoped to the caller, so one user's key can never replay another user's response. */
  scope: string;
  key: string;
  requestHash: string;
  response: unknown;
  recordedAt: string;
  /** The plan the request was about: the answer's personal values are kept in its personal data. */
  planId?: string | undefined;
}

/** Signed changes of a pot's buckets, `allocated`, and `withheld` (money returned to the funder). */
export type BucketDeltas = Partial<Record<Bucket | 'allocated' | 'withheld', AmountText>>;

export interface PotChange {
  planId: string;
  potId: string;
  /** Signed changes. The store refuses the whole unit if any bucket would go below zero. */
  deltas: BucketDeltas;
  /** Conditions on the stored pot besides non-negative buckets. */
  expect?: { suspended?: boolean; instalmentsPosted?: number; notCeased?: boolean; version?: number };
  set?: {
    suspended?: boolean;
    suspensionReason?: string | null;
    instalmentsPosted?: number;
    /** The cessation, as JSON (section 9a). */
    ceased?: string;
    /** Instalments whose release was reversed, due again (JSON; section 11a). */
    reversedInstalments?: string;
  };
  /** The agreement in force, as JSON (section 9a). */
  setAgreement?: string;
}

/** An instalment run fanned out over a council's write shards (DESIGN.md section 4). */
export interface InstalmentRun {
  runId: string;
  councilId: string;
  upTo: string;
  shards: number;
  shardsDone: number;
  posted: number;
  alreadyPosted: number;
  amount: AmountText;
  startedAt: string;
  requestedBy: ActorRef;
  /** A run answered at once keeps what it held and offset, for its page (section 11b). */
  held?: Array<{ planId: string; potId: string; reason: string }>;
  offset?: Array<{ planId: string; potId: string; amount: AmountText }>;
  payments?: number;
}

/** One shard's contribution to a run; recorded once per shard however often it is delivered. */
export interface RunProgress {
  runId: string;
  shard: number;
  posted: number;
  alreadyPosted: number;
  amount: AmountText;
}

/** Where a fanned-out run's shard messages go (a queue in AWS). */
export interface InstalmentQueue {
  send(messages: Array<{ councilId: string; shard: number; upTo: string; runId?: string }>): Promise<void>;
}

/**
 * Where a record of money out lives (DESIGN.md 11b): with its plan (a payee's account: personal
 * data, kept apart from the journal), with its run (its payments and downloads), or with an
 * organisation (a funder's paying account, a broker's client account).
 */
export type RecordScope = { planId: string } | { runId: string } | { org: string };

/** A record kept whole, found by its scope and name; `version` moves on every replacement. */
export interface StoredRecord<T = unknown> {
  scope: RecordScope;
  name: string;
  kind: string;
  version: number;
  doc: T;
}

/** What a write may create: the records of the ledger, each with an identity of its own. */
export type LedgerRecord =
  | { type: 'idempotency'; claim: IdempotencyClaim }
  | { type: 'plan'; plan: Plan }
  | { type: 'pot'; pot: Pot }
  | { type: 'entry'; entry: JournalEntry }
  | { type: 'spend'; spend: Spend }
  /** A marker that may exist only once: an instalment posted, an entry reversed, a run's shard done. */
  | { type: 'claim'; scope: { planId: string } | { runId: string }; name: string }
  | { type: 'run'; run: InstalmentRun }
  | { type: 'event'; event: PlanEvent }
  | { type: 'return'; held: HolderReturn }
  | { type: 'recovery'; recovery: Recovery }
  | { type: 'policy'; policy: CouncilPolicy }
  /** One version of a council's policy, kept for the record (the current one is `policy`). */
  | { type: 'policyVersion'; policy: CouncilPolicy }
  | { type: 'amendment'; amendment: Amendment }
  | { type: 'review'; review: Review }
  | { type: 'budgetRequest'; request: BudgetRequest }
  /** A record's personal data (domain/personal-data.ts), for records the store does not split. */
  | { type: 'personal'; data: PersonalData }
  | { type: 'record'; record: StoredRecord }
  /** An imported statement, its lines, their descriptions (personal data), a line explained (section 11b). */
  | { type: 'statement'; statement: StatementRecord }
  | { type: 'statementLines'; lines: StatementLines }
  | { type: 'statementTexts'; texts: StatementTexts }
  | { type: 'lineClassification'; classification: LineClassification }
  /** A receipt's record (section 11b): personal data, its blob in the blob store. */
  | { type: 'receipt'; receipt: Receipt };

/** What an update changes in place. */
export type UpdateTarget =
  | { type: 'pot'; planId: string; potId: string }
  | { type: 'run'; runId: string }
  | { type: 'summary'; delta: SummaryDelta };

/**
 * The few kinds of conditional write a unit is made of; a store implements each kind once.
 * - `put_if_absent`: creates a record; refused (`exists`) if it is already there.
 * - `update`: adds signed deltas to counters of an existing record (a summary is created on first
 *   use); refused (`insufficient`) if a counter in `nonNegative` would go below zero, or
 *   (`condition`) if the record is missing or an `expect` does not hold. `set` replaces fields.
 * - `replace_if_version`: replaces a record whose stored `version` is still `expectedVersion`.
 */
export type Write =
  | { kind: 'put_if_absent'; record: LedgerRecord }
  | {
      kind: 'update';
      target: UpdateTarget;
      deltas: Readonly<Record<string, AmountText>>;
      nonNegative?: readonly string[];
      expect?: Readonly<Record<string, boolean | number>>;
      /** Fields that must not be set (a pot not ceased). */
      absent?: readonly string[];
      set?: Readonly<Record<string, boolean | number | string | null>>;
    }
  | {
      kind: 'replace_if_version';
      record:
        | { type: 'spend'; spend: Spend }
        | { type: 'plan'; plan: Plan }
        | { type: 'recovery'; recovery: Recovery }
        | { type: 'policy'; policy: CouncilPolicy }
        | { type: 'budgetRequest'; request: BudgetRequest }
        | { type: 'record'; record: StoredRecord }
        | { type: 'receipt'; receipt: Receipt };
      expectedVersion: number;
    }
  /**
   * - `set_work`: opens, moves or closes an item of open work (an index, not a record of the
   *   ledger: the last writer wins, and the commands that write one are serialised by the record
   *   the work is about).
   */
  | { kind: 'set_work'; work: WorkItem }
  /** - `set_membership`: keeps the index of the plans a member covers (`GET /v1/me/plans`). */
  | { kind: 'set_membership'; planId: string; sub: string; active: boolean }
  /**
   * - `set_personal`: writes a record's personal data whatever is there (disposal's erasure, the
   *   migration, a feature keeping its own records' personal data in the scheme).
   */
  | { kind: 'set_personal'; data: PersonalData }
  /**
   * - `erase_texts`: rewrites a statement chunk's descriptions whatever is there (disposal; the
   *   chunk's lines, amounts and dates are another item and stay as they are).
   */
  | { kind: 'erase_texts'; texts: StatementTexts }
  /**
   * - `check_version`: writes nothing; refused (`condition`) unless the record is still at this
   *   version (0: not there). A decision made on a cached copy is held to what it read.
   */
  | {
      kind: 'check_version';
      target: { type: 'policy'; councilId: string } | { type: 'plan'; planId: string };
      version: number;
    };

/** An ordered list of writes applied all or nothing (one TransactWriteItems in DynamoDB). */
export interface UnitOfWork {
  writes: Write[];
}

/** Writes in one unit at most (DynamoDB's transaction limit). */
export const unitWritesMax = 100;

/**
 * Why a store refused a unit. `refused` names the write by its index in the unit, so the domain
 * reads the meaning off its own write; `busy` (throttling, a transaction conflict) may be retried
 * with the same unit.
 */
export type CommitRejection =
  | { kind: 'refused'; index: number; reason: 'exists' | 'insufficient' | 'condition' }
  | { kind: 'busy' };

export class CommitRejectedError extends Error {
  override readonly name = 'CommitRejectedError';
  constructor(
    readonly rejection: CommitRejection,
    options?: { cause?: unknown },
  ) {
    super(
      `commit rejected: ${rejection.kind === 'busy' ? 'busy' : `write ${rejection.index} ${rejection.reason}`}`,
      options,
    );
  }
}

/** A page cursor the store did not hand out. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * The ledger's storage. `commit` applies a unit all or nothing and throws only
 * CommitRejectedError (refused or busy) or an infrastructure error it could not classify; it
 * never retries (the domain's commit path is the one retry layer). Reads may throw
 * InvalidCursorError for a cursor the store did not issue.
 */
export interface LedgerStore {
  commit(unit: UnitOfWork): Promise<void>;
  getIdempotency(scope: string, key: string): Promise<IdempotencyClaim | undefined>;
  getPlan(planId: string): Promise<Plan | undefined>;
  getPots(planId: string): Promise<Pot[]>;
  /** The plan and its pots in one read (they share a partition): what every command starts from. */
  getPlanWithPots(planId: string): Promise<{ plan: Plan | undefined; pots: Pot[] }>;
  getSpend(planId: string, spendId: string): Promise<Spend | undefined>;
  listSpends(planId: string): Promise<Spend[]>;
  getEntry(planId: string, entryId: string): Promise<JournalEntry | undefined>;
  /** Newest first. */
  listEntries(planId: string, page: PageRequest): Promise<Page<JournalEntry>>;
  /** A plan's non-monetary records, newest first. */
  listEvents(planId: string, page: PageRequest): Promise<Page<PlanEvent>>;
  /** Every return submitted for a plan's pots (superseded ones included). */
  listReturns(planId: string): Promise<HolderReturn[]>;
  getRecovery(planId: string, recoveryId: string): Promise<Recovery | undefined>;
  /** A council's or a funder's recoveries, through the sharded indexes. */
  listRecoveries(scope: { councilId: string } | { funderId: string }): Promise<Recovery[]>;
  /** Spends waiting for the approver organisation, oldest request first. */
  listPendingApprovals(approverOrg: string, page: PageRequest): Promise<Page<Spend>>;
  /** A council's pots, or those of one write shard (0..shardCount-1) when a scheduled run fans out. */
  listCouncilPots(councilId: string, shard?: number): Promise<Pot[]>;
  /** Every council that has a plan, or every organisation that funds a pot. */
  listOrganisations(kind: 'council' | 'funder'): Promise<string[]>;
  listFunderPots(funderId: string): Promise<Pot[]>;
  listHolderPots(holderId: string): Promise<Pot[]>;
  /** A council's plans, or those of one write shard (disposal pages through them). */
  listCouncilPlans(councilId: string, shard?: number): Promise<Plan[]>;
  /** Everything personal held about a plan's records (domain/personal-data.ts), in key order. */
  listPersonalData(planId: string): Promise<PersonalData[]>;
  hasClaim(planId: string, name: string): Promise<boolean>;
  getRun(runId: string): Promise<InstalmentRun | undefined>;
  /** A council's instalment runs, newest first, paged. */
  listCouncilRuns(councilId: string, page: PageRequest): Promise<Page<InstalmentRun>>;
  /** A record of money out by its scope and name. */
  getRecord<T>(scope: RecordScope, name: string): Promise<StoredRecord<T> | undefined>;
  /** Records of a scope whose names start with a prefix, in name order, paged. */
  listRecords<T>(scope: RecordScope, prefix: string, page: PageRequest): Promise<Page<StoredRecord<T>>>;
  getPolicy(councilId: string): Promise<CouncilPolicy | undefined>;
  /** A plan's amendments, oldest first. */
  listAmendments(planId: string): Promise<Amendment[]>;
  /** A plan's reviews, oldest first. */
  listReviews(planId: string): Promise<Review[]>;
  getBudgetRequest(planId: string, requestId: string): Promise<BudgetRequest | undefined>;
  /** A plan's budget requests, oldest first. */
  listBudgetRequests(planId: string): Promise<BudgetRequest[]>;
  /** A council's budget requests in one status, oldest first. */
  listCouncilBudgetRequests(
    councilId: string,
    status: BudgetRequest['status'],
    page: PageRequest,
  ): Promise<Page<BudgetRequest>>;
  /** Plans someone is a member of (section 9a), through the membership index. */
  listMemberPlans(sub: string): Promise<string[]>;
  /** A council's plans by child reference (a prefix), in reference order, paged. */
  searchCouncilPlans(councilId: string, reference: string, page: PageRequest): Promise<Page<Plan>>;
  getWork(planId: string, kind: WorkItem['kind'], ref: string): Promise<WorkItem | undefined>;
  /**
   * Open work of a council or funder in one window, in due order: due dates from `dueFrom` up to
   * `dueTo` (inclusive, either may be absent), strictly after the sort position `after`.
   */
  listWork(query: WorkQuery): Promise<WorkItem[]>;
  /** Summaries of one plan, or council- or funder-wide through the sharded indexes. */
  listSummaries(
    scope: { planId: string } | { councilId: string } | { funderId: string },
    kind: SummaryKind,
    /** Day summaries of one month ("2026-05") only. */
    month?: string,
  ): Promise<Summary[]>;
  /** A council's figures of one kind from every write shard (day figures of one month only). */
  listFigures(councilId: string, kind: FigureKind, month?: string): Promise<Summary[]>;
  /** A pot's imported statements with their lines, descriptions and classifications (section 11b). */
  getPotStatements(planId: string, potId: string): Promise<PotStatements>;
  getReceipt(planId: string, receiptId: string): Promise<Receipt | undefined>;
  /** A plan's receipts (section 11b). */
  listReceipts(planId: string): Promise<Receipt[]>;
}

export interface WorkQuery {
  scope: { councilId: string } | { funderId: string };
  window: WorkWindow;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** A position returned by `workPosition`: the page continues after it. */
  after?: string | undefined;
  limit: number;
}

/** A work item's sort position in a worklist: due date first, then a stable identity. */
export const workPosition = (w: Pick<WorkItem, 'due' | 'planId' | 'kind' | 'ref'>): string =>
  `${w.due}#${w.planId}#${w.kind}#${w.ref}`;

export const pageLimitDefault = 50;
export const pageLimitMax = 100;
