// Proves the synthesized AWS stacks: the table and its backups, the journal archive, routes behind
// the JWT authorizer on functions grouped by privilege, CloudFront and WAF, throttles, scheduled
// work fanned out with a dead-letter queue per source, Cognito, alarms that reach someone, and zero
// unacknowledged cdk-nag findings. One test per point of the production review.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, tableDefinition } from '../../adapters/dynamodb/table.js';
import { groupOf, routes } from '../../functions/routes.js';
import { EdgeStack } from '../../infra/edge-stack.js';
import { LedgerStack } from '../../infra/ledger-stack.js';
import { moneyRouteRate, stageRate } from '../../infra/parts/front.js';
import { apiTimeout, workerTimeout } from '../../infra/parts/jobs.js';
import { deploymentSettings } from '../../infra/settings.js';

const webOrigin = 'https://ledger.example.gov.uk';
const flags = { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true };
const run = promisify(execFile);

const settingsFrom = (values: Record<string, string>) =>
  deploymentSettings((key, env) => values[env] ?? values[key]);
const prodValues = {
  LEDGER_STAGE: 'prod',
  LEDGER_WEB_ORIGIN: webOrigin,
  LEDGER_ALARM_EMAIL: 'ops@example.gov.uk',
  LEDGER_COGNITO_DOMAIN: 'example-ledger',
};

function build(options: { nag?: boolean; values?: Record<string, string>; webAcl?: boolean } = {}) {
  // Bundling is proven by `npm run synth`; assertions only need the templates.
  const app = new App({ context: { ...flags, 'aws:cdk:bundling-stacks': [] } });
  const settings = settingsFrom(options.values ?? { LEDGER_STAGE: 'test', LEDGER_WEB_ORIGIN: webOrigin });
  const edge = new EdgeStack(app, 'Edge', {
    stage: 'test',
    env: { region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const stack = new LedgerStack(app, 'Test', {
    settings,
    ...(options.webAcl === false ? {} : { webAclArn: edge.webAclArn }),
    env: { region: 'eu-west-2' },
    crossRegionReferences: true,
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, edge };
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
let template: Template;
let prod: Template;
beforeAll(() => {
  template = Template.fromStack(build().stack);
  prod = Template.fromStack(build({ values: prodValues }).stack);
});

const resources = (t: Template, type: string) => Object.entries(t.findResources(type));
/** The ledger's own functions, not CDK's helper for cross-region references. */
const ledgerFunctions = (t: Template) =>
  resources(t, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('Custom'));
const functionsByRole = (t: Template) =>
  resources(t, 'AWS::IAM::Policy').map(([, r]) => ({
    roles: JSON.stringify(r.Properties.Roles),
    actions: (r.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) =>
      ([] as string[]).concat(s.Action),
    ),
    statements: r.Properties.PolicyDocument.Statement as Statement[],
  }));

describe('deployment settings', () => {
  it('refuses a prod synthesis without web origin, alarm email and Cognito domain, naming each', () => {
    expect(() => settingsFrom({ LEDGER_STAGE: 'prod' })).toThrow(
      /LEDGER_WEB_ORIGIN[\s\S]*LEDGER_ALARM_EMAIL[\s\S]*LEDGER_COGNITO_DOMAIN/,
    );
    expect(settingsFrom(prodValues)).toMatchObject({ production: true, region: 'eu-west-2', webOrigin });
  });

  it('keeps the stack in eu-west-2 unless another region is allowed explicitly', () => {
    expect(() => settingsFrom({ LEDGER_REGION: 'us-east-1' })).toThrow(/LEDGER_ALLOW_REGION=us-east-1/);
    expect(settingsFrom({ LEDGER_REGION: 'eu-west-1', LEDGER_ALLOW_REGION: 'eu-west-1' }).region).toBe(
      'eu-west-1',
    );
  });

  it('stops `npm run synth` for prod with a clear message and no stack trace', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      env: {
        ...process.env,
        LEDGER_STAGE: 'prod',
        LEDGER_WEB_ORIGIN: '',
        CDK_OUTDIR: '/tmp/ehcp-synth-refused',
      },
    }).then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/^cannot synthesize stage prod:/);
    expect(failed?.stderr).not.toMatch(/ at /);
  }, 60_000);
});

