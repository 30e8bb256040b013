import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../domain/errors.js';
import { buckets, type JournalEntry, type Plan, type Pot, type Spend } from '../../domain/model.js';
import { Money } from '../../domain/money.js';
import {
  CommitRejectedError,
  type CommitRejection,
  type IdempotencyClaim,
  type InstalmentRun,
  type LedgerStore,
  type Page,
  type PageRequest,
  type PotChange,
  type UnitOfWork,
} from '../../domain/ports.js';
import {
  mergeSummaryDeltas,
  type Summary,
  type SummaryDelta,
  type SummaryKind,
} from '../../domain/summaries.js';
import { shardCount, shardOf } from '../shard.js';

export { shardOf };

/**
 * LedgerStore on one DynamoDB table (DESIGN.md section 4). A unit of work is one
 * TransactWriteItems; its conditions carry the invariants (no bucket below zero, append-only
 * entries, idempotency claimed once), and a cancellation is translated back into what it means.
 * Amounts travel as N attribute strings and are never parsed into JS numbers.
 */

export const transactItemsMax = 100;
export const commitRetriesMax = 5;
const retryBaseMs = 20;
const retryCapMs = 500;

type Item = Record<string, AttributeValue>;
type ItemRole =
  | { kind: 'idempotency' }
  | { kind: 'pot'; change: PotChange }
  | { kind: 'spend' | 'create' | 'claim'; what: string };

const S = (value: string): AttributeValue => ({ S: value });
const N = (value: string | number): AttributeValue => ({ N: String(value) });
const planPk = (planId: string) => `PLAN#${planId}`;

const text = (item: Item, name: string): string => {
  const v = item[name]?.S;
  if (v === undefined) throw new TypeError(`item ${item.pk?.S}/${item.sk?.S} has no ${name}`);
  return v;
};
const amount = (item: Item, name: string): string => {
  const v = item[name]?.N;
  if (v === undefined) throw new TypeError(`item ${item.pk?.S}/${item.sk?.S} has no amount ${name}`);
  return Money.of(v).toString();
};
const integer = (item: Item, name: string): number => Number.parseInt(item[name]?.N ?? '0', 10);
const doc = <T>(item: Item): T => JSON.parse(text(item, 'doc')) as T;

export const codec = {
  plan(plan: Plan): Item {
    return {
      pk: S(planPk(plan.planId)),
      sk: S('PLAN'),
      type: S('plan'),
      doc: S(JSON.stringify(plan)),
      gsi1pk: S(`COUNCIL#${plan.councilId}#${shardOf(plan.planId)}`),
      gsi1sk: S(`PLAN#${plan.planId}`),
    };
  },
  pot(pot: Pot): Item {
    const {
      allocated,
      unreleased,
      available,
      committed,
      spent,
      recovered,
      instalmentsPosted,
      suspended,
      suspensionReason,
      version,
      ...rest
    } = pot;
    const shard = shardOf(pot.planId);
    const item: Item = {
      pk: S(planPk(pot.planId)),
      sk: S(`POT#${pot.potId}`),
      type: S('pot'),
      doc: S(JSON.stringify(rest)),
      allocated: N(allocated),
      unreleased: N(unreleased),
      available: N(available),
      committed: N(committed),
      spent: N(spent),
      recovered: N(recovered),
      instalmentsPosted: N(instalmentsPosted),
      suspended: { BOOL: suspended },
      version: N(version),
      gsi1pk: S(`COUNCIL#${pot.councilId}#${shard}`),
      gsi1sk: S(`POT#${pot.planId}#${pot.potId}`),
      gsi2pk: S(`FUNDER#${pot.funderId}#${shard}`),
      gsi2sk: S(`POT#${pot.planId}#${pot.potId}`),
    };
    if (suspensionReason !== undefined) item.suspensionReason = S(suspensionReason);
    if (pot.holderId !== undefined) {
      item.gsi3pk = S(`HOLDER#${pot.holderId}#${shard}`);
      item.gsi3sk = S(`POT#${pot.planId}#${pot.potId}`);
    }
    return item;
  },
  readPot(item: Item): Pot {
    const pot: Pot = {
      ...doc<Omit<Pot, 'version'>>(item),
      allocated: amount(item, 'allocated'),
      unreleased: amount(item, 'unreleased'),
      available: amount(item, 'available'),
      committed: amount(item, 'committed'),
      spent: amount(item, 'spent'),
      recovered: amount(item, 'recovered'),
      instalmentsPosted: integer(item, 'instalmentsPosted'),
      suspended: item.suspended?.BOOL === true,
      version: integer(item, 'version'),
    };
    const reason = item.suspensionReason?.S;
    if (reason !== undefined) pot.suspensionReason = reason;
    return pot;
  },
  spend(spend: Spend): Item {
    const item: Item = {
      pk: S(planPk(spend.planId)),
      sk: S(`SPEND#${spend.spendId}`),
      type: S('spend'),
      doc: S(JSON.stringify(spend)),
      status: S(spend.status),
      version: N(spend.version),
    };
    // Only pending spends are in the approver's queue: a sparse index.
    if (spend.status === 'pending_approval') {
      item.gsi1pk = S(`APPROVER#${spend.approver.org}#${shardOf(spend.planId)}`);
      item.gsi1sk = S(`${spend.requestedAt}#${spend.planId}#${spend.spendId}`);
    }
    return item;
  },
  entry(entry: JournalEntry): Item {
    return {
      pk: S(planPk(entry.planId)),
      sk: S(`ENTRY#${entry.entryId}`),
      type: S('entry'),
      doc: S(JSON.stringify(entry)),
    };
  },
};

