import type { RouteDef } from '../route-def.js';

/** Personal data over its life (DESIGN.md section 11d): a subject access export and disposal. */
export const personalDataRoutes = [
  {
    method: 'GET',
    path: '/v1/plans/{planId}/personal-data',
    file: 'personal-data',
    handler: 'exportPersonalData',
    summary: 'Everything held about the child and family, as JSON (a subject access request)',
    response: 'PersonalData',
    table: 'read',
    status: 200,
    problems: ['FORBIDDEN'],
  },
  {
    method: 'POST',
    path: '/v1/councils/{councilId}/disposals',
    file: 'personal-data',
    handler: 'dispose',
    summary: "Erase the personal data of the council's plans past retention, keeping every money record",
    response: 'Disposal',
    table: 'write',
    status: 200,
    problems: ['FORBIDDEN'],
  },
] as const satisfies readonly RouteDef[];
