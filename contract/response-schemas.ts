import * as l from './lifecycle-responses.js';
import * as reports from './report-responses.js';
import * as r from './responses.js';

/**
 * Every success body a route may answer with, by the name its route table entry gives as `response`
 * (contract/route-def.ts). Only the OpenAPI document, docs/api.md and the tests load this module: the
 * functions serving requests never build these schemas (docs/decisions/42); the route table names
 * them with a type-only import, which costs a bundle nothing.
 */
export const responseSchemas = {
  AdjustmentResult: r.AdjustmentResultSchema,
  Agreement: r.AgreementSchema,
  AmendmentResult: l.AmendmentResultSchema,
  Amendments: l.AmendmentsSchema,
  ApprovalsPage: r.ApprovalsPageSchema,
  AuditPage: r.AuditPageSchema,
  BudgetRequest: l.BudgetRequestSchema,
  BudgetRequestsPage: l.BudgetRequestsPageSchema,
  ClientMoney: reports.ClientMoneySchema,
  CouncilReconciliation: reports.CouncilReconciliationSchema,
  EventsPage: r.EventsPageSchema,
  FunderReconciliation: reports.FunderReconciliationSchema,
  HolderReturn: reports.HolderReturnSchema,
  Member: r.MemberSchema,
  MemberRemoved: r.MemberRemovedSchema,
  Members: r.MembersSchema,
  MonitoringReturnsPage: reports.MonitoringReturnsPageSchema,
  MyPlans: l.MyPlansSchema,
  OpenApi: r.OpenApiSchema,
  PlainText: r.PlainTextSchema,
  PlanBudgetRequests: l.PlanBudgetRequestsSchema,
  PlanSearch: l.PlanSearchSchema,
  PlanView: r.PlanViewSchema,
  Policy: l.PolicySchema,
  PotView: r.PotViewSchema,
  Recoveries: r.RecoveriesSchema,
  RecoveryResult: r.RecoveryResultSchema,
  ReversalResult: r.ReversalResultSchema,
  Review: l.ReviewSchema,
  Reviews: l.ReviewsSchema,
  RunAnswer: r.RunAnswerSchema,
  RunView: r.RunViewSchema,
  SpendView: r.SpendViewSchema,
  SpendsPage: l.SpendsPageSchema,
  Statement: reports.StatementSchema,
  SurplusReport: reports.SurplusReportSchema,
  Worklist: l.WorklistSchema,
};
