import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { expirePendingApprovals } from '../domain/app/commands.js';
import { recordRunProgress, runCouncil } from '../domain/app/instalments.js';
import { dateOf } from '../domain/dates.js';
import type { Actor } from '../domain/model.js';
import { Money } from '../domain/money.js';
import { shardCount } from '../domain/shards.js';
import { app, appDeps } from './deps.js';
import { logger } from './http/logger.js';
import { sqsInstalmentQueue } from './queue.js';

/**
 * Scheduled work (DESIGN.md section 4): it grows with a council's size, so it never runs as one
 * long request. The daily dispatcher sends one queue message per council and write shard; each
 * worker message posts that shard's due instalments, idempotently, so a redelivered or
 * duplicated message posts nothing twice.
 */

const scheduler: Actor = { sub: 'scheduler', role: 'scheduler', org: 'system', plans: [] };
export const expiryPagesMax = 50;

interface ShardMessage {
  councilId: string;
  shard: number;
  upTo: string;
  runId?: string;
}

function queueUrl(): string {
  const url = app().config.instalmentQueueUrl;
  if (!url) throw new Error('missing required environment variable INSTALMENT_QUEUE_URL');
  return url;
}

export async function dispatchInstalments(
  event: { upTo?: string } = {},
): Promise<{ councils: number; messages: number }> {
  const upTo = event.upTo ?? dateOf(new Date());
  const councils = await appDeps().store.listOrganisations('council');
  const messages: ShardMessage[] = councils.flatMap((councilId) =>
    Array.from({ length: shardCount }, (_, shard) => ({ councilId, shard, upTo })),
  );
  await sqsInstalmentQueue(queueUrl()).send(messages);
  logger().info('instalment run dispatched', { upTo, councils: councils.length, messages: messages.length });
  return { councils: councils.length, messages: messages.length };
}

export async function instalmentWorker(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const m = JSON.parse(record.body) as ShardMessage;
      const result = await runCouncil(
        appDeps(),
        { actor: scheduler, requestId: context.awsRequestId },
        m.councilId,
        m.upTo,
        m.shard,
      );
      if (m.runId) await recordRunProgress(appDeps(), m.runId, m.shard, result);
      logger().info('instalments posted', { ...m, posted: result.posted, amount: result.amount });
    } catch (error) {
      logger().error('instalment shard failed', { messageId: record.messageId, error: error as Error });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

export async function expireApprovals(
  _event: unknown,
  context: Context,
): Promise<{ expired: number; amount: string }> {
  const deps = appDeps();
  const ctx = { actor: scheduler, requestId: context.awsRequestId };
  let expired = 0;
  const amounts: string[] = [];
  for (const org of await deps.store.listOrganisations('funder')) {
    for (let page = 0; page < expiryPagesMax; page++) {
      const r = await expirePendingApprovals(deps, ctx, org, 100);
      expired += r.expired;
      amounts.push(r.amount);
      if (r.expired < 100) break;
    }
  }
  const amount = Money.sum(amounts.map((a) => Money.of(a))).toString();
  logger().info('pending approvals expired', { expired, amount });
  return { expired, amount };
}
