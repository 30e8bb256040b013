import { App, Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EdgeStack } from '../../infra/edge-stack.js';
import { LedgerStack } from '../../infra/ledger-stack.js';
import { deploymentSettings } from '../../infra/settings.js';

/** The stacks as the infra tests synthesize them, and the helpers they read templates with. */

export const webOrigin = 'https://ledger.example.gov.uk';
export const flags = { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true };

export const settingsFrom = (values: Record<string, string>) =>
  deploymentSettings((key, env) => values[env] ?? values[key]);
export const prodValues = {
  LEDGER_STAGE: 'prod',
  LEDGER_WEB_ORIGIN: webOrigin,
  LEDGER_ALARM_EMAIL: 'ops@example.gov.uk',
  LEDGER_COGNITO_DOMAIN: 'example-ledger',
  LEDGER_FRONT_DOMAIN: 'ledger.example.gov.uk',
  LEDGER_FRONT_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
  LEDGER_SES_DOMAIN: 'example.gov.uk',
  LEDGER_SES_FROM: 'no-reply@example.gov.uk',
};

export function build(options: { nag?: boolean; values?: Record<string, string>; webAcl?: boolean } = {}) {
  // Bundling is proven by `npm run synth`; assertions only need the templates.
  const app = new App({ context: { ...flags, 'aws:cdk:bundling-stacks': [] } });
  const settings = settingsFrom(options.values ?? { LEDGER_STAGE: 'test', LEDGER_WEB_ORIGIN: webOrigin });
  const edge = new EdgeStack(app, 'Edge', {
    stage: 'test',
    env: { region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const stack = new LedgerStack(app, 'Test', {
    settings,
    ...(options.webAcl === false ? {} : { webAclArn: edge.webAclArn }),
    env: { region: 'eu-west-2' },
    crossRegionReferences: true,
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, edge };
}

export type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

export const resources = (t: Template, type: string) => Object.entries(t.findResources(type));
/** The ledger's own functions, not CDK's helper for cross-region references. */
export const ledgerFunctions = (t: Template) =>
  resources(t, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('Custom'));
export const functionsByRole = (t: Template) =>
  resources(t, 'AWS::IAM::Policy').map(([, r]) => ({
    roles: JSON.stringify(r.Properties.Roles),
    actions: (r.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) =>
      ([] as string[]).concat(s.Action),
    ),
    statements: r.Properties.PolicyDocument.Statement as Statement[],
  }));
