import { App } from 'aws-cdk-lib';
import { PipelineStack } from './pipeline.js';
import { deploymentSettings } from './settings.js';

/**
 * The pipeline's own app (docs/deploy.md): deployed once from the tooling account with
 * `npx cdk deploy --app "npx tsx infra/pipeline-app.ts"`, then it deploys itself and the stages.
 * Each stage's settings are the ordinary LEDGER_* ones, given per stage with a suffix:
 * LEDGER_WEB_ORIGIN__STAGING, LEDGER_WEB_ORIGIN__PROD, … (unsuffixed values apply to both).
 */
const app = new App();
const required = (name: string): string => {
  const v = process.env[name];
  if (!v) {
    process.stderr.write(`cannot synthesize the pipeline: set ${name}\n`);
    process.exit(1);
  }
  return v;
};
const settingsFor = (stage: 'staging' | 'prod') => {
  try {
    return deploymentSettings((_key, env) =>
      env === 'LEDGER_STAGE' ? stage : (process.env[`${env}__${stage.toUpperCase()}`] ?? process.env[env]),
    );
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
};
new PipelineStack(app, 'EhcpLedgerPipeline', {
  env: { account: required('LEDGER_TOOLING_ACCOUNT'), region: 'eu-west-2' },
  pipeline: {
    repository: required('LEDGER_PIPELINE_REPOSITORY'),
    branch: process.env.LEDGER_PIPELINE_BRANCH ?? 'main',
    connectionArn: required('LEDGER_PIPELINE_CONNECTION_ARN'),
    staging: { account: required('LEDGER_STAGING_ACCOUNT'), settings: settingsFor('staging') },
    prod: { account: required('LEDGER_PROD_ACCOUNT'), settings: settingsFor('prod') },
  },
});
app.synth();
