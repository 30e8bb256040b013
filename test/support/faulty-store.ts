import type { MemoryStore } from '../../adapters/memory-store.js';
import { CommitRejectedError, type LedgerStore, type UnitOfWork } from '../../domain/ports.js';

/**
 * The fault harness's store: the model's memory store behind an injector that refuses commits as
 * conflicts or throttling, crashes handlers before they commit, and loses acknowledgements after a
 * commit succeeded. Reads pass through.
 */

export interface FaultCounts {
  conflicts: number;
  throttles: number;
  crashesBeforeCommit: number;
  lostAcknowledgements: number;
  duplicates: number;
  lateRedeliveries: number;
  retries: number;
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

export class FaultyStore implements LedgerStore {
  constructor(
    private readonly inner: MemoryStore,
    private readonly random: () => number,
    readonly faults: FaultCounts,
    private readonly rate: number,
  ) {}
  async commit(unit: UnitOfWork): Promise<void> {
    const r = this.random();
    if (r < this.rate * 0.3) {
      this.faults.conflicts++;
      throw new CommitRejectedError({ kind: 'busy' }, { cause: new Error('injected transaction conflict') });
    }
    if (r < this.rate * 0.5) {
      this.faults.throttles++;
      throw new CommitRejectedError({ kind: 'busy' }, { cause: new Error('injected throttling') });
    }
    if (r < this.rate * 0.7) {
      this.faults.crashesBeforeCommit++;
      throw new TimeoutError('injected crash before commit');
    }
    await this.inner.commit(unit);
    if (this.random() < this.rate * 0.3) {
      this.faults.lostAcknowledgements++;
      throw new TimeoutError('injected timeout after the commit succeeded');
    }
  }
  getIdempotency = (s: string, k: string) => this.inner.getIdempotency(s, k);
  getPlan = (id: string) => this.inner.getPlan(id);
  getPots = (id: string) => this.inner.getPots(id);
  getPlanWithPots = (id: string) => this.inner.getPlanWithPots(id);
  getSpend = (p: string, s: string) => this.inner.getSpend(p, s);
  listSpends = (p: string) => this.inner.listSpends(p);
  getEntry = (p: string, e: string) => this.inner.getEntry(p, e);
  listEntries: LedgerStore['listEntries'] = (p, page) => this.inner.listEntries(p, page);
  listEvents: LedgerStore['listEvents'] = (p, page) => this.inner.listEvents(p, page);
  listReturns = (p: string) => this.inner.listReturns(p);
  getRecovery = (p: string, r: string) => this.inner.getRecovery(p, r);
  listRecoveries: LedgerStore['listRecoveries'] = (scope) => this.inner.listRecoveries(scope);
  listPendingApprovals: LedgerStore['listPendingApprovals'] = (o, page) =>
    this.inner.listPendingApprovals(o, page);
  listCouncilPots: LedgerStore['listCouncilPots'] = (c, shard) => this.inner.listCouncilPots(c, shard);
  listOrganisations: LedgerStore['listOrganisations'] = (k) => this.inner.listOrganisations(k);
  listFunderPots = (f: string) => this.inner.listFunderPots(f);
  listHolderPots = (h: string) => this.inner.listHolderPots(h);
  listCouncilPlans = (c: string, shard?: number) => this.inner.listCouncilPlans(c, shard);
  listPersonalData = (p: string) => this.inner.listPersonalData(p);
  hasClaim = (p: string, n: string) => this.inner.hasClaim(p, n);
  getRun = (id: string) => this.inner.getRun(id);
  getRecord: LedgerStore['getRecord'] = (scope, name) => this.inner.getRecord(scope, name);
  listRecords: LedgerStore['listRecords'] = (scope, prefix, page) =>
    this.inner.listRecords(scope, prefix, page);
  listSummaries: LedgerStore['listSummaries'] = (scope, kind, month) =>
    this.inner.listSummaries(scope, kind, month);
  listFigures: LedgerStore['listFigures'] = (c, kind, month) => this.inner.listFigures(c, kind, month);
  getPotStatements = (p: string, pot: string) => this.inner.getPotStatements(p, pot);
  getReceipt = (p: string, r: string) => this.inner.getReceipt(p, r);
  listReceipts = (p: string) => this.inner.listReceipts(p);
  getPolicy = (c: string) => this.inner.getPolicy(c);
  listAmendments = (p: string) => this.inner.listAmendments(p);
  listReviews = (p: string) => this.inner.listReviews(p);
  getBudgetRequest = (p: string, r: string) => this.inner.getBudgetRequest(p, r);
  listBudgetRequests = (p: string) => this.inner.listBudgetRequests(p);
  listCouncilBudgetRequests: LedgerStore['listCouncilBudgetRequests'] = (c, s, page) =>
    this.inner.listCouncilBudgetRequests(c, s, page);
  getWork: LedgerStore['getWork'] = (p, k, r) => this.inner.getWork(p, k, r);
  listWork: LedgerStore['listWork'] = (q) => this.inner.listWork(q);
  listMemberPlans = (s: string) => this.inner.listMemberPlans(s);
  searchCouncilPlans: LedgerStore['searchCouncilPlans'] = (c, r, page) =>
    this.inner.searchCouncilPlans(c, r, page);
}
