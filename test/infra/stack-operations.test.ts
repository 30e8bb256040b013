// Proves the synthesized stack's operations: scheduled work fanned out with a dead-letter queue per
// source, a capped instalment worker, backups for seven years, exports and the journal archive
// under Object Lock, alarms that reach someone, and Cognito protected. One test per point of the
// production review; the front door and cdk-nag are in stack.test.ts.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../adapters/dynamodb/table.js';
import { shardCount } from '../../domain/shards.js';
import { workerTimeout } from '../../infra/parts/jobs.js';
import { build, ledgerFunctions, prodValues, resources } from './synth.js';

let template: Template;
let prod: Template;
beforeAll(() => {
  template = Template.fromStack(build().stack);
  prod = Template.fromStack(build({ values: prodValues }).stack);
});

describe('LedgerStack operations', () => {
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

  it('caps the instalment worker so a run cannot starve the API: one worker per write shard', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.instalmentWorker',
      ReservedConcurrentExecutions: shardCount,
      Timeout: workerTimeout.toSeconds(),
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: shardCount },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('backs the table up monthly for 7 years into a vault that production locks, with an optional copy elsewhere', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: Match.arrayWith([
          Match.objectLike({ RuleName: 'Monthly', Lifecycle: Match.objectLike({ DeleteAfterDays: 2557 }) }),
        ]),
      }),
    });
    expect(
      resources(template, 'AWS::Backup::BackupVault').map(([, v]) => v.Properties.LockConfiguration),
    ).toEqual([undefined, undefined]);
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
        BackupPlanRule: Match.arrayWith([
          Match.objectLike({
            RuleName: 'Monthly',
            CopyActions: [
              Match.objectLike({ DestinationBackupVaultArn: Match.stringLikeRegexp('eu-west-1') }),
            ],
          }),
        ]),
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
