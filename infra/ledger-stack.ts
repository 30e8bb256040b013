import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDefinition } from '../adapters/dynamodb/table.js';
import { routes } from '../functions/routes.js';
import { bindTable, LedgerFunction } from './ledger-function.js';

/**
 * ehcp-ledger in AWS: the single table, a Cognito user pool whose tokens carry role, org and
 * plans, an HTTP API with a JWT authorizer and one function per route, the daily instalment
 * fan-out and approval expiry, an exports bucket, and alarms with a dashboard.
 */

export interface LedgerStackProps extends StackProps {
  stage: string;
  /** The web page's origin, the only one CORS admits. */
  webOrigin: string;
  /** Prefix of the Cognito hosted domain (optional). */
  cognitoDomainPrefix?: string | undefined;
  /** Where alarms are emailed (optional). */
  alarmEmail?: string | undefined;
}

export class LedgerStack extends Stack {
  readonly table: Table;
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: LedgerStackProps) {
    super(scope, id, props);
    const logRetention = RetentionDays.SIX_MONTHS;

    // --- Storage ---------------------------------------------------------------------------
    this.table = new Table(this, 'Ledger', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      stream: StreamViewType[tableDefinition.streamView],
      // AWS-owned keys cannot be audited in CloudTrail; an AWS-managed key can, at no key fee
      // and with no key policy of ours to get wrong.
      encryption: TableEncryption.AWS_MANAGED,
    });
    for (const index of tableDefinition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }

    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    const exports = new Bucket(this, 'Exports', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'exports/',
      lifecycleRules: [
        {
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
          expiration: Duration.days(7 * 366),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });

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
      featurePlan: FeaturePlan.PLUS,
      customAttributes: {
        role: new StringAttribute({ mutable: true, minLen: 1, maxLen: 32 }),
        org: new StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }),
        plans: new StringAttribute({ mutable: true, maxLen: 2048 }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const client = new UserPoolClient(this, 'WebClient', {
      userPool,
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      // Users may read their role, organisation and plans but never write them: only an
      // administrator (council IT) sets who someone is.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes('role', 'org', 'plans'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
      oAuth: {
        callbackUrls: [props.webOrigin],
        logoutUrls: [props.webOrigin],
        flows: { authorizationCodeGrant: true },
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
    });
    if (props.cognitoDomainPrefix)
      userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.cognitoDomainPrefix } });
    const issuer = `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`;

    // --- Operations ----------------------------------------------------------------------------
    const alarmTopic = new Topic(this, 'Alarms', {
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    if (props.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const alarmAction = new SnsAction(alarmTopic);
    const dlq = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // --- API ------------------------------------------------------------------------------------
    const apiLogs = new LogGroup(this, 'ApiAccessLogs', { retention: logRetention });
    this.api = new HttpApi(this, 'Api', {
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.webOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        exposeHeaders: ['x-request-id', 'idempotent-replayed'],
        maxAge: Duration.hours(1),
      },
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: { destination: new LogGroupLogDestination(apiLogs) },
    });
    const authorizer = new HttpJwtAuthorizer('Cognito', issuer, { jwtAudience: [client.userPoolClientId] });
    const jwtEnvironment = {
      JWT_ISSUER: issuer,
      JWT_AUDIENCE: client.userPoolClientId,
      JWKS_URL: `${issuer}/.well-known/jwks.json`,
    };

    const instalmentQueue = new Queue(this, 'InstalmentShards', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.minutes(6),
      deadLetterQueue: { queue: dlq, maxReceiveCount: 3 },
    });
    const functions: LedgerFunction[] = [];
    const make = (
      id: string,
      file: string,
      handler: string,
      access: 'read' | 'write' | 'none',
      environment: Record<string, string> = {},
    ) => {
      const fn = new LedgerFunction(this, id, {
        file,
        handler,
        logRetention,
        environment,
        deadLetterQueue: dlq,
      });
      if (access !== 'none') bindTable(fn, this.table, access);
      functions.push(fn);
      return fn;
    };
    for (const r of routes) {
      const id = `${r.file[0]?.toUpperCase()}${r.file.slice(1)}${r.handler[0]?.toUpperCase()}${r.handler.slice(1)}`;
      const fn = make(id, r.file, r.handler, r.table, r.public ? {} : jwtEnvironment);
      if (r.sends?.includes('instalmentShards')) {
        // A large council's run fans out on the shard queue instead of outliving API Gateway's 30 s.
        fn.addEnvironment('INSTALMENT_QUEUE_URL', instalmentQueue.queueUrl);
        instalmentQueue.grantSendMessages(fn);
      }
      this.api.addRoutes({
        path: r.path,
        methods: [HttpMethod[r.method]],
        integration: new HttpLambdaIntegration(`${id}Integration`, fn),
        ...(r.public ? {} : { authorizer }),
      });
    }

    // --- Scheduled work ---------------------------------------------------------------------------
    const dispatcher = make('InstalmentDispatch', 'scheduled', 'dispatchInstalments', 'read', {
      INSTALMENT_QUEUE_URL: instalmentQueue.queueUrl,
    });
    instalmentQueue.grantSendMessages(dispatcher);
    const worker = new LedgerFunction(this, 'InstalmentWorker', {
      file: 'scheduled',
      handler: 'instalmentWorker',
      logRetention,
      timeout: Duration.minutes(5),
    });
    bindTable(worker, this.table, 'write');
    functions.push(worker);
    worker.addEventSource(
      new SqsEventSource(instalmentQueue, { batchSize: 1, reportBatchItemFailures: true }),
    );
    const expiry = make('ApprovalExpiry', 'scheduled', 'expireApprovals', 'write');
    expiry.addEnvironment('LOG_LEVEL', 'INFO');

    const exporter = make('MonthlyExports', 'exports', 'monthlyExports', 'read', {
      EXPORTS_BUCKET: exports.bucketName,
    });
    exporter.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [exports.arnForObjects('councils/*')] }),
    );
    new Schedule(this, 'MonthlyExportSchedule', {
      description:
        "Write each council's reconciliation and last quarter's monitoring returns to the exports bucket",
      schedule: ScheduleExpression.cron({
        minute: '0',
        hour: '4',
        day: '1',
        timeZone: { timezoneName: 'Europe/London' } as never,
      }),
      target: new LambdaInvoke(exporter, { deadLetterQueue: dlq, retryAttempts: 3 }),
    });

    const daily = (hour: number) =>
      ScheduleExpression.cron({
        minute: '0',
        hour: String(hour),
        timeZone: { timezoneName: 'Europe/London' } as never,
      });
    new Schedule(this, 'DailyInstalments', {
      description: 'Release every instalment due today (idempotent: a re-run posts nothing)',
      schedule: daily(6),
      target: new LambdaInvoke(dispatcher, { deadLetterQueue: dlq, retryAttempts: 3 }),
    });
    new Schedule(this, 'DailyApprovalExpiry', {
      description: 'Void pending approvals older than the council allows (30 days by default)',
      schedule: daily(5),
      target: new LambdaInvoke(expiry, { deadLetterQueue: dlq, retryAttempts: 3 }),
    });

    // --- Alarms and dashboard ----------------------------------------------------------------------
    const alarm = (id: string, props: ConstructorParameters<typeof Alarm>[2]) => {
      const a = new Alarm(this, id, { treatMissingData: TreatMissingData.NOT_BREACHING, ...props });
      a.addAlarmAction(alarmAction);
      return a;
    };
    alarm('Api5xx', {
      metric: this.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: 'The API answered 5xx',
    });
    alarm('DeadLetterDepth', {
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: 'Work failed and was parked in the dead-letter queue',
    });
    alarm('TableThrottles', {
      metric: new MathExpression({
        expression: 'r + w',
        usingMetrics: {
          r: this.table.metric('ReadThrottleEvents', { statistic: 'Sum' }),
          w: this.table.metric('WriteThrottleEvents', { statistic: 'Sum' }),
        },
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: 'DynamoDB throttled reads or writes',
    });
    for (const fn of functions) {
      alarm(`${fn.node.id}Failures`, {
        metric: new MathExpression({
          expression: 'e + t',
          usingMetrics: {
            e: fn.metricErrors({ statistic: 'Sum' }),
            t: fn.metricThrottles({ statistic: 'Sum' }),
          },
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `${fn.node.id} failed or was throttled`,
      });
    }
    new Dashboard(this, 'Dashboard', {
      dashboardName: `ehcp-ledger-${props.stage}`,
      widgets: [
        [
          new GraphWidget({
            title: 'API requests and 5xx',
            left: [this.api.metricCount(), this.api.metricServerError()],
          }),
          new GraphWidget({ title: 'API latency p99', left: [this.api.metricLatency({ statistic: 'p99' })] }),
        ],
        [
          new GraphWidget({
            title: 'Function errors',
            left: functions.slice(0, 10).map((f) => f.metricErrors()),
          }),
          new GraphWidget({
            title: 'DynamoDB',
            left: [
              this.table.metricConsumedWriteCapacityUnits(),
              this.table.metricConsumedReadCapacityUnits(),
            ],
          }),
          new GraphWidget({ title: 'Dead letters', left: [dlq.metricApproximateNumberOfMessagesVisible()] }),
        ],
      ],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'ExportsBucket', { value: exports.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });

    // Acknowledged cdk-nag findings, each with the reason it does not apply.
    const stack = Validations.of(this);
    stack.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-maintained minimum for a function to write its own logs; it grants nothing on data.',
    });
    stack.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords accept no resource but *; no data action has a * resource (tested).',
    });
    stack.acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(exports.node.defaultChild as CfnBucket)}.Arn>/councils/*]`,
      reason:
        'The exporter writes one file per council and month under councils/; it can neither read nor delete.',
    });
    for (const fn of [dispatcher, expiry, exporter]) {
      stack.acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason:
          'EventBridge Scheduler may invoke any version of this one function; the wildcard covers only its qualifiers.',
      });
    }
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
