import * as ledger from './ledger.js';
import * as lifecycle from './lifecycle.js';
import * as personalData from './personal-data.js';
import * as plans from './plans.js';
import { router } from './router.js';
import * as spends from './spends.js';
import * as statements from './statements.js';

/** The read group's function. Reads: plans, spends, events, worklists and the lifecycle's records, all by the caller's access. */
export const handler = router('read', {
  'plans.get': plans.get,
  'ledger.events': ledger.events,
  'plans.members': plans.members,
  'plans.mine': plans.mine,
  'plans.spends': plans.spends,
  'plans.search': plans.search,
  'lifecycle.amendments': lifecycle.amendments,
  'lifecycle.reviews': lifecycle.reviews,
  'lifecycle.planBudgetRequests': lifecycle.planBudgetRequests,
  'lifecycle.councilBudgetRequests': lifecycle.councilBudgetRequests,
  'lifecycle.policy': lifecycle.policy,
  'lifecycle.councilWorklist': lifecycle.councilWorklist,
  'lifecycle.funderWorklist': lifecycle.funderWorklist,
  'spends.get': spends.get,
  'ledger.approvals': ledger.approvals,
  'ledger.instalmentRunStatus': ledger.instalmentRunStatus,
  'ledger.councilInstalmentRuns': ledger.councilInstalmentRuns,
  'ledger.audit': ledger.audit,
  'personal-data.exportPersonalData': personalData.exportPersonalData,
  'statements.lines': statements.lines,
});
