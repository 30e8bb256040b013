import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { tableDefinition } from '../../adapters/dynamodb/table.js';
import type { DeploymentSettings } from '../settings.js';

/**
 * What the ledger keeps: the table (PITR, deletion protection, retained), AWS Backup into a vault
 * that production locks in compliance mode, and buckets under Object Lock for the exports and the
 * journal archive, so the journal survives even the table's loss.
 */
export function storage(scope: Construct, s: DeploymentSettings) {
  const table = new Table(scope, 'Ledger', {
    partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
    sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    stream: StreamViewType[tableDefinition.streamView],
    // AWS-owned keys cannot be audited in CloudTrail; an AWS-managed key can, at no key fee.
    encryption: TableEncryption.AWS_MANAGED,
    // Web sessions (SESSION# items) carry `ttl`; no other item does, so nothing else expires.
    timeToLiveAttribute: 'ttl',
  });
  for (const index of tableDefinition.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
    });
  }

  // Backups for years, beyond PITR's 35 days; in production the vault lock cannot be lifted
  // (compliance mode once its 3-day grace ends), so not even an administrator can delete them.
  const vault = new BackupVault(scope, 'Vault', {
    removalPolicy: RemovalPolicy.RETAIN,
    ...(s.production
      ? { lockConfiguration: { minRetention: s.backupRetention, changeableFor: Duration.days(3) } }
      : {}),
  });
  const plan = new BackupPlan(scope, 'Backups', {
    backupVault: vault,
    backupPlanRules: [
      new BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: Schedule.cron({ hour: '2', minute: '30' }),
        deleteAfter: s.backupRetention,
        ...(s.backupCopyVaultArn
          ? {
              copyActions: [
                {
                  destinationBackupVault: BackupVault.fromBackupVaultArn(
                    scope,
                    'CopyVault',
                    s.backupCopyVaultArn,
                  ),
                  deleteAfter: s.backupRetention,
                },
              ],
            }
          : {}),
      }),
    ],
  });
  plan.addSelection('Ledger', { resources: [BackupResource.fromDynamoDbTable(table)] });

  const accessLogs = new Bucket(scope, 'AccessLogs', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ expiration: Duration.days(400) }],
  });
  const lock = (years: number) =>
    s.production
      ? ObjectLockRetention.compliance(Duration.days(years * 366))
      : ObjectLockRetention.governance(Duration.days(years * 366));
  const locked = (id: string, prefix: string, years: number) =>
    new Bucket(scope, id, {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: lock(years),
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: `${prefix}/`,
      lifecycleRules: [
        {
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
          expiration: Duration.days((years + 1) * 366),
        },
      ],
    });
  const exports = locked('Exports', 'exports', 7);
  const archive = locked('JournalArchive', 'archive', 7);
  // CloudFront's standard logs need a bucket that accepts its ACL-based writes.
  const frontLogs = new Bucket(scope, 'FrontLogs', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: ObjectOwnership.OBJECT_WRITER,
    removalPolicy: RemovalPolicy.RETAIN,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: 'front-logs/',
    lifecycleRules: [{ expiration: Duration.days(400) }],
  });
  return { table, vault, plan, accessLogs, exports, archive, frontLogs };
}
