// Proves the grouped entry points: every route belongs to exactly one privilege group, each
// group's function holds exactly its own routes' handlers and dispatches them by route key, and
// refuses a route of another group.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { responseSchemas } from '../../contract/response-schemas.js';
import type { ResponseName } from '../../contract/route-def.js';
import { groupOf, routes } from '../../contract/routes.js';
import * as manage from '../../functions/api-manage.js';
import * as money from '../../functions/api-money.js';
import * as read from '../../functions/api-read.js';
import * as reports from '../../functions/api-reports.js';
import * as openapi from '../../functions/openapi.js';
import { type Handler, router } from '../../functions/router.js';

const event = (routeKey: string) =>
  ({
    routeKey,
    rawPath: '/v1/openapi.json',
    headers: {},
    requestContext: { http: { method: 'GET' }, requestId: 'r' },
  }) as unknown as APIGatewayProxyEventV2;

describe('grouped API functions', () => {
  it('put reads, writes that move money, other writes, reports and the public document in separate groups', () => {
    const groups = new Map<string, string[]>();
    for (const r of routes)
      groups.set(groupOf(r), [...(groups.get(groupOf(r)) ?? []), `${r.method} ${r.path}`]);
    expect(groups.get('public')).toEqual(['GET /v1/openapi.json']);
    const writes = (r: (typeof routes)[number]) => groupOf(r) === 'money' || groupOf(r) === 'manage';
    expect(routes.filter(writes).every((r) => r.table === 'write')).toBe(true);
    expect(routes.filter((r) => !writes(r)).every((r) => r.table !== 'write')).toBe(true);
    expect(routes.filter((r) => groupOf(r) === 'money').every((r) => r.money)).toBe(true);
    expect(groups.get('money')).toContain('POST /v1/plans/{planId}/spends');
    expect(groups.get('manage')).toContain('POST /v1/plans');
    expect((groups.get('reports') ?? []).every((k) => k.startsWith('GET '))).toBe(true);
  });

  it("dispatches a route to its handler, and refuses another group's route", async () => {
    // The public group is its one route's own function.
    const answer = await openapi.handler(event('GET /v1/openapi.json'), {} as Context);
    expect([answer.statusCode, JSON.parse(answer.body ?? '{}').openapi]).toEqual([200, '3.1.0']);
    for (const api of [read.handler, money.handler, manage.handler, reports.handler]) {
      await expect(api(event('GET /v1/openapi.json'), {} as Context)).rejects.toThrow(/not in the/);
    }
  });

  it("refuses to start a group whose handlers are not exactly its routes', at compile time and at its start", () => {
    const noop: Handler = async () => ({ statusCode: 200 });
    // @ts-expect-error the reports group's entry must list every one of its routes' handlers
    expect(() => router('reports', { 'reports.statement': noop })).toThrow(
      /missing reports\.councilReconciliationReport/,
    );
    const all = Object.fromEntries(
      routes.filter((r) => groupOf(r) === 'reports').map((r) => [`${r.file}.${r.handler}`, noop]),
    ) as unknown as Parameters<typeof router<'reports'>>[1];
    // @ts-expect-error and none of another group's
    expect(() => router('reports', { ...all, 'spends.create': noop })).toThrow(/extra spends\.create/);
    expect(() => router('reports', all)).not.toThrow();
  });

  it('lets a group list a handler only under the route it was built for', () => {
    const noop: Handler = async () => ({ statusCode: 200 });
    const forStatement: Handler & { route?: 'GET /v1/plans/{planId}/statement' } = noop;
    const forAudit: Handler & { route?: 'GET /v1/plans/{planId}/audit' } = noop;
    const all = {} as Parameters<typeof router<'reports'>>[1];
    // Type-level only: the assertions below are on what the compiler accepts.
    const fits = (h: Parameters<typeof router<'reports'>>[1]) => h;
    expect(fits({ ...all, 'reports.statement': forStatement })).toBeDefined();
    // @ts-expect-error a handler built for the audit route is not the statement's
    expect(fits({ ...all, 'reports.statement': forAudit })).toBeDefined();
  });

  it('takes a success body only by a name the response modules export', () => {
    const named: ResponseName = 'PlanView';
    // @ts-expect-error no response module exports a NoSuchBodySchema
    const unnamed: ResponseName = 'NoSuchBody';
    expect([named in responseSchemas, unnamed in responseSchemas]).toEqual([true, false]);
  });
});
