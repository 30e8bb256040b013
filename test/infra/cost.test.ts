// Proves the cost model reads its counts from the synthesized template and adds up: the alarm,
// function and WAF-rule counts are the template's, and the total is the sum of its lines.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { assumption, costModel, costMonths, costTable } from '../../infra/cost.js';
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
    const edgeTemplate = Template.fromStack(edge);
    const models = costMonths.map((month) => ({
      month,
      model: costModel(template, edgeTemplate, assumption, month),
    }));
    const model = models[0]?.model as ReturnType<typeof costModel>;
    // Assess
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length;
    expect(model.rows.find(([item]) => item === 'CloudWatch alarms')?.[1]).toBe(`${alarms} alarms`);
    expect(model.rows.find(([item]) => item === 'WAF')?.[1]).toBe('1 web ACL, 6 rules');
    for (const { model: m } of models)
      expect(m.total).toBeCloseTo(
        m.rows.reduce((sum, [, , usd]) => sum + usd, 0),
        10,
      );
    const table = costTable(models);
    expect(table).toMatch(/^ESTIMATE, not a quote: 20,000 plans/);
    expect(table).toMatch(/\| month 1 \| month 12 \| year 7 \|/);
    expect(table).toMatch(/Assumptions: the table starts at .* grows 0\.9 GB a month/);
    expect(assumption.plans).toBe(20_000);
  }, 180_000); // synthesises both stacks

  it('grows with the table: backups, storage and kept logs cost more at month 12 and more again by year 7; X-Ray, metrics and the web tier are counted', () => {
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
    const [t, e] = [Template.fromStack(stack), Template.fromStack(edge)];
    const usd = (month: number, item: string) =>
      costModel(t, e, assumption, month).rows.find(([name]) => name === item)?.[2] ?? Number.NaN;
    for (const item of ['Backups', 'DynamoDB storage and PITR', 'CloudWatch Logs']) {
      expect([item, usd(12, item) > usd(1, item)]).toEqual([item, true]);
      expect([item, usd(84, item) > usd(12, item)]).toEqual([item, true]);
    }
    // Year 7 holds 84 monthly points, all but the last three in cold storage.
    const backups = costModel(t, e, assumption, 84).rows.find(([name]) => name === 'Backups')?.[1] ?? '';
    const [, warm, cold] = /monthly ([0-9.]+) GB warm, ([0-9.]+) GB cold/.exec(backups) ?? [];
    expect(Number(cold)).toBeGreaterThan(10 * Number(warm));
    expect(usd(1, 'X-Ray')).toBeGreaterThan(0);
    expect(usd(1, 'CloudWatch metrics and dashboard')).toBeGreaterThan(0);
    const front = costModel(t, e, assumption, 1).rows.find(([name]) => name === 'CloudFront')?.[1];
    expect(front).toMatch(/0\.36 M of them pages/);
    expect(costModel(t, e, { ...assumption, monthlyActiveUsers: 24_000 }, 1).total).toBeGreaterThan(
      costModel(t, e, assumption, 1).total,
    );
  }, 180_000); // synthesises both stacks
});
