// Proves the DynamoDB adapter turns units of work into one conditional transaction and translates
// every cancellation into the domain's meaning, retrying only conflicts and throttling, boundedly.
import {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { commitRetriesMax, DynamoLedgerStore, shardOf } from '../../adapters/dynamodb/store.js';
import { CommitRejectedError, type UnitOfWork } from '../../domain/ports.js';

const ddb = mockClient(DynamoDBClient);
afterEach(() => ddb.reset());

const store = () =>
  new DynamoLedgerStore({
    client: new DynamoDBClient({ region: 'eu-west-2' }),
    tableName: 't',
    sleep: async () => {},
    random: () => 0.5,
  });

const spendUnit = (): UnitOfWork => ({
  idempotency: {
    scope: 'family:LA-001:p1',
    key: 'k1',
    requestHash: 'h',
    response: { ok: true },
    recordedAt: '2026-05-03T00:00:00Z',
  },
  potChanges: [
    {
      planId: 'P1',
      potId: 'SC',
      deltas: { available: '-45.00', spent: '45.00' },
      expect: { suspended: false },
    },
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

describe('DynamoLedgerStore.commit', () => {
  it('writes one transaction whose pot condition refuses a bucket below zero, with amounts as N strings', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    await store().commit(spendUnit());
    const input = ddb.commandCalls(TransactWriteItemsCommand)[0]?.args[0]
      .input as TransactWriteItemsCommandInput;
    const update = input.TransactItems?.[1]?.Update;
    expect(input.TransactItems?.[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(update?.ConditionExpression).toContain('#available >= :need_available');
    expect(update?.ConditionExpression).toContain('#suspended = :expectSuspended');
    expect(update?.ExpressionAttributeValues?.[':need_available']).toEqual({ N: '45.00' });
    expect(update?.ExpressionAttributeValues?.[':d_spent']).toEqual({ N: '45.00' });
    expect(input.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports a failed pot condition with too little money as insufficient funds', async () => {
    const old = {
      available: { N: '10' },
      unreleased: { N: '0' },
      committed: { N: '0' },
      spent: { N: '0' },
      recovered: { N: '0' },
    };
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(['None', 'ConditionalCheckFailed'], old));
    await expect(store().commit(spendUnit())).rejects.toMatchObject({
      rejection: { kind: 'insufficient_funds', potId: 'SC' },
    });
  });

  it('reports a failed pot condition with enough money as changed state (e.g. suspended meanwhile)', async () => {
    const old = {
      available: { N: '100' },
      unreleased: { N: '0' },
      committed: { N: '0' },
      spent: { N: '0' },
      recovered: { N: '0' },
    };
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(['None', 'ConditionalCheckFailed'], old));
    await expect(store().commit(spendUnit())).rejects.toMatchObject({ rejection: { kind: 'state_changed' } });
  });

  it('reports a claimed idempotency key before anything else', async () => {
    ddb
      .on(TransactWriteItemsCommand)
      .rejects(cancelled(['ConditionalCheckFailed', 'ConditionalCheckFailed']));
    await expect(store().commit(spendUnit())).rejects.toBeInstanceOf(CommitRejectedError);
    await expect(store().commit(spendUnit())).rejects.toMatchObject({
      rejection: { kind: 'idempotency_key_claimed' },
    });
  });

  it('retries a transaction conflict with the same client token, then succeeds', async () => {
    ddb
      .on(TransactWriteItemsCommand)
      .rejectsOnce(cancelled(['None', 'TransactionConflict']))
      .rejectsOnce(cancelled(['TransactionConflict', 'None']))
      .resolves({});
    const s = store();
    await s.commit(spendUnit());
    const calls = ddb.commandCalls(TransactWriteItemsCommand);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.args[0].input.ClientRequestToken)).size).toBe(1);
    expect(s.stats.retries).toBe(2);
  });

  it(`gives up after ${commitRetriesMax} attempts with a retryable CONFLICT`, async () => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(['None', 'TransactionConflict']));
    await expect(store().commit(spendUnit())).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(ddb.commandCalls(TransactWriteItemsCommand)).toHaveLength(commitRetriesMax);
  });

  it('refuses a unit of more than 100 items before sending it', async () => {
    const unit: UnitOfWork = {
      claims: Array.from({ length: 101 }, (_, i) => ({ planId: 'P', name: `c${i}` })),
    };
    await expect(store().commit(unit)).rejects.toThrow(RangeError);
    expect(ddb.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it('spreads plans over the ten write shards', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`plan-${i}`)));
    expect(shards.size).toBe(10);
  });
});
