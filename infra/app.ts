import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LedgerStack } from './ledger-stack.js';

/**
 * The CDK app. Configuration comes from context (`-c stage=prod -c webOrigin=https://…`) or the
 * environment; no account ids or secrets live in the repository.
 */
const app = new App({
  context: {
    '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
    '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
  },
});
const setting = (name: string, env: string, fallback?: string): string | undefined =>
  (app.node.tryGetContext(name) as string | undefined) ?? process.env[env] ?? fallback;

const stage = setting('stage', 'LEDGER_STAGE', 'dev') as string;
new LedgerStack(app, `EhcpLedger-${stage}`, {
  stage,
  webOrigin: setting('webOrigin', 'LEDGER_WEB_ORIGIN', 'http://localhost:3000') as string,
  cognitoDomainPrefix: setting('cognitoDomainPrefix', 'LEDGER_COGNITO_DOMAIN'),
  alarmEmail: setting('alarmEmail', 'LEDGER_ALARM_EMAIL'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2' },
  description: `ehcp-ledger (${stage}): decimal-exact ledger for EHC plan personal budgets`,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
