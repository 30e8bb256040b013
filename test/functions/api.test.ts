// Proves the grouped entry points: every route belongs to exactly one privilege group, each group
// dispatches its own routes by route key, and refuses a route of another group.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { publicApi, readApi, reportsApi, writeApi } from '../../functions/api.js';
import { groupOf, routes } from '../../functions/routes.js';

const event = (routeKey: string) =>
  ({
    routeKey,
    rawPath: '/v1/openapi.json',
    headers: {},
    requestContext: { http: { method: 'GET' }, requestId: 'r' },
  }) as unknown as APIGatewayProxyEventV2;

describe('grouped API functions', () => {
  it('put reads, writes, reports and the public document in separate groups by privilege', () => {
    const groups = new Map<string, string[]>();
    for (const r of routes)
      groups.set(groupOf(r), [...(groups.get(groupOf(r)) ?? []), `${r.method} ${r.path}`]);
    expect(groups.get('public')).toEqual(['GET /v1/openapi.json']);
    expect(routes.filter((r) => groupOf(r) === 'write').every((r) => r.table === 'write')).toBe(true);
    expect(routes.filter((r) => groupOf(r) !== 'write').every((r) => r.table !== 'write')).toBe(true);
    expect((groups.get('reports') ?? []).every((k) => k.startsWith('GET '))).toBe(true);
  });

  it("dispatches a route to its handler, and refuses another group's route", async () => {
    const answer = await publicApi(event('GET /v1/openapi.json'), {} as Context);
    expect([answer.statusCode, JSON.parse(answer.body ?? '{}').openapi]).toEqual([200, '3.1.0']);
    for (const api of [readApi, writeApi, reportsApi]) {
      await expect(api(event('GET /v1/openapi.json'), {} as Context)).rejects.toThrow(/not in the/);
    }
  });
});
