import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { HttpProblemError, problemOf } from '../contract/problems.js';
import { matchPath, routes } from '../contract/routes.js';
import { bodyBytesMax } from '../functions/http/route.js';
import { handlerOf } from './handlers.js';

/**
 * The local HTTP adapter: turns each request into the API Gateway HTTP API v2 event that AWS would
 * send, and calls the same handler. Nothing here decides anything about the ledger.
 */

/**
 * How long a handler may run: API Gateway's 30 s. The test suites raise it to their hang guard
 * (decision 45), so a loaded machine's slow council run is not answered 503 mid-test.
 */
export const localLimits = { handlerMs: 30_000 };

const lambdaContext = (requestId: string): Context =>
  ({
    awsRequestId: requestId,
    functionName: 'local',
    functionVersion: '$LATEST',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => localLimits.handlerMs,
  }) as unknown as Context;

function readBody(req: IncomingMessage, bytesMax = bodyBytesMax): Promise<string | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > bytesMax) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
  res.end(result.body ?? '');
}

function problem(
  res: ServerResponse,
  error: HttpProblemError,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): void {
  const body = problemOf(error, requestId);
  send(res, {
    statusCode: body.status,
    headers: { 'content-type': 'application/problem+json', 'x-request-id': requestId, ...extraHeaders },
    body: JSON.stringify(body),
  });
}

/** The Allow header of a path: its methods, with HEAD wherever GET is. */
export function allowedMethods(methods: readonly string[]): string {
  const all = new Set(methods);
  if (all.has('GET')) all.add('HEAD');
  return [...all].sort().join(', ');
}

/** Serves the web app: every path outside /v1 when the server has one. */
export type WebServer = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export async function handle(req: IncomingMessage, res: ServerResponse, web?: WebServer): Promise<void> {
  const requestId = randomUUID();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  // The local stand-in for the receipts bucket's pre-signed POST and links (S3 in AWS).
  if (url.pathname === '/uploads/receipts') {
    const { handleUpload } = await import('./uploads.js');
    await handleUpload(req, res);
    return;
  }
  if (web && url.pathname !== '/v1' && !url.pathname.startsWith('/v1/')) {
    await web(req, res);
    return;
  }
  const candidates = routes
    .map((r) => ({ r, params: matchPath(r.path, url.pathname) }))
    .filter((c) => c.params);
  // HEAD is answered wherever GET is, with the same headers and no body (RFC 9110 section 9.3.2).
  const routeMethod = method === 'HEAD' ? 'GET' : method;
  const match = candidates.find((c) => c.r.method === routeMethod);
  if (!match?.params) {
    if (candidates.length === 0) {
      problem(
        res,
        new HttpProblemError('ROUTE_NOT_FOUND', `no route answers ${method} on this path`),
        requestId,
      );
      return;
    }
    const allowed = allowedMethods(candidates.map((c) => c.r.method));
    problem(
      res,
      new HttpProblemError('METHOD_NOT_ALLOWED', `${method} is not allowed here; use ${allowed}`),
      requestId,
      { allow: allowed },
    );
    return;
  }
  // A route with a body of its own (a statement) has its own limit; the rest keep 64 KB.
  const bytesMax = match.r.rawBody?.bytesMax ?? bodyBytesMax;
  const body = await readBody(req, bytesMax);
  if (body === 'too_large') {
    problem(
      res,
      new HttpProblemError('PAYLOAD_TOO_LARGE', `bodies are at most ${bytesMax} bytes`),
      requestId,
    );
    return;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const routeKey = `${match.r.method} ${match.r.path}`;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.params).length ? { pathParameters: match.params } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    ...(body === '' ? {} : { body }),
    isBase64Encoded: false,
  };
  const result = await handlerOf(match.r)(event, lambdaContext(requestId));
  send(res, method === 'HEAD' ? { ...result, body: '' } : result);
}

export function createLocalServer(web?: WebServer): Server {
  return createServer((req, res) => {
    handle(req, res, web).catch((error: unknown) => {
      // Handlers answer their own errors; reaching here is an adapter bug.
      process.stderr.write(`local adapter error: ${String(error)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Internal error',
          status: 500,
          code: 'INTERNAL',
          detail: 'adapter error',
        }),
      );
    });
  });
}
