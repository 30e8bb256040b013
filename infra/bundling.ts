/**
 * How each Lambda's code is bundled: the stack (ledger-function.ts) and `npm run bench` build from
 * these same options, so the bench measures what is deployed. No aws-cdk-lib here: the bench and
 * the tests import it without loading the CDK.
 */

/** The files the stack bundles (infra/parts/front.ts, infra/parts/jobs.ts). */
export const lambdaEntries = [
  'api-read',
  'api-money',
  'api-manage',
  'api-reports',
  'openapi',
  'scheduled',
  'archive',
  'web',
] as const;
export type LambdaEntry = (typeof lambdaEntries)[number];

/**
 * The module each entry bundles, from the project root: the API's and the jobs' under functions/,
 * the web app's its own (web/ sits beside functions/, not under it: docs/architecture.md).
 */
export const entryPathOf = (entry: LambdaEntry): string =>
  entry === 'web' ? 'web/lambda.ts' : `functions/${entry}.ts`;

/**
 * Where a function's AWS SDK comes from. `runtime`: Lambda's own copy, left out of the bundle.
 * `bundled`: tree-shaken into the bundle from the SDK's ES modules, which loads faster than
 * resolving the runtime's many files, at the cost of size. Only a function whose bundle then stays
 * under 400 KB (issue 10) takes it: the archive, whose S3 client alone imports in about 1.2× the
 * DynamoDB client's time from the runtime and 0.9× bundled. With the SDK inside, the API functions
 * would be 390 to 435 KB, the SQS client each reaches through the composition root included, and
 * the scheduled functions' (DynamoDB and S3) some 590 KB, so theirs stays the runtime's
 * (docs/decisions/42).
 */
export const sdkSourceOf: Record<LambdaEntry, 'runtime' | 'bundled'> = {
  'api-read': 'runtime',
  'api-money': 'runtime',
  'api-manage': 'runtime',
  'api-reports': 'runtime',
  openapi: 'runtime',
  scheduled: 'runtime',
  archive: 'bundled',
  web: 'runtime',
};

/**
 * Credential sources a Lambda never reaches, left out of a bundled SDK: Lambda puts the role's keys
 * in the environment, and the chain reads the environment first, loading each later source only
 * when the one before it finds nothing. Were one ever asked for, its import would fail and the
 * call would fail for want of credentials, as it would anyway. They hold the STS and SSO clients,
 * a third of a bundled SDK.
 */
export const credentialFallbacks = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
  '@smithy/credential-provider-imds',
] as const;

/** The esbuild options that follow from where a function's SDK comes from. */
export function sdkBundling(entry: LambdaEntry): { external: string[]; mainFields?: string[] } {
  if (sdkSourceOf[entry] === 'runtime') return { external: ['@aws-sdk/*'] };
  return {
    external: credentialFallbacks.flatMap((m) => [m, `${m}/*`]),
    // The SDK's ES modules tree-shake; its CommonJS builds are whole packages.
    mainFields: ['module', 'main'],
  };
}

/** Everything else every bundle shares: minified CommonJS for Node 24 (Lambda's runtime). */
export const esbuildBase = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
} as const;
