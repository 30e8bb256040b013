import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { shardCount } from '../../domain/shards.js';
import { TableLedgerStore } from '../table/ledger-store.js';
import { checkShardCount } from '../table/shard-meta.js';
import { DynamoTable } from './dynamo-table.js';

export { shardOf } from '../../domain/shards.js';
export { encodeCursor } from '../table/writes.js';

export interface DynamoStoreOptions {
  client: DynamoDBClient;
  /** Client for transactions, without SDK retries (the domain's commit path retries); defaults to `client`. */
  writeClient?: DynamoDBClient;
  tableName: string;
}

/** The ledger store on one DynamoDB table (DESIGN.md section 4). */
export class DynamoLedgerStore extends TableLedgerStore {
  readonly tableName: string;
  constructor(options: DynamoStoreOptions) {
    super(new DynamoTable(options.client, options.tableName, options.writeClient));
    this.tableName = options.tableName;
  }

  /** Records this process's write-shard count in the table, or stops if the table holds another. */
  checkShardCount(count: number = shardCount): Promise<number> {
    return checkShardCount(this.table, count);
  }
}
