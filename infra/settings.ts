import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { shardCount } from '../domain/shards.js';

/**
 * Deployment settings, from CDK context (`-c name=value`) or the environment. A production stage
 * must name its web origin, alarm email and Cognito domain: a silent default (localhost for CORS,
 * nobody for alarms) would fail in service, so synthesis stops with a message instead. The stack
 * lives in London (eu-west-2) unless another region is allowed explicitly. A production stage must
 * also be served at its web origin's own host (LEDGER_FRONT_DOMAIN with its certificate), so that
 * Cognito's callback and CORS name the host CloudFront serves.
 */

export interface DeploymentSettings {
  stage: string;
  production: boolean;
  region: string;
  webOrigin: string;
  alarmEmail: string | undefined;
  cognitoDomainPrefix: string | undefined;
  /** Backups: how long the monthly ones are kept (7 years), and an optional vault in a second region to copy them to. */
  backupRetention: Duration;
  /** How long the daily recovery points are kept (35 days, in a vault of their own). */
  dailyBackupRetention: Duration;
  /** Customer-managed KMS keys for the table, data buckets, queues, logs and vaults (production's default). */
  customerKeys: boolean;
  /** How long API access logs and function logs are kept: the council's retention schedule. */
  logRetention: RetentionDays;
  /** Cognito's email through SES: a verified domain identity and the From address on it. */
  sesDomain: string | undefined;
  sesFromAddress: string | undefined;
  backupCopyVaultArn: string | undefined;
  /** Concurrency the instalment worker may take at most, so a run never starves the API (one per write shard). */
  workerConcurrency: number;
  /** The council's own name for the service and its ACM certificate (us-east-1), for TLS 1.2+. */
  frontDomainName: string | undefined;
  frontCertificateArn: string | undefined;
  /** The council whose service the web app is (DESIGN.md 11c): its name in the header, its contact in the footer. */
  council: { name: string; email: string; phone: string };
}

/** The web app's own defaults (web/context.ts councilFromEnv) until a council names itself. */
export const councilDefaults = {
  name: 'Your council',
  email: 'send.personalbudgets@example.gov.uk',
  phone: '0300 123 4567',
};

export const homeRegion = 'eu-west-2';
export const backupRetentionDaysDefault = 2557; // 7 years
export const dailyBackupRetentionDays = 35;
/** Logs kept as long as the money records: the council's schedule, 7 years unless it says otherwise. */
export const logRetentionDaysDefault = RetentionDays.SEVEN_YEARS;

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
  const workerConcurrency = Number(read('workerConcurrency', 'LEDGER_WORKER_CONCURRENCY') ?? shardCount);
  if (!Number.isInteger(workerConcurrency) || workerConcurrency < 2 || workerConcurrency > 100)
    problems.push('LEDGER_WORKER_CONCURRENCY must be 2 to 100');
  if (
    Boolean(read('frontDomainName', 'LEDGER_FRONT_DOMAIN')) !==
    Boolean(read('frontCertificateArn', 'LEDGER_FRONT_CERTIFICATE_ARN'))
  ) {
    problems.push('LEDGER_FRONT_DOMAIN and LEDGER_FRONT_CERTIFICATE_ARN go together');
  }
  const frontDomain = read('frontDomainName', 'LEDGER_FRONT_DOMAIN');
  if (production) {
    // Cognito's callback and CORS name the web origin; CloudFront must serve exactly that host.
    const host = webOrigin
      ?.replace(/^https:\/\//i, '')
      .replace(/:[0-9]+$/, '')
      .toLowerCase();
    if (!frontDomain)
      problems.push(
        "LEDGER_FRONT_DOMAIN (context frontDomainName) with LEDGER_FRONT_CERTIFICATE_ARN: the host CloudFront serves, the web origin's",
      );
    else if (host && frontDomain.toLowerCase() !== host)
      problems.push(
        `LEDGER_FRONT_DOMAIN ${frontDomain} is not the web origin's host ${host}: Cognito would call back to a host CloudFront does not serve`,
      );
  }
  const logDays = Number(read('logRetentionDays', 'LEDGER_LOG_RETENTION_DAYS') ?? logRetentionDaysDefault);
  if (!Object.values(RetentionDays).includes(logDays as RetentionDays) || logDays === RetentionDays.INFINITE)
    problems.push(
      `LEDGER_LOG_RETENTION_DAYS must be one of CloudWatch's retention periods (e.g. 400, 731, 1827, 2557), not ${logDays}`,
    );
  const sesDomain = read('sesDomain', 'LEDGER_SES_DOMAIN');
  const sesFromAddress = read('sesFromAddress', 'LEDGER_SES_FROM');
  if (production && !sesDomain)
    problems.push(
      "LEDGER_SES_DOMAIN and LEDGER_SES_FROM: Cognito's email through SES (its own sends no more than 50 a day)",
    );
  else if (Boolean(sesDomain) !== Boolean(sesFromAddress))
    problems.push('LEDGER_SES_DOMAIN and LEDGER_SES_FROM go together');
  else if (sesDomain && !sesFromAddress?.toLowerCase().endsWith(`@${sesDomain.toLowerCase()}`))
    problems.push(`LEDGER_SES_FROM must be an address on the verified domain ${sesDomain}`);
  const keys = read('customerKeys', 'LEDGER_CUSTOMER_KEYS');
  const council = {
    name: read('councilName', 'LEDGER_COUNCIL_NAME') || councilDefaults.name,
    email: read('councilEmail', 'LEDGER_COUNCIL_EMAIL') || councilDefaults.email,
    phone: read('councilPhone', 'LEDGER_COUNCIL_PHONE') || councilDefaults.phone,
  };
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(council.email))
    problems.push(`LEDGER_COUNCIL_EMAIL must be an email address, not ${council.email}`);
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
    dailyBackupRetention: Duration.days(dailyBackupRetentionDays),
    customerKeys: keys === undefined ? production : keys === 'true',
    logRetention: logDays as RetentionDays,
    sesDomain,
    sesFromAddress,
    backupCopyVaultArn: read('backupCopyVaultArn', 'LEDGER_BACKUP_COPY_VAULT_ARN'),
    workerConcurrency,
    frontDomainName: frontDomain,
    frontCertificateArn: read('frontCertificateArn', 'LEDGER_FRONT_CERTIFICATE_ARN'),
    council,
  };
}
