import { randomUUID } from 'node:crypto';
import {
  DynamoDBClient,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { LedgerStore, UnitOfWork } from '../domain/ports.js';

/**
 * The references the bench sets the ledger's figures beside (issue 10): what the store commits, the
 * transaction the SDK sends, and the same items or as many plain puts sent bare.
 */

/** The units the store commits while `act` runs: their sizes are the bare references' sizes. */
export async function committedUnits(store: LedgerStore, act: () => Promise<unknown>): Promise<UnitOfWork[]> {
  const commit = store.commit.bind(store);
  const units: UnitOfWork[] = [];
  store.commit = async (unit) => {
    units.push(unit);
    return commit(unit);
  };
  try {
    await act();
  } finally {
    store.commit = commit;
  }
  return units;
}

/** A bare transaction of `n` puts of 400 bytes each: the generic reference of issue 10. */
export const bareTransaction = (client: DynamoDBClient, tableName: string, n: number) =>
  client.send(
    new TransactWriteItemsCommand({
      TransactItems: Array.from({ length: n }, (_, i) => ({
        Put: {
          TableName: tableName,
          Item: { pk: { S: `BENCH#${randomUUID()}` }, sk: { S: `ITEM#${i}` }, doc: { S: 'x'.repeat(400) } },
        },
      })),
    }),
  );

/** The TransactWriteItems `act` sends, as the SDK sends it. */
export async function transactionOf(act: () => Promise<unknown>): Promise<TransactWriteItemsCommandInput> {
  const send = DynamoDBClient.prototype.send;
  let captured: TransactWriteItemsCommandInput | undefined;
  DynamoDBClient.prototype.send = function (this: DynamoDBClient, command: unknown, ...rest: unknown[]) {
    if (command instanceof TransactWriteItemsCommand) captured = structuredClone(command.input);
    return (send as (...args: unknown[]) => unknown).call(this, command, ...rest);
  } as typeof send;
  try {
    await act();
  } finally {
    DynamoDBClient.prototype.send = send;
  }
  if (!captured) throw new Error('no transaction was sent');
  return captured;
}

/**
 * The same items as a spend's transaction, sent bare: its updates and condition checks as they
 * are, its new items (idempotency claim, spend, entry) under fresh keys so they are new each time.
 */
export function sameItemsBare(client: DynamoDBClient, input: TransactWriteItemsCommandInput) {
  const fresh = `~${randomUUID()}`;
  return client.send(
    new TransactWriteItemsCommand({
      TransactItems: (input.TransactItems ?? []).map((t) =>
        t.Put
          ? {
              Put: {
                ...t.Put,
                Item: {
                  ...t.Put.Item,
                  pk: { S: `${t.Put.Item?.pk?.S}${fresh}` },
                  sk: { S: `${t.Put.Item?.sk?.S}${fresh}` },
                },
              },
            }
          : t,
      ),
    }),
  );
}
