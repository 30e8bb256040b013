import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { handleWeb } from '../web/app.js';
import { councilFromEnv, type WebConfig } from '../web/context.js';
import { parseCookies, type WebRequest } from '../web/http.js';
import { isMultipart, multipartBytesMax, multipartForm } from '../web/multipart.js';
import { renderer } from '../web/render.js';
import { MemorySessionStore, type SessionStore } from '../web/session.js';
import { signToken } from './keys.js';

/**
 * The web app on the local stack: the same pages as in AWS, beside the API on one port, with the
 * development sign-in (it signs tokens with the local key pair; the AWS build has no such thing).
 */

export const formBytesMax = 64 * 1024;

/** A key for sealing sessions, made once under the data folder so sign-ins survive a restart. */
export function sessionKey(dir: string): Buffer {
  const path = join(dir, 'web-session.key');
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64'), { mode: 0o600 });
  return key;
}

export function localWebConfig(options: {
  apiBase: string;
  keysDir: string;
  privateKeyPem: string;
  today?: string | undefined;
  /** Where sessions are kept: the ledger table on DynamoDB Local (memory when not given). */
  sessions?: SessionStore;
}): WebConfig {
  const root = process.cwd();
  const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist');
  return {
    apiBase: options.apiBase,
    sessionKey: sessionKey(options.keysDir),
    sessions: options.sessions ?? new MemorySessionStore(),
    secureCookies: false,
    renderer: renderer(join(root, 'web', 'views'), govuk),
    assetDirs: { govuk: join(govuk, 'govuk'), app: join(root, 'web', 'public') },
    council: councilFromEnv({ COUNCIL_NAME: 'Anytown Council', ...process.env }),
    devSignIn: (claims) => signToken(options.privateKeyPem, { ...claims, ttlSeconds: 8 * 3600 }),
    ...(options.today === undefined ? {} : { today: options.today }),
  };
}

function readForm(req: IncomingMessage): Promise<URLSearchParams | 'too_large'> {
  // The statement form alone is multipart, with the statement's own limit (web/multipart.ts).
  const multipart = isMultipart(req.headers['content-type']);
  const limit = multipart ? multipartBytesMax : formBytesMax;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) return resolve('too_large');
      const raw = Buffer.concat(chunks);
      if (!multipart) return resolve(new URLSearchParams(raw.toString('utf8')));
      multipartForm(req.headers['content-type'] ?? '', raw).then(resolve, reject);
    });
    req.on('error', reject);
  });
}

/** Serves one web request from a Node request, as the Lambda adapter does from an event. */
export async function serveWeb(config: WebConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  // A body busboy cannot read (cut off, no boundary) is the Lambda's 400 (web/lambda.ts), not a 500.
  const form = method === 'POST' ? await readForm(req).catch(() => undefined) : new URLSearchParams();
  if (form === 'too_large' || form === undefined) {
    res.writeHead(form === undefined ? 400 : 413, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(form === undefined ? 'The form could not be read.' : 'The form is too large.');
    return;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const request: WebRequest = {
    method: method === 'HEAD' ? 'GET' : method,
    path: url.pathname,
    query: url.searchParams,
    headers,
    form,
    cookies: parseCookies(headers.cookie),
  };
  const out = await handleWeb(request, config);
  res.writeHead(out.status, { ...out.headers, ...(out.cookies ? { 'set-cookie': out.cookies } : {}) });
  res.end(method === 'HEAD' ? '' : out.body);
}
