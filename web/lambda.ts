import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handleWeb } from './app.js';
import { councilFromEnv, type WebConfig } from './context.js';
import { parseCookies, type WebRequest } from './http.js';
import { renderer } from './render.js';

/**
 * The web app in AWS: a Lambda behind API Gateway's default route (CloudFront in front). Sign-in is
 * Cognito's hosted UI; there is no development form. The session key is read once per container
 * from Secrets Manager through the Parameters and Secrets extension (no SDK in the bundle).
 */

const root = process.env.LAMBDA_TASK_ROOT ?? process.cwd();

async function sessionKey(): Promise<Buffer> {
  const arn = process.env.SESSION_SECRET_ARN ?? '';
  const res = await fetch(`http://localhost:2773/secretsmanager/get?secretId=${encodeURIComponent(arn)}`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' },
  });
  if (!res.ok) throw new Error(`the session secret could not be read (${res.status})`);
  const { SecretString } = (await res.json()) as { SecretString?: string };
  if (!SecretString) throw new Error('the session secret is empty');
  return createHash('sha256').update(SecretString).digest();
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`the web app needs ${name}`);
  return v;
}

let config: Promise<WebConfig> | undefined;
const configure = async (): Promise<WebConfig> => ({
  apiBase: required('API_BASE_URL').replace(/\/$/, ''),
  sessionKey: await sessionKey(),
  secureCookies: true,
  renderer: renderer(join(root, 'views'), join(root, 'govuk')),
  assetDirs: { govuk: join(root, 'govuk', 'govuk'), app: join(root, 'public') },
  council: councilFromEnv(),
  // Without a Cognito domain (a stage that has none yet) nobody can sign in, and /sign-in says so.
  ...(process.env.COGNITO_DOMAIN
    ? {
        cognito: {
          domain: process.env.COGNITO_DOMAIN,
          clientId: required('COGNITO_CLIENT_ID'),
          redirectUri: required('WEB_REDIRECT_URI'),
        },
      }
    : {}),
});

/** An API Gateway HTTP API (payload 2.0) event as the web tier's request. */
export function webRequestOf(event: APIGatewayProxyEventV2): WebRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  const method = event.requestContext.http.method.toUpperCase();
  return {
    method: method === 'HEAD' ? 'GET' : method,
    path: event.rawPath,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    headers,
    form: method === 'POST' ? new URLSearchParams(raw) : new URLSearchParams(),
    cookies: parseCookies((event.cookies ?? []).join('; ') || headers.cookie),
  };
}

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  config ??= configure();
  const out = await handleWeb(webRequestOf(event), await config);
  const binary = Buffer.isBuffer(out.body);
  return {
    statusCode: out.status,
    headers: out.headers,
    ...(out.cookies ? { cookies: out.cookies } : {}),
    body: binary ? (out.body as Buffer).toString('base64') : (out.body as string),
    isBase64Encoded: binary,
  };
}
