/**
 * Configuration is read once, at cold start, through this one function; a missing required
 * variable stops the function before it serves anything.
 */
export interface Config {
  tableName: string;
  dynamoEndpoint: string | undefined;
  region: string;
  policyOverrides: Record<string, never> | Record<string, object>;
  /** In AWS: the queue large instalment runs fan out on, and the pot count that makes a run large. */
  instalmentQueueUrl: string | undefined;
  instalmentSyncPotsMax: number | undefined;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`missing required environment variable ${name}`);
  return value;
}

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  cached = {
    tableName: required('TABLE_NAME'),
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    region: process.env.AWS_REGION || 'eu-west-2',
    instalmentQueueUrl: process.env.INSTALMENT_QUEUE_URL || undefined,
    instalmentSyncPotsMax: process.env.INSTALMENT_SYNC_POTS_MAX
      ? Number.parseInt(process.env.INSTALMENT_SYNC_POTS_MAX, 10)
      : undefined,
    policyOverrides: process.env.POLICY_OVERRIDES
      ? (JSON.parse(process.env.POLICY_OVERRIDES) as Record<string, object>)
      : {},
  };
  return cached;
}

export interface JwtConfig {
  issuer: string;
  audience: string;
  jwksUrl: string | undefined;
  publicKeyPem: string | undefined;
}

let cachedJwt: JwtConfig | undefined;

/** Token settings, needed only by HTTP handlers (scheduled functions have no tokens to check). */
export function jwtConfig(): JwtConfig {
  if (cachedJwt) return cachedJwt;
  const jwksUrl = process.env.JWKS_URL || undefined;
  const publicKeyPem = process.env.JWT_PUBLIC_KEY || undefined;
  if (!jwksUrl && !publicKeyPem)
    throw new Error('set JWKS_URL (Cognito) or JWT_PUBLIC_KEY (local development)');
  cachedJwt = { issuer: required('JWT_ISSUER'), audience: required('JWT_AUDIENCE'), jwksUrl, publicKeyPem };
  return cachedJwt;
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
  cachedJwt = undefined;
}
