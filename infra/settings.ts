import { Duration } from 'aws-cdk-lib';

/**
 * Deployment settings, from CDK context (`-c name=value`) or the environment. A production stage
 * must name its web origin, alarm email and Cognito domain: a silent default (localhost for CORS,
 * nobody for alarms) would fail in service, so synthesis stops with a message instead. The stack
 * lives in London (eu-west-2) unless another region is allowed explicitly.
 */

export interface DeploymentSettings {
  stage: string;
  production: boolean;
  region: string;
  webOrigin: string;
  alarmEmail: string | undefined;
  cognitoDomainPrefix: string | undefined;
  /** Backups: how long they are kept, and an optional vault in a second region to copy them to. */
  backupRetention: Duration;
  backupCopyVaultArn: string | undefined;
  /** Concurrency the instalment worker may take at most, so a run never starves the API. */
  workerConcurrency: number;
  /** The council's own name for the service and its ACM certificate (us-east-1), for TLS 1.2+. */
  frontDomainName: string | undefined;
  frontCertificateArn: string | undefined;
}

export const homeRegion = 'eu-west-2';
export const backupRetentionDaysDefault = 2557; // 7 years

type Read = (contextKey: string, envKey: string) => string | undefined;

export function deploymentSettings(read: Read): DeploymentSettings {
  const stage = read('stage', 'LEDGER_STAGE') ?? 'dev';
  const production = stage === 'prod';
  const webOrigin = read('webOrigin', 'LEDGER_WEB_ORIGIN');
  const alarmEmail = read('alarmEmail', 'LEDGER_ALARM_EMAIL');
  const cognitoDomainPrefix = read('cognitoDomainPrefix', 'LEDGER_COGNITO_DOMAIN');
  const region = read('region', 'LEDGER_REGION') ?? homeRegion;
  const allowRegion = read('allowRegion', 'LEDGER_ALLOW_REGION');
  const problems: string[] = [];
  if (production) {
    if (!webOrigin)
      problems.push('LEDGER_WEB_ORIGIN (context webOrigin): the web origin CORS and Cognito admit');
    if (!alarmEmail) problems.push('LEDGER_ALARM_EMAIL (context alarmEmail): who alarms reach');
    if (!cognitoDomainPrefix)
      problems.push('LEDGER_COGNITO_DOMAIN (context cognitoDomainPrefix): the sign-in domain');
  }
  if (webOrigin && !/^https:\/\/[a-z0-9.-]+(:[0-9]+)?$/i.test(webOrigin) && production) {
    problems.push(`LEDGER_WEB_ORIGIN must be an https origin, not ${webOrigin}`);
  }
  if (region !== homeRegion && allowRegion !== region) {
    problems.push(
      `the stack lives in ${homeRegion}; to deploy to ${region} set LEDGER_ALLOW_REGION=${region}`,
    );
  }
  const retention = Number(
    read('backupRetentionDays', 'LEDGER_BACKUP_RETENTION_DAYS') ?? backupRetentionDaysDefault,
  );
  if (!Number.isInteger(retention) || retention < 35)
    problems.push('LEDGER_BACKUP_RETENTION_DAYS must be a whole number of days, at least 35');
  const workerConcurrency = Number(read('workerConcurrency', 'LEDGER_WORKER_CONCURRENCY') ?? 5);
  if (!Number.isInteger(workerConcurrency) || workerConcurrency < 2 || workerConcurrency > 100)
    problems.push('LEDGER_WORKER_CONCURRENCY must be 2 to 100');
  if (
    Boolean(read('frontDomainName', 'LEDGER_FRONT_DOMAIN')) !==
    Boolean(read('frontCertificateArn', 'LEDGER_FRONT_CERTIFICATE_ARN'))
  ) {
    problems.push('LEDGER_FRONT_DOMAIN and LEDGER_FRONT_CERTIFICATE_ARN go together');
  }
  if (problems.length > 0) {
    throw new Error(`cannot synthesize stage ${stage}:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    stage,
    production,
    region,
    webOrigin: webOrigin ?? 'http://localhost:3000',
    alarmEmail,
    cognitoDomainPrefix,
    backupRetention: Duration.days(retention),
    backupCopyVaultArn: read('backupCopyVaultArn', 'LEDGER_BACKUP_COPY_VAULT_ARN'),
    workerConcurrency,
    frontDomainName: read('frontDomainName', 'LEDGER_FRONT_DOMAIN'),
    frontCertificateArn: read('frontCertificateArn', 'LEDGER_FRONT_CERTIFICATE_ARN'),
  };
}
