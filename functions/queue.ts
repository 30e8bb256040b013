import type { SQSClient } from '@aws-sdk/client-sqs';
import type { InstalmentQueue } from '../domain/ports.js';
import { loadOnce } from './load-once.js';

/**
 * An SQS queue, sent to in batches of ten, its largest batch. Only a council's large run fans out,
 * so the client is loaded on first use, not at every cold start.
 */
const sqs = loadOnce(async () => {
  const { SQSClient, SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
  return { client: new SQSClient({}) as SQSClient, SendMessageBatchCommand };
});

export function sqsQueue<M>(queueUrl: string): { send(messages: M[]): Promise<void> } {
  return {
    async send(messages) {
      for (let i = 0; i < messages.length; i += 10) {
        const batch = messages.slice(i, i + 10);
        const { client, SendMessageBatchCommand } = await sqs();
        const out = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
          }),
        );
        if (out.Failed?.length) throw new Error(`${out.Failed.length} instalment messages were not queued`);
      }
    },
  };
}

/** The instalment shard queue a large run fans out on. */
export const sqsInstalmentQueue = (queueUrl: string): InstalmentQueue => sqsQueue(queueUrl);
