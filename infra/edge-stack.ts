import { ArnFormat, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { allowCloudWatchLogs, LedgerKey } from './parts/key-policy.js';

/**
 * The web ACL in front of CloudFront. CloudFront takes only web ACLs made in us-east-1, so it
 * lives in this small stack there; the main stack reads its ARN by a cross-region reference.
 * Rules fitted to the API (DESIGN.md 11d):
 * - AWS's IP reputation list first;
 * - a rate per caller (the Authorization header: one person's token) and a much higher one per
 *   address, so a council office of hundreds of staff behind one address is not throttled as one;
 * - AWS's common rule set with its 8 KB body rule only counted, and a 64 KB body rule of ours in
 *   its place (the API takes bodies up to 64 KB; the web ACL inspects 64 KB of a body), except
 *   for `POST /v1/plans/{planId}/pots/{potId}/statements`, which takes up to 2 MB (DESIGN.md 11b):
 *   WAF cannot measure a body past its 64 KB inspection limit, so that route's own limit is the
 *   function's (413 STATEMENT_TOO_LARGE), inside API Gateway's 10 MB and Lambda's 6 MB payloads;
 *   that route also skips the common rule set (scope-down), whose body rules would take a bank's
 *   file for an attack, while every other request keeps it;
 * - AWS's known-bad-inputs rule set.
 * Every request is logged to a log group named
 * aws-waf-logs-… (WAF requires the prefix), with the Authorization and Cookie headers redacted,
 * encrypted with a key of this stack that only CloudWatch Logs may use (parts/key-policy.ts).
 */

export const rateLimitPerCaller = 1_000; // per token per 5 minutes
export const rateLimitPerIp = 20_000; // per address per 5 minutes: an office of many staff
export const maxBodyBytes = 64 * 1024;
/**
 * The one route whose bodies may pass 64 KB (a bank statement, up to 2 MB): exempt from BodyOver64KB.
 * The web app's upload form posts to the same path without `/v1` (multipart, the same 2 MB cap).
 */
export const statementsPathPattern = '^(/v1)?/plans/[^/]+/pots/[^/]+/statements/?$';

/** A statement upload: a POST to a pot's statements (the API's, or the web app's form). */
const statementUpload: CfnWebACL.StatementProperty = {
  andStatement: {
    statements: [
      {
        byteMatchStatement: {
          fieldToMatch: { method: {} },
          positionalConstraint: 'EXACTLY',
          searchString: 'POST',
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      },
      {
        regexMatchStatement: {
          fieldToMatch: { uriPath: {} },
          regexString: statementsPathPattern,
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      },
    ],
  },
};
const notStatementUpload: CfnWebACL.StatementProperty = { notStatement: { statement: statementUpload } };

const visible = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

export class EdgeStack extends Stack {
  readonly webAclArn: string;
  readonly wafLogs: LogGroup;

  constructor(
    scope: Construct,
    id: string,
    props: StackProps & { stage: string; logRetention?: RetentionDays },
  ) {
    super(scope, id, props);
    const managed = (
      name: string,
      priority: number,
      fitted: {
        ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[];
        scopeDownStatement?: CfnWebACL.StatementProperty;
      } = {},
    ): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...fitted } },
      visibilityConfig: visible(name),
    });
    const acl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visible(`ledger-${props.stage}`),
      // Inspect bodies up to the API's own limit (the default is 16 KB).
      associationConfig: { requestBody: { CLOUDFRONT: { defaultSizeInspectionLimit: 'KB_64' } } },
      rules: [
        managed('AWSManagedRulesAmazonIpReputationList', 0),
        {
          name: 'RatePerCaller',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: rateLimitPerCaller,
              aggregateKeyType: 'CUSTOM_KEYS',
              customKeys: [
                { header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } },
              ],
            },
          },
          visibilityConfig: visible('RatePerCaller'),
        },
        {
          name: 'RatePerIp',
          priority: 2,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: rateLimitPerIp, aggregateKeyType: 'IP' } },
          visibilityConfig: visible('RatePerIp'),
        },
        {
          name: 'BodyOver64KB',
          priority: 3,
          action: { block: {} },
          statement: {
            andStatement: {
              statements: [
                {
                  sizeConstraintStatement: {
                    fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
                    comparisonOperator: 'GT',
                    size: maxBodyBytes,
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
                // …unless it is a statement upload (POST to a pot's statements), which takes 2 MB.
                notStatementUpload,
              ],
            },
          },
          visibilityConfig: visible('BodyOver64KB'),
        },
        // The common rules' 8 KB body limit would refuse the API's own 64 KB bodies: counted only.
        // A statement upload skips the group: a bank's file (up to 2 MB, OFX markup, CSV text) is
        // not a request body its body rules (size, cross-site scripting, file inclusion) fit.
        managed('AWSManagedRulesCommonRuleSet', 4, {
          ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
          scopeDownStatement: notStatementUpload,
        }),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 5),
      ],
    });
    this.webAclArn = acl.attrArn;

    const logsKey = new LedgerKey(this, 'WafLogsKey', {
      enableKeyRotation: true,
      description: `ehcp-ledger ${props.stage}: the WAF's request logs (addresses, paths)`,
    });
    allowCloudWatchLogs(logsKey);
    this.wafLogs = new LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-ehcp-ledger-${props.stage}`,
      encryptionKey: logsKey,
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: acl.attrArn,
      // WAF takes the log group's ARN without the ":*" CloudFormation's Arn attribute ends with.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.wafLogs.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
  }
}
