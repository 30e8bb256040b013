import { Duration, Fn, Stack } from 'aws-cdk-lib';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type FunctionGroup, groupOf, routes } from '../../functions/routes.js';
import { bindTable, LedgerFunction } from '../ledger-function.js';
import { apiTimeout } from './jobs.js';

/**
 * The front door: an HTTP API with a JWT authorizer, one function per privilege group (not per
 * route: fewer cold pools and one JWKS fetch per warm container), per-route throttles on the routes
 * that move money, and CloudFront in front of the API and the web bucket, guarded by the WAF web
 * ACL of the edge stack.
 */

export const stageRate = { rateLimit: 200, burstLimit: 400 };
export const moneyRouteRate = { rateLimit: 50, burstLimit: 100 };

const groupHandler: Record<FunctionGroup, string> = {
  public: 'publicApi',
  read: 'readApi',
  write: 'writeApi',
  reports: 'reportsApi',
};

export function front(
  scope: Construct,
  w: {
    table: Table;
    web: Bucket;
    frontLogs: Bucket;
    instalmentShards: Queue;
    logRetention: RetentionDays;
    webOrigin: string;
    issuer: string;
    audience: string;
    webAclArn: string | undefined;
    domainName: string | undefined;
    certificateArn: string | undefined;
  },
) {
  const apiLogs = new LogGroup(scope, 'ApiAccessLogs', { retention: w.logRetention });
  const api = new HttpApi(scope, 'Api', {
    createDefaultStage: false,
    corsPreflight: {
      allowOrigins: [w.webOrigin],
      allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
      allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
      exposeHeaders: ['x-request-id', 'idempotent-replayed'],
      maxAge: Duration.hours(1),
    },
  });
  const stage = new HttpStage(scope, 'DefaultStage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    throttle: stageRate,
    accessLogSettings: { destination: new LogGroupLogDestination(apiLogs) },
  });
  (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
    routes
      .filter((r) => r.money)
      .map((r) => [
        `${r.method} ${r.path}`,
        // Raw CloudFormation (the property is JSON): its keys are PascalCase.
        { ThrottlingRateLimit: moneyRouteRate.rateLimit, ThrottlingBurstLimit: moneyRouteRate.burstLimit },
      ]),
  );
  const authorizer = new HttpJwtAuthorizer('Cognito', w.issuer, { jwtAudience: [w.audience] });
  const jwt = {
    JWT_ISSUER: w.issuer,
    JWT_AUDIENCE: w.audience,
    JWKS_URL: `${w.issuer}/.well-known/jwks.json`,
  };

  const functions = new Map<FunctionGroup, LedgerFunction>();
  for (const group of ['public', 'read', 'write', 'reports'] as const) {
    const mine = routes.filter((r) => groupOf(r) === group);
    const id = `${group[0]?.toUpperCase()}${group.slice(1)}Api`;
    const fn = new LedgerFunction(scope, id, {
      file: 'api',
      handler: groupHandler[group],
      logRetention: w.logRetention,
      timeout: apiTimeout,
      environment: group === 'public' ? {} : jwt,
    });
    const access = mine.some((r) => r.table === 'write')
      ? 'write'
      : mine.some((r) => r.table === 'read')
        ? 'read'
        : 'none';
    if (access !== 'none') bindTable(fn, w.table, access);
    if (mine.some((r) => r.sends?.includes('instalmentShards'))) {
      // A large council's run fans out on the shard queue instead of outliving API Gateway's 30 s.
      fn.addEnvironment('INSTALMENT_QUEUE_URL', w.instalmentShards.queueUrl);
      w.instalmentShards.grantSendMessages(fn);
    }
    const integration = new HttpLambdaIntegration(`${id}Integration`, fn);
    for (const r of mine) {
      api.addRoutes({
        path: r.path,
        methods: [HttpMethod[r.method]],
        integration,
        ...(r.public ? {} : { authorizer }),
      });
    }
    functions.set(group, fn);
  }

  const apiDomain = Fn.select(2, Fn.split('/', api.apiEndpoint));
  const distribution = new Distribution(scope, 'Front', {
    comment: `ehcp-ledger ${Stack.of(scope).stackName}`,
    defaultRootObject: 'index.html',
    priceClass: PriceClass.PRICE_CLASS_100,
    defaultBehavior: {
      origin: S3BucketOrigin.withOriginAccessControl(w.web),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    },
    additionalBehaviors: {
      '/v1/*': {
        origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    },
    enableLogging: true,
    logBucket: w.frontLogs,
    logFilePrefix: 'cloudfront/',
    ...(w.webAclArn ? { webAclId: w.webAclArn } : {}),
    ...(w.domainName && w.certificateArn
      ? {
          domainNames: [w.domainName],
          certificate: Certificate.fromCertificateArn(scope, 'FrontCertificate', w.certificateArn),
          minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
        }
      : {}),
  });
  return { api, stage, functions: [...functions.values()], distribution };
}
