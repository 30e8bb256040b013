import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import {
  CustomDataIdentifier,
  DataIdentifier,
  DataProtectionPolicy,
  LogGroup,
  type RetentionDays,
} from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDefinition } from '../adapters/dynamodb/table.js';
import { entryPathOf, type LambdaEntry, sdkBundling } from './bundling.js';

/**
 * The one Lambda construct: Node 24 (the newest Lambda runtime) on arm64, X-Ray tracing, a bounded timeout, a log group with
 * retention, and esbuild bundling on this machine (minified, source maps beside the code, no Docker; the AWS SDK
 * the runtime's or bundled, as infra/bundling.ts says).
 */

export interface LedgerFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'handler'> {
  /** One of the bundled entries (infra/bundling.ts names its module). */
  file: LambdaEntry;
  /** Exported handler, e.g. "create". */
  handler: string;
  logRetention: RetentionDays;
  /** Only for functions invoked asynchronously (schedules); the API's are invoked synchronously. */
  deadLetterQueue?: IQueue;
  /** Folders the bundle carries beside the code (the web app's templates and assets): [from, to]. */
  copy?: ReadonlyArray<readonly [string, string]>;
}

/**
 * CloudWatch Logs masks names and account references in every function's log group, whatever a
 * log line holds (the logger already redacts the fields it knows; this catches the rest).
 */
export const ledgerDataProtection = () =>
  new DataProtectionPolicy({
    name: 'ehcp-ledger-personal-data',
    description: 'Mask names and direct-payment account references',
    identifiers: [
      DataIdentifier.NAME,
      DataIdentifier.ADDRESS,
      DataIdentifier.EMAILADDRESS,
      new CustomDataIdentifier('AccountReference', '\\*{4}[0-9]{4}'),
    ],
  });

export const projectRoot = new URL('..', import.meta.url).pathname;

export class LedgerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: LedgerFunctionProps) {
    const { file, handler, logRetention, environment, copy = [], ...rest } = props;
    const bundled = sdkBundling(file);
    super(scope, id, {
      entry: `${projectRoot}${entryPathOf(file)}`,
      handler,
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      timeout: Duration.seconds(10),
      memorySize: 512,
      logGroup: new LogGroup(scope, `${id}Logs`, {
        retention: logRetention,
        dataProtectionPolicy: ledgerDataProtection(),
      }),
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node24',
        format: OutputFormat.CJS,
        forceDockerBundling: false,
        externalModules: bundled.external,
        ...(bundled.mainFields ? { mainFields: bundled.mainFields } : {}),
        ...(copy.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  copy.map(
                    ([from, to]) =>
                      `mkdir -p "${outputDir}/${to}" && cp -R "${inputDir}/${from}/." "${outputDir}/${to}/"`,
                  ),
              },
            }
          : {}),
      },
      // Source maps ship beside the bundle for reading a stack trace, but are not loaded at start:
      // --enable-source-maps costs every cold start some 15 ms (issue 10's measurement).
      environment: { LOG_LEVEL: 'INFO', ...environment },
      ...rest,
    });
  }
}

const readActions = ['dynamodb:GetItem', 'dynamodb:Query'];
const writeActions = [
  ...readActions,
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * Grants exactly the DynamoDB actions a handler uses: reads are GetItem and Query; writes add the
 * item actions a TransactWriteItems is authorised against. Never `dynamodb:*`, never `*`.
 */
export function bindTable(fn: NodejsFunction, table: ITable, access: 'read' | 'write'): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: access === 'read' ? readActions : writeActions,
      // The indexes are named one by one so that no wildcard reaches beyond this table's own.
      resources: [
        table.tableArn,
        ...tableDefinition.indexes.map((i) => `${table.tableArn}/index/${i.indexName}`),
      ],
    }),
  );
  fn.addEnvironment('TABLE_NAME', table.tableName);
}
