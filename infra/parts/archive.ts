import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/**
 * The journal archive's stream consumer falls behind before it loses anything: the stream keeps
 * records 24 hours, so an iterator age over an hour raises the alarm with 23 hours to act, and a
 * record parked on the archive's dead-letter queue (a pointer that itself expires with the
 * stream) is a gap to fill from the table (docs/runbook.md).
 */
export const iteratorAgeAlarmMs = 60 * 60 * 1000;

export function archiveAlarms(scope: Construct, archiver: LambdaFunction, topic: ITopic): Alarm {
  const alarm = new Alarm(scope, 'ArchiveIteratorAge', {
    metric: archiver.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) }),
    threshold: iteratorAgeAlarmMs,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: 'The journal archive is over an hour behind the table (the stream keeps 24 hours)',
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
