import { Aspects, DefaultStackSynthesizer, Fn, Stack } from 'aws-cdk-lib';
import {
  AccountRootPrincipal,
  ArnPrincipal,
  type IPrincipal,
  Policy,
  PolicyDocument,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Key, type KeyProps } from 'aws-cdk-lib/aws-kms';
import type { Construct, IConstruct } from 'constructs';

/**
 * Key policies that name who may use a key (issue 28), in place of CDK's default statement that
 * gives the account root `kms:*` and so lets any IAM policy in the account decrypt:
 * - **KeyAdministrationOnly**: the account (its IAM administrators, break-glass) may administer
 *   the key (describe, enable, disable, rotate, tag, re-policy, schedule deletion) but never use it:
 *   no Decrypt, Encrypt, GenerateDataKey, ReEncrypt or CreateGrant. Re-policying a key is itself
 *   logged in CloudTrail; it is how a lost role is replaced.
 * - one statement per role that uses it: every role whose IAM policy is granted the key (a
 *   function's role, the backup role, the scheduler's role, GuardDuty's scan role), however the
 *   grant was made, is named in the key policy for the same actions and, where the key serves a
 *   service's storage, only through that service (kms:ViaService: DynamoDB, S3, SQS, AWS Backup).
 *   The IAM grant stays, so the two agree and tests can read either.
 * - a key that stores a service's data (the table, the vaults) lets the CloudFormation execution
 *   role create that resource: DynamoDB and AWS Backup create their grants as the caller, through
 *   the service only.
 * - a logs key lets CloudWatch Logs in this region use it for this account's log groups only.
 */

/** Administration without use: none of these decrypts, encrypts or grants. */
export const keyAdministration = [
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:UpdateAlias',
  'kms:Describe*',
  'kms:Get*',
  'kms:List*',
  'kms:Enable*',
  'kms:Disable*',
  'kms:PutKeyPolicy',
  'kms:UpdateKeyDescription',
  'kms:RotateKeyOnDemand',
  'kms:RevokeGrant',
  'kms:RetireGrant',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
] as const;

/** The actions that reveal or make data under a key: never the account root's, never `*`'s. */
export const keyUse = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:ReEncrypt',
  'kms:CreateGrant',
];

export interface LedgerKeyProps extends Omit<KeyProps, 'policy' | 'admins'> {
  /** Services through which grantees use the key (kms:ViaService); none: they call KMS themselves. */
  via?: ReadonlyArray<'dynamodb' | 's3' | 'sqs' | 'backup'>;
  /** Services whose resources CloudFormation creates on this key (the table, the vaults). */
  createdVia?: ReadonlyArray<'dynamodb' | 'backup'>;
}

export class LedgerKey extends Key {
  private readonly via: readonly string[];

  constructor(scope: Construct, id: string, props: LedgerKeyProps) {
    const { via = [], createdVia = [], ...rest } = props;
    const administration = new PolicyStatement({
      sid: 'KeyAdministrationOnly',
      principals: [new AccountRootPrincipal()],
      actions: [...keyAdministration],
      resources: ['*'],
    });
    super(scope, id, { ...rest, policy: new PolicyDocument({ statements: [administration] }) });
    const region = Stack.of(this).region;
    this.via = via.map((service) => `${service}.${region}.amazonaws.com`);
    if (createdVia.length > 0) {
      this.addToResourcePolicy(
        new PolicyStatement({
          sid: 'CloudFormationCreatesThroughServices',
          principals: [deployer(this)],
          actions: [
            'kms:CreateGrant',
            'kms:DescribeKey',
            'kms:Decrypt',
            'kms:Encrypt',
            'kms:GenerateDataKey*',
          ],
          resources: ['*'],
          conditions: {
            StringEquals: {
              'kms:ViaService': createdVia.map((service) => `${service}.${region}.amazonaws.com`),
            },
          },
        }),
      );
    }
    // Once every grant is made, each role whose IAM policy uses this key is named in it.
    Aspects.of(Stack.of(this)).add({ visit: (node) => this.nameUser(node) });
  }

  /**
   * Whatever made a role's grant on this key (key.grant…, a queue's, a table's or a bucket's
   * grants, or a statement added by hand), the key policy names the role for the same actions,
   * through the key's services only: IAM alone cannot let anyone use the key.
   */
  private nameUser(node: IConstruct): void {
    if (!(node instanceof Role)) return;
    const policy = node.node.tryFindChild('DefaultPolicy');
    if (!(policy instanceof Policy)) return;
    const statements =
      (policy.document.toJSON() as { Statement?: { Action: string | string[]; Resource: unknown }[] })
        .Statement ?? [];
    const actions = statements
      .filter((st) => JSON.stringify(st.Resource).includes(this.keyArn))
      .flatMap((st) => ([] as string[]).concat(st.Action))
      .filter((action) => action.startsWith('kms:'));
    if (actions.length === 0) return;
    this.addToResourcePolicy(
      new PolicyStatement({
        principals: [node],
        actions: [...new Set(actions)],
        resources: ['*'],
        ...(this.via.length > 0 ? { conditions: { StringEquals: { 'kms:ViaService': [...this.via] } } } : {}),
      }),
    );
  }
}

/** The role CloudFormation deploys with (the CDK bootstrap's), which creates the table and vaults. */
function deployer(scope: Construct): IPrincipal {
  const synthesizer = Stack.of(scope).synthesizer;
  if (!(synthesizer instanceof DefaultStackSynthesizer))
    throw new Error('the key policy names the CDK bootstrap execution role: use the default synthesizer');
  // The ARN carries ${AWS::Partition} (and ${AWS::AccountId} where the account is not fixed).
  return new ArnPrincipal(Fn.sub(synthesizer.cloudFormationExecutionRoleArn));
}

/** CloudWatch Logs in this stack's region may use the key for this account's log groups only. */
export function allowCloudWatchLogs(key: Key): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchLogsForThisAccount',
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
        },
      },
    }),
  );
}
