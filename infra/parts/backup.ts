import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { DeploymentSettings } from '../settings.js';
import { ledgerKeys } from './keys.js';

/**
 * Backups that fit the law and the bill (DESIGN.md 11d), on top of the table's 35 days of PITR:
 * - daily recovery points, kept 35 days, in a vault of their own whose production lock allows
 *   that and no more (at least 7 days, at most 35);
 * - monthly recovery points, kept 7 years, moved to cold storage after 90 days, in the vault that
 *   production locks in compliance mode for 7 years (its 3-day grace over, no one can delete them).
 *   Cold storage for DynamoDB needs AWS Backup's advanced features for DynamoDB, switched on once
 *   per account (docs/runbook.md); without them the rule fails at the first backup and alarms.
 * A failed, aborted or expired backup or copy job raises the alarm topic.
 */
export const coldAfter = Duration.days(90);
/** No one can delete a daily point in its first week; none can be kept past 35 days. */
export const dailyMinRetention = Duration.days(7);

export function backups(scope: Construct, s: DeploymentSettings, table: Table) {
  const keys = ledgerKeys(scope);
  const encryption = keys ? { encryptionKey: keys.backup } : {};
  const dailyVault = new BackupVault(scope, 'DailyVault', {
    removalPolicy: RemovalPolicy.RETAIN,
    ...encryption,
    ...(s.production
      ? {
          lockConfiguration: {
            minRetention: dailyMinRetention,
            maxRetention: s.dailyBackupRetention,
            changeableFor: Duration.days(3),
          },
        }
      : {}),
  });
  const vault = new BackupVault(scope, 'Vault', {
    removalPolicy: RemovalPolicy.RETAIN,
    ...encryption,
    ...(s.production
      ? { lockConfiguration: { minRetention: s.backupRetention, changeableFor: Duration.days(3) } }
      : {}),
  });
  const copyVault = s.backupCopyVaultArn
    ? BackupVault.fromBackupVaultArn(scope, 'CopyVault', s.backupCopyVaultArn)
    : undefined;
  const plan = new BackupPlan(scope, 'Backups', {
    backupVault: vault,
    backupPlanRules: [
      new BackupPlanRule({
        ruleName: 'Daily',
        backupVault: dailyVault,
        scheduleExpression: Schedule.cron({ hour: '2', minute: '30' }),
        deleteAfter: s.dailyBackupRetention,
      }),
      new BackupPlanRule({
        ruleName: 'Monthly',
        backupVault: vault,
        scheduleExpression: Schedule.cron({ day: '1', hour: '3', minute: '30' }),
        moveToColdStorageAfter: coldAfter,
        deleteAfter: s.backupRetention,
        ...(copyVault
          ? {
              copyActions: [
                {
                  destinationBackupVault: copyVault,
                  moveToColdStorageAfter: coldAfter,
                  deleteAfter: s.backupRetention,
                },
              ],
            }
          : {}),
      }),
    ],
  });
  const selection = plan.addSelection('Ledger', { resources: [BackupResource.fromDynamoDbTable(table)] });
  // The role AWS Backup backs up and restores as reads the table's key and writes the vaults'.
  if (keys) {
    keys.data.grant(selection, 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant');
    keys.backup.grant(selection, 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant');
  }
  return { vault, dailyVault, plan };
}

/** Backup and copy jobs that did not complete, to the alarm topic. */
export function backupFailureAlarm(scope: Construct, topic: ITopic): Rule {
  const rule = new Rule(scope, 'BackupJobFailed', {
    description: 'An AWS Backup job of the ledger failed, aborted or expired',
    eventPattern: {
      source: ['aws.backup'],
      detailType: ['Backup Job State Change', 'Copy Job State Change'],
      detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
    },
  });
  rule.addTarget(new SnsTopic(topic));
  return rule;
}
