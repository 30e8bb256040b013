// The delivery pipeline in code: synth (cdk-nag) and npm test, staging and prod in accounts of
// their own, prod's diff shown and a person's approval before prod deploys.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LedgerStage, PipelineStack } from '../../infra/pipeline.js';
import { flags, prodValues, resources, settingsFrom } from './synth.js';

describe('the pipeline', () => {
  it('tests and synthesises, deploys staging, then shows the diff and waits for approval before prod, each in its own account', () => {
    const app = new App({ context: { ...flags, 'aws:cdk:bundling-stacks': [] } });
    const stack = new PipelineStack(app, 'Pipeline', {
      env: { account: '111111111111', region: 'eu-west-2' },
      pipeline: {
        repository: 'council/ehcp-ledger',
        branch: 'main',
        connectionArn: 'arn:aws:codeconnections:eu-west-2:111111111111:connection/abc',
        staging: {
          account: '222222222222',
          settings: settingsFrom({ ...prodValues, LEDGER_STAGE: 'staging' }),
        },
        prod: { account: '333333333333', settings: settingsFrom(prodValues) },
      },
    });
    stack.pipeline.buildPipeline();
    const t = Template.fromStack(stack);
    const stages = resources(t, 'AWS::CodePipeline::Pipeline')[0]?.[1].Properties.Stages as Array<{
      Name: string;
      Actions: Array<{
        Name: string;
        ActionTypeId: { Category: string };
        RunOrder: number;
        RoleArn?: unknown;
      }>;
    }>;
    expect(stages.map((s) => s.Name)).toEqual([
      'Source',
      'Build',
      'UpdatePipeline',
      'Assets',
      'Staging',
      'Prod',
    ]);
    const builds = JSON.stringify(
      resources(t, 'AWS::CodeBuild::Project').map(([, p]) => p.Properties.Source),
    );
    expect(builds).toContain('npm test');
    expect(builds).toContain('cdk synth');
    expect(builds).toContain('cdk diff');
    const prod = stages.find((s) => s.Name === 'Prod');
    const order = (name: RegExp) => prod?.Actions.find((a) => name.test(a.Name))?.RunOrder ?? -1;
    expect(order(/DiffProd/)).toBeLessThan(order(/ApproveProd/));
    expect(prod?.Actions.find((a) => /ApproveProd/.test(a.Name))?.ActionTypeId.Category).toBe('Approval');
    expect(order(/ApproveProd/)).toBeLessThan(order(/Ledger.*Deploy/));
    // Each stage deploys with the CDK roles of its own account.
    const roles = (name: string) =>
      JSON.stringify(stages.find((s) => s.Name === name)?.Actions.map((a) => a.RoleArn));
    expect(roles('Staging')).toContain('222222222222');
    expect(roles('Staging')).not.toContain('333333333333');
    expect(roles('Prod')).toContain('333333333333');
    expect(new LedgerStage(new App(), 'X', { settings: settingsFrom(prodValues) }).ledger).toBeDefined();
  }, 300_000);
});
