import { createHash, randomUUID } from 'node:crypto';
import middy, { type MiddlewareObj, type Request as MiddyRequest } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { TableBusyError } from '../../adapters/table/table.js';
import { HttpProblemError, problemOf, retryAfterSeconds } from '../../contract/problems.js';
import { type RouteKey, type RouteOf, routeOf } from '../../contract/routes.js';
import type * as z from '../../contract/zod.js';
import type { RequestContext } from '../../domain/app/context.js';
import { DomainError, type FieldIssue, serviceBusy } from '../../domain/errors.js';
import type { Actor } from '../../domain/model.js';
import { CommitRejectedError, pageLimitDefault } from '../../domain/ports.js';
import { installedApp } from '../deps.js';
import { authenticate } from './auth.js';
import { logger } from './logger.js';
import { businessMetrics, coldStartMetric } from './observability.js';
import { duplicateKey } from './strict-json.js';

/**
 * Every HTTP handler is `route(spec, fn)`: middy with request id and logging, problem+json errors,
 * bearer authentication, a 64 KB JSON body limit, strict zod validation and the Idempotency-Key
 * rule. The handler body gets typed input and calls one use case.
 */

export const bodyBytesMax = 64 * 1024;
export const idempotencyKeyPattern = /^[A-Za-z0-9_.:-]{8,128}$/;

export type Event = APIGatewayProxyEventV2;
export type Result = APIGatewayProxyStructuredResultV2;

export interface Parsed<B, Q> {
  actor: Actor;
  body: B;
  query: Q;
  params: Record<string, string>;
  ctx: RequestContext;
  event: Event;
}

export interface RouteSpec<B extends z.ZodMiniType | undefined, Q extends z.ZodMiniType | undefined> {
  /** Status of a success; a replayed command answers with the same status and body. */
  status: number;
  body?: () => B;
  query?: () => Q;
  /** Public routes (the OpenAPI document) skip authentication. */
  public?: boolean;
  /** A text body of these media types and its own size limit (contract/routes.ts `rawBody`). */
  rawBody?: { types: readonly string[]; bytesMax: number };
}

/** What a route with a raw body receives: the media type it was sent as, and its text. */
export interface RawBody {
  contentType: string;
  text: string;
}

export interface Reply {
  body: unknown;
  /** A status other than the route's usual one (202 for a run that continues in the background). */
  status?: number;
  replayed?: boolean;
  /** For non-JSON formats (CSV, hledger): the content type and raw text. */
  contentType?: string;
  text?: string;
}

type Infer<T> = T extends z.ZodMiniType ? z.output<T> : undefined;

const header = (event: Event, name: string): string | undefined =>
  event.headers?.[name] ?? event.headers?.[name.toLowerCase()];

function issuesOf(error: z.core.$ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

function parseJsonBody(event: Event): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > bodyBytesMax) {
    throw new HttpProblemError('PAYLOAD_TOO_LARGE', `bodies are at most ${bodyBytesMax} bytes`);
  }
  if (text.trim() === '') return undefined;
  const type = header(event, 'content-type');
  if (type !== undefined && !/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new HttpProblemError('UNSUPPORTED_MEDIA_TYPE', `content-type ${type} is not JSON`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'the body is not valid JSON', [
      { path: 'body', message: 'malformed JSON' },
    ]);
  }
  const repeated = duplicateKey(text);
  if (repeated) {
    throw new DomainError('VALIDATION_FAILED', `the body gives ${repeated.key} more than once`, [
      { path: repeated.path, message: 'duplicate key' },
    ]);
  }
  return parsed;
}

