import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EdgeStack } from './edge-stack.js';
import { LedgerStack } from './ledger-stack.js';
import { deploymentSettings } from './settings.js';

/**
 * `npm run cost`: an ESTIMATE of the monthly AWS bill at a stated scale and traffic, computed from
 * the synthesized template (how many functions, alarms, indexes, keys, rules) and the assumptions
 * below. Prices are London (eu-west-2) list prices in USD as we read them; check the AWS price list
 * before quoting a council.
 */

export interface TrafficAssumption {
  plans: number;
  /** Per plan and month. */
  spendsPerPlan: number;
  decisionsPerPlan: number;
  instalmentsPerPlan: number;
  readsPerPlan: number;
  /** People who sign in during a month (families, brokers' and councils' staff). */
  monthlyActiveUsers: number;
  /** Bytes of logs per request, and of table data per plan. */
  logBytesPerRequest: number;
  tableBytesPerPlan: number;
}

export const assumption: TrafficAssumption = {
  plans: 20_000,
  spendsPerPlan: 8,
  decisionsPerPlan: 2,
  instalmentsPerPlan: 2,
  readsPerPlan: 40,
  monthlyActiveUsers: 12_000,
  logBytesPerRequest: 1_500,
  tableBytesPerPlan: 60_000,
};

export const prices = {
  writeRequestUnitPerMillion: 0.7068,
  readRequestUnitPerMillion: 0.1413,
  storagePerGbMonth: 0.2975,
  pitrPerGbMonth: 0.2364,
  backupPerGbMonth: 0.1182,
  lambdaRequestsPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  httpApiPerMillion: 1.11,
  cloudFrontHttpsPer10k: 0.012,
  wafAclMonth: 5,
  wafRuleMonth: 1,
  wafPerMillion: 0.6,
  alarmMonth: 0.1,
  logIngestPerGb: 0.5985,
  logStoragePerGbMonth: 0.0315,
  kmsKeyMonth: 1,
  cognitoPlusPerMau: 0.02,
  sqsPerMillion: 0.4,
};

/**
 * Write units of one posted spend: a transaction costs two units per KB-item (condition checks
 * too), and each index entry of a written item one more: idempotency claim, spend, entry, pot
 * (+3 index entries), four summaries (month, category, outcome, day: +2 index entries each), the
 * council's month and day figures (no index), and the policy's and plan's version checks.
 */
export const writeUnitsPerSpend = 2 * 12 + 3 + 4 * 2;
const writeUnitsPerDecision = 2 * 6 + 3 + 2 * 2;
const writeUnitsPerInstalment = 2 * 7 + 3 + 2 * 2;