describe('LedgerStack', () => {
  it('has one table, user pool, HTTP API and distribution; five API functions by privilege, the web app and four for jobs', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    expect(ledgerFunctions(template)).toHaveLength(10);
    template.resourceCountIs('AWS::Scheduler::Schedule', 3);
  });

  it('keeps the ledger table: on-demand, PITR, deletion protection, retained, streamed, encrypted, same keys as local', () => {
    const local = createTableInput('x');
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        KeySchema: local.KeySchema,
        GlobalSecondaryIndexes: (local.GlobalSecondaryIndexes ?? []).map((g) =>
          Match.objectLike({ IndexName: g.IndexName, KeySchema: g.KeySchema }),
        ),
      }),
    });
  });

  it('puts every API route behind the JWT authorizer except GET /v1/openapi.json; the web pages sign people in themselves', () => {
    const found = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => ({
      key: r.Properties.RouteKey as string,
      auth: r.Properties.AuthorizationType as string | undefined,
    }));
    const web = ['GET /', 'POST /', 'GET /{proxy+}', 'POST /{proxy+}'];
    expect(found.map((r) => r.key).sort()).toEqual(
      [...routes.map((r) => `${r.method} ${r.path}`), ...web].sort(),
    );
    for (const r of found)
      expect([r.key, r.auth ?? 'NONE']).toEqual([
        r.key,
        r.key === 'GET /v1/openapi.json' || web.includes(r.key) ? 'NONE' : 'JWT',
      ]);
  });

  it('deploys the web app with its templates, the API address, Cognito sign-in and its session key', () => {
    const fn = ledgerFunctions(template).find(([id]) => id.startsWith('WebApp'))?.[1].Properties;
    expect(fn.Handler).toBe('index.handler');
    expect(Object.keys(fn.Environment.Variables)).toEqual(
      expect.arrayContaining(['API_BASE_URL', 'SESSION_SECRET_ARN', 'COGNITO_CLIENT_ID', 'WEB_REDIRECT_URI']),
    );
    expect(fn.Environment.Variables.WEB_REDIRECT_URI).toBe(`${webOrigin}/auth/callback`);
    // It calls API Gateway itself, not CloudFront, so per-user rate limits still see users.
    expect(fn.Environment.Variables.API_BASE_URL['Fn::GetAtt']?.[1]).toBe('ApiEndpoint');
    expect(JSON.stringify(fn.Layers)).toContain('AWS-Parameters-and-Secrets-Lambda-Extension');
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [`${webOrigin}/auth/callback`],
      AllowedOAuthFlows: ['code'],
    });
    const grants = JSON.stringify(resources(template, 'AWS::IAM::Policy').map(([, p]) => p.Properties));
    expect(grants).toContain('secretsmanager:GetSecretValue');
  });

  it('throttles the stage, and the routes that move money tighter', () => {
    const stage = resources(template, 'AWS::ApiGatewayV2::Stage')[0]?.[1].Properties;
    expect(stage.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: stageRate.rateLimit,
      ThrottlingBurstLimit: stageRate.burstLimit,
    });
    const money = routes.filter((r) => r.money).map((r) => `${r.method} ${r.path}`);
    expect(money).toContain('POST /v1/plans/{planId}/spends');
    expect(Object.keys(stage.RouteSettings).sort()).toEqual(money.sort());
    for (const key of money)
      expect(stage.RouteSettings[key]).toEqual({
        ThrottlingRateLimit: moneyRouteRate.rateLimit,
        ThrottlingBurstLimit: moneyRouteRate.burstLimit,
      });
  });

  it('groups the API functions by privilege: only the two write groups may write, the public one reads nothing', () => {
    const policies = functionsByRole(template);
    const of = (id: string) =>
      policies.filter((p) => p.roles.includes(`${id}ServiceRole`)).flatMap((p) => p.actions);
    expect(
      of('ReadApi')
        .filter((a) => a.startsWith('dynamodb:'))
        .sort(),
    ).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(
      of('ReportsApi')
        .filter((a) => a.startsWith('dynamodb:'))
        .sort(),
    ).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(of('MoneyApi')).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'sqs:SendMessage']));
    // Only an instalment run fans out on the queue; managing plans sends nothing.
    expect(of('ManageApi')).toEqual(expect.arrayContaining(['dynamodb:UpdateItem']));
    expect(of('ManageApi').filter((a) => a.startsWith('sqs:'))).toEqual([]);
    expect(of('PublicApi').filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    for (const p of policies) {
      expect(p.actions).not.toContain('dynamodb:*');
      for (const s of p.statements) {
        // dynamodb:ListStreams takes no resource; it reads no data.
        const data = ([] as string[])
          .concat(s.Action)
          .some((a) => /^(dynamodb|s3|sqs):/.test(a) && a !== 'dynamodb:ListStreams');
        if (data) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
      }
    }
    expect(new Set(routes.map(groupOf))).toEqual(new Set(['public', 'read', 'money', 'manage', 'reports']));
  });

  it('runs every function on Node 24, arm64, traced, logs masked, and gives the API functions no async DLQ', () => {
    for (const [id, fn] of ledgerFunctions(template)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
      if (id.endsWith('Api') || /^(Public|Read|Money|Manage|Reports)Api/.test(id)) {
        expect([id, fn.Properties.DeadLetterConfig]).toEqual([id, undefined]);
        expect(fn.Properties.Timeout).toBe(apiTimeout.toSeconds());
      }
    }
    const groups = resources(template, 'AWS::Logs::LogGroup').filter(
      ([id]) => /Logs[0-9A-F]{8}$/.test(id) && !id.startsWith('ApiAccess'),
    );
    expect(groups.length).toBe(10);
    for (const [, g] of groups) {
      const policy = JSON.stringify(g.Properties.DataProtectionPolicy);
      expect(policy).toContain(':dataprotection::aws:data-identifier/Name');
      expect(policy).toContain('Deidentify');
      expect(policy).toContain('AccountReference');
    }
  });

  it('puts CloudFront with the WAF web ACL in front of the API and the web app, caching only the assets', () => {
    const d = resources(template, 'AWS::CloudFront::Distribution')[0]?.[1].Properties.DistributionConfig;
    expect(d.WebACLId).toBeDefined();
    expect(d.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual([
      '/v1/*',
      '/assets/*',
    ]);
    expect(d.CacheBehaviors[0].AllowedMethods).toContain('POST');
    // Pages are per user: the default behaviour (the web app) takes forms and is never cached.
    expect(d.DefaultCacheBehavior.AllowedMethods).toContain('POST');
    expect(d.DefaultCacheBehavior.CachePolicyId).toBe(d.CacheBehaviors[0].CachePolicyId);
    expect(d.CacheBehaviors[1].CachePolicyId).not.toBe(d.CacheBehaviors[0].CachePolicyId);
    expect(d.Origins).toHaveLength(1);
    expect(d.Logging).toBeDefined();
    const edge = Template.fromStack(build().edge);
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP' }) } }),
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
        Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet' }),
      ]),
    });
    expect(build().edge.region).toBe('us-east-1');
  });

  it('sets TLS 1.2 on CloudFront when the council gives its domain and certificate', () => {
    const t = Template.fromStack(
      build({
        values: {
          ...prodValues,
          LEDGER_FRONT_DOMAIN: 'ledger.example.gov.uk',
          LEDGER_FRONT_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
        },
      }).stack,
    );
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['ledger.example.gov.uk'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
  });

  it('fans scheduled work out over queues: schedules invoke the dispatcher with a job, one DLQ per source', () => {
    const schedules = resources(template, 'AWS::Scheduler::Schedule').map(([, s]) => s.Properties);
    expect(schedules.map((s) => JSON.parse(s.Target.Input).job).sort()).toEqual([
      'expiry',
      'exports',
      'instalments',
    ]);
    for (const s of schedules) {
      expect(s.ScheduleExpressionTimezone).toBe('Europe/London');
      expect(JSON.stringify(s.Target.Arn)).toContain('Dispatch');
      expect(JSON.stringify(s.Target.DeadLetterConfig)).toContain('ScheduleDlq');
    }
    const queues = resources(template, 'AWS::SQS::Queue');
    const withRedrive = queues.filter(([, q]) => q.Properties.RedrivePolicy);
    expect(withRedrive.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^CouncilJobs/),
      expect.stringMatching(/^InstalmentShards/),
    ]);
    const dlqTargets = withRedrive.map(([, q]) =>
      JSON.stringify(q.Properties.RedrivePolicy.deadLetterTargetArn),
    );
    expect(new Set(dlqTargets).size).toBe(2);
    for (const [, q] of withRedrive)
      expect(q.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * workerTimeout.toSeconds());
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.dispatch',
      DeadLetterConfig: {
        TargetArn: Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('^DispatchDlq'), 'Arn'] }),
      },
    });
  });

  it('caps the instalment worker so a run cannot starve the API', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.instalmentWorker',
      ReservedConcurrentExecutions: 5,
      Timeout: workerTimeout.toSeconds(),
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 5 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('backs the table up for 7 years into a vault that production locks, with an optional copy elsewhere', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 2557 } })],
      }),
    });
    expect(
      resources(template, 'AWS::Backup::BackupVault')[0]?.[1].Properties.LockConfiguration,
    ).toBeUndefined();
    prod.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 2557, ChangeableForDays: 3 },
    });
    const copied = Template.fromStack(
      build({
        values: {
          ...prodValues,
          LEDGER_BACKUP_COPY_VAULT_ARN: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:copy',
        },
      }).stack,
    );
    copied.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [
          Match.objectLike({
            CopyActions: [
              Match.objectLike({ DestinationBackupVaultArn: Match.stringLikeRegexp('eu-west-1') }),
            ],
          }),
        ],
      }),
    });
    template.hasResourceProperties('AWS::Backup::BackupSelection', Match.anyValue());
  });

  it('keeps exports and the journal archive under Object Lock (compliance mode in production)', () => {
    const locked = (t: Template) =>
      resources(t, 'AWS::S3::Bucket')
        .filter(([, b]) => b.Properties.ObjectLockEnabled)
        .map(([id, b]) => [
          id.replace(/[A-F0-9]{8}$/, ''),
          b.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode,
        ]);
    expect(locked(template)).toEqual([
      ['Exports', 'GOVERNANCE'],
      ['JournalArchive', 'GOVERNANCE'],
    ]);
    expect(locked(prod)).toEqual([
      ['Exports', 'COMPLIANCE'],
      ['JournalArchive', 'COMPLIANCE'],
    ]);
  });

  it('archives every journal entry from the stream, filtered to inserted entries, failures parked', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: Match.objectLike({ 'Fn::GetAtt': [Match.anyValue(), 'StreamArn'] }),
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('entry') }] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: {
          Destination: Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('^ArchiveDlq'), 'Arn'] }),
        },
      },
    });
  });

  it('encrypts the alarm topic with a key CloudWatch may use, and subscribes the alarm email', () => {
    const topic = resources(prod, 'AWS::SNS::Topic')[0]?.[1].Properties;
    expect(JSON.stringify(topic.KmsMasterKeyId)).toMatch(/AlarmKey/);
    prod.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    prod.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.gov.uk',
    });
  });

  it('alarms on 5xx, dead letters, queue age, near-timeouts, schedules, table and index throttles, and a missing daily run', () => {
    const alarms = resources(template, 'AWS::CloudWatch::Alarm');
    const ids = alarms.map(([id]) => id);
    for (const prefix of [
      'Api5xx',
      'TableThrottles',
      'SchedulerTargetErrors',
      'DailyRunMissing',
      'InstalmentShardsAge',
      'CouncilJobsAge',
    ])
      expect([prefix, ids.some((a) => a.startsWith(prefix))]).toEqual([prefix, true]);
    for (const index of tableDefinition.indexes)
      expect(ids.some((a) => a.startsWith(`Index${index.indexName}Throttles`))).toBe(true);
    for (const dlq of ['InstalmentShardsDlq', 'CouncilJobsDlq', 'ScheduleDlq', 'DispatchDlq', 'ArchiveDlq'])
      expect([dlq, ids.some((a) => a.startsWith(`${dlq}Depth`))]).toEqual([dlq, true]);
    expect(ids.filter((a) => a.includes('NearTimeout'))).toHaveLength(10);
    expect(ids.filter((a) => a.includes('Failures'))).toHaveLength(10);
    const heartbeat = alarms.find(([id]) => id.startsWith('DailyRunMissing'))?.[1].Properties;
    expect([heartbeat.TreatMissingData, heartbeat.Period, heartbeat.ComparisonOperator]).toEqual([
      'breaching',
      86400,
      'LessThanThreshold',
    ]);
    const dashboard = JSON.stringify(
      resources(template, 'AWS::CloudWatch::Dashboard')[0]?.[1].Properties.DashboardBody,
    );
    for (const [id] of ledgerFunctions(template)) expect([id, dashboard.includes(id)]).toEqual([id, true]);
  });

  it('protects Cognito: threat protection enforced, deletion protection, original email kept, only the scopes used', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
    const client = resources(template, 'AWS::Cognito::UserPoolClient')[0]?.[1].Properties;
    expect(client.AllowedOAuthScopes.sort()).toEqual(['email', 'openid']);
    expect(client.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:role', 'custom:org', 'custom:plans']),
    );
    expect(client.WriteAttributes).toEqual(['email']);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged error in either stack, dev or prod', () => {
    expect(() => build({ nag: true }).app.synth()).not.toThrow();
    expect(() => build({ nag: true, values: prodValues }).app.synth()).not.toThrow();
  });

  it('does fail synthesis on an unacknowledged finding (the check is live)', () => {
    const { app, stack } = build({ nag: true });
    new Bucket(stack as Stack, 'CarelessBucket');
    expect(() => app.synth()).toThrow(/S3 Bucket/);
  });
});
