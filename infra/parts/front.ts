import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
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
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type Alias, ParamsAndSecretsLayerVersion, ParamsAndSecretsVersions } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type FunctionGroup, groupOf, routes } from '../../contract/routes.js';
import { originHeader } from '../../functions/origin.js';
import type { LambdaEntry } from '../bundling.js';
import { bindTable, LedgerFunction } from '../ledger-function.js';
import { accountDataKey } from './account-key.js';
import { liveAlias } from './delivery.js';
import { apiTimeout } from './jobs.js';
import { ledgerKeys } from './keys.js';

/**
 * The front door: an HTTP API with a JWT authorizer, one function per privilege group (not per
 * route: fewer cold pools and one JWKS fetch per warm container), per-route throttles on the routes
 * that move money, and CloudFront in front of the API and the web bucket, guarded by the WAF web
 * ACL of the edge stack.
 */

export const stageRate = { rateLimit: 200, burstLimit: 400 };
export const moneyRouteRate = { rateLimit: 50, burstLimit: 100 };
/** The web function waits for the API calls of one page; each call gives up before it would (web/api.ts). */
export const webApiCallTimeout = Duration.seconds(8);
export const webTimeout = Duration.seconds(webApiCallTimeout.toSeconds() * 2 + 4);
export const hstsMaxAge = Duration.days(365 * 2);

/**
 * API access logs as JSON: who (the token's sub), which route, the answer and how long it took,
 * with the request id that the function's own log lines carry.
 */
export const accessLogFields = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  sub: '$context.authorizer.claims.sub',
  route: '$context.routeKey',
  method: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  length: '$context.responseLength',
} as const;

/** Each group's entry point: the public group is its one route, the OpenAPI document. */
const groupEntry: Record<FunctionGroup, { file: LambdaEntry; handler: string }> = {
  public: { file: 'openapi', handler: 'handler' },
  read: { file: 'api-read', handler: 'handler' },
  money: { file: 'api-money', handler: 'handler' },
  manage: { file: 'api-manage', handler: 'handler' },
  reports: { file: 'api-reports', handler: 'handler' },
};

export function front(
  scope: Construct,
  w: {
    table: Table;
    frontLogs: Bucket;
    /** The web app's session-sealing key, and its sign-in (Cognito's hosted UI). */
    web: { sessionSecret: ISecret; cognitoDomain: string; clientId: string };
    /** The council whose service it is (settings: LEDGER_COUNCIL_NAME, _EMAIL, _PHONE). */
    council: { name: string; email: string; phone: string };
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
  const logKey = ledgerKeys(scope)?.logs;
  const apiLogs = new LogGroup(scope, 'ApiAccessLogs', {
    retention: w.logRetention,
    ...(logKey ? { encryptionKey: logKey } : {}),
  });
  // One way in (docs/decisions/47): CloudFront sends this secret on every request it forwards, and
  // every function refuses a request without it, so the execute-api address leads nowhere.
  const originSecret = new Secret(scope, 'OriginSecret', {
    description: 'CloudFront sends it to API Gateway; every function refuses requests without it',
    generateSecretString: { passwordLength: 48, excludePunctuation: true },
  });
  const originVerify = originSecret.secretValue.unsafeUnwrap();
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
    accessLogSettings: {
      destination: new LogGroupLogDestination(apiLogs),
      format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
    },
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
  // API Gateway invokes each function's `live` alias, which CodeDeploy moves by canary (parts/delivery.ts).
  const aliases: Alias[] = [];
  for (const group of ['public', 'read', 'money', 'manage', 'reports'] as const) {
    const mine = routes.filter((r) => groupOf(r) === group);
    const id = `${group[0]?.toUpperCase()}${group.slice(1)}Api`;
    const fn = new LedgerFunction(scope, id, {
      ...groupEntry[group],
      // The OpenAPI document, generated by `npm run docs`, ships beside the public function's code.
      ...(group === 'public' ? { copy: [['functions/public', 'public']] as const } : {}),
      logRetention: w.logRetention,
      timeout: apiTimeout,
      environment: { ORIGIN_VERIFY: originVerify, ...(group === 'public' ? {} : jwt) },
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
    const live = liveAlias(fn);
    aliases.push(live);
    const integration = new HttpLambdaIntegration(`${id}Integration`, live);
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
  // Account numbers are sealed with a key of their own, usable by the account functions only.
  accountDataKey(scope, functions);

  // The web app: server-rendered pages on API Gateway's catch-all routes (every /v1 route is more
  // specific and wins). It calls the API at API Gateway's own address with CloudFront's origin
  // secret (its users came through CloudFront and the WAF already), each call within its timeout.
  const webApp = new LedgerFunction(scope, 'WebApp', {
    file: 'web',
    handler: 'handler',
    logRetention: w.logRetention,
    timeout: webTimeout,
    environment: {
      ORIGIN_VERIFY: originVerify,
      API_CALL_TIMEOUT_MS: String(webApiCallTimeout.toMilliseconds()),
      API_BASE_URL: api.apiEndpoint,
      SESSION_SECRET_ARN: w.web.sessionSecret.secretArn,
      COGNITO_DOMAIN: w.web.cognitoDomain,
      COGNITO_CLIENT_ID: w.web.clientId,
      WEB_REDIRECT_URI: `${w.webOrigin}/auth/callback`,
      COUNCIL_NAME: w.council.name,
      COUNCIL_EMAIL: w.council.email,
      COUNCIL_PHONE: w.council.phone,
    },
    paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103),
    copy: [
      ['web/views', 'views'],
      ['web/public', 'public'],
      ['node_modules/govuk-frontend/dist/govuk', 'govuk/govuk'],
    ],
  });
  w.web.sessionSecret.grantRead(webApp);
  // Sessions live in the ledger table under SESSION# keys, so sign-out ends them (section 11a).
  bindTable(webApp, w.table, 'write');
  const webLive = liveAlias(webApp);
  aliases.push(webLive);
  const webIntegration = new HttpLambdaIntegration('WebAppIntegration', webLive);
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
  const apiOrigin = new HttpOrigin(apiDomain, {
    protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    customHeaders: { [originHeader]: originVerify },
  });
  // HSTS for two years with subdomains, and the headers a GOV.UK service sends.
  const securityHeaders = new ResponseHeadersPolicy(scope, 'SecurityHeaders', {
    comment: 'HSTS and security headers for the ledger',
    securityHeadersBehavior: {
      strictTransportSecurity: {
        accessControlMaxAge: hstsMaxAge,
        includeSubdomains: true,
        preload: false,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: {
        referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
    },
  });
  const dynamic = {
    origin: apiOrigin,
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicy: securityHeaders,
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
        responseHeadersPolicy: securityHeaders,
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
  return { api, stage, functions: [...functions.values()], aliases, distribution, originSecret };
}
