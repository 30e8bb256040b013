import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as ledger from './ledger.js';
import * as lifecycle from './lifecycle.js';
import * as openapi from './openapi.js';
import * as plans from './plans.js';
import * as pots from './pots.js';
import * as reports from './reports.js';
import { type FunctionGroup, groupOf, type RouteDef, routes } from './routes.js';
import * as spends from './spends.js';

/**
 * The Lambda entry points of the API, one per privilege group: each dispatches by API Gateway's
 * route key to the handler its route table entry names. The local server dispatches the same way.
 */

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
const modules: Record<string, Record<string, unknown>> = {
  plans,
  spends,
  pots,
  ledger,
  lifecycle,
  openapi,
  reports,
};

export function handlerOf(route: Pick<RouteDef, 'file' | 'handler'>): Handler {
  const h = modules[route.file]?.[route.handler];
  if (typeof h !== 'function') throw new Error(`no handler ${route.file}.${route.handler}`);
  return h as Handler;
}

function router(group: FunctionGroup): Handler {
  const table = new Map(
    routes
      .filter((r) => groupOf(r) === group)
      .map((r): [string, Handler] => [`${r.method} ${r.path}`, handlerOf(r)]),
  );
  return async (event, context) => {
    const handler = table.get(event.routeKey);
    // API Gateway sends a function only its own routes; anything else is a wiring mistake.
    if (!handler) throw new Error(`route ${event.routeKey} is not in the ${group} group`);
    return handler(event, context);
  };
}

export const publicApi = router('public');
export const readApi = router('read');
export const writeApi = router('write');
export const reportsApi = router('reports');