export function costModel(template: Template, edge: Template, a: TrafficAssumption = assumption) {
  const count = (t: Template, type: string) => Object.keys(t.findResources(type)).length;
  const functions = Object.keys(template.findResources('AWS::Lambda::Function')).filter(
    (id) => !id.startsWith('Custom'),
  ).length;
  const alarms = count(template, 'AWS::CloudWatch::Alarm');
  const keys = count(template, 'AWS::KMS::Key');
  const wafRules = (Object.values(edge.findResources('AWS::WAFv2::WebACL'))[0]?.Properties.Rules ?? [])
    .length;
  const requests = a.plans * (a.spendsPerPlan + a.decisionsPerPlan + a.readsPerPlan);
  const writes =
    a.plans *
    (a.spendsPerPlan * writeUnitsPerSpend +
      a.decisionsPerPlan * writeUnitsPerDecision +
      a.instalmentsPerPlan * writeUnitsPerInstalment);
  const reads = a.plans * (a.readsPerPlan * 8 + (a.spendsPerPlan + a.decisionsPerPlan) * 4);
  const tableGb = (a.plans * a.tableBytesPerPlan) / 1e9;
  const logGb = (requests * a.logBytesPerRequest) / 1e9;
  const gbSeconds = requests * 0.512 * 0.08 + a.plans * a.instalmentsPerPlan * 0.512 * 0.02;
  const rows: Array<[string, string, number]> = [
    [
      'DynamoDB writes',
      `${(writes / 1e6).toFixed(2)} M write units (${writeUnitsPerSpend} a spend, index writes included)`,
      (writes / 1e6) * prices.writeRequestUnitPerMillion,
    ],
    [
      'DynamoDB reads',
      `${(reads / 1e6).toFixed(2)} M read units`,
      (reads / 1e6) * prices.readRequestUnitPerMillion,
    ],
    [
      'DynamoDB storage, PITR, backups',
      `${tableGb.toFixed(2)} GB`,
      tableGb * (prices.storagePerGbMonth + prices.pitrPerGbMonth + prices.backupPerGbMonth),
    ],
    [
      'Lambda',
      `${functions} functions, ${(requests / 1e6).toFixed(2)} M invocations`,
      (requests / 1e6) * prices.lambdaRequestsPerMillion + gbSeconds * prices.lambdaArmGbSecond,
    ],
    [
      'API Gateway (HTTP API)',
      `${(requests / 1e6).toFixed(2)} M requests`,
      (requests / 1e6) * prices.httpApiPerMillion,
    ],
    [
      'CloudFront',
      `${(requests / 1e6).toFixed(2)} M HTTPS requests`,
      (requests / 1e4) * prices.cloudFrontHttpsPer10k,
    ],
    [
      'WAF',
      `1 web ACL, ${wafRules} rules`,
      prices.wafAclMonth + wafRules * prices.wafRuleMonth + (requests / 1e6) * prices.wafPerMillion,
    ],
    ['CloudWatch alarms', `${alarms} alarms`, alarms * prices.alarmMonth],
    [
      'CloudWatch Logs',
      `${logGb.toFixed(2)} GB ingested`,
      logGb * (prices.logIngestPerGb + prices.logStoragePerGbMonth * 6),
    ],
    ['KMS', `${keys} key`, keys * prices.kmsKeyMonth],
    [
      'Cognito (Plus)',
      `${a.monthlyActiveUsers} monthly active users`,
      a.monthlyActiveUsers * prices.cognitoPlusPerMau,
    ],
    [
      'SQS',
      `${((a.plans * a.instalmentsPerPlan) / 1e6).toFixed(2)} M messages`,
      ((a.plans * a.instalmentsPerPlan * 3) / 1e6) * prices.sqsPerMillion,
    ],
  ];
  const total = rows.reduce((sum, [, , usd]) => sum + usd, 0);
  return { rows, total };
}

export function costTable(model: ReturnType<typeof costModel>, a: TrafficAssumption = assumption): string {
  return [
    `ESTIMATE, not a quote: ${a.plans.toLocaleString('en-GB')} plans; per plan a month ${a.spendsPerPlan} spends, ${a.decisionsPerPlan} decisions, ${a.instalmentsPerPlan} instalments, ${a.readsPerPlan} reads; ${a.monthlyActiveUsers.toLocaleString('en-GB')} monthly active users. London list prices, USD.`,
    '',
    '| item | quantity | USD a month |',
    '|---|---|---:|',
    ...model.rows.map(([item, quantity, usd]) => `| ${item} | ${quantity} | ${usd.toFixed(2)} |`),
    `| **total** | | **${model.total.toFixed(2)}** |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true },
  });
  const prod: Record<string, string> = {
    LEDGER_STAGE: 'prod',
    LEDGER_WEB_ORIGIN: 'https://ledger.example.gov.uk',
    LEDGER_ALARM_EMAIL: 'ops@example.gov.uk',
    LEDGER_COGNITO_DOMAIN: 'example',
  };
  const settings = deploymentSettings((_key, env) => prod[env]);
  const edge = new EdgeStack(app, 'Edge', {
    stage: 'prod',
    env: { region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const stack = new LedgerStack(app, 'Ledger', {
    settings,
    webAclArn: edge.webAclArn,
    env: { region: 'eu-west-2' },
    crossRegionReferences: true,
  });
  process.stdout.write(`${costTable(costModel(Template.fromStack(stack), Template.fromStack(edge)))}\n`);
}
