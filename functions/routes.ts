import type { z } from 'zod';
import type { ProblemCode } from './http/problems.js';
import * as r from './http/responses.js';
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
  /** The success body, documented and checked against real answers by the contract test. */
  response: z.ZodType;
  /** Statuses other than `status` a success may have (202 for a run that continues). */
  alsoStatus?: readonly number[];
  /** Other representations: CSV beside JSON; `text/plain` alone when `response` is PlainTextSchema. */
  formats?: ReadonlyArray<'text/csv' | 'text/plain'>;
  /** The refusals particular to this route; `problemCodesOf` adds those every route of its kind has. */
  problems: readonly ProblemCode[];
  /** Queues the handler sends to: the stack grants them and passes their URLs. */
  sends?: ReadonlyArray<'instalmentShards'>;
  /** Moves money: API Gateway throttles these routes tighter than the stage. */
  money?: boolean;
}

/**
 * Routes share a Lambda by privilege, so a low-traffic service keeps a few warm pools rather than
 * one per route: the public document, reads, writes, and the organisation-wide reports.
 */
export type FunctionGroup = 'public' | 'read' | 'write' | 'reports';
export const groupOf = (r: Pick<RouteDef, 'public' | 'file' | 'table'>): FunctionGroup =>
  r.public ? 'public' : r.file === 'reports' ? 'reports' : r.table === 'write' ? 'write' : 'read';

const policyRefusals = [
  'OUTCOME_NOT_IN_PLAN',
  'PROVISION_NOT_IN_PLAN',
  'PROVISION_OUTCOME_MISMATCH',
  'PROVISION_STREAM_MISMATCH',
  'CATEGORY_NOT_IN_PROVISION',
  'CATEGORY_PROHIBITED',
  'OUTSIDE_BUDGET_PERIOD',
  'PLAN_NOT_ACTIVE',
  'POT_SUSPENDED',
  'SCHOOL_CONSENT_REQUIRED',
] as const satisfies readonly ProblemCode[];

