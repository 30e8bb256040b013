import type { z } from 'zod';
import * as s from './http/schemas.js';

/**
 * Every HTTP route, as data: the local server routes by it, the CDK stack makes one function per
 * handler from it, and /v1/openapi.json is generated from it.
 */
export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Module under functions/ and its exported handler. */
  file: string;
  handler: string;
  summary: string;
  /** DynamoDB access the handler needs: the CDK grants no more. */
  table: 'read' | 'write' | 'none';
  status: number;
  body?: z.ZodType;
  query?: z.ZodType;
  public?: boolean;
}

export const routes: RouteDef[] = [
  {
    method: 'POST',
    path: '/v1/plans',
    file: 'plans',
    handler: 'create',
    summary: 'Create an EHC plan with outcomes and provisions',
    table: 'write',
    status: 201,
    body: s.CreatePlanBody,
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}',
    file: 'plans',
    handler: 'get',
    summary: 'The plan, its pots and balances',
    table: 'read',
    status: 200,
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/budgets',
    file: 'plans',
    handler: 'budget',
    summary: "Set up the period's personal budget",
    table: 'write',
    status: 201,
    body: s.CreateBudgetBody,
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/adjustments',
    file: 'pots',
    handler: 'adjust',
    summary: 'Change an allocation at review',
    table: 'write',
    status: 201,
    body: s.AdjustmentBody,
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/recoveries',
    file: 'pots',
    handler: 'recovery',
    summary: 'Recover money to the funder',
    table: 'write',
    status: 201,
    body: s.RecoveryBody,
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/suspension',
    file: 'pots',
    handler: 'suspend',
    summary: 'Suspend instalments and spending',
    table: 'write',
    status: 200,
    body: s.SuspendBody,
  },
  {
    method: 'DELETE',
    path: '/v1/plans/{planId}/pots/{potId}/suspension',
    file: 'pots',
    handler: 'resume',
    summary: 'Resume instalments and spending',
    table: 'write',
    status: 200,
    body: s.ResumeBody,
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends',
    file: 'spends',
    handler: 'create',
    summary: 'Request or record a spend',
    table: 'write',
    status: 201,
    body: s.SpendBody,
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}/spends/{spendId}',
    file: 'spends',
    handler: 'get',
    summary: 'One spend and its state',
    table: 'read',
    status: 200,
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends/{spendId}/approve',
    file: 'spends',
    handler: 'approve',
    summary: 'Approve a pending spend',
    table: 'write',
    status: 200,
    body: s.ApproveBody,
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends/{spendId}/reject',
    file: 'spends',
    handler: 'reject',
    summary: 'Reject a pending spend, releasing its reservation',
    table: 'write',
    status: 200,
    body: s.RejectBody,
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends/{spendId}/pay',
    file: 'spends',
    handler: 'pay',
    summary: 'Pay an approved spend (in full or less)',
    table: 'write',
    status: 200,
    body: s.PayBody,
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends/{spendId}/void',
    file: 'spends',
    handler: 'voidSpend',
    summary: 'Cancel a reserved spend',
    table: 'write',
    status: 200,
    body: s.VoidBody,
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/entries/{entryId}/reverse',
    file: 'pots',
    handler: 'reverse',
    summary: 'Post a reversing entry',
    table: 'write',
    status: 201,
    body: s.ReverseBody,
  },
  {
    method: 'GET',
    path: '/v1/approvals',
    file: 'ledger',
    handler: 'approvals',
    summary: "The officer's approval queue",
    table: 'read',
    status: 200,
    query: s.PageQuery,
  },
  {
    method: 'POST',
    path: '/v1/instalment-runs',
    file: 'ledger',
    handler: 'instalmentRun',
    summary: 'Post every instalment due up to a date (202 with a run id when a large council fans out)',
    table: 'write',
    status: 200,
    body: s.InstalmentRunBody,
  },
  {
    method: 'GET',
    path: '/v1/instalment-runs/{runId}',
    file: 'ledger',
    handler: 'instalmentRunStatus',
    summary: 'Progress of a fanned-out instalment run',
    table: 'read',
    status: 200,
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}/audit',
    file: 'ledger',
    handler: 'audit',
    summary: 'Journal entries with their actors, newest first',
    table: 'read',
    status: 200,
    query: s.PageQuery,
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}/statement',
    file: 'reports',
    handler: 'statement',
    summary: 'Family statement: per pot and outcome, burn rate, projection, entries',
    table: 'read',
    status: 200,
    query: s.ReportQuery,
  },
  {
    method: 'GET',
    path: '/v1/councils/{councilId}/reconciliation',
    file: 'reports',
    handler: 'councilReconciliationReport',
    summary: 'Council reconciliation by funder, stream and mode',
    table: 'read',
    status: 200,
    query: s.ReportQuery,
  },
  {
    method: 'GET',
    path: '/v1/councils/{councilId}/monitoring-returns',
    file: 'reports',
    handler: 'monitoringReturns',
    summary: 'Direct-payment monitoring returns for a financial quarter',
    table: 'read',
    status: 200,
    query: s.MonitoringQuery,
  },
  {
    method: 'GET',
    path: '/v1/councils/{councilId}/surpluses',
    file: 'reports',
    handler: 'surpluses',
    summary: 'Direct-payment pots above the surplus threshold',
    table: 'read',
    status: 200,
    query: s.FormatQuery,
  },
  {
    method: 'GET',
    path: '/v1/councils/{councilId}/journal',
    file: 'reports',
    handler: 'journal',
    summary: "The council's journal as an hledger file",
    table: 'read',
    status: 200,
    query: s.JournalQuery,
  },
  {
    method: 'GET',
    path: '/v1/funders/{funderId}/reconciliation',
    file: 'reports',
    handler: 'funderReconciliationReport',
    summary: "A health body's pots across councils",
    table: 'read',
    status: 200,
    query: s.FormatQuery,
  },
  {
    method: 'GET',
    path: '/v1/brokers/{brokerId}/client-money',
    file: 'reports',
    handler: 'clientMoneyReport',
    summary: 'Cash a broker holds per client plan',
    table: 'read',
    status: 200,
    query: s.FormatQuery,
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    file: 'openapi',
    handler: 'handler',
    summary: 'This API as OpenAPI 3.1',
    table: 'none',
    status: 200,
    public: true,
  },
];

/** Matches a concrete path against a route template, returning its path parameters. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const part = t[i] as string;
    const value = p[i] as string;
    if (part.startsWith('{') && part.endsWith('}')) {
      if (value === '') return undefined;
      params[part.slice(1, -1)] = decodeURIComponent(value);
    } else if (part !== value) return undefined;
  }
  return params;
}
