import * as ledger from './ledger.js';
import * as payments from './payments.js';
import * as pots from './pots.js';
import { router } from './router.js';
import * as spends from './spends.js';
import * as statements from './statements.js';

/** The money group's function. Writes that move money: spends and their decisions, adjustments, recoveries, reversals, cessation and resumption, and instalment runs. */
export const handler = router('money', {
  'pots.adjust': pots.adjust,
  'pots.recovery': pots.recovery,
  'pots.settleRecovery': pots.settleRecovery,
  'pots.withdrawRecovery': pots.withdrawRecovery,
  'pots.resumption': pots.resumption,
  'pots.cessation': pots.cessation,
  'spends.create': spends.create,
  'spends.approve': spends.approve,
  'spends.reject': spends.reject,
  'spends.pay': spends.pay,
  'spends.voidSpend': spends.voidSpend,
  'pots.reverse': pots.reverse,
  'ledger.instalmentRun': ledger.instalmentRun,
  'payments.paymentReturned': payments.paymentReturned,
  'statements.importStatement': statements.importStatement,
  'statements.classify': statements.classify,
});
