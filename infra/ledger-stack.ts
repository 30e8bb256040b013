import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { archiveAlarms } from './parts/archive.js';
import { backupFailureAlarm } from './parts/backup.js';
import { canaries } from './parts/delivery.js';
import { front } from './parts/front.js';
import { jobs } from './parts/jobs.js';
import { makeLedgerKeys } from './parts/keys.js';
import { alarms, alarmTopic } from './parts/monitoring.js';
import { receipts } from './parts/receipts.js';
import { storage } from './parts/storage.js';
import type { DeploymentSettings } from './settings.js';

/**
 * ehcp-ledger in AWS: the single table with backups and a journal archive that outlive it, a
 * Cognito user pool whose tokens carry role, org and plans, an HTTP API grouped by privilege
 * behind CloudFront and WAF, scheduled work fanned out over queues, and alarms that reach someone.
 */

export interface LedgerStackProps extends StackProps {
  settings: DeploymentSettings;
  /** The WAF web ACL for CloudFront (from the us-east-1 edge stack); none in unit tests. */
  webAclArn?: string | undefined;
}

export class LedgerStack extends Stack {
  readonly table: Table;
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: LedgerStackProps) {
    super(scope, id, props);
    const s = props.settings;
    // The council's retention schedule (LEDGER_LOG_RETENTION_DAYS), for access and function logs alike.
    const logRetention = s.logRetention;
    const keys = makeLedgerKeys(this, s);
    const stored = storage(this, s);
    this.table = stored.table;

    // --- Identity ----------------------------------------------------------------------------
    const userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection that blocks compromised credentials and risky sign-ins.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      // A changed email counts only once verified; until then the old one still signs in.
      keepOriginal: { email: true },
      autoVerify: { email: true },
      customAttributes: {
        role: new StringAttribute({ mutable: true, minLen: 1, maxLen: 32 }),
        org: new StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }),
        plans: new StringAttribute({ mutable: true, maxLen: 2048 }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
      // Invitations and codes through SES from the council's verified domain (Cognito's own email
      // sends 50 a day at most); the identity is verified in SES before deploying (docs/deploy.md).
      ...(s.sesDomain && s.sesFromAddress
        ? {
            email: UserPoolEmail.withSES({
              fromEmail: s.sesFromAddress,
              fromName: 'EHC plan budgets',
              sesVerifiedDomain: s.sesDomain,
              sesRegion: this.region,
            }),
          }
        : {}),
    });
    const client = new UserPoolClient(this, 'WebClient', {
      userPool,
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      // Users may read their role, organisation and plans but never write them.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes('role', 'org', 'plans'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
      oAuth: {
        // The web app exchanges the code (with PKCE) at its own callback.
        callbackUrls: [`${s.webOrigin}/auth/callback`],
        logoutUrls: [s.webOrigin],
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
    });
    if (s.cognitoDomainPrefix)
      userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: s.cognitoDomainPrefix } });
    const issuer = `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`;

    // --- Work, front door, operations ------------------------------------------------------------
    const work = jobs(this, s, {
      table: this.table,
      exports: stored.exports,
      archive: stored.archive,
      logRetention,
    });
    // The key that seals the web app's session cookies; rotating it signs everyone out.
    const sessionSecret = new Secret(this, 'WebSessionKey', {
      description: 'Seals the web app session cookies (AES-256-GCM key material)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(sessionSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A key that seals session cookies, not a credential of another system: rotating it only signs everyone out, so it is rotated by replacing the secret when needed.',
    });
    const door = front(this, {
      table: this.table,
      web: {
        sessionSecret,
        cognitoDomain: s.cognitoDomainPrefix
          ? `https://${s.cognitoDomainPrefix}.auth.${this.region}.amazoncognito.com`
          : '',
        clientId: client.userPoolClientId,
      },
      council: s.council,
      frontLogs: stored.frontLogs,
      instalmentShards: work.instalmentShards,
      logRetention,
      webOrigin: s.webOrigin,
      issuer,
      audience: client.userPoolClientId,
      webAclArn: props.webAclArn,
      domainName: s.frontDomainName,
      certificateArn: s.frontCertificateArn,
    });
    this.api = door.api;
    Validations.of(door.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Shared by CloudFront and the functions to prove a request came through CloudFront; rotating it means redeploying both (docs/runbook.md), so it is rotated by replacing it.',
    });
    // Receipts (section 11b): only the function that signs their forms and links touches them.
    receipts(this, {
      webOrigin: s.webOrigin,
      accessLogs: stored.accessLogs,
      functions: door.functions.filter((fn) => fn.node.id === 'ManageApi'),
    });
    const topic = alarmTopic(this, s.alarmEmail);
    backupFailureAlarm(this, topic);
    canaries(this, door.aliases, topic);
    archiveAlarms(this, work.archiver, topic);
    alarms(this, topic, {
      api: this.api,
      table: this.table,
      functions: [...door.functions, ...work.functions],
      queues: work.queues,
      deadLetters: work.deadLetters,
      stage: s.stage,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'FrontUrl', { value: `https://${door.distribution.distributionDomainName}` });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'ExportsBucket', { value: stored.exports.bucketName });
    new CfnOutput(this, 'ArchiveBucket', { value: stored.archive.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });

    // Acknowledged cdk-nag findings, each with the reason it does not apply.
    const nag = Validations.of(this);
    nag.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-maintained minimum for a function to write its own logs; it grants nothing on data.',
    });
    if (keys) {
      for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*'])
        nag.acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason:
            "KMS's own grant for encrypting with one key: the statement's resource is the data key's ARN alone (tested), never *.",
        });
    }
    nag.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords and stream ListStreams accept no resource but *; no data action has a * resource (tested).',
    });
    for (const [bucket, prefix] of [
      [stored.exports, 'councils'],
      [stored.archive, 'journal'],
    ] as const) {
      nag.acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>/${prefix}/*]`,
        reason: `Writes one file per ${prefix === 'councils' ? 'council and month' : 'journal entry'} under ${prefix}/; it can neither read nor delete.`,
      });
    }
    nag.acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(work.dispatcher.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        'EventBridge Scheduler may invoke any version of this one function; the wildcard covers only its qualifiers.',
    });
    nag.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason:
        "CodeDeploy's own limited role for Lambda canaries: it moves an alias between versions and reads alarms, nothing on data.",
    });
    nag.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: "AWS Backup's own service-role policy, the minimum it needs to back up the table.",
    });
    for (const q of [work.scheduleDlq, work.archiveDlq]) {
      Validations.of(q).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue (of the schedules, or of the stream consumer); cdk-nag recognises only queue redrive.',
      });
    }
    const distribution = door.distribution;
    if (!s.frontCertificateArn) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a council domain the default *.cloudfront.net certificate is used, whose policy CloudFront fixes; with LEDGER_FRONT_DOMAIN and LEDGER_FRONT_CERTIFICATE_ARN the minimum is TLS 1.2 (tested).',
      });
    }
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Families abroad (holidays, placements) must still reach their budget; WAF rate limits and managed rules guard the door instead.',
    });
    const openApiRoute = this.api.node.findAll().find((c) => c.node.id === 'GET--v1--openapi.json');
    if (openApiRoute) {
      Validations.of(openApiRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The OpenAPI description is public by design (DESIGN.md section 5: "anyone"); it holds no data.',
      });
    }
  }
}