const routeTable = [
  {
    method: 'POST',
    path: '/v1/plans',
    file: 'plans',
    handler: 'create',
    summary: 'Create an EHC plan with outcomes and provisions',
    table: 'write',
    status: 201,
    body: s.CreatePlanBody,
    response: r.PlanViewSchema,
    problems: ['FORBIDDEN', 'INVALID_PLAN'],
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}',
    file: 'plans',
    handler: 'get',
    summary: 'The plan, its pots and balances',
    table: 'read',
    status: 200,
    response: r.PlanViewSchema,
    problems: [],
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
    response: r.PlanViewSchema,
    problems: ['FORBIDDEN', 'INVALID_BUDGET', 'PLAN_NOT_ACTIVE'],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/adjustments',
    money: true,
    file: 'pots',
    handler: 'adjust',
    summary: 'Change an allocation at review',
    table: 'write',
    status: 201,
    body: s.AdjustmentBody,
    response: r.PotMovementSchema,
    problems: ['FORBIDDEN', 'INSUFFICIENT_FUNDS', 'OUTSIDE_BUDGET_PERIOD'],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/recoveries',
    money: true,
    file: 'pots',
    handler: 'recovery',
    summary: 'Recover money to the funder',
    table: 'write',
    status: 201,
    body: s.RecoveryBody,
    response: r.RecoveryResultSchema,
    problems: ['FORBIDDEN', 'INSUFFICIENT_FUNDS'],
  },
  ...(['settle', 'withdraw'] as const).map((action) => ({
    method: 'POST' as const,
    path: `/v1/plans/{planId}/pots/{potId}/recoveries/{recoveryId}/${action}` as const,
    file: 'pots' as const,
    handler: action === 'settle' ? ('settleRecovery' as const) : ('withdrawRecovery' as const),
    summary:
      action === 'settle'
        ? 'The money of a notified recovery was received: committed → recovered'
        : 'Take a notified recovery back: its money returns to available',
    table: 'write' as const,
    status: 200,
    response: r.RecoveryResultSchema,
    problems: ['FORBIDDEN', 'RECOVERY_STATE_CONFLICT'] as const,
    money: true,
  })),
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/suspension',
    file: 'pots',
    handler: 'suspend',
    summary: 'Suspend instalments and spending',
    table: 'write',
    status: 200,
    body: s.SuspendBody,
    response: r.PotViewSchema,
    problems: ['FORBIDDEN', 'POT_SUSPENDED'],
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
    response: r.PotViewSchema,
    problems: ['FORBIDDEN', 'POT_NOT_SUSPENDED'],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/agreement',
    file: 'pots',
    handler: 'agreement',
    summary: 'Record the signed direct-payment agreement (a later one supersedes)',
    table: 'write',
    status: 201,
    body: s.AgreementBody,
    response: r.AgreementSchema,
    problems: ['FORBIDDEN', 'NOT_A_DIRECT_PAYMENT'],
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}/events',
    file: 'ledger',
    handler: 'events',
    summary: "The plan's non-monetary records (agreements, suspensions, …), newest first",
    table: 'read',
    status: 200,
    query: s.PageQuery,
    response: r.EventsPageSchema,
    problems: ['FORBIDDEN'],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/returns',
    file: 'pots',
    handler: 'holderReturn',
    summary: "The holder's quarterly return: the bank balance beside the ledger's closing balance",
    table: 'write',
    status: 201,
    body: s.ReturnBody,
    response: r.HolderReturnSchema,
    problems: ['FORBIDDEN', 'NOT_A_DIRECT_PAYMENT', 'OUTSIDE_BUDGET_PERIOD'],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/members',
    file: 'plans',
    handler: 'addMember',
    summary: 'Let someone act on the plan (a parent, nominee, authorised person or key worker)',
    table: 'write',
    status: 201,
    body: s.MemberBody,
    response: r.MemberSchema,
    problems: ['FORBIDDEN'],
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}/members',
    file: 'plans',
    handler: 'members',
    summary: 'Who may act on the plan',
    table: 'read',
    status: 200,
    response: r.MembersSchema,
    problems: ['FORBIDDEN'],
  },
  {
    method: 'DELETE',
    path: '/v1/plans/{planId}/members/{sub}',
    file: 'plans',
    handler: 'removeMember',
    summary: 'Stop someone acting on the plan, from the next request on',
    table: 'write',
    status: 200,
    response: r.MemberRemovedSchema,
    problems: ['FORBIDDEN'],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends',
    money: true,
    file: 'spends',
    handler: 'create',
    summary: 'Request or record a spend',
    table: 'write',
    status: 201,
    body: s.SpendBody,
    response: r.SpendViewSchema,
    problems: ['FORBIDDEN', 'INSUFFICIENT_FUNDS', 'AGREEMENT_REQUIRED', ...policyRefusals],
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}/spends/{spendId}',
    file: 'spends',
    handler: 'get',
    summary: 'One spend and its state',
    table: 'read',
    status: 200,
    response: r.SpendViewSchema,
    problems: [],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends/{spendId}/approve',
    money: true,
    file: 'spends',
    handler: 'approve',
    summary: 'Approve a pending spend',
    table: 'write',
    status: 200,
    body: s.ApproveBody,
    response: r.SpendViewSchema,
    problems: ['FORBIDDEN', 'SPEND_STATE_CONFLICT', 'POT_SUSPENDED', 'OUTSIDE_BUDGET_PERIOD'],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends/{spendId}/reject',
    money: true,
    file: 'spends',
    handler: 'reject',
    summary: 'Reject a pending spend, releasing its reservation',
    table: 'write',
    status: 200,
    body: s.RejectBody,
    response: r.SpendViewSchema,
    problems: ['FORBIDDEN', 'SPEND_STATE_CONFLICT'],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends/{spendId}/pay',
    money: true,
    file: 'spends',
    handler: 'pay',
    summary: 'Pay an approved spend (in full or less)',
    table: 'write',
    status: 200,
    body: s.PayBody,
    response: r.SpendViewSchema,
    problems: [
      'FORBIDDEN',
      'APPROVAL_REQUIRED',
      'SPEND_STATE_CONFLICT',
      'AMOUNT_EXCEEDS_RESERVED',
      'OUTSIDE_BUDGET_PERIOD',
    ],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends/{spendId}/void',
    money: true,
    file: 'spends',
    handler: 'voidSpend',
    summary: 'Cancel a reserved spend',
    table: 'write',
    status: 200,
    body: s.VoidBody,
    response: r.SpendViewSchema,
    problems: ['FORBIDDEN', 'SPEND_STATE_CONFLICT'],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends/{spendId}/evidence',
    file: 'spends',
    handler: 'evidence',
    summary: 'Add the receipt or invoice of a paid spend that had none',
    table: 'write',
    status: 200,
    body: s.EvidenceBody,
    response: r.SpendViewSchema,
    problems: ['FORBIDDEN', 'SPEND_STATE_CONFLICT'],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/entries/{entryId}/reverse',
    money: true,
    file: 'pots',
    handler: 'reverse',
    summary: 'Post a reversing entry',
    table: 'write',
    status: 201,
    body: s.ReverseBody,
    response: r.ReversalResultSchema,
    problems: ['FORBIDDEN', 'REVERSAL_NOT_ALLOWED', 'ALREADY_REVERSED', 'INSUFFICIENT_FUNDS'],
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
    response: r.ApprovalsPageSchema,
    problems: ['FORBIDDEN'],
  },
  {
    method: 'POST',
    path: '/v1/instalment-runs',
    money: true,
    file: 'ledger',
    handler: 'instalmentRun',
    summary: 'Post every instalment due up to a date (202 with a run id when a large council fans out)',
    table: 'write',
    status: 200,
    body: s.InstalmentRunBody,
    response: r.RunAnswerSchema,
    alsoStatus: [202],
    problems: ['FORBIDDEN'],
    sends: ['instalmentShards'],
  },
  {
    method: 'GET',
    path: '/v1/instalment-runs/{runId}',
    file: 'ledger',
    handler: 'instalmentRunStatus',
    summary: 'Progress of a fanned-out instalment run',
    table: 'read',
    status: 200,
    response: r.RunViewSchema,
    problems: [],
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
    response: r.AuditPageSchema,
    problems: ['FORBIDDEN'],
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
    response: r.StatementSchema,
    formats: ['text/csv'],
    problems: ['FORBIDDEN'],
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
    response: r.CouncilReconciliationSchema,
    formats: ['text/csv'],
    problems: ['FORBIDDEN'],
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
    response: r.MonitoringReturnsPageSchema,
    formats: ['text/csv'],
    problems: ['FORBIDDEN'],
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
    response: r.SurplusReportSchema,
    formats: ['text/csv'],
    problems: ['FORBIDDEN'],
  },
  {
    method: 'GET',
    path: '/v1/councils/{councilId}/recoveries',
    file: 'reports',
    handler: 'councilRecoveries',
    summary: "A council's recoveries by status (notified, overdue, settled, withdrawn)",
    table: 'read',
    status: 200,
    query: s.RecoveriesQuery,
    response: r.RecoveriesSchema,
    problems: ['FORBIDDEN'],
  },
  {
    method: 'GET',
    path: '/v1/funders/{funderId}/recoveries',
    file: 'reports',
    handler: 'funderRecoveries',
    summary: "A health body's recoveries by status",
    table: 'read',
    status: 200,
    query: s.RecoveriesQuery,
    response: r.RecoveriesSchema,
    problems: ['FORBIDDEN'],
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
    response: r.PlainTextSchema,
    formats: ['text/plain'],
    problems: ['FORBIDDEN'],
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
    response: r.FunderReconciliationSchema,
    formats: ['text/csv'],
    problems: ['FORBIDDEN'],
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
    response: r.ClientMoneySchema,
    formats: ['text/csv'],
    problems: ['FORBIDDEN'],
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
    response: r.OpenApiSchema,
    problems: [],
  },
] as const satisfies readonly RouteDef[];

/** Every route, as the stack, the local server and OpenAPI read them. */
export const routes: readonly RouteDef[] = routeTable;

/** A route's key: its method and path template, as API Gateway names it. */
export type RouteKey = `${(typeof routeTable)[number]['method']} ${(typeof routeTable)[number]['path']}`;
export type RouteOf<K extends RouteKey> = Extract<
  (typeof routeTable)[number],
  { method: K extends `${infer M} ${string}` ? M : never; path: K extends `${string} ${infer P}` ? P : never }
>;

export { matchPath } from './http/paths.js';
export { problemCodesOf } from './http/problems.js';

export function routeOf(key: RouteKey): RouteDef {
  const found = routes.find((r) => `${r.method} ${r.path}` === key);
  if (!found) throw new Error(`no route ${key}`);
  return found;
}
