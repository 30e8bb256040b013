import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoLedgerStore } from '../adapters/dynamodb/store.js';
import { systemClock, UlidGenerator } from '../adapters/ids.js';
import type { Deps } from '../domain/app/context.js';
import type { PolicyOverride } from '../domain/policy.js';
import { config } from './config.js';
import { sqsInstalmentQueue } from './queue.js';

/** Clients are built once per container and reused by every invocation. */
let deps: Deps | undefined;

export function appDeps(): Deps {
  if (deps) return deps;
  const c = config();
  const client = new DynamoDBClient({
    region: c.region,
    ...(c.dynamoEndpoint
      ? { endpoint: c.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 3,
  });
  deps = {
    store: new DynamoLedgerStore({ client, tableName: c.tableName }),
    clock: systemClock,
    ids: new UlidGenerator(systemClock),
    policyOverrides: c.policyOverrides as Record<string, PolicyOverride>,
    ...(c.instalmentQueueUrl ? { instalmentQueue: sqsInstalmentQueue(c.instalmentQueueUrl) } : {}),
    ...(c.instalmentSyncPotsMax !== undefined ? { instalmentSyncPotsMax: c.instalmentSyncPotsMax } : {}),
  };
  return deps;
}

export function resetDeps(): void {
  deps = undefined;
}
