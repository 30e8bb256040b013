// Proves the account-data key (DESIGN.md 11b): a customer-managed, rotated KMS key of its own,
// granted (data keys and decryption only) to the functions that write agreements and accounts and
// build payment files, and to no other; the stack stays clean under cdk-nag.
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { accountKeyGroups } from '../../infra/parts/account-key.js';
import { build, functionsByRole, resources } from './synth.js';

describe('the account-data key', () => {
  const { stack } = build();
  const template = Template.fromStack(stack);
  const keyId = resources(template, 'AWS::KMS::Key').find(([id]) => id.startsWith('AccountDataKey'))?.[0];

  it('is a customer-managed key of its own, rotated and kept', () => {
    expect(keyId).toBeDefined();
    const key = template.findResources('AWS::KMS::Key')[keyId as string];
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    expect(key?.DeletionPolicy).toBe('Retain');
  });

  it('is usable only by the functions that seal or open account numbers', () => {
    expect(accountKeyGroups()).toEqual(['manage']);
    const users = functionsByRole(template)
      .filter((p) => p.statements.some((s) => JSON.stringify(s.Resource).includes(keyId as string)))
      .map((p) => p.roles);
    expect(users).toHaveLength(1);
    expect(users[0]).toContain('ManageApiServiceRole');
    const grants = functionsByRole(template)
      .flatMap((p) => p.statements)
      .filter((s) => JSON.stringify(s.Resource).includes(keyId as string))
      .flatMap((s) => ([] as string[]).concat(s.Action));
    expect(new Set(grants)).toEqual(new Set(['kms:GenerateDataKey', 'kms:Decrypt']));
    const manage = resources(template, 'AWS::Lambda::Function').find(([id]) => id.startsWith('ManageApi'));
    expect(JSON.stringify(manage?.[1].Properties.Environment.Variables.ACCOUNT_KEY_ARN)).toContain(keyId);
  });

  it('leaves cdk-nag clean', () => {
    expect(() => build({ nag: true }).app.synth()).not.toThrow();
  });
});
