import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
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
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { ParamsAndSecretsLayerVersion, ParamsAndSecretsVersions } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
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
    frontLogs: Bucket;
    /** The web app's session-sealing key, and its sign-in (Cognito's hosted UI). */
    web: { sessionSecret: ISecret; cognitoDomain: string; clientId: string };
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

  const functions = new Map<FunctionGroup | 'web', LedgerFunction>();
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

  // The web app: server-rendered pages on API Gateway's catch-all routes (every /v1 route is more
  // specific and wins). It calls the API at API Gateway's own address, not through CloudFront.
  const webApp = new LedgerFunction(scope, 'WebApp', {
    file: 'web',
    handler: 'handler',
    logRetention: w.logRetention,
    timeout: apiTimeout,
    environment: {
      API_BASE_URL: api.apiEndpoint,
      SESSION_SECRET_ARN: w.web.sessionSecret.secretArn,
      COGNITO_DOMAIN: w.web.cognitoDomain,
      COGNITO_CLIENT_ID: w.web.clientId,
      WEB_REDIRECT_URI: `${w.webOrigin}/auth/callback`,
    },
    paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103),
    copy: [
      ['web/views', 'views'],
      ['web/public', 'public'],
      ['node_modules/govuk-frontend/dist/govuk', 'govuk/govuk'],
    ],
  });
  w.web.sessionSecret.grantRead(webApp);
  const webIntegration = new HttpLambdaIntegration('WebAppIntegration', webApp);
  const webRoutes = ['/', '/{proxy+}'].flatMap((path) =>
    api.addRoutes({ path, methods: [HttpMethod.GET, HttpMethod.POST], integration: webIntegration }),
  );
  for (const route of webRoutes)
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The web pages sign people in themselves (Cognito hosted UI, a sealed session cookie); every /v1 call they make carries the user token to the JWT authorizer.',
    });
  functions.set('web', webApp);

  const apiDomain = Fn.select(2, Fn.split('/', api.apiEndpoint));
  const apiOrigin = new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY });
  const dynamic = {
    origin: apiOrigin,
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
  };
  const distribution = new Distribution(scope, 'Front', {
    comment: `ehcp-ledger ${Stack.of(scope).stackName}`,
    priceClass: PriceClass.PRICE_CLASS_100,
    // Pages are per user and never cached; the GOV.UK assets are the same for everyone.
    defaultBehavior: dynamic,
    additionalBehaviors: {
      '/v1/*': { ...dynamic, viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY },
      '/assets/*': {
        origin: apiOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
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
