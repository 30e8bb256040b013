import type { Action, Resource } from '../../domain/access.js';
import type { Actor } from '../../domain/model.js';
import { COUNCIL, ICB } from '../support/section8.js';

/** The isolation matrix's cells for the second round's routes: the plan over time (9b) and the web app's reads (10). */

interface Cell {
  path: string;
  body?: unknown;
  allowed: (a: Actor) => boolean;
}

export function secondRoundCells(
  planId: string,
  ids: Record<string, string>,
  rules: {
    onPlan: (action: Action) => (a: Actor) => boolean;
    onOrg: (action: Action, r: Resource) => (a: Actor) => boolean;
  },
): Record<string, Cell> {
  const p = `/v1/plans/${planId}`;
  const council = { kind: 'council', councilId: COUNCIL } as const;
  return {
    'POST /v1/plans/{planId}/amendments': {
      path: `${p}/amendments`,
      body: {
        reason: 'matrix',
        effectiveFrom: '2026-10-01',
        updateProvisions: [{ id: 'F1', annualCost: '1.00' }],
      },
      allowed: rules.onPlan('plan:amend'),
    },
    'GET /v1/plans/{planId}/amendments': { path: `${p}/amendments`, allowed: rules.onPlan('plan:read') },
    'POST /v1/plans/{planId}/reviews': {
      path: `${p}/reviews`,
      body: { kind: 'annual', date: '2026-11-01' },
      allowed: rules.onPlan('plan:review'),
    },
    'GET /v1/plans/{planId}/reviews': { path: `${p}/reviews`, allowed: rules.onPlan('plan:read') },
    'POST /v1/plans/{planId}/budget-requests': {
      path: `${p}/budget-requests`,
      body: { streams: ['education'] },
      allowed: rules.onPlan('request:create'),
    },
    'GET /v1/plans/{planId}/budget-requests': {
      path: `${p}/budget-requests`,
      allowed: rules.onPlan('plan:read'),
    },
    'POST /v1/plans/{planId}/budget-requests/{requestId}/decision': {
      path: `${p}/budget-requests/${ids.request}/decision`,
      body: { decision: 'agreed', reviewRightsExplained: true },
      allowed: rules.onPlan('request:decide'),
    },
    'GET /v1/councils/{councilId}/budget-requests': {
      path: `/v1/councils/${COUNCIL}/budget-requests?status=open`,
      allowed: rules.onOrg('council:report', council),
    },
    'GET /v1/plans/{planId}/personal-data': {
      path: `${p}/personal-data`,
      allowed: rules.onPlan('personal-data:read'),
    },
    'POST /v1/councils/{councilId}/disposals': {
      path: `/v1/councils/${COUNCIL}/disposals`,
      allowed: rules.onOrg('personal-data:dispose', council),
    },
    'GET /v1/councils/{councilId}/policy': {
      path: `/v1/councils/${COUNCIL}/policy`,
      allowed: rules.onOrg('policy:read', council),
    },
    'PUT /v1/councils/{councilId}/policy': {
      path: `/v1/councils/${COUNCIL}/policy`,
      body: {},
      allowed: rules.onOrg('policy:write', council),
    },
    'GET /v1/councils/{councilId}/worklist': {
      path: `/v1/councils/${COUNCIL}/worklist`,
      allowed: rules.onOrg('council:report', council),
    },
    'GET /v1/me/plans': { path: '/v1/me/plans', allowed: () => true },
    'GET /v1/plans/{planId}/spends': { path: `${p}/spends?status=paid`, allowed: rules.onPlan('plan:read') },
    'GET /v1/councils/{councilId}/plans': {
      path: `/v1/councils/${COUNCIL}/plans?reference=CYP`,
      allowed: rules.onOrg('council:report', council),
    },
    'GET /v1/funders/{funderId}/worklist': {
      path: `/v1/funders/${ICB}/worklist`,
      allowed: rules.onOrg('funder:report', { kind: 'funder', funderId: ICB }),
    },
  };
}
