import { createHash } from 'node:crypto';
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type SessionRecord, type SessionStore, sessionHours } from './session.js';

/**
 * The web sessions in the ledger table (locally on DynamoDB Local, in AWS the deployed table):
 * one item per session under `SESSION#<hash of its id>` (the id itself, which the cookie carries,
 * is never stored), removed by the table's TTL on `ttl` some time after the session's 8 hours.
 * An ended session is marked, not deleted, so the web function needs no delete permission.
 */
export class DynamoSessionStore implements SessionStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  private key(id: string) {
    const hash = createHash('sha256').update(id).digest('base64url');
    return { pk: { S: `SESSION#${hash}` }, sk: { S: 'SESSION' } };
  }

  async create(id: string, now: number): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          ...this.key(id),
          type: { S: 'session' },
          createdAt: { N: String(now) },
          lastSeenAt: { N: String(now) },
          ttl: { N: String(now + sessionHours * 3600 + 24 * 3600) },
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: this.key(id), ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item) return undefined;
    return {
      createdAt: Number(item.createdAt?.N ?? 0),
      lastSeenAt: Number(item.lastSeenAt?.N ?? 0),
      ended: item.ended?.BOOL === true,
    };
  }

  async touch(id: string, now: number): Promise<void> {
    await this.client
      .send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: this.key(id),
          UpdateExpression: 'SET lastSeenAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND lastSeenAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      )
      .catch((error: { name?: string }) => {
        // Another request of the same session moved it on first: nothing to do.
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async end(id: string, now: number): Promise<void> {
    await this.client
      .send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: this.key(id),
          UpdateExpression: 'SET ended = :true, endedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':true': { BOOL: true }, ':now': { N: String(now) } },
        }),
      )
      .catch((error: { name?: string }) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }
}
