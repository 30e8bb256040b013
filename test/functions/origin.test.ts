// One way in (docs/decisions/47): with an origin secret set, a request without CloudFront's header
// is refused 403 before any handler runs; with it, the handler runs.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { fromFrontOnly, originHeader, throughFront } from '../../functions/origin.js';

const event = (headers: Record<string, string>, routeKey = 'GET /v1/openapi.json') =>
  ({ headers, routeKey, requestContext: { requestId: 'r-1' } }) as unknown as APIGatewayProxyEventV2;

afterEach(() => {
  delete process.env.ORIGIN_VERIFY;
});

describe('the origin secret', () => {
  it('lets in only the request that carries the secret, when one is set', () => {
    expect(throughFront({}, undefined)).toBe(true);
    expect(throughFront({}, 's3cret')).toBe(false);
    expect(throughFront({ [originHeader]: 'guess' }, 's3cret')).toBe(false);
    expect(throughFront({ [originHeader]: 's3cret' }, 's3cret')).toBe(true);
  });

  it('answers a direct request 403 problem+json without running the handler, in every group', async () => {
    process.env.ORIGIN_VERIFY = 's3cret';
    let ran = 0;
    const guarded = fromFrontOnly(async () => {
      ran++;
      return { statusCode: 200 };
    });
    const refused = await guarded(event({}), {} as Context);
    expect(refused).toMatchObject({
      statusCode: 403,
      headers: { 'content-type': 'application/problem+json' },
    });
    expect(JSON.parse((refused as { body: string }).body)).toMatchObject({
      code: 'FORBIDDEN',
      requestId: 'r-1',
    });
    expect(ran).toBe(0);
    expect(await guarded(event({ [originHeader]: 's3cret' }), {} as Context)).toEqual({ statusCode: 200 });
    expect(ran).toBe(1);
    // A group's function refuses before it looks the route up or reads anything.
    const { handler: readGroup } = await import('../../functions/api-read.js');
    const direct = await readGroup(event({}, 'GET /v1/plans/{planId}'), {} as Context);
    expect(direct.statusCode).toBe(403);
    const { handler: web } = await import('../../web/lambda.js');
    const page = await web({
      ...event({}),
      rawPath: '/',
      requestContext: { http: { method: 'GET' } },
    } as never);
    expect(page.statusCode).toBe(403);
    expect(String(page.body)).toMatch(/only at its own address/);
  });
});
