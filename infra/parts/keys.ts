import { Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { DeploymentSettings } from '../settings.js';
import { allowCloudWatchLogs, LedgerKey, type LedgerKeyProps } from './key-policy.js';

/**
 * Customer-managed keys (DESIGN.md 11d), made in production (LEDGER_CUSTOMER_KEYS elsewhere): one
 * for the ledger's data at rest (the table, the exports and archive buckets, the queues), one for
 * logs (CloudWatch Logs may use it only for this account's log groups), one for the backup vaults.
 * Each rotates yearly. Their key policies (parts/key-policy.ts) keep administration with the account
 * but no use of the key, and name each principal that may use it: a function may use the data key
 * only by a grant made where it is bound to the table, bucket or queue (grantData below, or the
 * queue's own grants), and only through DynamoDB, S3 or SQS, so key use follows data access exactly
 * (test/infra/running.test.ts and key-policies.test.ts check which roles hold it).
 *
 * A new data store (a receipts bucket, an account-data key's neighbour) picks this scheme up by
 * taking `ledgerKeys(stack)?.data` as its encryption key when it is defined (S3: BucketEncryption.KMS
 * with bucketKeyEnabled; SQS: QueueEncryption.KMS) and calling grantData for each function that
 * reads or writes it; a key for a narrower purpose is a LedgerKey made beside these, the same way.
 */
export interface LedgerKeys {
  data: LedgerKey;
  logs: LedgerKey;
  backup: LedgerKey;
}

const made = new WeakMap<Stack, LedgerKeys>();

/** The stack's keys, if it has customer-managed keys (undefined: AWS-managed or service keys). */
export const ledgerKeys = (scope: Construct): LedgerKeys | undefined => made.get(Stack.of(scope));

export function makeLedgerKeys(scope: Construct, s: DeploymentSettings): LedgerKeys | undefined {
  if (!s.customerKeys) return undefined;
  const stack = Stack.of(scope);
  const key = (id: string, description: string, via: LedgerKeyProps) =>
    new LedgerKey(scope, id, {
      enableKeyRotation: true,
      description,
      alias: `ehcp-ledger/${s.stage}/${id}`,
      ...via,
    });
  const data = key('DataKey', 'ehcp-ledger: the table, the exports and archive buckets, the queues', {
    // AWS Backup reads the table (and restores it) through itself.
    via: ['dynamodb', 's3', 'sqs', 'backup'],
    createdVia: ['dynamodb'],
  });
  const logs = key('LogsKey', "ehcp-ledger: this stack's CloudWatch log groups", {});
  const backup = key('BackupKey', "ehcp-ledger: the backup vaults' recovery points", {
    via: ['backup'],
    createdVia: ['backup'],
  });
  allowCloudWatchLogs(logs);
  const keys = { data, logs, backup };
  made.set(stack, keys);
  return keys;
}

/** Lets a function use the data key for what it reads (decrypt) or writes (encrypt too). */
export function grantData(scope: Construct, fn: IGrantable, access: 'read' | 'write'): void {
  const data = ledgerKeys(scope)?.data;
  if (!data) return;
  if (access === 'read') data.grantDecrypt(fn);
  else data.grantEncryptDecrypt(fn);
}
