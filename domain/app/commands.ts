/** The write use cases of DESIGN.md section 5, by aggregate; each reads, decides in the domain, commits one unit. */

export { isExpired } from '../spend.js';
export { createPlan, setUpBudget } from './plans.js';
export { adjustAllocation, type PotMovementResult, reverseEntry, setSuspension } from './pots.js';
export { type RecoveryInput, recover } from './recoveries.js';
export { actOnSpend, expirePendingApprovals, requestSpend, type SpendInput } from './spends.js';
