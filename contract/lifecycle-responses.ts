import type { AmendmentResult } from '../domain/app/amendments.js';
import type { BudgetRequestView } from '../domain/app/budget-requests.js';
import type { PolicyView } from '../domain/app/council-policy.js';
import type { PlanSummary } from '../domain/app/finding.js';
import type { SpendView } from '../domain/app/views.js';
import { holdingModes, planStatuses, streams } from '../domain/model.js';
import { type Amendment, type Review, reviewKinds, workKinds } from '../domain/plan-records.js';
import type { Page } from '../domain/ports.js';
import type { WorkRow } from '../domain/work.js';
import { ActorRef, Amount, CalendarDate, type Fits, Instant, pageOf } from './response-parts.js';
import { OutcomeSchema, PlanViewSchema, ProvisionSchema, SpendViewSchema } from './responses.js';
import * as z from './zod.js';

/** The response shapes of the plan over time (DESIGN.md section 9b): amendments, reviews, requests, policy, worklists. */

export const AmendmentSchema = z
  .strictObject({
    planId: z.string(),
    amendmentId: z.string(),
    version: z.int(),
    reason: z.string(),
    effectiveFrom: CalendarDate,
    addOutcomes: z.array(OutcomeSchema),
    addProvisions: z.array(ProvisionSchema),
    retireOutcomeIds: z.array(z.string()),
    retireProvisionIds: z.array(z.string()),
    updateProvisions: z.array(
      z.strictObject({
        id: z.string(),
        categories: z.optional(z.array(z.string())),
        annualCost: z.optional(Amount),
        onSchoolPremises: z.optional(z.boolean()),
        schoolConsentDate: z.optional(CalendarDate),
      }),
    ),
    recordedAt: Instant,
    recordedBy: ActorRef,
  })
  .register(z.globalRegistry, { id: 'AmendmentRecord' });

export const AmendmentResultSchema = z
  .extend(PlanViewSchema, { amendment: AmendmentSchema })
  .register(z.globalRegistry, {
    id: 'AmendmentResult',
  });
export const AmendmentsSchema = z
  .strictObject({ planId: z.string(), amendments: z.array(AmendmentSchema) })
  .register(z.globalRegistry, { id: 'Amendments' });

export const ReviewSchema = z
  .strictObject({
    planId: z.string(),
    reviewId: z.string(),
    kind: z.enum(reviewKinds),
    potId: z.optional(z.string()),
    date: CalendarDate,
    notes: z.optional(z.string()),
    nextDue: z.nullable(CalendarDate),
    recordedAt: Instant,
    recordedBy: ActorRef,
  })
  .register(z.globalRegistry, { id: 'ReviewRecord' });
export const ReviewsSchema = z
  .strictObject({ planId: z.string(), reviews: z.array(ReviewSchema) })
  .register(z.globalRegistry, { id: 'Reviews' });

export const BudgetRequestSchema = z
  .strictObject({
    planId: z.string(),
    councilId: z.string(),
    requestId: z.string(),
    streams: z.array(z.enum(streams)),
    preferredModes: z.partialRecord(z.enum(streams), z.enum(holdingModes)),
    notes: z.optional(z.string()),
    requestedOn: CalendarDate,
    requestedAt: Instant,
    requestedBy: ActorRef,
    decisionDue: CalendarDate,
    overdue: z.boolean(),
    status: z.enum(['open', 'decided']),
    decision: z.optional(
      z.strictObject({
        decision: z.enum(['agreed', 'refused']),
        reason: z.optional(z.string()),
        reviewRightsExplained: z.boolean(),
        decidedAt: Instant,
        decidedBy: ActorRef,
      }),
    ),
    version: z.int(),
  })
  .register(z.globalRegistry, { id: 'BudgetRequestRecord' });
export const PlanBudgetRequestsSchema = z
  .strictObject({ planId: z.string(), requests: z.array(BudgetRequestSchema) })
  .register(z.globalRegistry, { id: 'PlanBudgetRequests' });
export const BudgetRequestsPageSchema = pageOf(BudgetRequestSchema, 'BudgetRequestsPage');

const Limit = z.nullable(z.string().check(z.regex(/^[0-9]+\.[0-9]{2}$/)));
export const PolicySchema = z
  .strictObject({
    councilId: z.string(),
    version: z.int(),
    source: z.enum(['council', 'deployment']),
    overrides: z.record(z.string(), z.unknown()),
    effective: z.strictObject({
      prohibitedCategories: z.readonly(z.array(z.string())),
      prohibitedHealthCategories: z.readonly(z.array(z.string())),
      autoApprovalLimitGbp: z.strictObject({ direct_payment: Limit, third_party: Limit, notional: Limit }),
      pendingExpiryDays: z.int(),
      surplusWeeks: z.int(),
      budgetReviewMonths: z.int(),
      requireAgreement: z.boolean(),
      returnDueDays: z.int(),
      offsetSurplus: z.boolean(),
      suspendOnOverdueReturn: z.boolean(),
      requestDecisionDays: z.int(),
      retentionYears: z.int(),
      cashWithdrawals: z.boolean(),
      cashLimitPerQuarter: Limit,
      unexplainedLimit: Limit,
    }),
    updatedAt: z.optional(Instant),
    updatedBy: z.optional(ActorRef),
  })
  .register(z.globalRegistry, { id: 'CouncilPolicyView' });

export const WorklistSchema = pageOf(
  z.strictObject({
    kind: z.enum(workKinds),
    planId: z.string(),
    potId: z.optional(z.string()),
    ref: z.optional(z.string()),
    due: CalendarDate,
    overdue: z.boolean(),
    reason: z.optional(z.string()),
  }),
  'Worklist',
);

export type LifecycleSchemasFitViews = [
  Fits<typeof AmendmentResultSchema, AmendmentResult>,
  Fits<typeof AmendmentsSchema, { planId: string; amendments: Amendment[] }>,
  Fits<typeof ReviewSchema, Review>,
  Fits<typeof ReviewsSchema, { planId: string; reviews: Review[] }>,
  Fits<typeof BudgetRequestSchema, BudgetRequestView>,
  Fits<typeof PlanBudgetRequestsSchema, { planId: string; requests: BudgetRequestView[] }>,
  Fits<typeof BudgetRequestsPageSchema, Page<BudgetRequestView>>,
  Fits<typeof PolicySchema, PolicyView>,
  Fits<typeof WorklistSchema, Page<WorkRow>>,
];

const PlanSummarySchema = z.strictObject({
  planId: z.string(),
  councilId: z.string(),
  childReference: z.string(),
  childName: z.optional(z.string()),
  status: z.enum(planStatuses),
});
export const MyPlansSchema = z
  .strictObject({ items: z.array(PlanSummarySchema) })
  .register(z.globalRegistry, { id: 'MyPlans' });
export const PlanSearchSchema = pageOf(PlanSummarySchema, 'PlanSearchPage');
export const SpendsPageSchema = pageOf(SpendViewSchema, 'SpendsPage');

export type FindingSchemasFitViews = [
  Fits<typeof MyPlansSchema, { items: PlanSummary[] }>,
  Fits<typeof PlanSearchSchema, Page<PlanSummary>>,
  Fits<typeof SpendsPageSchema, Page<SpendView>>,
];
