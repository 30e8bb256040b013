import { Duration, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { bindTable, LedgerFunction } from '../ledger-function.js';
import type { DeploymentSettings } from '../settings.js';
import { grantData, ledgerKeys } from './keys.js';

/**
 * Scheduled work, sized to grow with the councils: schedules invoke one dispatcher, which fans each
 * job out on a queue (instalments per council and write shard, exports per council, expiry per
 * approver organisation); workers take one message at a time within a timeout sized to it, with
 * queue visibility six times that timeout, and every source has a dead-letter queue of its own.
 * A stream consumer archives every journal entry to the Object-Locked archive bucket.
 */

export const apiTimeout = Duration.seconds(10);
export const dispatchTimeout = Duration.minutes(1);
export const workerTimeout = Duration.minutes(5);
export const archiverTimeout = Duration.minutes(1);

/** SQS's own key, or the data key where the stack has customer-managed keys. */
const queueEncryption = (scope: Construct) => {
  const key = ledgerKeys(scope)?.data;
  return key
    ? { encryption: QueueEncryption.KMS, encryptionMasterKey: key }
    : { encryption: QueueEncryption.SQS_MANAGED };
};

const deadLetters = (scope: Construct, id: string) =>
  new Queue(scope, id, {
    ...queueEncryption(scope),
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });

export function jobs(
  scope: Construct,
  s: DeploymentSettings,
  w: { table: Table; exports: Bucket; archive: Bucket; logRetention: RetentionDays },
) {
  const shardDlq = deadLetters(scope, 'InstalmentShardsDlq');
  const jobDlq = deadLetters(scope, 'CouncilJobsDlq');
  const scheduleDlq = deadLetters(scope, 'ScheduleDlq');
  const dispatchDlq = deadLetters(scope, 'DispatchDlq');
  const archiveDlq = deadLetters(scope, 'ArchiveDlq');
  const queue = (id: string, dlq: Queue) =>
    new Queue(scope, id, {
      ...queueEncryption(scope),
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: dlq, maxReceiveCount: 3 },
    });
  const instalmentShards = queue('InstalmentShards', shardDlq);
  const councilJobs = queue('CouncilJobs', jobDlq);

  const dispatcher = new LedgerFunction(scope, 'Dispatch', {
    file: 'scheduled',
    handler: 'dispatch',
    logRetention: w.logRetention,
    timeout: dispatchTimeout,
    deadLetterQueue: dispatchDlq,
    environment: { INSTALMENT_QUEUE_URL: instalmentShards.queueUrl, JOB_QUEUE_URL: councilJobs.queueUrl },
  });
  bindTable(dispatcher, w.table, 'read');
  // Lambda puts a failed asynchronous invocation on the (encrypted) dead-letter queue as the function.
  grantData(dispatcher, dispatcher, 'write');
  instalmentShards.grantSendMessages(dispatcher);
  councilJobs.grantSendMessages(dispatcher);

  // Capped, so a council's instalment run can never take the concurrency the API needs.
  const instalmentWorker = new LedgerFunction(scope, 'InstalmentWorker', {
    file: 'scheduled',
    handler: 'instalmentWorker',
    logRetention: w.logRetention,
    timeout: workerTimeout,
    reservedConcurrentExecutions: s.workerConcurrency,
  });
  bindTable(instalmentWorker, w.table, 'write');
  instalmentWorker.addEventSource(
    new SqsEventSource(instalmentShards, {
      batchSize: 1,
      reportBatchItemFailures: true,
      maxConcurrency: s.workerConcurrency,
    }),
  );

  const jobWorker = new LedgerFunction(scope, 'JobWorker', {
    file: 'scheduled',
    handler: 'jobWorker',
    logRetention: w.logRetention,
    timeout: workerTimeout,
    environment: { EXPORTS_BUCKET: w.exports.bucketName },
  });
  bindTable(jobWorker, w.table, 'write');
  jobWorker.addToRolePolicy(
    new PolicyStatement({ actions: ['s3:PutObject'], resources: [w.exports.arnForObjects('councils/*')] }),
  );
  grantData(jobWorker, jobWorker, 'write');
  jobWorker.addEventSource(
    new SqsEventSource(councilJobs, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 2 }),
  );

  const archiver = new LedgerFunction(scope, 'JournalArchiver', {
    file: 'archive',
    handler: 'archiveJournal',
    logRetention: w.logRetention,
    timeout: archiverTimeout,
    environment: { ARCHIVE_BUCKET: w.archive.bucketName },
  });
  archiver.addToRolePolicy(
    new PolicyStatement({ actions: ['s3:PutObject'], resources: [w.archive.arnForObjects('journal/*')] }),
  );
  // Reads the table's stream (decrypt) and writes archive objects and parked pointers (encrypt).
  grantData(archiver, archiver, 'write');
  archiver.addEnvironment('TABLE_NAME', w.table.tableName);
  archiver.addEventSource(
    new DynamoEventSource(w.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 10,
      onFailure: new SqsDlq(archiveDlq),
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { type: { S: FilterRule.isEqual('entry') } } },
        }),
      ],
    }),
  );

  const london = (cron: { minute: string; hour: string; day?: string }) =>
    ScheduleExpression.cron({ ...cron, timeZone: { timezoneName: 'Europe/London' } as never });
  const schedule = (id: string, description: string, expression: ScheduleExpression, job: string) =>
    new Schedule(scope, id, {
      description,
      schedule: expression,
      target: new LambdaInvoke(dispatcher, {
        deadLetterQueue: scheduleDlq,
        retryAttempts: 3,
        input: ScheduleTargetInput.fromObject({ job }),
      }),
    });
  schedule(
    'DailyInstalments',
    'Release every instalment due today (idempotent: a re-run posts nothing)',
    london({ minute: '0', hour: '6' }),
    'instalments',
  );
  schedule(
    'DailyApprovalExpiry',
    'Void pending approvals older than the council allows',
    london({ minute: '0', hour: '5' }),
    'expiry',
  );
  schedule(
    'MonthlyExportSchedule',
    "Write each council's reconciliation and last quarter's returns",
    london({ minute: '0', hour: '4', day: '1' }),
    'exports',
  );
  // The schedules send a failed invocation to their dead-letter queue as the role CDK makes for
  // their target, which it grants sqs:SendMessage only: on a queue under the data key (prod) that
  // role needs the key as well, or the dead letter is lost.
  for (const role of Stack.of(scope).node.children)
    if (role instanceof Role && role.node.id.startsWith('SchedulerRoleForTarget'))
      grantData(scope, role, 'write');

  return {
    functions: [dispatcher, instalmentWorker, jobWorker, archiver],
    queues: [instalmentShards, councilJobs],
    deadLetters: [shardDlq, jobDlq, scheduleDlq, dispatchDlq, archiveDlq],
    instalmentShards,
    dispatcher,
    archiver,
    scheduleDlq,
    archiveDlq,
  };
}
