import { RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type FunctionGroup, groupOf, routes } from '../../contract/routes.js';
import type { LedgerFunction } from '../ledger-function.js';
import { LedgerKey } from './key-policy.js';

/**
 * The account-data key (DESIGN.md 11b): a customer-managed KMS key of its own for the envelope
 * encryption of account numbers, granted only to the functions that write agreements and accounts
 * and build payment files. Its ARN reaches them as ACCOUNT_KEY_ARN. Its key policy names those
 * functions' roles and no one else (parts/key-policy.ts); they call KMS themselves (the Encryption SDK).
 */

/** The routes that seal or open account numbers, by `file.handler`. */
export const accountRoutes = [
  'pots.agreement',
  'payments.payingAccount',
  'payments.clientAccount',
  'payments.runPayments',
] as const;

export const accountKeyGroups = (): FunctionGroup[] => [
  ...new Set(
    routes
      .filter((r) => (accountRoutes as readonly string[]).includes(`${r.file}.${r.handler}`))
      .map(groupOf),
  ),
];

export function accountDataKey(scope: Construct, functions: ReadonlyMap<string, LedgerFunction>): LedgerKey {
  const key = new LedgerKey(scope, 'AccountDataKey', {
    enableKeyRotation: true,
    description: 'Account numbers (envelope encryption): agreements, accounts and payment files only',
    // Sealed account numbers outlive a stack deleted by mistake only if their key does.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const group of accountKeyGroups()) {
    const fn = functions.get(group);
    if (!fn) throw new Error(`no function for the ${group} group`);
    key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    fn.addEnvironment('ACCOUNT_KEY_ARN', key.keyArn);
  }
  return key;
}
