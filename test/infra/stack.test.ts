// Proves the synthesized AWS stacks: deployment settings, the table, routes behind the JWT
// authorizer on functions grouped by privilege, the web app, CloudFront and WAF, throttles, and
// zero unacknowledged cdk-nag findings. One test per point of the production review; the stack's
// operations (jobs, backups, archive, alarms, Cognito) are in stack-operations.test.ts.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../adapters/dynamodb/table.js';
import { groupOf, routes } from '../../contract/routes.js';
import { moneyRouteRate, stageRate } from '../../infra/parts/front.js';
import { apiTimeout } from '../../infra/parts/jobs.js';
import {
  build,
  functionsByRole,
  ledgerFunctions,
  prodValues,
  resources,
  settingsFrom,
  webOrigin,
} from './synth.js';

const run = promisify(execFile);

let template: Template;
let _prod: Template;
beforeAll(() => {
  template = Template.fromStack(build().stack);
  _prod = Template.fromStack(build({ values: prodValues }).stack);
});

describe('deployment settings', () => {
  it("takes the council's name and contact for the web app from settings, refusing an email that is not one", () => {
    const named = settingsFrom({
      LEDGER_COUNCIL_NAME: 'Northshire Council',
      LEDGER_COUNCIL_EMAIL: 'send@northshire.gov.uk',
      LEDGER_COUNCIL_PHONE: '01234 567890',
    });
    expect(named.council).toEqual({
      name: 'Northshire Council',
      email: 'send@northshire.gov.uk',
      phone: '01234 567890',
    });
    expect(() => settingsFrom({ LEDGER_COUNCIL_EMAIL: 'northshire' })).toThrow(/LEDGER_COUNCIL_EMAIL/);
  });

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
  });
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
    // The council whose service it is (section 11c): "Your council" until the settings name it.
    expect(fn.Environment.Variables.COUNCIL_NAME).toBe('Your council');
    expect(Object.keys(fn.Environment.Variables)).toEqual(
      expect.arrayContaining(['COUNCIL_EMAIL', 'COUNCIL_PHONE']),
    );
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
