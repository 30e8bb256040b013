import { PolicyBody as PolicyOverrideSchema } from '../contract/policy-schema.js';
import * as z from '../contract/zod.js';
import type { PolicyOverride } from '../domain/policy.js';

/**
 * The whole configuration, parsed once by one zod schema. In Lambda the composition root
 * (deps.ts) parses the environment at cold start, so a missing or malformed variable stops the
 * function before it serves anything, with a message naming the variable. The local runner and
 * the tests build their Config directly and pass it in.
 */

const nonEmpty = z.string().check(z.minLength(1));
const optional = z.pipe(
  z.optional(z.string()),
  z.transform((v) => (v === '' ? undefined : v)),
);

const PolicyOverrides = z.record(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)), PolicyOverrideSchema);

export interface JwtConfig {
  issuer: string;
  audience: string;
  jwksUrl: string | undefined;
  publicKeyPem: string | undefined;
}

export interface Config {
  tableName: string;
  dynamoEndpoint: string | undefined;
  region: string;
  policyOverrides: Record<string, PolicyOverride>;
  /** In AWS: the queue large instalment runs fan out on, and the pot count that makes a run large. */
  instalmentQueueUrl: string | undefined;
  instalmentSyncPotsMax: number | undefined;
  /** In AWS: the queue of per-council export and per-organisation expiry jobs. */
  jobQueueUrl: string | undefined;
  exportsBucket: string | undefined;
  /** In AWS: the bucket the journal is archived to, entry by entry. */
  archiveBucket: string | undefined;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Token settings: only HTTP handlers have tokens to check. */
  jwt: JwtConfig | undefined;
  /** Tracing and metrics: on in Lambda, off locally (nothing to send them to). */
  observe: boolean;
  /** In AWS: the KMS key account numbers are sealed with (DESIGN.md 11b). */
  accountKeyArn?: string | undefined;
  /** Locally: the AES key file account numbers are sealed with (default DATA_DIR/account-key). */
  accountKeyFile?: string | undefined;
  /** Local only: LEDGER_TODAY fixes "today" for the API, the jobs and the web app (section 11a). */
  today: string | undefined;
  /** Where receipts go (section 11b): a KMS-encrypted bucket in AWS, a folder for `npm start`. */
  receipts?:
    | { kind: 's3'; bucket: string; kmsKeyId: string; appOrigin: string }
    | { kind: 'files'; dir: string; baseUrl: string }
    | undefined;
}

const Environment = z
  .object({
    TABLE_NAME: nonEmpty,
    DYNAMODB_ENDPOINT: optional,
    AWS_REGION: optional,
    INSTALMENT_QUEUE_URL: optional,
    INSTALMENT_SYNC_POTS_MAX: z.optional(
      z.pipe(z.string().check(z.regex(/^[0-9]{1,7}$/, 'a whole number')), z.transform(Number)),
    ),
    POLICY_OVERRIDES: z.pipe(
      z.pipe(
        z.optional(z.string()),
        z.transform((text, ctx) => {
          if (!text) return {};
          try {
            return JSON.parse(text) as unknown;
          } catch {
            ctx.issues.push({ code: 'custom', message: 'is not JSON', input: text });
            return z.NEVER;
          }
        }),
      ),
      PolicyOverrides,
    ),
    EXPORTS_BUCKET: optional,
    JOB_QUEUE_URL: optional,
    ARCHIVE_BUCKET: optional,
    LOG_LEVEL: z.optional(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'])),
    JWT_ISSUER: optional,
    JWT_AUDIENCE: optional,
    JWKS_URL: optional,
    JWT_PUBLIC_KEY: optional,
    AWS_LAMBDA_FUNCTION_NAME: optional,
    ACCOUNT_KEY_ARN: optional,
    DATA_DIR: optional,
    LEDGER_TODAY: z.optional(
      z.string().check(
        z.regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'a date YYYY-MM-DD'),
        z.refine(
          (d) =>
            !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
            new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
          'a real calendar date',
        ),
      ),
    ),
    RECEIPTS_BUCKET: optional,
    RECEIPTS_KMS_KEY_ID: optional,
    APP_ORIGIN: optional,
    RECEIPTS_DIR: optional,
  })
  .check(
    z.superRefine((env, ctx) => {
      // A fixed "today" is for local runs, tests and worked examples: never in AWS (section 11a).
      if (env.LEDGER_TODAY !== undefined && env.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['LEDGER_TODAY'],
          message: 'is for local runs only; it is refused in an AWS build',
        });
      }
      const jwt = [env.JWT_ISSUER, env.JWT_AUDIENCE, env.JWKS_URL ?? env.JWT_PUBLIC_KEY];
      if (jwt.some(Boolean) && !jwt.every(Boolean)) {
        ctx.addIssue({
          code: 'custom',
          path: ['JWT_ISSUER'],
          message:
            'token settings need JWT_ISSUER, JWT_AUDIENCE and JWKS_URL (Cognito) or JWT_PUBLIC_KEY (local)',
        });
      }
    }),
  );

/** Parses an environment into a Config, or throws one message naming every bad variable. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new Error(`configuration is not valid: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    tableName: e.TABLE_NAME,
    dynamoEndpoint: e.DYNAMODB_ENDPOINT,
    region: e.AWS_REGION ?? 'eu-west-2',
    policyOverrides: e.POLICY_OVERRIDES as Record<string, PolicyOverride>,
    instalmentQueueUrl: e.INSTALMENT_QUEUE_URL,
    instalmentSyncPotsMax: e.INSTALMENT_SYNC_POTS_MAX,
    exportsBucket: e.EXPORTS_BUCKET,
    jobQueueUrl: e.JOB_QUEUE_URL,
    archiveBucket: e.ARCHIVE_BUCKET,
    logLevel: e.LOG_LEVEL ?? 'INFO',
    jwt:
      e.JWT_ISSUER && e.JWT_AUDIENCE
        ? {
            issuer: e.JWT_ISSUER,
            audience: e.JWT_AUDIENCE,
            jwksUrl: e.JWKS_URL,
            publicKeyPem: e.JWT_PUBLIC_KEY,
          }
        : undefined,
    observe: e.AWS_LAMBDA_FUNCTION_NAME !== undefined,
    accountKeyArn: e.ACCOUNT_KEY_ARN,
    // In Lambda there is no local key: without ACCOUNT_KEY_ARN accounts cannot be sealed there.
    accountKeyFile:
      e.AWS_LAMBDA_FUNCTION_NAME === undefined ? `${e.DATA_DIR ?? '.data'}/account-key` : undefined,
    today: e.LEDGER_TODAY,
    receipts: e.RECEIPTS_BUCKET
      ? {
          kind: 's3',
          bucket: e.RECEIPTS_BUCKET,
          kmsKeyId: e.RECEIPTS_KMS_KEY_ID ?? '',
          appOrigin: e.APP_ORIGIN ?? '',
        }
      : e.RECEIPTS_DIR
        ? { kind: 'files', dir: e.RECEIPTS_DIR, baseUrl: '' }
        : undefined,
  };
}
