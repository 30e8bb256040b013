import * as z from './zod.js';

/** A council's overrides of the section 3a defaults (DESIGN.md section 9b); also POLICY_OVERRIDES. */
export const PolicyBody = z
  .strictObject({
    autoApprovalLimitGbp: z.optional(
      z.strictObject({
        direct_payment: z.nullable(z.string().check(z.regex(/^[0-9]+\.[0-9]{2}$/))),
        third_party: z.nullable(z.string().check(z.regex(/^[0-9]+\.[0-9]{2}$/))),
        notional: z.nullable(z.string().check(z.regex(/^[0-9]+\.[0-9]{2}$/))),
      }),
    ),
    pendingExpiryDays: z.optional(z.int().check(z.gte(1), z.lte(365))),
    surplusWeeks: z.optional(z.int().check(z.gte(4), z.lte(8))),
    budgetReviewMonths: z.optional(z.int().check(z.gte(1), z.lte(24))),
    extraProhibitedCategories: z.optional(z.array(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,63}$/)))),
    requireAgreement: z.optional(z.boolean()),
    returnDueDays: z.optional(z.int().check(z.gte(1), z.lte(120))),
    offsetSurplus: z.optional(z.boolean()),
    suspendOnOverdueReturn: z.optional(z.boolean()),
    requestDecisionDays: z.optional(z.int().check(z.gte(1), z.lte(365))),
    retentionYears: z.optional(z.int().check(z.gte(1), z.lte(100))),
    cashWithdrawals: z.optional(z.boolean()),
    cashLimitPerQuarter: z.optional(z.nullable(z.string().check(z.regex(/^[0-9]+\.[0-9]{2}$/)))),
    unexplainedLimit: z.optional(z.nullable(z.string().check(z.regex(/^[0-9]+\.[0-9]{2}$/)))),
  })
  .register(z.globalRegistry, { id: 'CouncilPolicy' });
