// Proves the DynamoDB table adapter turns a unit of work into one conditional transaction built
// from named parts, and translates every cancellation into what it means, without retrying.
import {
  DynamoDBClient,
  DynamoDBServiceException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoLedgerStore, shardOf } from '../../adapters/dynamodb/store.js';
import { changePot, put } from '../../domain/app/unit.js';
import { CommitRejectedError, type UnitOfWork } from '../../domain/ports.js';
import { shardCount } from '../../domain/shards.js';

const ddb = mockClient(DynamoDBClient);
afterEach(() => ddb.reset());

const store = () =>
  new DynamoLedgerStore({ client: new DynamoDBClient({ region: 'eu-west-2' }), tableName: 't' });

const spendUnit = (): UnitOfWork => ({
  writes: [
    put({
      type: 'idempotency',
      claim: {
        scope: 'family:LA-001:p1',
        key: 'k1',
        requestHash: 'h',
        response: { ok: true },
        recordedAt: '2026-05-03T00:00:00Z',
      },
    }),
    changePot({
      planId: 'P1',
      potId: 'SC',
      deltas: { available: '-45.00', spent: '45.00' },
      expect: { suspended: false },
    }),
  ],
});

const cancelled = (codes: string[], item?: Record<string, unknown>) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code, i) => ({
      Code,
      ...(i === 1 && item ? { Item: item as never } : {}),
    })),
  });

/** An error the service answered with a 5xx and the SDK has no class for: `$fault: 'server'`. */
const serverFault = (name: string, httpStatusCode: number) =>
  new DynamoDBServiceException({ name, $fault: 'server', $metadata: { httpStatusCode }, message: name });

const potItem = (available: string) => ({
  available: { N: available },
  unreleased: { N: '0' },
  committed: { N: '0' },
  spent: { N: '0' },
  recovered: { N: '0' },
});

describe('DynamoLedgerStore.commit', () => {
  it('writes one transaction whose pot condition refuses a bucket below zero, with amounts as N strings', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    await store().commit(spendUnit());
    const input = ddb.commandCalls(TransactWriteItemsCommand)[0]?.args[0]
      .input as TransactWriteItemsCommandInput;
    const update = input.TransactItems?.[1]?.Update;
    expect(input.TransactItems?.[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    const names = update?.ExpressionAttributeNames ?? {};
    const ref = (attr: string) => Object.entries(names).find(([, a]) => a === attr)?.[0];
    expect(update?.ConditionExpression).toContain(`${ref('available')} >= `);
    expect(update?.ConditionExpression).toContain(`${ref('suspended')} = `);
    expect(Object.values(update?.ExpressionAttributeValues ?? {})).toContainEqual({ N: '45.00' });
    expect(Object.values(update?.ExpressionAttributeValues ?? {})).toContainEqual({ N: '-45.00' });
    expect(input.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports a failed pot condition with too little money as insufficient, naming the write', async () => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(['None', 'ConditionalCheckFailed'], potItem('10')));
    await expect(store().commit(spendUnit())).rejects.toMatchObject({
      rejection: { kind: 'refused', index: 1, reason: 'insufficient' },
    });
  });

  it('reports a failed pot condition with enough money as a condition (e.g. suspended meanwhile)', async () => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(['None', 'ConditionalCheckFailed'], potItem('100')));
    await expect(store().commit(spendUnit())).rejects.toMatchObject({
      rejection: { kind: 'refused', index: 1, reason: 'condition' },
    });
  });

  it('reports a claimed idempotency key before anything else', async () => {
    ddb
      .on(TransactWriteItemsCommand)
      .rejects(cancelled(['ConditionalCheckFailed', 'ConditionalCheckFailed']));
    await expect(store().commit(spendUnit())).rejects.toBeInstanceOf(CommitRejectedError);
    await expect(store().commit(spendUnit())).rejects.toMatchObject({
      rejection: { kind: 'refused', index: 0, reason: 'exists' },
    });
  });

  it.each([
    ['a transaction conflict', cancelled(['None', 'TransactionConflict'])],
    ['throttling inside the transaction', cancelled(['ThrottlingError', 'None'])],
    ['a throttled request', Object.assign(new Error('slow down'), { name: 'ThrottlingException' })],
    ['a connection reset on the way', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    // DynamoDB Local's catch-all for a fault while loaded: a 500 the SDK has no class for.
    ['a failure on the service’s side', serverFault('InternalFailure', 500)],
    ['the service unavailable for a moment', serverFault('ServiceUnavailable', 503)],
  ])('answers %s as busy, once, without retrying itself', async (_what, error) => {
    ddb.on(TransactWriteItemsCommand).rejects(error);
    const refused = await store()
      .commit(spendUnit())
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ rejection: { kind: 'busy' } });
    // Every wrapper keeps its cause, down to the SDK's own error.
    expect(((refused as Error).cause as Error).cause).toBe(error);
    expect(ddb.commandCalls(TransactWriteItemsCommand)).toHaveLength(1);
  });

  it('resends the same unit with the same client token, and another unit with its own', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    const s = store();
    const u = spendUnit();
    await s.commit(u);
    await s.commit(u);
    await s.commit(spendUnit());
    const tokens = ddb.commandCalls(TransactWriteItemsCommand).map((c) => c.args[0].input.ClientRequestToken);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[0]);
  });

  it('refuses a unit of more than 100 writes before sending it', async () => {
    const unit: UnitOfWork = {
      writes: Array.from({ length: 101 }, (_, i) =>
        put({ type: 'claim', scope: { planId: 'P' }, name: `c${i}` }),
      ),
    };
    await expect(store().commit(unit)).rejects.toThrow(RangeError);
    expect(ddb.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it('passes an error it cannot classify through, unchanged', async () => {
    const error = Object.assign(new Error('no such table'), { name: 'ResourceNotFoundException' });
    ddb.on(TransactWriteItemsCommand).rejects(error);
    await expect(store().commit(spendUnit())).rejects.toBe(error);
  });

  it('spreads plans over every write shard', () => {
    const shards = new Set(Array.from({ length: 400 }, (_, i) => shardOf(`plan-${i}`)));
    expect(shards.size).toBe(shardCount);
  });
});
