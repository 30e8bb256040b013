import { responseSchemas } from './response-schemas.js';
import type { DeclaredRoute, KeyOf, RouteDef } from './routes.js';
import type * as z from './zod.js';

/**
 * The success bodies of routes whose table entry does not name its `response` (the shape before
 * contract/route-def.ts took one), by route key. The type asks for exactly those routes: a route
 * without `response` must be here (`'GET /v1/x': r.XSchema`, importing its module), and one with it
 * must not; better, give its entry `response: 'X'`. Only the OpenAPI document, docs/api.md and the
 * tests read this module (docs/decisions/42).
 */
export const routeResponses = {} satisfies Record<
  KeyOf<Exclude<DeclaredRoute, { response: string }>>,
  z.ZodMiniType
>;

/** Each route's success body, checked against real answers by the contract test. */
export const responseOf = (route: Pick<RouteDef, 'method' | 'path' | 'response'>): z.ZodMiniType =>
  route.response
    ? responseSchemas[route.response]
    : ((routeResponses as Record<string, z.ZodMiniType>)[`${route.method} ${route.path}`] ?? missing(route));

function missing(route: Pick<RouteDef, 'method' | 'path'>): never {
  throw new Error(`no success schema for ${route.method} ${route.path}`);
}
