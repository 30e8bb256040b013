import * as l from './lifecycle-responses.js';
import * as reports from './report-responses.js';
import * as r from './responses.js';
import type { RouteDef, RouteKey } from './routes.js';
import * as st from './statement-schemas.js';
import type * as z from './zod.js';

/**
 * Each route's success body, checked against real answers by the contract test. Apart from the
 * route table so that the functions serving requests never build these schemas (they are most of
 * the schemas there are): only the OpenAPI document, docs/api.md and the tests read them
 * (docs/decisions/42). Every route has one: the type requires each route key once.
 */
export const routeResponses = {
  'POST /v1/plans': r.PlanViewSchema,
  'GET /v1/plans/{planId}': r.PlanViewSchema,
  'POST /v1/plans/{planId}/budgets': r.PlanViewSchema,
  'POST /v1/plans/{planId}/pots/{potId}/adjustments': r.AdjustmentResultSchema,
  'POST /v1/plans/{planId}/pots/{potId}/recoveries': r.RecoveryResultSchema,
  'POST /v1/plans/{planId}/pots/{potId}/recoveries/{recoveryId}/settle': r.RecoveryResultSchema,
  'POST /v1/plans/{planId}/pots/{potId}/recoveries/{recoveryId}/withdraw': r.RecoveryResultSchema,
  'POST /v1/plans/{planId}/pots/{potId}/suspension': r.PotViewSchema,
  'DELETE /v1/plans/{planId}/pots/{potId}/suspension': r.PotViewSchema,
  'POST /v1/plans/{planId}/pots/{potId}/resumption': r.PotViewSchema,
  'POST /v1/plans/{planId}/pots/{potId}/cessation': r.PotViewSchema,
  'POST /v1/plans/{planId}/pots/{potId}/agreement': r.AgreementSchema,
  'GET /v1/plans/{planId}/events': r.EventsPageSchema,
  'POST /v1/plans/{planId}/pots/{potId}/returns': reports.HolderReturnSchema,
  'POST /v1/plans/{planId}/members': r.MemberSchema,
  'GET /v1/plans/{planId}/members': r.MembersSchema,
  'DELETE /v1/plans/{planId}/members/{sub}': r.MemberRemovedSchema,
  'GET /v1/me/plans': l.MyPlansSchema,
  'GET /v1/plans/{planId}/spends': l.SpendsPageSchema,
  'GET /v1/councils/{councilId}/plans': l.PlanSearchSchema,
  'POST /v1/plans/{planId}/amendments': l.AmendmentResultSchema,
  'GET /v1/plans/{planId}/amendments': l.AmendmentsSchema,
  'POST /v1/plans/{planId}/reviews': l.ReviewSchema,
  'GET /v1/plans/{planId}/reviews': l.ReviewsSchema,
  'POST /v1/plans/{planId}/budget-requests': l.BudgetRequestSchema,
  'GET /v1/plans/{planId}/budget-requests': l.PlanBudgetRequestsSchema,
  'POST /v1/plans/{planId}/budget-requests/{requestId}/decision': l.BudgetRequestSchema,
  'GET /v1/councils/{councilId}/budget-requests': l.BudgetRequestsPageSchema,
  'GET /v1/councils/{councilId}/policy': l.PolicySchema,
  'PUT /v1/councils/{councilId}/policy': l.PolicySchema,
  'GET /v1/councils/{councilId}/worklist': l.WorklistSchema,
  'GET /v1/funders/{funderId}/worklist': l.WorklistSchema,
  'POST /v1/plans/{planId}/spends': r.SpendViewSchema,
  'GET /v1/plans/{planId}/spends/{spendId}': r.SpendViewSchema,
  'POST /v1/plans/{planId}/spends/{spendId}/approve': r.SpendViewSchema,
  'POST /v1/plans/{planId}/spends/{spendId}/reject': r.SpendViewSchema,
  'POST /v1/plans/{planId}/spends/{spendId}/pay': r.SpendViewSchema,
  'POST /v1/plans/{planId}/spends/{spendId}/void': r.SpendViewSchema,
  'POST /v1/plans/{planId}/spends/{spendId}/evidence': r.SpendViewSchema,
  'POST /v1/plans/{planId}/entries/{entryId}/reverse': r.ReversalResultSchema,
  'GET /v1/approvals': r.ApprovalsPageSchema,
  'POST /v1/instalment-runs': r.RunAnswerSchema,
  'GET /v1/instalment-runs/{runId}': r.RunViewSchema,
  'GET /v1/plans/{planId}/audit': r.AuditPageSchema,
  'GET /v1/plans/{planId}/statement': reports.StatementSchema,
  'GET /v1/councils/{councilId}/reconciliation': reports.CouncilReconciliationSchema,
  'GET /v1/councils/{councilId}/monitoring-returns': reports.MonitoringReturnsPageSchema,
  'GET /v1/councils/{councilId}/surpluses': reports.SurplusReportSchema,
  'GET /v1/councils/{councilId}/recoveries': r.RecoveriesSchema,
  'GET /v1/funders/{funderId}/recoveries': r.RecoveriesSchema,
  'GET /v1/councils/{councilId}/journal': r.PlainTextSchema,
  'GET /v1/funders/{funderId}/reconciliation': reports.FunderReconciliationSchema,
  'GET /v1/brokers/{brokerId}/client-money': reports.ClientMoneySchema,
  'GET /v1/openapi.json': r.OpenApiSchema,
  'POST /v1/plans/{planId}/pots/{potId}/statements': st.ImportResultSchema,
  'GET /v1/plans/{planId}/pots/{potId}/statements/lines': st.LinesPageSchema,
  'POST /v1/plans/{planId}/pots/{potId}/statements/lines/{lineId}/classify': r.SpendViewSchema,
  'POST /v1/plans/{planId}/spends/{spendId}/receipts': st.ReceiptUploadSchema,
  'GET /v1/plans/{planId}/spends/{spendId}/receipts/{receiptId}': st.ReceiptSchema,
} satisfies Record<RouteKey, z.ZodMiniType>;

export const responseOf = (route: Pick<RouteDef, 'method' | 'path'>): z.ZodMiniType =>
  routeResponses[`${route.method} ${route.path}` as RouteKey];
