import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { kmsAccountSealer, localAccountSealer } from '../adapters/crypto/account-sealer.js';
import { DynamoLedgerStore } from '../adapters/dynamodb/store.js';
import { dayClock, systemClock, UlidGenerator } from '../adapters/ids.js';
import type { Deps } from '../domain/app/context.js';
import { PlanCache } from '../domain/app/plan-cache.js';
import type { BlobStore } from '../domain/receipts/receipt.js';
import { type Config, parseConfig } from './config.js';
import { makeObservability, type Observability, redact } from './http/observability.js';
import { jsonLogger, type Logger } from './log.js';
import { sqsInstalmentQueue } from './queue.js';

/**
 * The composition root: `makeApp(config)` builds every client and dependency once. In Lambda it
 * runs at cold start from the parsed environment (a bad configuration fails there, with the
 * variable named); the local runner and the tests build a Config and install their own app with
 * `useApp`. Nothing else reads the environment.
 */

export interface App {
  config: Config;
  deps: Deps;
  logger: Logger;
  observability: Observability;
}

export function makeApp(config: Config): App {
  const clientConfig = {
    region: config.region,
    ...(config.dynamoEndpoint
      ? { endpoint: config.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  };
  // Reads retry in the SDK (they change nothing); transactions are retried only by the domain's
  // commit path, so retries never stack.
  const client = new DynamoDBClient({ ...clientConfig, maxAttempts: 3 });
  const writeClient = new DynamoDBClient({ ...clientConfig, maxAttempts: 1 });
  // "Today" is the system's, unless a local run fixed it (LEDGER_TODAY; refused in AWS).
  const clock = config.today === undefined ? systemClock : dayClock(config.today);
  const observability = makeObservability(config.observe);
  const store = new DynamoLedgerStore({ client, writeClient, tableName: config.tableName });
  const deps: Deps = {
    store,
    clock,
    ids: new UlidGenerator(clock),
    policyOverrides: config.policyOverrides,
    // Postings decide on the council policy this container read last, held to its version.
    policyCache: new Map(),
    // Spends decide on the plan and pots this container read last, held to them by their units.
    planCache: new PlanCache(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...(config.instalmentQueueUrl ? { instalmentQueue: sqsInstalmentQueue(config.instalmentQueueUrl) } : {}),
    ...(config.receipts ? { blobs: receiptStore(config) } : {}),
    ...(config.instalmentSyncPotsMax !== undefined
      ? { instalmentSyncPotsMax: config.instalmentSyncPotsMax }
      : {}),
    // Account numbers: sealed under each organisation's data key (a record in the table), which is
    // sealed by the account-data KMS key in AWS, by a key file locally.
    ...(config.accountKeyArn
      ? { sealer: kmsAccountSealer(config.accountKeyArn, store) }
      : config.accountKeyFile
        ? { sealer: localAccountSealer(config.accountKeyFile, store) }
        : {}),
    // The use cases count what they did; the sink is read at each count, so a test may swap it.
    metrics: {
      count: (name, value, dimensions) => observability.sink?.record(name, 'Count', value, dimensions),
    },
  };
  return {
    config,
    deps,
    // Names and account references are masked in every log line, whoever logs them.
    logger: jsonLogger({ service: 'ehcp-ledger', level: config.logLevel, replacer: redact }),
    observability,
  };
}

/**
 * The receipts' blob store, built on first use: the S3 adapter (and its SDK) is imported only by
 * the requests that handle receipts, so no other cold start pays for it.
 */
function receiptStore(config: Config): BlobStore {
  let store: Promise<BlobStore> | undefined;
  const load = (): Promise<BlobStore> => {
    const r = config.receipts;
    store ??=
      r?.kind === 's3'
        ? Promise.all([import('@aws-sdk/client-s3'), import('../adapters/blobs/s3-blob-store.js')]).then(
            ([{ S3Client }, { S3BlobStore }]) =>
              new S3BlobStore(new S3Client({ region: config.region }), r.bucket, r.kmsKeyId, r.appOrigin),
          )
        : import('../adapters/blobs/file-blob-store.js').then(
            ({ FileBlobStore }) =>
              new FileBlobStore(
                r?.kind === 'files' ? r.dir : '.data/receipts',
                r?.kind === 'files' ? r.baseUrl : '',
              ),
          );
    return store;
  };
  return {
    uploadForm: async (input) => (await load()).uploadForm(input),
    head: async (key) => (await load()).head(key),
    sniff: async (key) => (await load()).sniff(key),
    remove: async (key) => (await load()).remove(key),
    link: async (key, seconds) => (await load()).link(key, seconds),
    loaded: load,
  } as BlobStore & { loaded: () => Promise<BlobStore> };
}

let installed: App | undefined = process.env.AWS_LAMBDA_FUNCTION_NAME
  ? makeApp(parseConfig(process.env))
  : undefined;

/** Installs the app the handlers use (the local runner, tests). */
export function useApp(app: App): void {
  installed = app;
}

export function app(): App {
  if (!installed)
    throw new Error('no app installed: in Lambda set the environment; locally call useApp(makeApp(config))');
  return installed;
}

export const appDeps = (): Deps => app().deps;

/** The app if one is installed (in Lambda, from cold start); handlers built before it see none. */
export const installedApp = (): App | undefined => installed;
