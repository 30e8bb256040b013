import * as lifecycle from './lifecycle.js';
import * as payments from './payments.js';
import * as personalData from './personal-data.js';
import * as plans from './plans.js';
import * as pots from './pots.js';
import { router } from './router.js';
import * as spends from './spends.js';
import * as statements from './statements.js';

/** The manage group's function. Writes that manage plans: plans, budgets, members, agreements, returns, suspensions, amendments, reviews, budget requests and policy. */
export const handler = router('manage', {
  'plans.create': plans.create,
  'plans.budget': plans.budget,
  'pots.suspend': pots.suspend,
  'pots.resume': pots.resume,
  'pots.agreement': pots.agreement,
  'pots.holderReturn': pots.holderReturn,
  'plans.addMember': plans.addMember,
  'plans.removeMember': plans.removeMember,
  'lifecycle.amend': lifecycle.amend,
  'lifecycle.review': lifecycle.review,
  'lifecycle.requestBudget': lifecycle.requestBudget,
  'lifecycle.decide': lifecycle.decide,
  'lifecycle.setPolicy': lifecycle.setPolicy,
  'spends.evidence': spends.evidence,
  'personal-data.dispose': personalData.dispose,
  'payments.payingAccount': payments.payingAccount,
  'payments.clientAccount': payments.clientAccount,
  'payments.runPayments': payments.runPayments,
  'statements.requestReceipt': statements.requestReceipt,
  'statements.receipt': statements.receipt,
});
