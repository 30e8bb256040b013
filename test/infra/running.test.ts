// Proves the stack is ready to run for real (DESIGN.md 11d, issue 28), one test per point: backups
// that fit the law and the bill, one way in through CloudFront and its WAF, customer-managed keys
// in production, JSON access logs kept per the council's schedule, and workers for every shard.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardCount } from '../../domain/shards.js';
import { statementBytesMax } from '../../domain/statements/line.js';
import {
  maxBodyBytes,
  rateLimitPerCaller,
  rateLimitPerIp,
  statementsPathPattern,
} from '../../infra/edge-stack.js';
import { coldAfter } from '../../infra/parts/backup.js';
import { accessLogFields, webApiCallTimeout } from '../../infra/parts/front.js';
import {
  build,
  functionsByRole,
  ledgerFunctions,
  prodValues,
  resources,
  settingsFrom,
  webOrigin,
} from './synth.js';

let dev: Template;
let prod: Template;
let edge: Template;
beforeAll(() => {
  dev = Template.fromStack(build().stack);
  const built = build({ values: prodValues });
  prod = Template.fromStack(built.stack);
  edge = Template.fromStack(built.edge);
});

const idOf = (t: Template, type: string, prefix: string) =>
  resources(t, type).find(([id]) => id.startsWith(prefix))?.[0] as string;

describe('backups', () => {
  it('keeps daily points 35 days in a vault of their own, monthly ones 7 years in cold storage in the locked vault', () => {
    const plan = resources(prod, 'AWS::Backup::BackupPlan')[0]?.[1].Properties.BackupPlan;
    const rule = (name: string) => plan.BackupPlanRule.find((r: { RuleName: string }) => r.RuleName === name);
    const daily = idOf(prod, 'AWS::Backup::BackupVault', 'DailyVault');
    const locked = resources(prod, 'AWS::Backup::BackupVault').find(([id]) => /^Vault/.test(id))?.[0];
    expect(rule('Daily').Lifecycle).toEqual({ DeleteAfterDays: 35 });
    expect(JSON.stringify(rule('Daily').TargetBackupVault)).toContain(daily);
    expect(rule('Monthly').Lifecycle).toEqual({
      DeleteAfterDays: 2557,
      MoveToColdStorageAfterDays: coldAfter.toDays(),
    });
    expect(rule('Monthly').ScheduleExpression).toMatch(/^cron\(30 3 1 \* \? \*\)$/);
    expect(JSON.stringify(rule('Monthly').TargetBackupVault)).toContain(locked);
    // The daily vault's lock allows 35 days; the monthly vault's keeps every point 7 years.
    prod.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 35, ChangeableForDays: 3 },
    });
    prod.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 2557, ChangeableForDays: 3 },
    });
    expect(resources(dev, 'AWS::Backup::BackupVault').map(([, v]) => v.Properties.LockConfiguration)).toEqual(
      [undefined, undefined],
    );
  });

  it('alarms on a failed, aborted or expired backup or copy job through the alarm topic, whose key EventBridge may use', () => {
    const rule = resources(prod, 'AWS::Events::Rule').find(([id]) => id.startsWith('BackupJobFailed'))?.[1]
      .Properties;
    expect(rule.EventPattern).toEqual({
      source: ['aws.backup'],
      'detail-type': ['Backup Job State Change', 'Copy Job State Change'],
      detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
    });
    expect(JSON.stringify(rule.Targets)).toContain(idOf(prod, 'AWS::SNS::Topic', 'Alarms'));
    prod.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('alarm topic'),
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })]),
      },
    });
  });
});

