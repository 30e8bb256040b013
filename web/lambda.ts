import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Api } from './api.js';
import { handleWeb } from './app.js';
import { councilFromEnv, type WebConfig } from './context.js';
import { parseCookies, type WebRequest } from './http.js';
import { isMultipart, multipartBytesMax, multipartForm } from './multipart.js';
import { originHeader, throughFront } from './origin.js';
import { renderer } from './render.js';
import { DynamoSessionStore } from './session-store.js';

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
// The web app calls API Gateway directly, as CloudFront would, carrying CloudFront's origin secret.
if (process.env.ORIGIN_VERIFY) Api.containerHeaders = { [originHeader]: process.env.ORIGIN_VERIFY };
// Each API call gives up before the function's own timeout would end the page (infra/parts/front.ts).
if (process.env.API_CALL_TIMEOUT_MS) Api.callTimeoutMs = Number(process.env.API_CALL_TIMEOUT_MS);
const configure = async (): Promise<WebConfig> => ({
  apiBase: required('API_BASE_URL').replace(/\/$/, ''),
  sessionKey: await sessionKey(),
  // Sessions are kept in the ledger table, so signing out ends them (web/session-store.ts).
  sessions: new DynamoSessionStore(new DynamoDBClient({}), required('TABLE_NAME')),
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

/** An urlencoded form's limit, as `npm start`'s (local/web.ts); the statement form has its own. */
export const formBytesMax = 64 * 1024;

/**
 * An event's request with its form read: urlencoded (at most 64 KB), or the statement form's
 * multipart (web/multipart.ts, at most its 2 MB statement), so an upload works through the Lambda
 * as through `npm start`. A larger body is 'too_large' and is never parsed.
 */
export async function webRequestWithForm(event: APIGatewayProxyEventV2): Promise<WebRequest | 'too_large'> {
  const req = webRequestOf(event);
  if (req.method !== 'POST' || !event.body) return req;
  const bytes = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const contentType = req.headers['content-type'];
  const multipart = isMultipart(contentType);
  if (bytes.length > (multipart ? multipartBytesMax : formBytesMax)) return 'too_large';
  return multipart ? { ...req, form: await multipartForm(contentType ?? '', bytes) } : req;
}

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
  // Only CloudFront's requests are served (functions/origin.ts); the direct address runs nothing.
  if (throughFront(event.headers)) return web(event);
  return {
    statusCode: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: 'This service is reached only at its own address.',
  };
}

async function web(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  config ??= configure();
  const request = await webRequestWithForm(event).catch(() => undefined);
  if (request === 'too_large' || request === undefined)
    return {
      statusCode: request === 'too_large' ? 413 : 400,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      body: request === 'too_large' ? 'The form is too large.' : 'The form could not be read.',
    };
  const out = await handleWeb(request, await config);
  const binary = Buffer.isBuffer(out.body);
  return {
    statusCode: out.status,
    headers: out.headers,
    ...(out.cookies ? { cookies: out.cookies } : {}),
    body: binary ? (out.body as Buffer).toString('base64') : (out.body as string),
    isBase64Encoded: binary,
  };
}
