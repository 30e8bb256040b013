// Proves the cost model reads its counts from the synthesized template and adds up: the alarm,
// function and WAF-rule counts are the template's, and the total is the sum of its lines.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { assumption, costModel, costTable } from '../../infra/cost.js';
import { EdgeStack } from '../../infra/edge-stack.js';
import { LedgerStack } from '../../infra/ledger-stack.js';
import { deploymentSettings } from '../../infra/settings.js';

describe('the cost model', () => {
  it('counts what the template holds and totals its lines, labelled as an estimate', () => {
    // Prepare
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const edge = new EdgeStack(app, 'Edge', {
      stage: 't',
      env: { region: 'us-east-1' },
      crossRegionReferences: true,
    });
    const stack = new LedgerStack(app, 'Ledger', {
      settings: deploymentSettings(() => undefined),
      webAclArn: edge.webAclArn,
      env: { region: 'eu-west-2' },
      crossRegionReferences: true,
    });
    const template = Template.fromStack(stack);
    // Act
    const model = costModel(template, Template.fromStack(edge));
    // Assess
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length;
    expect(model.rows.find(([item]) => item === 'CloudWatch alarms')?.[1]).toBe(`${alarms} alarms`);
    expect(model.rows.find(([item]) => item === 'WAF')?.[1]).toBe('1 web ACL, 6 rules');
    expect(model.total).toBeCloseTo(
      model.rows.reduce((sum, [, , usd]) => sum + usd, 0),
      10,
    );
    expect(costTable(model)).toMatch(/^ESTIMATE, not a quote: 20,000 plans/);
    expect(assumption.plans).toBe(20_000);
  });
});
