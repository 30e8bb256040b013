import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * One way in (DESIGN.md 11d, docs/decisions/47): CloudFront adds a secret header to every request
 * it forwards, and every function behind API Gateway refuses a request without it, so the
 * execute-api address reached directly (round the WAF) answers 403 and runs nothing. The secret
 * comes in ORIGIN_VERIFY; without it (locally, in tests) every request is let in.
 */

export const originHeader = 'x-origin-verify';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when the request came through CloudFront, or no secret is set. */
export function throughFront(
  headers: Record<string, string | undefined> | undefined,
  expected: string | undefined = process.env.ORIGIN_VERIFY,
): boolean {
  if (!expected) return true;
  const given = headers?.[originHeader];
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** The FORBIDDEN problem of contract/problems.ts, written out so this guard loads nothing else. */
export const notThroughFront = (requestId = ''): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 403,
  headers: { 'content-type': 'application/problem+json', 'x-request-id': requestId },
  body: JSON.stringify({
    type: 'urn:ehcp-ledger:problem:forbidden',
    title: 'Not allowed for your role or organisation',
    status: 403,
    detail: 'this service is reached only at its own address',
    code: 'FORBIDDEN',
    requestId,
  }),
});

/** A handler that refuses requests that did not come through CloudFront, before doing anything. */
export function fromFrontOnly<
  E extends { headers?: Record<string, string | undefined>; requestContext?: { requestId?: string } },
  C,
  R,
>(
  handler: (event: E, context: C) => Promise<R>,
): (event: E, context: C) => Promise<R | APIGatewayProxyStructuredResultV2> {
  return async (event, context) =>
    throughFront(event.headers) ? handler(event, context) : notThroughFront(event.requestContext?.requestId);
}
