import type { ActorRef, AmountText, Bucket, JournalEntry, Plan, Pot, Spend } from './model.js';
import type { Summary, SummaryDelta, SummaryKind } from './summaries.js';

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
}

export type BucketDeltas = Partial<Record<Bucket | 'allocated', AmountText>>;

export interface PotChange {
  planId: string;
  potId: string;
  /** Signed changes. The store refuses the whole unit if any bucket would go below zero. */
  deltas: BucketDeltas;
  /** Conditions on the stored pot besides non-negative buckets. */
  expect?: { suspended?: boolean; instalmentsPosted?: number };
  set?: { suspended?: boolean; suspensionReason?: string | null; instalmentsPosted?: number };
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

export interface UnitOfWork {
  idempotency?: IdempotencyClaim;
  /** A new plan (must not exist). */
  plan?: Plan;
  /** New pots, stored with their opening balances (must not exist). */
  newPots?: Pot[];
  potChanges?: PotChange[];
  /** Journal entries, append-only (must not exist). */
  entries?: JournalEntry[];
  newSpend?: Spend;
  /** Replaces a spend if its stored version is still `expectedVersion`. */
  spendChange?: { spend: Spend; expectedVersion: number };
  /** Additions to report summaries, applied in the same transaction as the entries. */
  summaries?: SummaryDelta[];
  /** A new fanned-out instalment run, and a shard's progress on one (claimed once per shard). */
  runCreate?: InstalmentRun;
  runProgress?: RunProgress;
  /** Markers that may exist only once: an instalment posted, an entry reversed. */
  claims?: Array<{ planId: string; name: string }>;
}

/** Why a store refused a unit of work; the domain turns each into the error it means. */
export type CommitRejection =
  | { kind: 'idempotency_key_claimed' }
  | { kind: 'insufficient_funds'; potId: string }
  | { kind: 'state_changed'; what: string }
  | { kind: 'already_exists'; what: string };

export class CommitRejectedError extends Error {
  override readonly name = 'CommitRejectedError';
  constructor(
    readonly rejection: CommitRejection,
    options?: { cause?: unknown },
  ) {
    super(`commit rejected: ${rejection.kind}${'what' in rejection ? ` (${rejection.what})` : ''}`, options);
  }
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface LedgerStore {
  commit(unit: UnitOfWork): Promise<void>;
  getIdempotency(scope: string, key: string): Promise<IdempotencyClaim | undefined>;
  getPlan(planId: string): Promise<Plan | undefined>;
  getPots(planId: string): Promise<Pot[]>;
  getSpend(planId: string, spendId: string): Promise<Spend | undefined>;
  listSpends(planId: string): Promise<Spend[]>;
  getEntry(planId: string, entryId: string): Promise<JournalEntry | undefined>;
  /** Newest first. */
  listEntries(planId: string, page: PageRequest): Promise<Page<JournalEntry>>;
  /** Spends waiting for the approver organisation, oldest request first. */
  listPendingApprovals(approverOrg: string, page: PageRequest): Promise<Page<Spend>>;
  /** A council's pots, or those of one write shard (0..9) when a scheduled run fans out. */
  listCouncilPots(councilId: string, shard?: number): Promise<Pot[]>;
  /** Every council that has a plan, or every organisation that funds a pot. */
  listOrganisations(kind: 'council' | 'funder'): Promise<string[]>;
  listFunderPots(funderId: string): Promise<Pot[]>;
  listHolderPots(holderId: string): Promise<Pot[]>;
  listCouncilPlans(councilId: string): Promise<Plan[]>;
  hasClaim(planId: string, name: string): Promise<boolean>;
  getRun(runId: string): Promise<InstalmentRun | undefined>;
  /** Summaries of one plan, or council- or funder-wide through the sharded indexes. */
  listSummaries(
    scope: { planId: string } | { councilId: string } | { funderId: string },
    kind: SummaryKind,
  ): Promise<Summary[]>;
}

export const pageLimitDefault = 50;
export const pageLimitMax = 100;
