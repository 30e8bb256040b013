/**
 * Configuration is read once, at cold start, through this one function; a missing required
 * variable stops the function before it serves anything.
 */
export interface Config {
  tableName: string;
  dynamoEndpoint: string | undefined;
  region: string;
  jwt: {
    issuer: string;
    audience: string;
    jwksUrl: string | undefined;
    publicKeyPem: string | undefined;
  };
  policyOverrides: Record<string, never> | Record<string, object>;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`missing required environment variable ${name}`);
  return value;
}

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const jwksUrl = process.env.JWKS_URL || undefined;
  const publicKeyPem = process.env.JWT_PUBLIC_KEY || undefined;
  if (!jwksUrl && !publicKeyPem)
    throw new Error('set JWKS_URL (Cognito) or JWT_PUBLIC_KEY (local development)');
  cached = {
    tableName: required('TABLE_NAME'),
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    region: process.env.AWS_REGION || 'eu-west-2',
    jwt: { issuer: required('JWT_ISSUER'), audience: required('JWT_AUDIENCE'), jwksUrl, publicKeyPem },
    policyOverrides: process.env.POLICY_OVERRIDES
      ? (JSON.parse(process.env.POLICY_OVERRIDES) as Record<string, object>)
      : {},
  };
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
}
