import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { Item, Key } from '../table/keys.js';
import { S } from '../table/keys.js';
import {
  checkWrites,
  type Query,
  type Table,
  TableBusyError,
  TableConditionError,
  type TableWrite,
} from '../table/table.js';

/**
 * The table on DynamoDB: each write becomes a transaction item whose condition expression is
 * built from named parts. It does not retry: a throttle or a conflicting transaction is
 * TableBusyError, for the domain's one retry layer (the client writing transactions is built with
 * `maxAttempts: 1`, see functions/deps.ts).
 */

class Expression {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  private n = 0;
  name(attribute: string): string {
    const ref = `#n${Object.keys(this.names).length}`;
    const existing = Object.entries(this.names).find(([, a]) => a === attribute)?.[0];
    if (existing) return existing;
    this.names[ref] = attribute;
    return ref;
  }
  value(v: AttributeValue): string {
    const ref = `:v${this.n++}`;
    this.values[ref] = v;
    return ref;
  }
  parts() {
    return {
      ...(Object.keys(this.names).length ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

const keyOf = (k: Key) => ({ pk: S(k.pk), sk: S(k.sk) });

export function transactItem(tableName: string, w: TableWrite): TransactWriteItem {
  const e = new Expression();
  if (w.kind === 'check') {
    const condition =
      w.version === 0
        ? 'attribute_not_exists(pk)'
        : `${e.name('version')} = ${e.value({ N: String(w.version) })}`;
    return {
      ConditionCheck: {
        TableName: tableName,
        Key: keyOf(w.key),
        ConditionExpression: condition,
        ...e.parts(),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }
  if (w.kind === 'put') {
    const condition =
      w.condition === 'absent'
        ? 'attribute_not_exists(pk)'
        : w.condition === 'none'
          ? undefined
          : w.condition.absentIsFirst && w.condition.version === 1
            ? `(attribute_not_exists(${e.name('version')}) OR ${e.name('version')} = ${e.value({ N: '1' })})`
            : `attribute_exists(pk) AND ${e.name('version')} = ${e.value({ N: String(w.condition.version) })}`;
    return {
      Put: {
        TableName: tableName,
        Item: w.item,
        ...(condition ? { ConditionExpression: condition } : {}),
        ...e.parts(),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }
  const conditions = w.mustExist ? ['attribute_exists(pk)'] : [];
  const add: string[] = [];
  for (const [field, delta] of Object.entries(w.add)) {
    const f = e.name(field);
    add.push(`${f} ${e.value({ N: delta })}`);
    if (w.nonNegative.includes(field) && delta.startsWith('-')) {
      conditions.push(`${f} >= ${e.value({ N: delta.slice(1) })}`);
    }
  }
  for (const [field, value] of Object.entries(w.expect))
    conditions.push(`${e.name(field)} = ${e.value(value)}`);
  for (const field of w.absent ?? []) conditions.push(`attribute_not_exists(${e.name(field)})`);
  const set = Object.entries(w.set).map(([field, value]) => `${e.name(field)} = ${e.value(value)}`);
  const remove = w.remove.map((field) => e.name(field));
  const update = [
    set.length ? `SET ${set.join(', ')}` : '',
    add.length ? `ADD ${add.join(', ')}` : '',
    remove.length ? `REMOVE ${remove.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    Update: {
      TableName: tableName,
      Key: keyOf(w.key),
      UpdateExpression: update,
      ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
      ...e.parts(),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

const busyCodes = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);
const busyErrors = new Set([
  'TransactionInProgressException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
]);

/**
 * The connection to the table failing on the way (a reset socket, a timeout) is the table being
 * unreachable for now, like throttling: a transaction is resent with its same token (DynamoDB
 * applies it once), and a read answers 503 to be retried (decision 45).
 */
const transientNetworkCodes = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN']);
/**
 * The service failing on its own side (HTTP 5xx, which the SDK marks `$fault: 'server'`) is
 * busy too, whatever it names the failure: DynamoDB Local answers any unexpected fault while
 * loaded as a 500 `InternalFailure`, and DynamoDB itself may answer 503 `ServiceUnavailable`;
 * neither is in the SDK's model, so neither has a class to match by name.
 */
const isBusy = (error: unknown): boolean => {
  const e = error as { name?: string; code?: string; $fault?: string } | undefined;
  return (
    busyErrors.has(e?.name ?? '') ||
    e?.name === 'TimeoutError' ||
    e?.$fault === 'server' ||
    transientNetworkCodes.has(e?.code ?? '')
  );
};

/** A read still throttled after the SDK's own retries is the table being busy, not a fault (503). */
function readFailed(error: unknown): never {
  if (isBusy(error)) throw new TableBusyError('busy', { cause: error });
  throw error;
}

export class DynamoTable implements Table {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
    /** The client for transactions; built without SDK retries so only the domain retries. */
    private readonly writeClient: DynamoDBClient = client,
  ) {}

  async get(key: Key): Promise<Item | undefined> {
    const out = await this.client
      .send(new GetItemCommand({ TableName: this.tableName, Key: keyOf(key), ConsistentRead: true }))
      .catch(readFailed);
    return out.Item;
  }

  async query(q: Query): Promise<{ items: Item[]; last: Item | undefined }> {
    const e = new Expression();
    const pkName = q.index ? `${q.index}pk` : 'pk';
    const skName = q.index ? `${q.index}sk` : 'sk';
    const conditions = [`${e.name(pkName)} = ${e.value(S(q.pk))}`];
    if (q.skPrefix !== undefined)
      conditions.push(`begins_with(${e.name(skName)}, ${e.value(S(q.skPrefix))})`);
    else if (q.skAfter !== undefined)
      conditions.push(`${e.name(skName)} ${q.forward === false ? '<' : '>'} ${e.value(S(q.skAfter))}`);
    else if (q.skFrom !== undefined && q.skUpTo !== undefined)
      conditions.push(`${e.name(skName)} BETWEEN ${e.value(S(q.skFrom))} AND ${e.value(S(q.skUpTo))}`);
    else if (q.skFrom !== undefined) conditions.push(`${e.name(skName)} >= ${e.value(S(q.skFrom))}`);
    else if (q.skUpTo !== undefined) conditions.push(`${e.name(skName)} <= ${e.value(S(q.skUpTo))}`);
    const out = await this.client
      .send(
        new QueryCommand({
          TableName: this.tableName,
          ...(q.index ? { IndexName: q.index } : { ConsistentRead: true }),
          KeyConditionExpression: conditions.join(' AND '),
          ...e.parts(),
          ScanIndexForward: q.forward !== false,
          ...(q.limit !== undefined ? { Limit: q.limit } : {}),
          ...(q.start ? { ExclusiveStartKey: q.start } : {}),
        }),
      )
      .catch(readFailed);
    return { items: out.Items ?? [], last: out.LastEvaluatedKey };
  }

  async transact(writes: readonly TableWrite[], token: string): Promise<void> {
    checkWrites(writes);
    try {
      await this.writeClient.send(
        new TransactWriteItemsCommand({
          TransactItems: writes.map((w) => transactItem(this.tableName, w)),
          ClientRequestToken: token,
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons
          .map((r, index) => ({ index, code: r.Code ?? 'None', old: r.Item as Item | undefined }))
          .filter((r) => r.code === 'ConditionalCheckFailed');
        if (failed.length > 0) throw new TableConditionError(failed, { cause: error });
        if (reasons.some((r) => busyCodes.has(r.Code ?? '')))
          throw new TableBusyError('busy', { cause: error });
        throw error;
      }
      if (isBusy(error)) throw new TableBusyError('busy', { cause: error });
      throw error;
    }
  }
}
