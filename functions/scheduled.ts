import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoLedgerStore } from '../adapters/dynamodb/store.js';
import { expirePendingApprovals } from '../domain/app/commands.js';
import { recordRunProgress, runCouncil, startScheduledRun } from '../domain/app/instalments.js';
import { disposeDue } from '../domain/app/personal-data.js';
import { suspendOverdueReturns } from '../domain/app/returns.js';
import { dateOf } from '../domain/dates.js';
import type { Actor } from '../domain/model.js';
import { Money } from '../domain/money.js';
import { shardCount } from '../domain/shards.js';
import { app, appDeps } from './deps.js';
import { exportCouncil } from './exports.js';
import { logger } from './http/logger.js';
import { sqsQueue } from './queue.js';

/**
 * Scheduled work (DESIGN.md section 4): it grows with a council's size, so it never runs as one
 * long invocation. Dispatchers fan it out over queues; each worker message posts one shard's due
 * instalments, writes one council's export or expires one organisation's approvals, idempotently,
 * so a redelivered or duplicated message does nothing twice.
 */

const scheduler: Actor = { sub: 'scheduler', role: 'scheduler', org: 'system', plans: [] };
export const expiryPagesMax = 50;

interface ShardMessage {
  councilId: string;
  shard: number;
  upTo: string;
  runId?: string;
}

/** A council's monthly export, or one approver organisation's expired approvals. */
export type JobMessage =
  | { kind: 'export'; councilId: string; asOf: string }
  | { kind: 'expiry'; approverOrg: string }
  | { kind: 'returns'; councilId: string }
  /** A council's plans past retention: their personal data erased (section 11d). */
  | { kind: 'disposal'; councilId: string };

function urlOf(name: 'instalmentQueueUrl' | 'jobQueueUrl'): string {
  const url = app().config[name];
  if (!url)
    throw new Error(
      `missing required environment variable ${name === 'jobQueueUrl' ? 'JOB_QUEUE_URL' : 'INSTALMENT_QUEUE_URL'}`,
    );
  return url;
}

/**
 * The scheduled entry point: each schedule names a job, and the dispatcher fans it out, one queue
 * message per council and write shard (instalments), per council (exports) or per approver
 * organisation (expiry), so no invocation's work grows with the number of councils.
 */
export async function dispatch(
  event: { job?: 'instalments' | 'exports' | 'expiry'; upTo?: string; asOf?: string } = {},
): Promise<{ job: string; messages: number }> {
  const job = event.job ?? 'instalments';
  const store = appDeps().store;
  const today = dateOf(appDeps().clock.now());
  if (job === 'instalments') {
    // The shard count is fixed by the data: a process configured with another stops here, loudly.
    if (store instanceof DynamoLedgerStore) await store.checkShardCount(shardCount);
    const upTo = event.upTo ?? today;
    const councils = await store.listOrganisations('council');
    // Each council's run is kept under its id, so its shards keep its payment batch (section 11b).
    const messages: ShardMessage[] = [];
    const runIds: Record<string, string> = {};
    for (const councilId of councils) {
      const { runId } = await startScheduledRun(appDeps(), scheduler, councilId, upTo);
      runIds[councilId] = runId;
      for (let shard = 0; shard < shardCount; shard++) messages.push({ councilId, shard, upTo, runId });
    }
    await sqsQueue(urlOf('instalmentQueueUrl')).send(messages);
    // The heartbeat: a day without it is an alarm (missing data breaches).
    app().observability.sink?.record('DailyRunCompleted', 'Count', 1, {});
    logger().info('instalment run dispatched', {
      upTo,
      councils: councils.length,
      messages: messages.length,
      runIds,
    });
    return { job, messages: messages.length };
  }
  const messages: JobMessage[] =
    job === 'exports'
      ? (await store.listOrganisations('council')).map((councilId) => ({
          kind: 'export' as const,
          councilId,
          asOf: event.asOf ?? today,
        }))
      : [
          ...(await store.listOrganisations('funder')).map((approverOrg) => ({
            kind: 'expiry' as const,
            approverOrg,
          })),
          // The same daily job checks each council's overdue returns (policy suspendOnOverdueReturn).
          ...(await store.listOrganisations('council')).flatMap((councilId) => [
            { kind: 'returns' as const, councilId },
            // …and disposes of the personal data of plans past the council's retention.
            { kind: 'disposal' as const, councilId },
          ]),
        ];
  await sqsQueue(urlOf('jobQueueUrl')).send(messages);
  logger().info('jobs dispatched', { job, messages: messages.length });
  return { job, messages: messages.length };
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
        // A fanned-out run keeps its payment batch under its id.
        m.runId,
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

/** Voids one approver organisation's pending approvals past their council's limit, page by page. */
export async function expireFor(
  approverOrg: string,
  requestId: string,
): Promise<{ expired: number; amount: string }> {
  const deps = appDeps();
  let expired = 0;
  const amounts: string[] = [];
  for (let page = 0; page < expiryPagesMax; page++) {
    const r = await expirePendingApprovals(deps, { actor: scheduler, requestId }, approverOrg, 100);
    expired += r.expired;
    amounts.push(r.amount);
    if (r.expired < 100) break;
  }
  const amount = Money.sum(amounts.map((a) => Money.of(a))).toString();
  logger().info('pending approvals expired', { approverOrg, expired, amount });
  return { expired, amount };
}

/** Exports and expiries, one council or organisation per message; failures retried singly. */
export async function jobWorker(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const m = JSON.parse(record.body) as JobMessage;
      if (m.kind === 'export') await exportCouncil(m.councilId, m.asOf);
      else if (m.kind === 'expiry') await expireFor(m.approverOrg, context.awsRequestId);
      else if (m.kind === 'disposal') {
        const counts = await disposeDue(
          appDeps(),
          { actor: scheduler, requestId: context.awsRequestId },
          m.councilId,
        );
        // Counts only: a disposal's log, like its event, names nobody.
        logger().info('personal data disposed of', { councilId: m.councilId, ...counts });
      } else {
        const r = await suspendOverdueReturns(
          appDeps(),
          { actor: scheduler, requestId: context.awsRequestId },
          m.councilId,
        );
        logger().info('overdue returns checked', { councilId: m.councilId, suspended: r.suspended });
      }
    } catch (error) {
      logger().error('job failed', { messageId: record.messageId, error: error as Error });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
