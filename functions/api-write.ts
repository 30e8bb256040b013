import * as ledger from './ledger.js';
import * as lifecycle from './lifecycle.js';
import * as plans from './plans.js';
import * as pots from './pots.js';
import { router } from './router.js';
import * as spends from './spends.js';

/** The write group's function. Writes: every command that posts, moves or records, each with its Idempotency-Key. */
export const handler = router('write', {
  'plans.create': plans.create,
  'plans.budget': plans.budget,
  'pots.adjust': pots.adjust,
  'pots.recovery': pots.recovery,
  'pots.settleRecovery': pots.settleRecovery,
  'pots.withdrawRecovery': pots.withdrawRecovery,
  'pots.suspend': pots.suspend,
  'pots.resume': pots.resume,
  'pots.resumption': pots.resumption,
  'pots.cessation': pots.cessation,
  'pots.agreement': pots.agreement,
  'pots.holderReturn': pots.holderReturn,
  'plans.addMember': plans.addMember,
  'plans.removeMember': plans.removeMember,
  'lifecycle.amend': lifecycle.amend,
  'lifecycle.review': lifecycle.review,
  'lifecycle.requestBudget': lifecycle.requestBudget,
  'lifecycle.decide': lifecycle.decide,
  'lifecycle.setPolicy': lifecycle.setPolicy,
  'spends.create': spends.create,
  'spends.approve': spends.approve,
  'spends.reject': spends.reject,
  'spends.pay': spends.pay,
  'spends.voidSpend': spends.voidSpend,
  'spends.evidence': spends.evidence,
  'pots.reverse': pots.reverse,
  'ledger.instalmentRun': ledger.instalmentRun,
});
