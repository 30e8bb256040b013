import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EdgeStack } from './edge-stack.js';
import { LedgerStack } from './ledger-stack.js';
import { deploymentSettings } from './settings.js';

/**
 * The CDK app: the edge stack (the WAF web ACL, in us-east-1 as CloudFront requires) and the main
 * stack (in eu-west-2 unless allowed otherwise), wired by a cross-region reference. Configuration
 * comes from context (`-c stage=prod -c webOrigin=https://…`) or the environment; a production
 * synthesis without its web origin, alarm email and Cognito domain stops with a message.
 */
const app = new App({
  context: {
    '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
    '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
  },
});
const settings = (() => {
  try {
    return deploymentSettings(
      (key, env) => (app.node.tryGetContext(key) as string | undefined) ?? (process.env[env] || undefined),
    );
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
})();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const edge = new EdgeStack(app, `EhcpLedgerEdge-${settings.stage}`, {
  stage: settings.stage,
  logRetention: settings.logRetention,
  env: { account, region: 'us-east-1' },
  crossRegionReferences: true,
  description: `ehcp-ledger (${settings.stage}): WAF web ACL for CloudFront`,
});
new LedgerStack(app, `EhcpLedger-${settings.stage}`, {
  settings,
  webAclArn: edge.webAclArn,
  env: { account, region: settings.region },
  crossRegionReferences: true,
  description: `ehcp-ledger (${settings.stage}): decimal-exact ledger for EHC plan personal budgets`,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
