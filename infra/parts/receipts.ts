import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  type IBucket,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { LedgerFunction } from '../ledger-function.js';
import { LedgerKey } from './key-policy.js';

/**
 * Receipts (DESIGN.md section 11b): a bucket encrypted with a customer managed KMS key, written
 * only by browsers holding a pre-signed POST (the form requires SSE-KMS with this key, the
 * declared type and size), read through 5-minute links. GuardDuty Malware Protection for S3 scans
 * every new object and tags it; the bucket refuses reads of an object tagged as a threat. Receipts
 * are personal data: retained with the plan until disposal deletes them (section 11d).
 */
export function receipts(
  scope: Construct,
  p: { webOrigin: string; accessLogs: IBucket; functions: readonly LedgerFunction[] },
) {
  // Named in its policy: the signing function and GuardDuty's scan role, through S3 only.
  const key = new LedgerKey(scope, 'ReceiptsKey', {
    via: ['s3'],
    description: 'Encrypts receipts uploaded by families (personal data)',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const bucket = new Bucket(scope, 'Receipts', {
    encryption: BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.RETAIN,
    serverAccessLogsBucket: p.accessLogs,
    serverAccessLogsPrefix: 'receipts/',
    // The web app's form posts straight here.
    cors: [{ allowedMethods: [HttpMethods.POST], allowedOrigins: [p.webOrigin], allowedHeaders: ['*'] }],
    lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
  });
  // An object GuardDuty found malicious cannot be read, by a link or by the API.
  bucket.addToResourcePolicy(
    new PolicyStatement({
      sid: 'NoReadsOfThreats',
      effect: Effect.DENY,
      principals: [new ServicePrincipal('lambda.amazonaws.com')],
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects('*')],
      conditions: { StringEquals: { 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': 'THREATS_FOUND' } },
    }),
  );

  // GuardDuty Malware Protection for S3: the role it assumes to read, decrypt and tag new objects.
  const scanRole = new Role(scope, 'ReceiptsScanRole', {
    assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
  });
  scanRole.addToPolicy(
    new PolicyStatement({
      actions: [
        's3:GetObject',
        's3:GetObjectVersion',
        's3:PutObjectTagging',
        's3:GetObjectTagging',
        's3:PutObjectVersionTagging',
        's3:GetObjectVersionTagging',
      ],
      resources: [bucket.arnForObjects('*')],
    }),
  );
  scanRole.addToPolicy(
    new PolicyStatement({
      actions: [
        's3:PutBucketNotification',
        's3:GetBucketNotification',
        's3:ListBucket',
        's3:GetBucketLocation',
      ],
      resources: [bucket.bucketArn],
    }),
  );
  scanRole.addToPolicy(
    new PolicyStatement({
      actions: [
        'events:PutRule',
        'events:DeleteRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:DescribeRule',
      ],
      resources: ['arn:aws:events:*:*:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*'],
    }),
  );
  key.grantDecrypt(scanRole);
  const scan = new CfnMalwareProtectionPlan(scope, 'ReceiptsMalwareScan', {
    role: scanRole.roleArn,
    protectedResource: { s3Bucket: { bucketName: bucket.bucketName } },
    actions: { tagging: { status: 'ENABLED' } },
  });
  scan.node.addDependency(scanRole);

  // The API function signs forms (so the browser's upload acts with its rights: put, encrypted with
  // the key) and links (get, decrypt), reads the first bytes and deletes mismatches: no more.
  for (const fn of p.functions) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: [bucket.arnForObjects('receipts/*')],
      }),
    );
    key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    fn.addEnvironment('RECEIPTS_BUCKET', bucket.bucketName);
    fn.addEnvironment('RECEIPTS_KMS_KEY_ID', key.keyArn);
    fn.addEnvironment('APP_ORIGIN', p.webOrigin);
  }
  const stack = Stack.of(scope);
  const nag = Validations.of(scope);
  nag.acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>/receipts/*]`,
    reason:
      'Receipts are one object each under receipts/<plan>/<spend>/<receipt>; the function acts on them by key only.',
  });
  nag.acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>/*]`,
    reason:
      "GuardDuty Malware Protection's role reads and tags every new object of the bucket it scans (AWS's documented policy).",
  });
  nag.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:aws:events:*:*:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]',
    reason:
      'The EventBridge rule GuardDuty Malware Protection manages for the bucket; the name is fixed by AWS.',
  });
  return { bucket, key, scan };
}
