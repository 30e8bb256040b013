import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
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
import { backups } from './backup.js';
import { ledgerKeys } from './keys.js';

/**
 * What the ledger keeps: the table (PITR, deletion protection, retained), AWS Backup (parts/backup.ts),
 * and buckets under Object Lock for the exports and the journal archive, so the journal survives
 * even the table's loss. With customer-managed keys (production) the table and the data buckets
 * use the data key; the log-delivery buckets keep S3's keys (CloudFront and S3 logging write them).
 */
export function storage(scope: Construct, s: DeploymentSettings) {
  const dataKey = ledgerKeys(scope)?.data;
  const table = new Table(scope, 'Ledger', {
    partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
    sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    stream: StreamViewType[tableDefinition.streamView],
    // Web sessions (SESSION# items) carry `ttl`; no other item does, so nothing else expires.
    timeToLiveAttribute: 'ttl',
    // AWS-owned keys cannot be audited in CloudTrail; an AWS-managed key can, at no key fee; in
    // production the data key, whose use is granted function by function.
    ...(dataKey
      ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: dataKey }
      : { encryption: TableEncryption.AWS_MANAGED }),
  });
  for (const index of tableDefinition.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
    });
  }

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
      ...(dataKey
        ? { encryption: BucketEncryption.KMS, encryptionKey: dataKey, bucketKeyEnabled: true }
        : { encryption: BucketEncryption.S3_MANAGED }),
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
  const { vault, dailyVault, plan } = backups(scope, s, table);
  return { table, vault, dailyVault, plan, accessLogs, exports, archive, frontLogs };
}