describe('one way in', () => {
  it('sends an origin secret from CloudFront that every function behind API Gateway is given to check', () => {
    const origin = resources(prod, 'AWS::CloudFront::Distribution')[0]?.[1].Properties.DistributionConfig
      .Origins[0];
    const header = origin.OriginCustomHeaders.find(
      (h: { HeaderName: string }) => h.HeaderName === 'x-origin-verify',
    );
    expect(JSON.stringify(header.HeaderValue)).toContain('OriginSecret');
    const behind = ledgerFunctions(prod).filter(([id]) => /Api|WebApp/.test(id));
    expect(behind).toHaveLength(6);
    for (const [id, fn] of behind)
      expect([id, fn.Properties.Environment.Variables.ORIGIN_VERIFY]).toEqual([id, header.HeaderValue]);
  });

  it('fits the WAF to the API: IP reputation, a rate per caller and a far higher one per address, 64 KB bodies but 2 MB statements', () => {
    const acl = resources(edge, 'AWS::WAFv2::WebACL')[0]?.[1].Properties;
    const rule = (name: string) => acl.Rules.find((r: { Name: string }) => r.Name === name);
    expect(acl.Rules.map((r: { Name: string }) => r.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'RatePerCaller',
      'RatePerIp',
      'BodyOver64KB',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    expect(rule('RatePerCaller').Statement.RateBasedStatement).toMatchObject({
      Limit: rateLimitPerCaller,
      AggregateKeyType: 'CUSTOM_KEYS',
    });
    expect(rule('RatePerCaller').Statement.RateBasedStatement.CustomKeys).toEqual([
      { Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } },
    ]);
    expect(JSON.stringify(rule('RatePerCaller').Statement)).toContain('authorization');
    // An office of 200 staff at 100 requests each in 5 minutes stays under the address limit.
    expect(rateLimitPerIp).toBeGreaterThanOrEqual(200 * 100);
    expect(rule('RatePerIp').Statement.RateBasedStatement).toEqual({
      Limit: rateLimitPerIp,
      AggregateKeyType: 'IP',
    });
    const [tooBig, notStatement] = rule('BodyOver64KB').Statement.AndStatement.Statements;
    expect(tooBig.SizeConstraintStatement).toMatchObject({
      ComparisonOperator: 'GT',
      Size: maxBodyBytes,
      FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
    });
    // Statement uploads (POST …/pots/{potId}/statements, up to 2 MB) are exempt; nothing else is.
    const exempt = notStatement.NotStatement.Statement.AndStatement.Statements;
    expect(exempt).toEqual([
      {
        ByteMatchStatement: {
          FieldToMatch: { Method: {} },
          PositionalConstraint: 'EXACTLY',
          SearchString: 'POST',
          TextTransformations: [{ Priority: 0, Type: 'NONE' }],
        },
      },
      {
        RegexMatchStatement: {
          FieldToMatch: { UriPath: {} },
          RegexString: statementsPathPattern,
          TextTransformations: [{ Priority: 0, Type: 'NONE' }],
        },
      },
    ]);
    const exemptPath = new RegExp(exempt[1].RegexMatchStatement.RegexString);
    for (const path of ['/v1/plans/p-1/pots/pot-2/statements', '/plans/p-1/pots/pot-2/statements'])
      expect([path, exemptPath.test(path)]).toEqual([path, true]);
    for (const path of [
      '/v1/plans/p-1/pots/pot-2/statements/lines/l-1/classify',
      '/v1/plans/p-1/spends',
      '/v1/plans/p-1/pots/pot-2/statementsX',
      '/v1/plans/p-1/pots/pot-2/x/statements',
      '/v1/plans/p-1/returns',
    ])
      expect([path, exemptPath.test(path)]).toEqual([path, false]);
    // The exempt route's limit is its own (2 MB), far inside API Gateway's 10 MB and Lambda's 6 MB.
    expect(statementBytesMax).toBe(2 * 1024 * 1024);
    expect(statementBytesMax).toBeLessThan(6 * 1024 * 1024);
    expect(maxBodyBytes).toBe(65_536);
    expect(acl.AssociationConfig).toEqual({
      RequestBody: { CLOUDFRONT: { DefaultSizeInspectionLimit: 'KB_64' } },
    });
    expect(
      rule('AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement.RuleActionOverrides,
    ).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
    // A statement upload skips the common rules (its body is a bank's file); every other request keeps them.
    expect(
      rule('AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement.ScopeDownStatement,
    ).toEqual(notStatement);
  });

  it('logs the WAF to a log group named aws-waf-logs-…, tokens and cookies redacted', () => {
    const [groupId, group] = resources(edge, 'AWS::Logs::LogGroup')[0] ?? [];
    expect(group?.Properties.LogGroupName).toMatch(/^aws-waf-logs-/);
    const logging = resources(edge, 'AWS::WAFv2::LoggingConfiguration')[0]?.[1].Properties;
    expect(JSON.stringify(logging.LogDestinationConfigs)).toContain(`{"Ref":"${groupId}"}`);
    expect(JSON.stringify(logging.LogDestinationConfigs)).toContain(':log-group:');
    expect(JSON.stringify(logging.LogDestinationConfigs)).not.toContain(':*');
    expect(logging.RedactedFields).toEqual([
      { SingleHeader: { Name: 'authorization' } },
      { SingleHeader: { Name: 'cookie' } },
    ]);
  });

  it('serves TLS 1.2 or later at the web origin host, with HSTS on every behaviour', () => {
    const d = resources(prod, 'AWS::CloudFront::Distribution')[0]?.[1].Properties.DistributionConfig;
    expect(d.Aliases).toEqual([new URL(webOrigin).host]);
    expect(d.ViewerCertificate.MinimumProtocolVersion).toMatch(/^TLSv1\.2_(2021|2025)$/);
    const policy = resources(prod, 'AWS::CloudFront::ResponseHeadersPolicy')[0];
    const hsts =
      policy?.[1].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.StrictTransportSecurity;
    expect(hsts.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(hsts.IncludeSubdomains).toBe(true);
    for (const b of [d.DefaultCacheBehavior, ...d.CacheBehaviors])
      expect(JSON.stringify(b.ResponseHeadersPolicyId)).toContain(policy?.[0]);
  });

  it('refuses production settings whose front domain is missing or not the web origin host', () => {
    const { LEDGER_FRONT_DOMAIN: _d, LEDGER_FRONT_CERTIFICATE_ARN: _c, ...noFront } = prodValues;
    expect(() => settingsFrom(noFront)).toThrow(/LEDGER_FRONT_DOMAIN/);
    expect(() => settingsFrom({ ...prodValues, LEDGER_FRONT_DOMAIN: 'other.example.gov.uk' })).toThrow(
      /other\.example\.gov\.uk is not the web origin's host ledger\.example\.gov\.uk/,
    );
    expect(settingsFrom(prodValues).frontDomainName).toBe('ledger.example.gov.uk');
  });
});

describe('customer-managed keys', () => {
  it('encrypts the table, data buckets, queues, log groups and vaults with keys of ours in production, log-delivery buckets with S3 keys', () => {
    const key = (prefix: string) => idOf(prod, 'AWS::KMS::Key', prefix);
    const [data, logs, backup] = [key('DataKey'), key('LogsKey'), key('BackupKey')];
    const table = resources(prod, 'AWS::DynamoDB::Table')[0]?.[1].Properties.SSESpecification;
    expect(table.SSEType).toBe('KMS');
    expect(JSON.stringify(table.KMSMasterKeyId)).toContain(data);
    for (const [id, b] of resources(prod, 'AWS::S3::Bucket')) {
      const sse =
        b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
      if (/^(Exports|JournalArchive)/.test(id)) {
        expect([id, sse.SSEAlgorithm]).toEqual([id, 'aws:kms']);
        expect(JSON.stringify(sse.KMSMasterKeyID)).toContain(data);
      } else if (/^Receipts/.test(id)) {
        // Receipts have a key of their own, granted only to the function that signs their forms.
        expect([id, sse.SSEAlgorithm]).toEqual([id, 'aws:kms']);
        expect(JSON.stringify(sse.KMSMasterKeyID)).toContain(key('ReceiptsKey'));
      } else expect([id, sse.SSEAlgorithm]).toEqual([id, 'AES256']);
    }
    const queues = resources(prod, 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThanOrEqual(7);
    for (const [id, q] of queues)
      expect([id, JSON.stringify(q.Properties.KmsMasterKeyId)]).toEqual([id, expect.stringContaining(data)]);
    const groups = resources(prod, 'AWS::Logs::LogGroup');
    expect(groups.length).toBe(11);
    for (const [id, g] of groups)
      expect([id, JSON.stringify(g.Properties.KmsKeyId)]).toEqual([id, expect.stringContaining(logs)]);
    for (const [id, v] of resources(prod, 'AWS::Backup::BackupVault'))
      expect([id, JSON.stringify(v.Properties.EncryptionKeyArn)]).toEqual([
        id,
        expect.stringContaining(backup),
      ]);
    for (const k of [data, logs, backup])
      expect([
        k,
        resources(prod, 'AWS::KMS::Key').find(([id]) => id === k)?.[1].Properties.EnableKeyRotation,
      ]).toEqual([k, true]);
    // Elsewhere AWS-managed keys, but for the keys of ours every stage has: the alarm topic's, and
    // the keys of account numbers and receipts (section 11b), each for its own few functions.
    expect(
      resources(dev, 'AWS::KMS::Key')
        .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))
        .sort(),
    ).toEqual(['AccountDataKey', 'AlarmKey', 'ReceiptsKey']);
  });

  it('lets CloudWatch Logs use the logs key for this account only, and gives the data key to the functions that touch data', () => {
    const logsKey = resources(prod, 'AWS::KMS::Key').find(([id]) => id.startsWith('LogsKey'))?.[1];
    const statement = logsKey?.Properties.KeyPolicy.Statement.find(
      (s: { Sid?: string }) => s.Sid === 'CloudWatchLogsForThisAccount',
    );
    expect(JSON.stringify(statement.Principal)).toContain('logs.eu-west-2.amazonaws.com');
    expect(JSON.stringify(statement.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
    const data = idOf(prod, 'AWS::KMS::Key', 'DataKey');
    const holders = functionsByRole(prod)
      .filter((p) =>
        p.statements.some(
          (s) =>
            ([] as string[]).concat(s.Action).some((a) => a.startsWith('kms:')) &&
            JSON.stringify(s.Resource).includes(data),
        ),
      )
      .map((p) => p.roles);
    const holds = (fn: string) => holders.some((r) => r.includes(`${fn}ServiceRole`));
    for (const fn of [
      'ReadApi',
      'MoneyApi',
      'ManageApi',
      'ReportsApi',
      'Dispatch',
      'InstalmentWorker',
      'JobWorker',
      'JournalArchiver',
      // The web app keeps its sessions in the table (SESSION# items), so it holds the key too.
      'WebApp',
    ])
      expect([fn, holds(fn)]).toEqual([fn, true]);
    for (const fn of ['PublicApi']) expect([fn, holds(fn)]).toEqual([fn, false]);
    for (const p of functionsByRole(prod))
      for (const s of p.statements)
        if (([] as string[]).concat(s.Action).some((a) => a.startsWith('kms:')))
          expect(JSON.stringify(s.Resource)).not.toBe('"*"');
  });
});

describe('logs and timeouts', () => {
  it('writes API access logs as JSON with the caller, route, status and latency, kept per the council schedule', () => {
    const stage = resources(prod, 'AWS::ApiGatewayV2::Stage')[0]?.[1].Properties;
    const format = JSON.parse(stage.AccessLogSettings.Format);
    expect(format).toMatchObject({
      sub: '$context.authorizer.claims.sub',
      route: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
    });
    expect(format).toEqual(accessLogFields);
    const api = resources(prod, 'AWS::Logs::LogGroup').find(([id]) => id.startsWith('ApiAccessLogs'))?.[1];
    expect(api?.Properties.RetentionInDays).toBe(2557);
    const shorter = Template.fromStack(
      build({ values: { ...prodValues, LEDGER_LOG_RETENTION_DAYS: '400' } }).stack,
    );
    for (const [, g] of resources(shorter, 'AWS::Logs::LogGroup'))
      expect(g.Properties.RetentionInDays).toBe(400);
    expect(() => settingsFrom({ ...prodValues, LEDGER_LOG_RETENTION_DAYS: '100' })).toThrow(
      /LEDGER_LOG_RETENTION_DAYS/,
    );
  });

  it("gives the web function a Lambda timeout longer than two of its API calls' timeouts", () => {
    const web = ledgerFunctions(prod).find(([id]) => id.startsWith('WebApp'))?.[1].Properties;
    const callMs = Number(web.Environment.Variables.API_CALL_TIMEOUT_MS);
    expect(callMs).toBe(webApiCallTimeout.toMilliseconds());
    expect(web.Timeout * 1000).toBeGreaterThan(2 * callMs);
    expect(web.Timeout).toBeLessThanOrEqual(29); // within API Gateway's integration timeout
  });
});

describe('delivery by canary', () => {
  it('invokes every API function and the web app through a live alias that CodeDeploy moves 10% for 5 minutes, rolling back on errors or latency', () => {
    const aliases = resources(prod, 'AWS::Lambda::Alias');
    expect(aliases).toHaveLength(6);
    for (const [, a] of aliases) expect(a.Properties.Name).toBe('live');
    const integrations = resources(prod, 'AWS::ApiGatewayV2::Integration');
    for (const [id, i] of integrations)
      expect([id, JSON.stringify(i.Properties.IntegrationUri)]).toEqual([id, expect.stringMatching(/Live/)]);
    const groups = resources(prod, 'AWS::CodeDeploy::DeploymentGroup');
    expect(groups).toHaveLength(6);
    for (const [id, g] of groups) {
      expect([id, g.Properties.DeploymentConfigName]).toEqual([
        id,
        'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      ]);
      expect(g.Properties.AutoRollbackConfiguration.Events).toEqual(
        expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
      );
      const alarms = JSON.stringify(g.Properties.AlarmConfiguration.Alarms);
      expect([id, /CanaryErrors/.test(alarms) && /CanaryLatency/.test(alarms)]).toEqual([id, true]);
    }
    for (const [id, a] of aliases)
      expect([id, Object.keys(a.UpdatePolicy ?? {})]).toEqual([id, ['CodeDeployLambdaAliasUpdate']]);
    prod.hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: Match.objectLike({ CodeDeployLambdaAliasUpdate: Match.anyValue() }),
    });
  });
});

describe('the archive and identity', () => {
  it('alarms when the journal archive falls over an hour behind the stream', () => {
    const alarm = resources(prod, 'AWS::CloudWatch::Alarm').find(([id]) =>
      id.startsWith('ArchiveIteratorAge'),
    )?.[1].Properties;
    expect([alarm.MetricName, alarm.Statistic, alarm.Threshold]).toEqual([
      'IteratorAge',
      'Maximum',
      3_600_000,
    ]);
    expect(JSON.stringify(alarm.Dimensions)).toContain('JournalArchiver');
    expect(JSON.stringify(alarm.AlarmActions)).toContain('Alarms');
  });

  it("sends Cognito's email through SES from the verified domain, which production requires", () => {
    prod.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: Match.stringLikeRegexp('no-reply@example.gov.uk'),
        SourceArn: Match.anyValue(),
      }),
    });
    const { LEDGER_SES_DOMAIN: _d, LEDGER_SES_FROM: _f, ...noSes } = prodValues;
    expect(() => settingsFrom(noSes)).toThrow(/LEDGER_SES_DOMAIN/);
    expect(() => settingsFrom({ ...prodValues, LEDGER_SES_FROM: 'x@elsewhere.org' })).toThrow(
      /address on the verified domain example\.gov\.uk/,
    );
  });
});

describe('write shards', () => {
  it('runs one instalment worker per write shard by default', () => {
    expect(shardCount).toBe(32);
    prod.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.instalmentWorker',
      ReservedConcurrentExecutions: shardCount,
    });
    prod.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: shardCount },
    });
  });
});
