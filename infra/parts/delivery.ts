import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { LambdaDeploymentConfig, LambdaDeploymentGroup } from 'aws-cdk-lib/aws-codedeploy';
import { Alias, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/**
 * Delivery by canary (DESIGN.md 11d): API Gateway calls each API function and the web app through
 * its `live` alias; a deployment publishes a new version and CodeDeploy shifts 10% of traffic to
 * it for 5 minutes, then the rest, rolling back to the old version if the new one's error or
 * latency alarm goes off meanwhile.
 */

export const canaryConfig = LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES;
/** p99 latency that stops a rollout: well inside the API functions' 10 s timeout. */
export const canaryLatencyMs = 3_000;

/** The alias API Gateway invokes: the function's current version, moved by CodeDeploy. */
export const liveAlias = (fn: LambdaFunction): Alias =>
  new Alias(fn, 'Live', { aliasName: 'live', version: fn.currentVersion });

export function canaries(scope: Construct, aliases: Alias[], topic: ITopic): LambdaDeploymentGroup[] {
  return aliases.map((alias) => {
    const id = alias.lambda.node.id;
    const errors = new Alarm(scope, `${id}CanaryErrors`, {
      metric: alias.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${id}'s live alias failed: a rollout in progress rolls back`,
    });
    const latency = new Alarm(scope, `${id}CanaryLatency`, {
      metric: alias.metricDuration({ period: Duration.minutes(1), statistic: 'p99' }),
      threshold: canaryLatencyMs,
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${id}'s live alias is slow (p99 over ${canaryLatencyMs} ms): a rollout in progress rolls back`,
    });
    for (const a of [errors, latency]) a.addAlarmAction(new SnsAction(topic));
    return new LambdaDeploymentGroup(scope, `${id}Deployment`, {
      alias,
      deploymentConfig: canaryConfig,
      alarms: [errors, latency],
      autoRollback: { failedDeployment: true, deploymentInAlarm: true, stoppedDeployment: true },
    });
  });
}
