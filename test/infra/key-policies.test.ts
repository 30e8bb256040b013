// Proves the key policies (issue 28): no key of ours lets the account root or `*` decrypt (CDK's
// default would, by delegating kms:* to IAM); the account may administer a key but not use it; each
// key names the roles that use it, through the services that store its data; CloudWatch Logs may
// use a logs key (the stack's, and the edge stack's for the WAF's logs) for this account's groups.
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyAdministration, keyUse } from '../../infra/parts/key-policy.js';
import { build, prodValues, resources } from './synth.js';

type KeyStatement = {
  Sid?: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};

let dev: Template;
let prod: Template;
let edge: Template;
beforeAll(() => {
  dev = Template.fromStack(build().stack);
  const built = build({ values: prodValues });
  prod = Template.fromStack(built.stack);
  edge = Template.fromStack(built.edge);
});

const keys = (t: Template) =>
  resources(t, 'AWS::KMS::Key').map(
    ([id, k]) => [id, k.Properties.KeyPolicy.Statement as KeyStatement[]] as const,
  );
const keyOf = (t: Template, prefix: string) => keys(t).find(([id]) => id.startsWith(prefix)) ?? ['', []];
const actions = (s: KeyStatement) => ([] as string[]).concat(s.Action);
/** Whether an action pattern of a statement (kms:*, kms:Decrypt*, …) allows `action`. */
const allows = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);
const mayDecrypt = (s: KeyStatement) =>
  s.Effect === 'Allow' && actions(s).some((a) => allows(a, 'kms:Decrypt'));
const isRootOrAnyone = (principal: unknown) => {
  const text = JSON.stringify(principal);
  return text === '"*"' || text.includes('"AWS":"*"') || text.includes(':root');
};
const principalText = (s: KeyStatement) => JSON.stringify(s.Principal);
const via = (s: KeyStatement) => s.Condition?.StringEquals?.['kms:ViaService'];

describe('key policies', () => {
  it('never let the account root or anyone decrypt, in any stage or stack', () => {
    const all = [...keys(dev), ...keys(prod), ...keys(edge)];
    // dev: account data, alarms, receipts; prod adds data, logs, backup; edge: the WAF's logs.
    expect(all).toHaveLength(3 + 6 + 1);
    for (const [id, statements] of all) {
      for (const s of statements.filter(mayDecrypt))
        expect([id, principalText(s), isRootOrAnyone(s.Principal)]).toEqual([id, principalText(s), false]);
      // CDK's default statement (root, kms:*) is gone.
      expect([id, statements.some((s) => actions(s).includes('kms:*'))]).toEqual([id, false]);
    }
  });

  it('let the account administer every key but not use it (break-glass)', () => {
    for (const [id, statements] of [...keys(dev), ...keys(prod), ...keys(edge)]) {
      const admin = statements.find((s) => s.Sid === 'KeyAdministrationOnly');
      expect([id, JSON.stringify(admin?.Principal)]).toEqual([id, expect.stringContaining(':root')]);
      expect(new Set(actions(admin as KeyStatement))).toEqual(new Set(keyAdministration));
      for (const use of keyUse)
        expect([id, use, actions(admin as KeyStatement).some((a) => allows(a, use))]).toEqual([
          id,
          use,
          false,
        ]);
      // Only the administration statement names the account; every other names a role or a service.
      for (const s of statements.filter((x) => x.Sid !== 'KeyAdministrationOnly'))
        expect([id, isRootOrAnyone(s.Principal)]).toEqual([id, false]);
    }
  });

  it('name the roles that use the data key, through DynamoDB, S3, SQS or AWS Backup only', () => {
    const [, statements] = keyOf(prod, 'DataKey');
    const users = statements.filter((s) => s.Sid !== 'KeyAdministrationOnly');
    for (const s of users)
      expect([principalText(s), via(s)]).toEqual([
        principalText(s),
        expect.arrayContaining([
          expect.stringMatching(/^(dynamodb|s3|sqs|backup)\.eu-west-2\.amazonaws\.com$/),
        ]),
      ]);
    const named = users.map(principalText).join(' ');
    for (const role of [
      'ReadApiServiceRole',
      'MoneyApiServiceRole',
      'ManageApiServiceRole',
      'ReportsApiServiceRole',
      'WebAppServiceRole',
      'DispatchServiceRole',
      'InstalmentWorkerServiceRole',
      'JobWorkerServiceRole',
      'JournalArchiverServiceRole',
      // AWS Backup's role, EventBridge Scheduler's (the schedules' dead-letter queue), CloudFormation's.
      'BackupsLedgerRole',
      'SchedulerRoleForTarget',
      'cfn-exec-role',
    ])
      expect([role, named.includes(role)]).toEqual([role, true]);
    expect(named).not.toContain('PublicApiServiceRole');
    // CloudFormation creates the table through DynamoDB and nothing else.
    const deploy = users.find((s) => s.Sid === 'CloudFormationCreatesThroughServices');
    expect(via(deploy as KeyStatement)).toEqual(['dynamodb.eu-west-2.amazonaws.com']);
  });

  it('name the account functions alone on the account-data key, and the signer and scanner on receipts', () => {
    for (const t of [dev, prod]) {
      const [, account] = keyOf(t, 'AccountDataKey');
      const accountUsers = account.filter((s) => s.Sid !== 'KeyAdministrationOnly');
      expect(accountUsers).toHaveLength(1);
      expect(principalText(accountUsers[0] as KeyStatement)).toContain('ManageApiServiceRole');
      expect(new Set(actions(accountUsers[0] as KeyStatement))).toEqual(
        new Set(['kms:GenerateDataKey', 'kms:Decrypt']),
      );
      const [, receipts] = keyOf(t, 'ReceiptsKey');
      const receiptUsers = receipts.filter((s) => s.Sid !== 'KeyAdministrationOnly');
      expect(receiptUsers.map(principalText).sort()).toEqual([
        expect.stringContaining('ManageApiServiceRole'),
        expect.stringContaining('ReceiptsScanRole'),
      ]);
      for (const s of receiptUsers) expect(via(s)).toEqual(['s3.eu-west-2.amazonaws.com']);
    }
  });

  it("encrypt the WAF's logs in us-east-1 with a key of the edge stack that only CloudWatch Logs uses", () => {
    const [keyId, statements] = keyOf(edge, 'WafLogsKey');
    const [, group] = resources(edge, 'AWS::Logs::LogGroup')[0] ?? [];
    expect(JSON.stringify(group?.Properties.KmsKeyId)).toContain(keyId);
    const users = statements.filter((s) => s.Sid !== 'KeyAdministrationOnly');
    expect(users.map((s) => s.Sid)).toEqual(['CloudWatchLogsForThisAccount']);
    expect(principalText(users[0] as KeyStatement)).toContain('logs.us-east-1.amazonaws.com');
    expect(JSON.stringify(users[0]?.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
    expect(JSON.stringify(users[0]?.Condition)).toContain(':logs:us-east-1:');
  });

  it('leave cdk-nag clean in both stacks', () => {
    expect(() => build({ nag: true, values: prodValues }).app.synth()).not.toThrow();
  });
});
