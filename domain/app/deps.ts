import type { Actor } from '../model.js';
import type { AccountSealer } from '../payments/sealer.js';
import type { PolicyOverride, SpendPolicy } from '../policy.js';
import type { Clock, IdGenerator, InstalmentQueue, LedgerStore } from '../ports.js';
import type { BlobStore } from '../receipts/receipt.js';
import type { PlanCache } from './plan-cache.js';

/**
 * What a use case is given: its dependencies (`Deps`) and the request it serves (`RequestContext`),
 * in a module of their own so the commit path (unit.ts) and the command runner (context.ts) both
 * read them without importing each other.
 */

/** What every use case needs from outside, passed in so tests and adapters choose. */
export interface Deps {
  store: LedgerStore;
  clock: Clock;
  ids: IdGenerator;
  policyOverrides?: Readonly<Record<string, PolicyOverride>>;
  /**
   * Council policies as this container last read them, with their versions. A posting may decide
   * on a cached policy only because its unit checks that version (`policyCheck`): a stale one is
   * refused, forgotten and read again, so it costs a retry, never a wrong answer.
   */
  policyCache?: Map<string, { policy: SpendPolicy; version: number }>;
  /**
   * Plans with their pots as this container last read them, for spends (domain/app/posting.ts):
   * a spend decides on the cached copy only because its unit checks the plan's version and the
   * pot's state; a refusal of either forgets the copy. Reads never answer from it.
   */
  planCache?: PlanCache;
  /** When set (AWS), runs for councils with more pots than `instalmentSyncPotsMax` fan out. */
  instalmentQueue?: InstalmentQueue;
  instalmentSyncPotsMax?: number;
  /** Where receipts are kept (section 11b); without one, receipts are refused. */
  blobs?: BlobStore;
  /** Waits between commit attempts while the store is busy; tests pass a no-op. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Business facts as the use cases that know them see them (spends posted, refused; instalments posted). */
  metrics?: BusinessMetrics;
  /** Seals account numbers (DESIGN.md 11b); without one, bank details are refused. */
  sealer?: AccountSealer;
}

/** The business metrics a use case records, by the names the dashboards and alarms read. */
export type BusinessMetricName = 'SpendsPosted' | 'SpendsPending' | 'SpendsRefused' | 'InstalmentsPosted';

/**
 * Where a use case records a business fact, once, when it happens (not on a replay): CloudWatch in
 * Lambda (functions/http/observability.ts), a list in tests, nowhere when not given. Dimensions are
 * bounded sets: the council, a refusal's code.
 */
export interface BusinessMetrics {
  count(name: BusinessMetricName, value: number, dimensions: Readonly<Record<string, string>>): void;
}

export interface RequestContext {
  actor: Actor;
  requestId: string;
  /** Required on every command; the transport hashes the request so a reused key is detected. */
  idempotencyKey?: string | undefined;
  requestHash?: string | undefined;
}
