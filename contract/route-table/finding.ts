import type { RouteDef } from '../route-def.js';
import * as s from '../schemas.js';

/** The reads the web app's screens need beside section 5 (DESIGN.md section 10). */
export const findingRoutes = [
  {
    method: 'GET',
    path: '/v1/me/plans',
    file: 'plans',
    handler: 'mine',
    summary: 'The plans the caller covers, by its claims and memberships (a family’s home is the first)',
    response: 'MyPlans',
    table: 'read',
    status: 200,
    problems: [],
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}/spends',
    file: 'plans',
    handler: 'spends',
    summary: "The plan's spends on the pots the caller sees, newest first",
    response: 'SpendsPage',
    table: 'read',
    status: 200,
    query: s.SpendsQuery,
    problems: ['FORBIDDEN'],
  },
  {
    method: 'GET',
    path: '/v1/councils/{councilId}/plans',
    file: 'plans',
    handler: 'search',
    summary: "A council's plans by child reference (a prefix), in reference order",
    response: 'PlanSearch',
    table: 'read',
    status: 200,
    query: s.PlanSearchQuery,
    problems: ['FORBIDDEN'],
  },
] as const satisfies readonly RouteDef[];
