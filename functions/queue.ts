import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { InstalmentQueue } from '../domain/ports.js';

/** The instalment shard queue (SQS), sent to in batches of ten, its largest batch. */
const sqs = new SQSClient({});

export function sqsInstalmentQueue(queueUrl: string): InstalmentQueue {
  return {
    async send(messages) {
      for (let i = 0; i < messages.length; i += 10) {
        const batch = messages.slice(i, i + 10);
        const out = await sqs.send(
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
