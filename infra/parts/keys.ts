import { Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { DeploymentSettings } from '../settings.js';

/**
 * Customer-managed keys (DESIGN.md 11d), made in production (LEDGER_CUSTOMER_KEYS elsewhere): one
 * for the ledger's data at rest (the table, the exports and archive buckets, the queues), one for
 * logs (CloudWatch Logs may use it only for this account's log groups), one for the backup vaults.
 * Each rotates yearly. The key policy keeps administration with the account (CDK's default, which
 * delegates to IAM) and names the one service that uses a key in its own right (CloudWatch Logs,
 * for this account's log groups only); a function may use the data key only by an IAM grant made
 * where it is bound to the table, bucket or queue (grantData below, or the queue's own grants), so
 * key use follows data access exactly (test/infra/running.test.ts checks which roles hold it).
 *
 * A new data store (a receipts bucket, an account-data key's neighbour) picks this scheme up by
 * taking `ledgerKeys(stack)?.data` as its encryption key when it is defined (S3: BucketEncryption.KMS
 * with bucketKeyEnabled; SQS: QueueEncryption.KMS) and calling grantData for each function that
 * reads or writes it; a key for a narrower purpose is made here beside these, the same way.
 */
export interface LedgerKeys {
  data: Key;
  logs: Key;
  backup: Key;
}

const made = new WeakMap<Stack, LedgerKeys>();

/** The stack's keys, if it has customer-managed keys (undefined: AWS-managed or service keys). */
export const ledgerKeys = (scope: Construct): LedgerKeys | undefined => made.get(Stack.of(scope));

export function makeLedgerKeys(scope: Construct, s: DeploymentSettings): LedgerKeys | undefined {
  if (!s.customerKeys) return undefined;
  const stack = Stack.of(scope);
  const key = (id: string, description: string) =>
    new Key(scope, id, { enableKeyRotation: true, description, alias: `ehcp-ledger/${s.stage}/${id}` });
  const data = key('DataKey', 'ehcp-ledger: the table, the exports and archive buckets, the queues');
  const logs = key('LogsKey', "ehcp-ledger: this stack's CloudWatch log groups");
  const backup = key('BackupKey', "ehcp-ledger: the backup vaults' recovery points");
  logs.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchLogsForThisAccount',
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
        },
      },
    }),
  );
  const keys = { data, logs, backup };
  made.set(stack, keys);
  return keys;
}

/** Lets a function use the data key for what it reads (decrypt) or writes (encrypt too). */
export function grantData(scope: Construct, fn: IGrantable, access: 'read' | 'write'): void {
  const data = ledgerKeys(scope)?.data as IKey | undefined;
  if (!data) return;
  if (access === 'read') data.grantDecrypt(fn);
  else data.grantEncryptDecrypt(fn);
}
