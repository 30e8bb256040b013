import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDefinition } from '../../adapters/dynamodb/table.js';
import { LedgerKey } from './key-policy.js';

/**
 * Alarms that reach someone: an SNS topic encrypted with a key of ours that CloudWatch may use
 * (the AWS-managed SNS key cannot be granted to it), the alarm email subscribed, and alarms on
 * everything that fails quietly: 5xx, dead letters, old messages, functions near their timeout,
 * schedules that could not invoke, table and index throttles, and a daily heartbeat whose
 * absence breaches. The dashboard shows every function.
 */

export function alarmTopic(scope: Construct, email: string | undefined): Topic {
  // Administered by the account, used by CloudWatch and EventBridge alone (parts/key-policy.ts).
  const key = new LedgerKey(scope, 'AlarmKey', {
    enableKeyRotation: true,
    description: 'Encrypts the alarm topic; CloudWatch may use it to publish alarms',
  });
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
  // EventBridge publishes the failed-backup events (parts/backup.ts) to the same topic.
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
  const topic = new Topic(scope, 'Alarms', { enforceSSL: true, masterKey: key });
  if (email) topic.addSubscription(new EmailSubscription(email));
  return topic;
}

export interface Watched {
  api: HttpApi;
  table: Table;
  functions: LambdaFunction[];
  queues: Queue[];
  deadLetters: Queue[];
  stage: string;
}

export function alarms(scope: Construct, topic: Topic, w: Watched): void {
  const action = new SnsAction(topic);
  const alarm = (id: string, props: ConstructorParameters<typeof Alarm>[2]) => {
    const a = new Alarm(scope, id, { treatMissingData: TreatMissingData.NOT_BREACHING, ...props });
    a.addAlarmAction(action);
    return a;
  };
  const atLeastOne = {
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  };
  alarm('Api5xx', {
    ...atLeastOne,
    metric: w.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
    alarmDescription: 'The API answered 5xx',
  });
  for (const q of w.deadLetters) {
    alarm(`${q.node.id}Depth`, {
      ...atLeastOne,
      metric: q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      alarmDescription: `Work failed and was parked in ${q.node.id}`,
    });
  }
  for (const q of w.queues) {
    alarm(`${q.node.id}Age`, {
      threshold: 3600,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      metric: q.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      alarmDescription: `${q.node.id} has held a message for over an hour`,
    });
  }
  const throttles = (index?: string) =>
    new MathExpression({
      expression: 'r + w',
      usingMetrics: Object.fromEntries(
        (['r', 'w'] as const).map((k) => [
          k,
          new Metric({
            namespace: 'AWS/DynamoDB',
            metricName: k === 'r' ? 'ReadThrottleEvents' : 'WriteThrottleEvents',
            dimensionsMap: {
              TableName: w.table.tableName,
              ...(index ? { GlobalSecondaryIndexName: index } : {}),
            },
            statistic: 'Sum',
          }),
        ]),
      ),
      period: Duration.minutes(5),
    });
  alarm('TableThrottles', {
    ...atLeastOne,
    metric: throttles(),
    alarmDescription: 'DynamoDB throttled the table',
  });
  for (const index of tableDefinition.indexes) {
    alarm(`Index${index.indexName}Throttles`, {
      ...atLeastOne,
      metric: throttles(index.indexName),
      alarmDescription: `DynamoDB throttled index ${index.indexName}`,
    });
  }
  alarm('SchedulerTargetErrors', {
    ...atLeastOne,
    metric: new MathExpression({
      expression: 'e + d',
      usingMetrics: {
        e: new Metric({ namespace: 'AWS/Scheduler', metricName: 'TargetErrorCount', statistic: 'Sum' }),
        d: new Metric({ namespace: 'AWS/Scheduler', metricName: 'InvocationDroppedCount', statistic: 'Sum' }),
      },
      period: Duration.minutes(5),
    }),
    alarmDescription: 'A schedule could not invoke its target',
  });
  // The heartbeat: the daily instalment dispatch records one when it completes.
  alarm('DailyRunMissing', {
    metric: new Metric({
      namespace: 'EhcpLedger',
      metricName: 'DailyRunCompleted',
      dimensionsMap: { service: 'ehcp-ledger' },
      statistic: 'Sum',
      period: Duration.days(1),
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    treatMissingData: TreatMissingData.BREACHING,
    alarmDescription: 'The daily instalment run did not complete today',
  });
  for (const fn of w.functions) {
    const id = fn.node.id;
    alarm(`${id}Failures`, {
      ...atLeastOne,
      metric: new MathExpression({
        expression: 'e + t',
        usingMetrics: {
          e: fn.metricErrors({ statistic: 'Sum' }),
          t: fn.metricThrottles({ statistic: 'Sum' }),
        },
        period: Duration.minutes(5),
      }),
      alarmDescription: `${id} failed or was throttled`,
    });
    alarm(`${id}NearTimeout`, {
      threshold: Math.floor((fn.timeout ?? Duration.seconds(3)).toMilliseconds() * 0.8),
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      metric: fn.metricDuration({ statistic: 'Maximum', period: Duration.minutes(5) }),
      alarmDescription: `${id} ran for over 80% of its timeout`,
    });
  }
  new Dashboard(scope, 'Dashboard', {
    dashboardName: `ehcp-ledger-${w.stage}`,
    widgets: [
      [
        new GraphWidget({
          title: 'API requests and 5xx',
          left: [w.api.metricCount(), w.api.metricServerError()],
        }),
        new GraphWidget({ title: 'API latency p99', left: [w.api.metricLatency({ statistic: 'p99' })] }),
        new GraphWidget({
          title: 'DynamoDB',
          left: [w.table.metricConsumedWriteCapacityUnits(), w.table.metricConsumedReadCapacityUnits()],
        }),
      ],
      [
        new GraphWidget({
          title: 'Function errors',
          left: w.functions.map((f) => f.metricErrors()),
          width: 12,
        }),
        new GraphWidget({
          title: 'Function duration p99',
          left: w.functions.map((f) => f.metricDuration({ statistic: 'p99' })),
          width: 12,
        }),
      ],
      [
        new GraphWidget({
          title: 'Queues: oldest message',
          left: w.queues.map((q) => q.metricApproximateAgeOfOldestMessage()),
        }),
        new GraphWidget({
          title: 'Dead letters',
          left: w.deadLetters.map((q) => q.metricApproximateNumberOfMessagesVisible()),
        }),
      ],
    ],
  });
}
