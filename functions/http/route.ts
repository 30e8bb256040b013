import { createHash, randomUUID } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { RequestContext } from '../../domain/app/context.js';
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import type { Actor } from '../../domain/model.js';
import { pageLimitDefault } from '../../domain/ports.js';
import { authenticate } from './auth.js';
import { logger } from './logger.js';
import { HttpProblemError, problemOf } from './problems.js';

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

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  /** Status of a success; a replayed command answers with the same status and body. */
  status: number;
  body?: B;
  query?: Q;
  /** Public routes (the OpenAPI document) skip authentication. */
  public?: boolean;
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

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

const header = (event: Event, name: string): string | undefined =>
  event.headers?.[name] ?? event.headers?.[name.toLowerCase()];

function issuesOf(error: z.ZodError, prefix: string): FieldIssue[] {
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
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'the body is not valid JSON', [
      { path: 'body', message: 'malformed JSON' },
    ]);
  }
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

export function route<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<B, Q>, fn: (input: Parsed<Infer<B>, Infer<Q>>) => Promise<Reply>) {
  return middy<Event, Result, Error, Context>()
    .use({
      onError: async (request) => {
        const requestId = request.event.requestContext?.requestId ?? randomUUID();
        const problem = problemOf(request.error, requestId, request.event.rawPath);
        if (problem.status >= 500)
          logger().error('request failed', { requestId, error: request.error as Error });
        else logger().info('request refused', { requestId, code: problem.code, status: problem.status });
        const headers = responseHeaders(requestId, 'application/problem+json');
        if (problem.code === 'UNAUTHORIZED') headers['www-authenticate'] = 'Bearer';
        request.response = { statusCode: problem.status, headers, body: JSON.stringify(problem) };
      },
    })
    .handler(async (event) => {
      const requestId = event.requestContext?.requestId ?? randomUUID();
      const method = event.requestContext?.http?.method ?? 'GET';
      const actor = spec.public
        ? // Public routes get a caller that every access rule refuses: a family with no plans.
          { sub: 'anonymous', role: 'family' as const, org: '', plans: [] }
        : await authenticate(header(event, 'authorization'));
      const mutating = method !== 'GET' && method !== 'HEAD';
      const rawBody = mutating ? parseJsonBody(event) : undefined;
      let body: unknown;
      if (spec.body) {
        // No body at all means {}; a JSON null (or any non-object) is refused by the schema.
        const parsed = (spec.body as z.ZodType).safeParse(rawBody === undefined ? {} : rawBody);
        if (!parsed.success) {
          const fields = issuesOf(parsed.error, '');
          throw new DomainError(
            'VALIDATION_FAILED',
            fields.map((f) => `${f.path || 'body'}: ${f.message}`).join('; '),
            fields,
          );
        }
        body = parsed.data;
      } else if (
        rawBody !== undefined &&
        !(typeof rawBody === 'object' && rawBody !== null && Object.keys(rawBody).length === 0)
      ) {
        throw new DomainError('VALIDATION_FAILED', 'this route takes no body', [
          { path: 'body', message: 'unexpected' },
        ]);
      }
      let query: unknown;
      if (spec.query) {
        const parsed = (spec.query as z.ZodType).safeParse(event.queryStringParameters ?? {});
        if (!parsed.success) {
          const fields = issuesOf(parsed.error, 'query');
          throw new DomainError(
            'VALIDATION_FAILED',
            fields.map((f) => `${f.path}: ${f.message}`).join('; '),
            fields,
          );
        }
        query = parsed.data;
      }
      const key = header(event, 'idempotency-key');
      if (mutating && (key === undefined || !idempotencyKeyPattern.test(key))) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REQUIRED',
          'send an Idempotency-Key header of 8–128 characters (a UUID is ideal) with every change',
        );
      }
      const ctx: RequestContext = {
        actor,
        requestId,
        idempotencyKey: key,
        requestHash: mutating ? requestHash(method, event.rawPath, body) : undefined,
      };
      logger().info('request', {
        requestId,
        method,
        route: event.routeKey,
        actor: { sub: actor.sub, role: actor.role, org: actor.org },
      });
      const reply = await fn({
        actor,
        body: body as Infer<B>,
        query: query as Infer<Q>,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        ctx,
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

export const pageOf = (query: { limit?: number | undefined; cursor?: string | undefined }) => ({
  limit: query.limit ?? pageLimitDefault,
  cursor: query.cursor,
});

/** Maps a command outcome to a reply, marking replays. */
export const replied = <T>(outcome: { result: T; replayed: boolean }): Reply => ({
  body: outcome.result,
  replayed: outcome.replayed,
});
