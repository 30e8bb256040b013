/** The write use cases of DESIGN.md section 5, by aggregate; each reads, decides in the domain, commits one unit. */

export { isExpired } from '../spend.js';
export { createPlan, setUpBudget } from './plans.js';
export {
  adjustAllocation,
  type PotMovementResult,
  type RecoveryInput,
  recover,
  reverseEntry,
  setSuspension,
} from './pots.js';
export { actOnSpend, expirePendingApprovals, requestSpend, type SpendInput } from './spends.js';