/** A stable hash of what the request asks for, so a reused key with another body is detected. */
export function requestHash(method: string, path: string, body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(canonical(body) ?? null)}`)
    .digest('base64url');
}

const responseHeaders = (requestId: string, contentType: string): Record<string, string> => ({
  'content-type': contentType,
  'x-request-id': requestId,
  'cache-control': 'no-store',
});

/** What the middlewares establish about a request before the handler runs. */
interface Established {
  requestId: string;
  method: string;
  mutating: boolean;
  actor: Actor;
  body: unknown;
  query: unknown;
  ctx: RequestContext;
}

type Request = MiddyRequest<Event, Result, Error, Context>;
type Middleware = MiddlewareObj<Event, Result, Error, Context>;

const established = new WeakMap<Event, Partial<Established>>();
const state = (request: Request): Partial<Established> => {
  let s = established.get(request.event);
  if (!s) {
    const method = request.event.requestContext?.http?.method ?? 'GET';
    s = {
      requestId: request.event.requestContext?.requestId ?? randomUUID(),
      method,
      mutating: method !== 'GET' && method !== 'HEAD',
    };
    established.set(request.event, s);
  }
  return s;
};

function validationError(error: z.core.$ZodError, prefix: string): DomainError {
  const fields = issuesOf(error, prefix);
  return new DomainError(
    'VALIDATION_FAILED',
    fields.map((f) => `${f.path || 'body'}: ${f.message}`).join('; '),
    fields,
  );
}

/** A problem names the path it answers only when the path is well formed, so input is not echoed. */
export function safeInstance(path: string | undefined): string | undefined {
  if (path === undefined || path.length > 400) return undefined;
  return path.split('/').every((part) => part === '' || pathIdPattern.test(part) || part === 'openapi.json')
    ? path
    : undefined;
}

/** The one error handler: every failure becomes application/problem+json (problems.ts). */
export const problemDetails = (): Middleware => ({
  onError: async (request) => {
    const { requestId = randomUUID() } = state(request);
    // A table still busy after every retry is a 503 to retry, not a fault (decision 45): a read
    // busy after the SDK's retries, or a one-write commit made outside commitUnit (the record of a
    // payment file's download, an organisation's first data key) that met a busy table.
    const busy =
      request.error instanceof TableBusyError ||
      (request.error instanceof CommitRejectedError && request.error.rejection.kind === 'busy');
    const error = busy ? serviceBusy(request.error) : request.error;
    const problem = problemOf(error, requestId, safeInstance(request.event.rawPath));
    if (problem.status >= 500) logger().error('request failed', { requestId, error: request.error as Error });
    else logger().info('request refused', { requestId, code: problem.code, status: problem.status });
    const headers = responseHeaders(requestId, 'application/problem+json');
    if (problem.code === 'UNAUTHORIZED') headers['www-authenticate'] = 'Bearer';
    if (problem.status === 503) headers['retry-after'] = String(retryAfterSeconds);
    request.response = { statusCode: problem.status, headers, body: JSON.stringify(problem) };
  },
});

/** Verifies the bearer token; public routes get a caller every access rule refuses. */
export const authentication = (isPublic: boolean): Middleware => ({
  before: async (request) => {
    state(request).actor = isPublic
      ? { sub: 'anonymous', role: 'family', org: '', plans: [] }
      : await authenticate(header(request.event, 'authorization'));
  },
});

/** Path ids follow the id rule (DESIGN.md section 5); anything else names nothing that exists. */
export const pathIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Refuses a malformed path id as 404 before it reaches storage, without echoing it back. */
export const pathParameters = (): Middleware => ({
  before: async (request) => {
    for (const value of Object.values(request.event.pathParameters ?? {})) {
      if (value === undefined || !pathIdPattern.test(value)) {
        throw new DomainError(
          'NOT_FOUND',
          'no resource has that id (ids are 1–64 characters of A-Za-z0-9_-)',
        );
      }
    }
  },
});

/** JSON body of at most 64 KB, validated by a strict zod schema; routes without one take none. */
export const jsonBody = (schema: z.ZodMiniType | undefined): Middleware => ({
  before: async (request) => {
    const s = state(request);
    const raw = s.mutating ? parseJsonBody(request.event) : undefined;
    if (schema) {
      // No body at all means {}; a JSON null (or any non-object) is refused by the schema.
      const parsed = schema.safeParse(raw === undefined ? {} : raw);
      if (!parsed.success) throw validationError(parsed.error, '');
      s.body = parsed.data;
    } else if (
      raw !== undefined &&
      !(typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0)
    ) {
      throw new DomainError('VALIDATION_FAILED', 'this route takes no body', [
        { path: 'body', message: 'unexpected' },
      ]);
    }
  },
});

/** A text body of the route's media types and within its own limit: 415 and 413 otherwise. */
export const rawBody = (spec: { types: readonly string[]; bytesMax: number }): Middleware => ({
  before: async (request) => {
    const raw = request.event.body ?? '';
    const bytes = request.event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
    if (bytes.length > spec.bytesMax)
      throw new HttpProblemError('PAYLOAD_TOO_LARGE', `this route takes at most ${spec.bytesMax} bytes`);
    const type = (header(request.event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!spec.types.includes(type))
      throw new HttpProblemError(
        'UNSUPPORTED_MEDIA_TYPE',
        `send the body as one of ${spec.types.join(', ')}`,
      );
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    state(request).body = { contentType: type, text } satisfies RawBody;
  },
});

/** Query string validated by a strict zod schema (unknown parameters are refused). */
export const queryString = (schema: z.ZodMiniType | undefined): Middleware => ({
  before: async (request) => {
    if (!schema) return;
    const parsed = schema.safeParse(request.event.queryStringParameters ?? {});
    if (!parsed.success) throw validationError(parsed.error, 'query');
    state(request).query = parsed.data;
  },
});

/** Every change carries an Idempotency-Key; the request's hash goes with it to detect reuse. */
export const idempotencyKey = (): Middleware => ({
  before: async (request) => {
    const s = state(request);
    const key = header(request.event, 'idempotency-key');
    if (s.mutating && (key === undefined || !idempotencyKeyPattern.test(key))) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REQUIRED',
        'send an Idempotency-Key header of 8–128 characters (a UUID is ideal) with every change',
      );
    }
    s.ctx = {
      actor: s.actor as Actor,
      requestId: s.requestId as string,
      idempotencyKey: key,
      requestHash: s.mutating ? requestHash(s.method as string, request.event.rawPath, s.body) : undefined,
    };
  },
});

/**
 * The route's middy chain and its schemas are built on its first request, not at import: a cold
 * start serves one route, and builds only that one's (docs/decisions/42).
 */
export function route<
  B extends z.ZodMiniType | undefined = undefined,
  Q extends z.ZodMiniType | undefined = undefined,
>(spec: RouteSpec<B, Q>, fn: (input: Parsed<Infer<B>, Infer<Q>>) => Promise<Reply>) {
  let built: ReturnType<typeof chain<B, Q>> | undefined;
  return (event: Event, context: Context): Promise<Result> => {
    built ??= chain(spec, fn);
    return built(event, context);
  };
}

function chain<B extends z.ZodMiniType | undefined, Q extends z.ZodMiniType | undefined>(
  spec: RouteSpec<B, Q>,
  fn: (input: Parsed<Infer<B>, Infer<Q>>) => Promise<Reply>,
) {
  const observability = installedApp()?.observability;
  return middy<Event, Result, Error, Context>()
    .use(observability ? coldStartMetric(observability, process.env.AWS_LAMBDA_FUNCTION_NAME) : [])
    .use(problemDetails())
    .use(
      businessMetrics(
        () => installedApp()?.observability.sink,
        (event) => established.get(event),
      ),
    )
    .use(authentication(spec.public === true))
    .use(pathParameters())
    .use(spec.rawBody ? rawBody(spec.rawBody) : jsonBody(spec.body?.()))
    .use(queryString(spec.query?.()))
    .use(idempotencyKey())
    .handler(async (event) => {
      const s = established.get(event) as Established;
      const { actor, requestId } = s;
      logger().info('request', {
        requestId,
        method: s.method,
        route: event.routeKey,
        actor: { sub: actor.sub, role: actor.role, org: actor.org },
      });
      const reply = await fn({
        actor,
        body: s.body as Infer<B>,
        query: s.query as Infer<Q>,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        ctx: s.ctx,
        event,
      });
      const headers = responseHeaders(requestId, reply.contentType ?? 'application/json');
      if (reply.replayed) headers['idempotent-replayed'] = 'true';
      return {
        statusCode: reply.status ?? spec.status,
        headers,
        body: reply.text ?? JSON.stringify(reply.body),
      };
    });
}

type BodyOf<K extends RouteKey> =
  RouteOf<K> extends { body: () => infer B extends z.ZodMiniType } ? B : undefined;
type QueryOf<K extends RouteKey> =
  RouteOf<K> extends { query: () => infer Q extends z.ZodMiniType } ? Q : undefined;

/**
 * A handler built from its entry in the route table (contract/routes.ts): status, body and query
 * schemas and whether it is public are read from there, never written a second time. Making one
 * has no effect until its first request, so handler modules mark each call `@__PURE__`: a group's
 * bundle then drops the handlers (and the code only they use) that its entry does not route. Its
 * type carries the route's key, so a group's entry (functions/api-*.ts) cannot list it under another
 * route's name (`GroupHandlers` in contract/routes.ts).
 */
export function handler<K extends RouteKey>(
  key: K,
  fn: (input: Parsed<Infer<BodyOf<K>>, Infer<QueryOf<K>>>) => Promise<Reply>,
): ((event: Event, context: Context) => Promise<Result>) & { readonly route?: K } {
  const def = routeOf(key);
  return route<BodyOf<K>, QueryOf<K>>(
    {
      status: def.status,
      ...(def.body ? { body: def.body as () => BodyOf<K> } : {}),
      ...(def.query ? { query: def.query as () => QueryOf<K> } : {}),
      ...(def.public ? { public: true } : {}),
      ...('rawBody' in def && def.rawBody ? { rawBody: def.rawBody } : {}),
    },
    fn,
  );
}

export const pageOf = (query: { limit?: number | undefined; cursor?: string | undefined }) => ({
  limit: query.limit ?? pageLimitDefault,
  cursor: query.cursor,
});

/** Maps a command outcome to a reply, marking replays. */
export const replied = <T>(outcome: { result: T; replayed: boolean }): Reply => ({
  body: outcome.result,
  replayed: outcome.replayed,
});
