import type { CouncilReconciliation, FunderReconciliation } from '../domain/app/reconciliations.js';
import type { ReturnFacts, SurplusReport } from '../domain/app/reports.js';
import { type HolderReturn, holdingModes, outcomeDomains, streams } from '../domain/model.js';
import type { ClientMoney, FamilyStatement, MonitoringReturn } from '../domain/reports.js';
import { ActorRef, Amount, CalendarDate, type Fits, Instant, pageOf } from './response-parts.js';
import { EntrySchema } from './responses.js';
import * as z from './zod.js';

/** The response shapes of the reports: statements, monitoring returns, reconciliations, surpluses, client money. */

const BucketTotals = {
  allocated: Amount,
  unreleased: Amount,
  available: Amount,
  committed: Amount,
  spent: Amount,
  recovered: Amount,
};
const PotRef = z.strictObject({ planId: z.string(), potId: z.string() });
const reconciliation = {
  rows: z.array(
    z.strictObject({
      funderId: z.string(),
      stream: z.enum(streams),
      mode: z.enum(holdingModes),
      pots: z.int(),
      ...BucketTotals,
    }),
  ),
  totals: z.strictObject(BucketTotals),
  spendByOutcomeDomain: z.array(z.strictObject({ domain: z.string(), spent: Amount })),
  plans: z.int(),
  pots: z.int(),
  balanced: z.boolean(),
  unbalancedPots: z.array(PotRef),
};
export const CouncilReconciliationSchema = z
  .strictObject({
    councilId: z.string(),
    from: CalendarDate,
    to: CalendarDate,
    verified: z.enum(['totals', 'pots']).register(z.globalRegistry, {
      description:
        "totals: read from the council's figures, `balanced` says the totals reconcile; pots: every pot read, any that disagrees named",
    }),
    figuresAgree: z.optional(z.boolean()).register(z.globalRegistry, {
      description: "with verify=pots: the council's figures give the same report as its pots",
    }),
    ...reconciliation,
    flows: z.strictObject({ received: Amount, spent: Amount, recovered: Amount }),
    summaryMismatches: z.array(PotRef),
    shortfalls: z.array(
      z.strictObject({
        planId: z.string(),
        potId: z.string(),
        stream: z.string(),
        cost: Amount,
        allocation: Amount,
        shortfall: Amount,
        reason: z.string(),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'CouncilReconciliation' });
export const FunderReconciliationSchema = z
  .strictObject({
    funderId: z.string(),
    from: CalendarDate,
    to: CalendarDate,
    flows: z.strictObject({ received: Amount, spent: Amount, recovered: Amount }),
    ...reconciliation,
    byCouncil: z.array(
      z.strictObject({
        councilId: z.string(),
        mode: z.string(),
        allocated: Amount,
        spent: Amount,
        held: Amount,
        pots: z.int(),
      }),
    ),
    modeSplit: z.array(z.strictObject({ mode: z.string(), pots: z.int(), allocated: Amount, spent: Amount })),
  })
  .register(z.globalRegistry, { id: 'FunderReconciliation' });

const OutcomeRow = z.strictObject({
  planId: z.string(),
  potId: z.string(),
  outcomeId: z.string(),
  domain: z.union([z.enum(outcomeDomains), z.literal('unknown')]),
  spent: Amount,
  committed: Amount,
});
const CategoryRow = z.strictObject({ category: z.string(), spent: Amount });
export const StatementSchema = z
  .strictObject({
    planId: z.string(),
    range: z.strictObject({ from: CalendarDate, to: CalendarDate }),
    pots: z.array(
      z.strictObject({
        potId: z.string(),
        stream: z.enum(streams),
        mode: z.enum(holdingModes),
        allocated: Amount,
        received: Amount,
        committed: Amount,
        spent: Amount,
        available: Amount,
        recovered: Amount,
        receivedInRange: Amount,
        spentInRange: Amount,
        burnRatePerWeek: Amount,
        projectedYearEndSpend: Amount,
        projectedPosition: Amount,
        summary: z.string(),
      }),
    ),
    byOutcome: z.array(OutcomeRow),
    byCategory: z.array(CategoryRow),
    entries: z.array(EntrySchema),
  })
  .register(z.globalRegistry, { id: 'Statement' });

export const MonitoringReturnSchema = z
  .strictObject({
    planId: z.string(),
    potId: z.string(),
    quarter: z.string(),
    opening: Amount,
    received: Amount,
    spent: Amount,
    recovered: Amount,
    closing: Amount,
    spentByCategory: z.array(CategoryRow),
    flags: z.strictObject({
      surplusAboveThreshold: z.boolean(),
      noSpending: z.boolean(),
      rejectedSpends: z.int(),
      spendsWithoutEvidence: z.int(),
      prohibitedAttempts: z.int(),
      refusedAttempts: z.int(),
      reviewOverdue: z.boolean(),
      returnOverdue: z.boolean(),
    }),
    threshold: Amount,
    returnStatus: z.enum(['not_due', 'submitted', 'query', 'due', 'overdue']),
    spendsWithoutEvidence: z.array(z.string()),
    unexplainedLines: z.int(),
    unexplainedAmount: Amount,
  })
  .register(z.globalRegistry, { id: 'MonitoringReturn' });

export const HolderReturnSchema = z
  .strictObject({
    planId: z.string(),
    potId: z.string(),
    returnId: z.string(),
    quarter: z.string(),
    closing: Amount,
    bankBalance: Amount,
    bankBalanceSource: z.optional(z.enum(['holder', 'statement'])),
    difference: Amount,
    status: z.enum(['accepted', 'query']),
    declaration: z.literal(true),
    notes: z.optional(z.string()),
    submittedAt: Instant,
    submittedBy: ActorRef,
  })
  .register(z.globalRegistry, { id: 'HolderReturn' });
export const MonitoringReturnsPageSchema = pageOf(MonitoringReturnSchema, 'MonitoringReturnsPage', {
  quarter: z.string(),
  from: CalendarDate,
  to: CalendarDate,
});

export const SurplusReportSchema = z
  .strictObject({
    councilId: z.string(),
    items: z.array(
      z.strictObject({
        planId: z.string(),
        potId: z.string(),
        available: Amount,
        threshold: Amount,
        recoverable: Amount,
        weeks: z.int(),
        reason: z.optional(z.string()),
      }),
    ),
    totalRecoverable: Amount,
  })
  .register(z.globalRegistry, { id: 'Surpluses' });

export const ClientMoneySchema = z
  .strictObject({
    brokerId: z.string(),
    clients: z.array(
      z.strictObject({
        planId: z.string(),
        councilId: z.string(),
        pots: z.array(z.strictObject({ potId: z.string(), held: Amount })),
        held: Amount,
      }),
    ),
    total: Amount,
  })
  .register(z.globalRegistry, { id: 'ClientMoney' });

export type ReportSchemasFitViews = [
  Fits<typeof CouncilReconciliationSchema, CouncilReconciliation>,
  Fits<typeof FunderReconciliationSchema, FunderReconciliation>,
  Fits<typeof StatementSchema, FamilyStatement>,
  Fits<typeof MonitoringReturnSchema, MonitoringReturn & ReturnFacts>,
  Fits<typeof HolderReturnSchema, HolderReturn>,
  Fits<typeof SurplusReportSchema, SurplusReport>,
  Fits<typeof ClientMoneySchema, ClientMoney>,
];
