// Proves the synthesized AWS stack: table settings, routes behind the JWT authorizer, least-privilege
// IAM per function, schedules on the right functions, and zero unacknowledged cdk-nag errors.
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../adapters/dynamodb/table.js';
import { routes } from '../../functions/routes.js';
import { LedgerStack } from '../../infra/ledger-stack.js';

const webOrigin = 'https://ledger.example.gov.uk';
const flags = { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true };

function build(options: { bundle?: boolean; nag?: boolean } = {}) {
  // Bundling is proven by `npm run synth`; assertions only need the template.
  const app = new App({
    context: { ...flags, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const stack = new LedgerStack(app, 'Test', { stage: 'test', webOrigin, env: { region: 'eu-west-2' } });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
let template: Template;
beforeAll(() => {
  template = Template.fromStack(build().stack);
});

const policies = () =>
  Object.entries(template.findResources('AWS::IAM::Policy')).map(([id, r]) => ({
    id,
    statements: (r.Properties.PolicyDocument.Statement as Statement[]).map((s) => ({
      ...s,
      actions: ([] as string[]).concat(s.Action),
    })),
    roles: JSON.stringify(r.Properties.Roles),
  }));

describe('LedgerStack', () => {
  it('has one table, user pool and HTTP API, one function per route plus four scheduled ones, three schedules', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.resourceCountIs('AWS::Lambda::Function', routes.length + 4);
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

  it('puts every route behind the JWT authorizer except GET /v1/openapi.json', () => {
    const found = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => ({
      key: r.Properties.RouteKey as string,
      auth: r.Properties.AuthorizationType as string | undefined,
    }));
    expect(found.map((r) => r.key).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const r of found)
      expect([r.key, r.auth ?? 'NONE']).toEqual([r.key, r.key === 'GET /v1/openapi.json' ? 'NONE' : 'JWT']);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
  });

  it('admits only the configured web origin and throttles the default stage with access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [webOrigin] }),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('runs every function on Node 24, arm64, with tracing and a bounded timeout', () => {
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
      expect(fn.Properties.Timeout).toBeLessThanOrEqual(300);
    }
  });

  it('grants no dynamodb:* and no data action on *, and read-only handlers no writes', () => {
    const all = policies();
    for (const p of all) {
      for (const s of p.statements) {
        expect(s.actions).not.toContain('dynamodb:*');
        if (s.actions.some((a) => a.startsWith('dynamodb:') || a.startsWith('s3:') || a.startsWith('sqs:'))) {
          expect(JSON.stringify(s.Resource)).not.toBe('"*"');
        }
      }
    }
    const readOnly = routes
      .filter((r) => r.table === 'read')
      .map(
        (r) =>
          `${r.file[0]?.toUpperCase()}${r.file.slice(1)}${r.handler[0]?.toUpperCase()}${r.handler.slice(1)}`,
      );
    expect(readOnly.length).toBeGreaterThan(3);
    for (const id of readOnly) {
      const mine = all.filter((p) => p.roles.includes(`${id}ServiceRole`));
      expect(mine.length, id).toBe(1);
      const actions = mine
        .flatMap((p) => p.statements.flatMap((s) => s.actions))
        .filter((a) => a.startsWith('dynamodb:'));
      expect(actions.sort(), id).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    }
    const openapi = all.filter((p) => p.roles.includes('OpenapiHandlerServiceRole'));
    expect(
      openapi.flatMap((p) => p.statements.flatMap((s) => s.actions)).filter((a) => a.startsWith('dynamodb:')),
    ).toEqual([]);
  });

  it('schedules the instalment dispatcher and the approval expiry, daily, London time', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).map(
      (s) => s.Properties,
    );
    const targets = schedules.map((s) => JSON.stringify(s.Target.Arn));
    expect(targets.some((t) => t.includes('InstalmentDispatch'))).toBe(true);
    expect(targets.some((t) => t.includes('ApprovalExpiry'))).toBe(true);
    expect(targets.some((t) => t.includes('MonthlyExports'))).toBe(true);
    for (const s of schedules) {
      expect(s.ScheduleExpressionTimezone).toBe('Europe/London');
      expect(s.Target.DeadLetterConfig).toBeDefined();
    }
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('keeps exports private, encrypted, TLS-only and expiring', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
      LifecycleConfiguration: Match.objectLike({ Rules: Match.anyValue() }),
      VersioningConfiguration: { Status: 'Enabled' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms on API 5xx, dead letters, table throttles and each function failing', () => {
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.some((a) => a.startsWith('Api5xx'))).toBe(true);
    expect(alarms.some((a) => a.startsWith('DeadLetterDepth'))).toBe(true);
    expect(alarms.some((a) => a.startsWith('TableThrottles'))).toBe(true);
    expect(alarms.filter((a) => a.includes('Failures'))).toHaveLength(routes.length + 4);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('lets users read but never write their role, organisation and plans', () => {
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0]?.Properties;
    expect(client.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:role', 'custom:org', 'custom:plans']),
    );
    expect(client.WriteAttributes).toEqual(['email']);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged error in the stack', () => {
    const { app } = build({ nag: true });
    expect(() => app.synth()).not.toThrow();
  });

  it('does fail synthesis on an unacknowledged finding (the check is live)', () => {
    const { app, stack } = build({ nag: true });
    new Bucket(stack as Stack, 'CarelessBucket');
    expect(() => app.synth()).toThrow(/S3 Bucket/);
  });
});