const notExists = 'attribute_not_exists(pk)';

function potUpdate(tableName: string, change: PotChange): TransactWriteItem['Update'] {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Item = { ':one': N(1) };
  const set = ['#version = #version + :one'];
  const add: string[] = [];
  const remove: string[] = [];
  const conditions = ['attribute_exists(pk)'];
  for (const [field, delta] of Object.entries(change.deltas)) {
    names[`#${field}`] = field;
    values[`:d_${field}`] = N(delta);
    add.push(`#${field} :d_${field}`);
    const d = Money.of(delta);
    if (d.isNegative() && field !== 'allocated') {
      values[`:need_${field}`] = N(d.negated().toString());
      conditions.push(`#${field} >= :need_${field}`);
    }
  }
  if (change.expect?.suspended !== undefined) {
    names['#suspended'] = 'suspended';
    values[':expectSuspended'] = { BOOL: change.expect.suspended };
    conditions.push('#suspended = :expectSuspended');
  }
  if (change.expect?.instalmentsPosted !== undefined) {
    names['#instalmentsPosted'] = 'instalmentsPosted';
    values[':expectPosted'] = N(change.expect.instalmentsPosted);
    conditions.push('#instalmentsPosted = :expectPosted');
  }
  if (change.set?.suspended !== undefined) {
    names['#suspended'] = 'suspended';
    values[':suspended'] = { BOOL: change.set.suspended };
    set.push('#suspended = :suspended');
  }
  if (change.set?.suspensionReason !== undefined) {
    names['#suspensionReason'] = 'suspensionReason';
    if (change.set.suspensionReason === null) remove.push('#suspensionReason');
    else {
      values[':suspensionReason'] = S(change.set.suspensionReason);
      set.push('#suspensionReason = :suspensionReason');
    }
  }
  if (change.set?.instalmentsPosted !== undefined) {
    names['#instalmentsPosted'] = 'instalmentsPosted';
    values[':posted'] = N(change.set.instalmentsPosted);
    set.push('#instalmentsPosted = :posted');
  }
  const expression = [
    `SET ${set.join(', ')}`,
    add.length ? `ADD ${add.join(', ')}` : '',
    remove.length ? `REMOVE ${remove.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    TableName: tableName,
    Key: { pk: S(planPk(change.planId)), sk: S(`POT#${change.potId}`) },
    UpdateExpression: expression,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
}

const summarySk = (d: Pick<SummaryDelta, 'kind' | 'potId' | 'key'>) => `SUM#${d.kind}#${d.potId}#${d.key}`;

/** ADD creates a summary on first use; labels and index keys are SET each time (idempotent). */
function summaryUpdate(tableName: string, d: SummaryDelta): TransactWriteItem['Update'] {
  const names: Record<string, string> = {};
  const values: Item = {};
  const add: string[] = [];
  Object.entries(d.adds).forEach(([field, value], i) => {
    names[`#a${i}`] = `v_${field}`;
    values[`:a${i}`] = N(value);
    add.push(`#a${i} :a${i}`);
  });
  const shard = shardOf(d.planId);
  const sets: Record<string, string> = {
    type: 'summary',
    kind: d.kind,
    planId: d.planId,
    potId: d.potId,
    councilId: d.councilId,
    funderId: d.funderId,
    summaryKey: d.key,
    labels: JSON.stringify(d.labels),
    gsi1pk: `COUNCIL#${d.councilId}#${shard}`,
    gsi1sk: `SUM#${d.kind}#${d.planId}#${d.potId}#${d.key}`,
    gsi2pk: `FUNDER#${d.funderId}#${shard}`,
    gsi2sk: `SUM#${d.kind}#${d.planId}#${d.potId}#${d.key}`,
  };
  const set = Object.entries(sets).map(([field, value], i) => {
    names[`#s${i}`] = field;
    values[`:s${i}`] = S(value);
    return `#s${i} = :s${i}`;
  });
  return {
    TableName: tableName,
    Key: { pk: S(planPk(d.planId)), sk: S(summarySk(d)) },
    UpdateExpression: `SET ${set.join(', ')}${add.length ? ` ADD ${add.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

function readSummary(item: Item): Summary {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith('v_') && value.N !== undefined) values[name.slice(2)] = value.N;
  }
  return {
    kind: text(item, 'kind') as SummaryKind,
    planId: text(item, 'planId'),
    potId: text(item, 'potId'),
    councilId: text(item, 'councilId'),
    funderId: text(item, 'funderId'),
    key: text(item, 'summaryKey'),
    values,
    labels: JSON.parse(text(item, 'labels')) as Record<string, string>,
  };
}

/** Which refusal a failed pot condition was: a bucket short of money, or state that moved. */
function potRejection(change: PotChange, old: Item | undefined): CommitRejection {
  if (!old) return { kind: 'state_changed', what: `pot ${change.potId}` };
  for (const bucket of buckets) {
    const delta = change.deltas[bucket];
    if (delta !== undefined && Money.of(amount(old, bucket)).plus(Money.of(delta)).isNegative()) {
      return { kind: 'insufficient_funds', potId: change.potId };
    }
  }
  return { kind: 'state_changed', what: `pot ${change.potId}` };
}

export interface DynamoStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export class DynamoLedgerStore implements LedgerStore {
  private readonly client: DynamoDBClient;
  readonly tableName: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** Counts for tests and benchmarks: items read by queries and transactions retried. */
  readonly stats = { itemsRead: 0, retries: 0 };

  constructor(options: DynamoStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  private build(unit: UnitOfWork): { items: TransactWriteItem[]; roles: ItemRole[] } {
    const items: TransactWriteItem[] = [];
    const roles: ItemRole[] = [];
    const put = (item: Item, role: ItemRole, condition = notExists, values?: Item) => {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: item,
          ConditionExpression: condition,
          ...(values ? { ExpressionAttributeValues: values } : {}),
        },
      });
      roles.push(role);
    };
    if (unit.idempotency) {
      const c = unit.idempotency;
      put(
        {
          pk: S(`IDEM#${c.scope}#${c.key}`),
          sk: S('IDEM'),
          type: S('idempotency'),
          requestHash: S(c.requestHash),
          response: S(JSON.stringify(c.response)),
          recordedAt: S(c.recordedAt),
        },
        { kind: 'idempotency' },
      );
    }
    if (unit.plan) put(codec.plan(unit.plan), { kind: 'create', what: `plan ${unit.plan.planId}` });
    // The registry of organisations lets scheduled jobs find every council and funder; the
    // same item may be written again harmlessly, so it carries no condition.
    const registry = new Set<string>();
    if (unit.plan) registry.add(`COUNCIL#${unit.plan.councilId}`);
    for (const pot of unit.newPots ?? []) registry.add(`FUNDER#${pot.funderId}`);
    for (const sk of registry) {
      items.push({
        Put: { TableName: this.tableName, Item: { pk: S('REGISTRY'), sk: S(sk), type: S('registry') } },
      });
      roles.push({ kind: 'claim', what: sk });
    }
    for (const pot of unit.newPots ?? []) put(codec.pot(pot), { kind: 'create', what: `pot ${pot.potId}` });
    for (const change of unit.potChanges ?? []) {
      items.push({ Update: potUpdate(this.tableName, change) });
      roles.push({ kind: 'pot', change });
    }
    for (const entry of unit.entries ?? [])
      put(codec.entry(entry), { kind: 'create', what: `entry ${entry.entryId}` });
    if (unit.newSpend)
      put(codec.spend(unit.newSpend), { kind: 'create', what: `spend ${unit.newSpend.spendId}` });
    if (unit.spendChange) {
      const { spend, expectedVersion } = unit.spendChange;
      put(codec.spend(spend), { kind: 'spend', what: `spend ${spend.spendId}` }, 'version = :expected', {
        ':expected': N(expectedVersion),
      });
    }
    for (const claim of unit.claims ?? []) {
      put(
        { pk: S(planPk(claim.planId)), sk: S(`CLAIM#${claim.name}`), type: S('claim') },
        { kind: 'claim', what: claim.name },
      );
    }
    if (unit.runCreate) {
      const r = unit.runCreate;
      put(
        {
          pk: S(`RUN#${r.runId}`),
          sk: S('RUN'),
          type: S('run'),
          doc: S(
            JSON.stringify({
              runId: r.runId,
              councilId: r.councilId,
              upTo: r.upTo,
              shards: r.shards,
              startedAt: r.startedAt,
              requestedBy: r.requestedBy,
            }),
          ),
          shardsDone: N(0),
          posted: N(0),
          alreadyPosted: N(0),
          amount: N('0'),
        },
        { kind: 'create', what: `run ${r.runId}` },
      );
    }
    if (unit.runProgress) {
      const p = unit.runProgress;
      put(
        { pk: S(`RUN#${p.runId}`), sk: S(`SHARD#${p.shard}`), type: S('claim') },
        { kind: 'claim', what: `shard ${p.shard}` },
      );
      items.push({
        Update: {
          TableName: this.tableName,
          Key: { pk: S(`RUN#${p.runId}`), sk: S('RUN') },
          UpdateExpression: 'ADD shardsDone :one, posted :posted, alreadyPosted :already, amount :amount',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':one': N(1),
            ':posted': N(p.posted),
            ':already': N(p.alreadyPosted),
            ':amount': N(p.amount),
          },
        },
      });
      roles.push({ kind: 'spend', what: `run ${p.runId}` });
    }
    for (const d of mergeSummaryDeltas(unit.summaries ?? [])) {
      items.push({ Update: summaryUpdate(this.tableName, d) });
      roles.push({ kind: 'claim', what: `summary ${d.kind} ${d.key}` });
    }
    if (items.length > transactItemsMax)
      throw new RangeError(`a unit of work has ${items.length} items; at most ${transactItemsMax}`);
    return { items, roles };
  }

  async commit(unit: UnitOfWork): Promise<void> {
    const { items, roles } = this.build(unit);
    if (items.length === 0) return;
    // One token for every retry of this unit: if DynamoDB committed an attempt whose answer was
    // lost, the retry is acknowledged instead of applied twice.
    const token = randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(
          new TransactWriteItemsCommand({ TransactItems: items, ClientRequestToken: token }),
        );
        return;
      } catch (error) {
        const retryable = this.retryable(error);
        if (retryable && attempt < commitRetriesMax) {
          this.stats.retries++;
          await this.sleep(Math.floor(this.random() * Math.min(retryCapMs, retryBaseMs * 2 ** attempt)));
          continue;
        }
        if (error instanceof TransactionCanceledException && !retryable) {
          throw new CommitRejectedError(this.rejection(error, roles), { cause: error });
        }
        if (retryable) {
          throw new DomainError('CONFLICT', 'the ledger is busy; retry the request', [], { cause: error });
        }
        throw error;
      }
    }
  }

  private retryable(error: unknown): boolean {
    if (error instanceof TransactionCanceledException) {
      const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      return (
        !codes.includes('ConditionalCheckFailed') &&
        codes.some(
          (c) =>
            c === 'TransactionConflict' || c === 'ThrottlingError' || c === 'ProvisionedThroughputExceeded',
        )
      );
    }
    const name = (error as { name?: string } | undefined)?.name;
    return (
      name === 'TransactionInProgressException' ||
      name === 'ThrottlingException' ||
      name === 'ProvisionedThroughputExceededException' ||
      name === 'RequestLimitExceeded' ||
      name === 'InternalServerError'
    );
  }

  private rejection(error: TransactionCanceledException, roles: ItemRole[]): CommitRejection {
    const reasons = error.CancellationReasons ?? [];
    const failed = roles
      .map((role, i) => ({ role, reason: reasons[i] }))
      .filter((x) => x.reason?.Code === 'ConditionalCheckFailed');
    const idem = failed.find((f) => f.role.kind === 'idempotency');
    if (idem) return { kind: 'idempotency_key_claimed' };
    for (const f of failed) {
      if (f.role.kind === 'pot') {
        const rejection = potRejection(f.role.change, f.reason?.Item as Item | undefined);
        if (rejection.kind === 'insufficient_funds') return rejection;
      }
    }
    const first = failed[0]?.role;
    if (!first) return { kind: 'state_changed', what: 'ledger' };
    if (first.kind === 'pot') return { kind: 'state_changed', what: `pot ${first.change.potId}` };
    if (first.kind === 'spend') return { kind: 'state_changed', what: first.what };
    if (first.kind === 'idempotency') return { kind: 'idempotency_key_claimed' };
    return { kind: 'already_exists', what: first.what };
  }

  private async get(pk: string, sk: string): Promise<Item | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { pk: S(pk), sk: S(sk) }, ConsistentRead: true }),
    );
    if (out.Item) this.stats.itemsRead++;
    return out.Item;
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(out.Items ?? []));
      this.stats.itemsRead += out.Items?.length ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async getIdempotency(scope: string, key: string): Promise<IdempotencyClaim | undefined> {
    const item = await this.get(`IDEM#${scope}#${key}`, 'IDEM');
    if (!item) return undefined;
    return {
      scope,
      key,
      requestHash: text(item, 'requestHash'),
      response: JSON.parse(text(item, 'response')),
      recordedAt: text(item, 'recordedAt'),
    };
  }

  async getPlan(planId: string): Promise<Plan | undefined> {
    const item = await this.get(planPk(planId), 'PLAN');
    return item && doc<Plan>(item);
  }

  async getPots(planId: string): Promise<Pot[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': S(planPk(planId)), ':prefix': S('POT#') },
      ConsistentRead: true,
    });
    return items.map(codec.readPot);
  }

  async getSpend(planId: string, spendId: string): Promise<Spend | undefined> {
    const item = await this.get(planPk(planId), `SPEND#${spendId}`);
    return item && doc<Spend>(item);
  }

  async listSpends(planId: string): Promise<Spend[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': S(planPk(planId)), ':prefix': S('SPEND#') },
      ConsistentRead: true,
    });
    return items.map((i) => doc<Spend>(i));
  }

  async getEntry(planId: string, entryId: string): Promise<JournalEntry | undefined> {
    const item = await this.get(planPk(planId), `ENTRY#${entryId}`);
    return item && doc<JournalEntry>(item);
  }

  async listEntries(planId: string, page: PageRequest): Promise<Page<JournalEntry>> {
    const after = decodeCursor(page.cursor);
    const items: Item[] = [];
    let start: Item | undefined =
      after === undefined ? undefined : { pk: S(planPk(planId)), sk: S(`ENTRY#${after}`) };
    // DynamoDB's Limit counts items read, so keep reading until the page is full or the list ends.
    let more = true;
    while (items.length < page.limit + 1 && more) {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': S(planPk(planId)), ':prefix': S('ENTRY#') },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: page.limit + 1 - items.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(out.Items ?? []));
      this.stats.itemsRead += out.Items?.length ?? 0;
      start = out.LastEvaluatedKey;
      more = start !== undefined;
    }
    const entries = items.slice(0, page.limit).map((i) => doc<JournalEntry>(i));
    const last = entries[entries.length - 1];
    return { items: entries, next: items.length > page.limit && last ? encodeCursor(last.entryId) : null };
  }

  /** Merges the approver's ten shards in request order. */
  async listPendingApprovals(approverOrg: string, page: PageRequest): Promise<Page<Spend>> {
    const after = decodeCursor(page.cursor);
    const perShard = await Promise.all(
      Array.from({ length: shardCount }, (_, shard) =>
        this.client
          .send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: 'gsi1',
              KeyConditionExpression:
                after === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND gsi1sk > :after',
              ExpressionAttributeValues: {
                ':pk': S(`APPROVER#${approverOrg}#${shard}`),
                ...(after === undefined ? {} : { ':after': S(after) }),
              },
              Limit: page.limit + 1,
            }),
          )
          .then((out) => out.Items ?? []),
      ),
    );
    const merged = perShard.flat().sort((a, b) => text(a, 'gsi1sk').localeCompare(text(b, 'gsi1sk')));
    this.stats.itemsRead += merged.length;
    const items = merged.slice(0, page.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((i) => doc<Spend>(i)).filter((s) => s.status === 'pending_approval'),
      next: merged.length > page.limit && last ? encodeCursor(text(last, 'gsi1sk')) : null,
    };
  }

  private async sharded(
    index: 'gsi1' | 'gsi2' | 'gsi3',
    prefix: string,
    skPrefix: string,
    only?: number,
  ): Promise<Item[]> {
    const shards = only === undefined ? Array.from({ length: shardCount }, (_, i) => i) : [only];
    const parts = await Promise.all(
      shards.map((shard) =>
        this.queryAll({
          IndexName: index,
          KeyConditionExpression: `${index}pk = :pk AND begins_with(${index}sk, :sk)`,
          ExpressionAttributeValues: { ':pk': S(`${prefix}#${shard}`), ':sk': S(skPrefix) },
        }),
      ),
    );
    return parts.flat();
  }

  async listCouncilPots(councilId: string, shard?: number): Promise<Pot[]> {
    return (await this.sharded('gsi1', `COUNCIL#${councilId}`, 'POT#', shard)).map(codec.readPot);
  }
  async listOrganisations(kind: 'council' | 'funder'): Promise<string[]> {
    const prefix = kind === 'council' ? 'COUNCIL#' : 'FUNDER#';
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': S('REGISTRY'), ':prefix': S(prefix) },
    });
    return items.map((i) => text(i, 'sk').slice(prefix.length));
  }
  async listFunderPots(funderId: string): Promise<Pot[]> {
    return (await this.sharded('gsi2', `FUNDER#${funderId}`, 'POT#')).map(codec.readPot);
  }
  async listHolderPots(holderId: string): Promise<Pot[]> {
    return (await this.sharded('gsi3', `HOLDER#${holderId}`, 'POT#')).map(codec.readPot);
  }
  async listCouncilPlans(councilId: string): Promise<Plan[]> {
    return (await this.sharded('gsi1', `COUNCIL#${councilId}`, 'PLAN#')).map((i) => doc<Plan>(i));
  }
  async listSummaries(
    scope: { planId: string } | { councilId: string } | { funderId: string },
    kind: SummaryKind,
  ): Promise<Summary[]> {
    if ('planId' in scope) {
      const items = await this.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': S(planPk(scope.planId)), ':prefix': S(`SUM#${kind}#`) },
        ConsistentRead: true,
      });
      return items.map(readSummary);
    }
    const [index, prefix] =
      'councilId' in scope
        ? (['gsi1', `COUNCIL#${scope.councilId}`] as const)
        : (['gsi2', `FUNDER#${scope.funderId}`] as const);
    return (await this.sharded(index, prefix, `SUM#${kind}#`)).map(readSummary);
  }

  async getRun(runId: string): Promise<InstalmentRun | undefined> {
    const item = await this.get(`RUN#${runId}`, 'RUN');
    if (!item) return undefined;
    return {
      ...doc<Omit<InstalmentRun, 'shardsDone' | 'posted' | 'alreadyPosted' | 'amount'>>(item),
      shardsDone: integer(item, 'shardsDone'),
      posted: integer(item, 'posted'),
      alreadyPosted: integer(item, 'alreadyPosted'),
      amount: amount(item, 'amount'),
    };
  }

  async hasClaim(planId: string, name: string): Promise<boolean> {
    return (await this.get(planPk(planId), `CLAIM#${name}`)) !== undefined;
  }
}

export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9:.#_-]{1,200}$/.test(key)) {
    throw new DomainError('VALIDATION_FAILED', 'cursor is not one this API returned', [
      { path: 'cursor', message: 'invalid' },
    ]);
  }
  return key;
}
