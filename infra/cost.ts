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
  /** How much the table grows a month (journal, summaries, figures): the backups grow with it. */
  tableGrowthGbPerMonth: number;
  /** Web pages a monthly active user opens, and the API calls each page makes. */
  pagesPerUser: number;
  apiCallsPerPage: number;
  /** Custom CloudWatch metrics (EMF: latency, outcomes, the daily heartbeat) and KMS requests a month. */
  customMetrics: number;
  kmsRequestsPerMonth: number;
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
  tableGrowthGbPerMonth: 0.9,
  pagesPerUser: 30,
  apiCallsPerPage: 2,
  customMetrics: 20,
  kmsRequestsPerMonth: 2_000_000,
};

/** The months the estimate is given for: the first, the end of the first year, and year 7. */
export const costMonths = [1, 12, 84] as const;

export const prices = {
  writeRequestUnitPerMillion: 0.7068,
  readRequestUnitPerMillion: 0.1413,
  storagePerGbMonth: 0.2975,
  pitrPerGbMonth: 0.2364,
  backupPerGbMonth: 0.1182,
  backupColdPerGbMonth: 0.0355,
  xrayPerMillionTraces: 5,
  metricMonth: 0.3,
  dashboardMonth: 3,
  kmsPer10kRequests: 0.03,
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

export function costModel(template: Template, edge: Template, a: TrafficAssumption = assumption, month = 1) {
  const count = (t: Template, type: string) => Object.keys(t.findResources(type)).length;
  const functions = Object.keys(template.findResources('AWS::Lambda::Function')).filter(
    (id) => !id.startsWith('Custom'),
  ).length;
  const alarms = count(template, 'AWS::CloudWatch::Alarm');
  // The edge stack's key (the WAF's log group in us-east-1) costs like any other.
  const keys = count(template, 'AWS::KMS::Key') + count(edge, 'AWS::KMS::Key');
  const wafRules = (Object.values(edge.findResources('AWS::WAFv2::WebACL'))[0]?.Properties.Rules ?? [])
    .length;
  const apiRequests = a.plans * (a.spendsPerPlan + a.decisionsPerPlan + a.readsPerPlan);
  // The web tier: each page is a CloudFront request, a web-function invocation and its API calls
  // (which reach API Gateway and an API function directly, not through CloudFront).
  const pages = a.monthlyActiveUsers * a.pagesPerUser;
  const requests = apiRequests + pages * (1 + a.apiCallsPerPage);
  const frontRequests = apiRequests + pages;
  const writes =
    a.plans *
    (a.spendsPerPlan * writeUnitsPerSpend +
      a.decisionsPerPlan * writeUnitsPerDecision +
      a.instalmentsPerPlan * writeUnitsPerInstalment);
  const reads = a.plans * (a.readsPerPlan * 8 + (a.spendsPerPlan + a.decisionsPerPlan) * 4);
  // The table grows from its first month's size; backups are full copies of it when taken.
  const tableGb = (a.plans * a.tableBytesPerPlan) / 1e9 + a.tableGrowthGbPerMonth * (month - 1);
  const sizeAt = (m: number) => (a.plans * a.tableBytesPerPlan) / 1e9 + a.tableGrowthGbPerMonth * (m - 1);
  // Daily points: 35 kept (fewer in the first month); monthly points: one a month for up to 7
  // years, the last three warm, older ones cold.
  const dailyGb = Math.min(35, month * 30) * tableGb;
  const monthly = Array.from({ length: Math.min(month, 84) }, (_, i) => sizeAt(month - i));
  const monthlyWarmGb = monthly.slice(0, 3).reduce((x, y) => x + y, 0);
  const monthlyColdGb = monthly.slice(3).reduce((x, y) => x + y, 0);
  const logGb = (requests * a.logBytesPerRequest) / 1e9;
  // Logs are kept 7 years: what is stored grows with every month.
  const logStoredGb = logGb * Math.min(month, 84);
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
      'DynamoDB storage and PITR',
      `${tableGb.toFixed(2)} GB (growing ${a.tableGrowthGbPerMonth} GB a month)`,
      tableGb * (prices.storagePerGbMonth + prices.pitrPerGbMonth),
    ],
    [
      'Backups',
      `daily ${dailyGb.toFixed(1)} GB warm; monthly ${monthlyWarmGb.toFixed(1)} GB warm, ${monthlyColdGb.toFixed(1)} GB cold`,
      (dailyGb + monthlyWarmGb) * prices.backupPerGbMonth + monthlyColdGb * prices.backupColdPerGbMonth,
    ],
    [
      'X-Ray',
      `${(requests / 1e6).toFixed(2)} M traces (every invocation traced)`,
      (Math.max(0, requests - 100_000) / 1e6) * prices.xrayPerMillionTraces,
    ],
    [
      'CloudWatch metrics and dashboard',
      `${a.customMetrics} custom metrics, 1 dashboard`,
      a.customMetrics * prices.metricMonth + prices.dashboardMonth,
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
      `${(frontRequests / 1e6).toFixed(2)} M HTTPS requests (${(pages / 1e6).toFixed(2)} M of them pages)`,
      (frontRequests / 1e4) * prices.cloudFrontHttpsPer10k,
    ],
    [
      'WAF',
      `1 web ACL, ${wafRules} rules`,
      prices.wafAclMonth + wafRules * prices.wafRuleMonth + (frontRequests / 1e6) * prices.wafPerMillion,
    ],
    ['CloudWatch alarms', `${alarms} alarms`, alarms * prices.alarmMonth],
    [
      'CloudWatch Logs',
      `${logGb.toFixed(2)} GB ingested, ${logStoredGb.toFixed(1)} GB kept`,
      logGb * prices.logIngestPerGb + logStoredGb * prices.logStoragePerGbMonth,
    ],
    [
      'KMS',
      `${keys} keys, ${(a.kmsRequestsPerMonth / 1e6).toFixed(1)} M requests`,
      keys * prices.kmsKeyMonth + (a.kmsRequestsPerMonth / 1e4) * prices.kmsPer10kRequests,
    ],
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

export function costTable(
  models: ReadonlyArray<{ month: number; model: ReturnType<typeof costModel> }>,
  a: TrafficAssumption = assumption,
): string {
  const label = (m: number) => (m % 12 === 0 && m > 12 ? `year ${m / 12}` : `month ${m}`);
  const first = models[0]?.model.rows ?? [];
  return [
    `ESTIMATE, not a quote: ${a.plans.toLocaleString('en-GB')} plans; per plan a month ${a.spendsPerPlan} spends, ${a.decisionsPerPlan} decisions, ${a.instalmentsPerPlan} instalments, ${a.readsPerPlan} reads; ${a.monthlyActiveUsers.toLocaleString('en-GB')} monthly active users opening ${a.pagesPerUser} pages each (${a.apiCallsPerPage} API calls a page).`,
    `Assumptions: the table starts at ${((a.plans * a.tableBytesPerPlan) / 1e9).toFixed(1)} GB and grows ${a.tableGrowthGbPerMonth} GB a month; backups are full copies (35 daily points warm; monthly points for 7 years, cold after 90 days); logs ${a.logBytesPerRequest} bytes a request, kept 7 years; every invocation traced by X-Ray; ${a.customMetrics} custom metrics; traffic flat over the years. London list prices, USD a month, as read for this estimate.`,
    '',
    `| item | quantity (month ${models[0]?.month ?? 1}) | ${models.map((m) => label(m.month)).join(' | ')} |`,
    `|---|---|${models.map(() => '---:').join('|')}|`,
    ...first.map(
      ([item, quantity], i) =>
        `| ${item} | ${quantity} | ${models.map((m) => (m.model.rows[i]?.[2] ?? 0).toFixed(2)).join(' | ')} |`,
    ),
    `| **total** | | ${models.map((m) => `**${m.model.total.toFixed(2)}**`).join(' | ')} |`,
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
    LEDGER_FRONT_DOMAIN: 'ledger.example.gov.uk',
    LEDGER_FRONT_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:111111111111:certificate/example',
    LEDGER_SES_DOMAIN: 'example.gov.uk',
    LEDGER_SES_FROM: 'no-reply@example.gov.uk',
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
  const [ledger, waf] = [Template.fromStack(stack), Template.fromStack(edge)];
  const models = costMonths.map((month) => ({ month, model: costModel(ledger, waf, assumption, month) }));
  process.stdout.write(`${costTable(models)}\n`);
}
