import * as z from 'zod';
import { dateMax, dateMin, isInCalendarRange, isQuarterInRange, isRealDate } from '../../domain/dates.js';
import {
  cessationReasons,
  frequencies,
  holderKinds,
  holdingModes,
  memberRelations,
  outcomeDomains,
  planSections,
  recoveryReasons,
  spendStatuses,
  streams,
} from '../../domain/model.js';
import { AMOUNT_PATTERN, Money, SIGNED_AMOUNT_PATTERN } from '../../domain/money.js';
import { reviewKinds } from '../../domain/plan-records.js';
import { pageLimitDefault, pageLimitMax } from '../../domain/ports.js';

/**
 * The request shapes of the public contract (DESIGN.md section 5). Objects are strict (unknown
 * fields are refused), amounts are strings, and the same schemas generate /v1/openapi.json.
 */

export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 characters of A-Za-z0-9_-');
const Category = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a lower-case category such as short_breaks');
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'must be a real calendar date')
  .refine(isInCalendarRange, `must lie within ${dateMin} to ${dateMax}`);
export const Amount = z
  .string({ error: 'amounts are strings such as "123.45", never JSON numbers' })
  .regex(AMOUNT_PATTERN, 'must be pounds with at most 2 decimals, e.g. "123.45"')
  .refine((v) => Money.parse(v).isPositive(), 'must be greater than zero')
  .meta({ description: 'GBP amount as a decimal string', examples: ['45.00'] });
export const SignedAmount = z
  .string({ error: 'amounts are strings such as "-120.00", never JSON numbers' })
  .regex(SIGNED_AMOUNT_PATTERN, 'must be pounds with at most 2 decimals, optionally negative')
  .refine((v) => !Money.parseSigned(v).isZero(), 'must not be zero')
  .meta({ description: 'signed GBP amount as a decimal string', examples: ['-120.00'] });
/** Free text is trimmed, never blank, and holds no control characters (a description may break lines). */
const controlCharacter = /[\p{Cc}\u2028\u2029]/u;
const lineBreak = /^[\n\r\t]$/;
const hasControlCharacter = (value: string, allowLineBreaks: boolean): boolean =>
  [...value].some((ch) => controlCharacter.test(ch) && !(allowLineBreaks && lineBreak.test(ch)));
const text = (max: number, allowLineBreaks: boolean) =>
  z
    .string()
    .trim()
    .min(1, 'must not be blank')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !hasControlCharacter(v, allowLineBreaks), 'must not contain control characters');
const Short = text(200, false);
const Description = text(1000, true);

export const outcomesMax = 50;
export const provisionsMax = 100;
export const categoriesMax = 30;

const Outcome = z.strictObject({
  id: Id,
  domain: z.enum(outcomeDomains),
  description: Description,
  targetDate: IsoDate.optional(),
});

const Provision = z.strictObject({
  id: Id,
  section: z.enum(planSections),
  stream: z.enum(streams),
  description: Description,
  outcomeIds: z.array(Id).min(1).max(outcomesMax),
  categories: z.array(Category).min(1).max(categoriesMax),
  onSchoolPremises: z.boolean().optional(),
  schoolConsentDate: IsoDate.optional(),
  annualCost: Amount.optional(),
});

export const CreatePlanBody = z
  .strictObject({
    councilId: Id,
    child: z.strictObject({ reference: Id, dateOfBirth: IsoDate }),
    status: z.enum(['draft', 'active']).optional(),
    outcomes: z.array(Outcome).min(1).max(outcomesMax),
    provisions: z.array(Provision).min(1).max(provisionsMax),
  })
  .meta({ id: 'CreatePlan' });

export const CreateBudgetBody = z
  .strictObject({
    period: z.strictObject({ start: IsoDate, end: IsoDate }),
    pots: z
      .array(
        z.strictObject({
          potId: Id,
          stream: z.enum(streams),
          funderId: Id,
          mode: z.enum(holdingModes),
          holderId: Id.optional(),
          allocation: Amount,
          schedule: z
            .strictObject({ frequency: z.enum(frequencies), firstDate: IsoDate.optional() })
            .optional(),
        }),
      )
      .min(1)
      .max(9),
    shortfallReason: Short.optional(),
  })
  .meta({ id: 'CreateBudget' });

export const AdjustmentBody = z
  .strictObject({
    amount: SignedAmount,
    reason: Short,
    effectiveDate: IsoDate.optional(),
    noticeGiven: IsoDate.optional(),
  })
  .meta({ id: 'Adjustment' });

export const SpendBody = z
  .strictObject({
    potId: Id,
    amount: Amount,
    date: IsoDate,
    payee: Short,
    category: Category,
    outcomeId: Id,
    provisionId: Id,
    paid: z.boolean().optional(),
    evidence: Short.optional(),
    description: Description.optional(),
    householdRelative: z.boolean().optional(),
  })
  .meta({ id: 'Spend' });

export const ApproveBody = z.strictObject({ reason: Short.optional() }).meta({ id: 'Approve' });
export const EvidenceBody = z.strictObject({ evidence: Short }).meta({ id: 'Evidence' });
export const RejectBody = z.strictObject({ reason: Short }).meta({ id: 'Reject' });
export const PayBody = z
  .strictObject({ evidence: Short.optional(), amount: Amount.optional(), date: IsoDate.optional() })
  .meta({ id: 'Pay' });
export const VoidBody = z.strictObject({ reason: Short.optional() }).meta({ id: 'Void' });
export const ReverseBody = z.strictObject({ reason: Short }).meta({ id: 'Reverse' });
export const RecoveryBody = z
  .strictObject({
    amount: Amount,
    reason: z.enum(recoveryReasons),
    dueDate: IsoDate,
    noticeGiven: IsoDate.optional(),
    notice: Short.optional(),
  })
  .meta({ id: 'Recovery' });
export const SuspendBody = z.strictObject({ reason: Short }).meta({ id: 'Suspend' });
export const CessationBody = z
  .strictObject({ reason: z.enum(cessationReasons), date: IsoDate })
  .meta({ id: 'Cessation' });
export const ResumptionBody = z
  .strictObject({ reason: Short, missedInstalments: z.enum(['release', 'withhold']) })
  .meta({ id: 'Resumption' });
export const ResumeBody = z.strictObject({ reason: Short.optional() }).meta({ id: 'Resume' });
export const AgreementBody = z
  .strictObject({
    holder: z.strictObject({ kind: z.enum(holderKinds), name: Short, sub: Id.optional() }),
    signedOn: IsoDate,
    accountReference: z
      .string()
      .regex(/^[*0-9A-Za-z -]{4,34}$/, 'an account reference such as ****1234 (never a full account number)'),
    conditions: Description.optional(),
  })
  .meta({ id: 'AgreementRequest' });

export const MemberBody = z
  .strictObject({ sub: Id, name: Short, relation: z.enum(memberRelations), canSpend: z.boolean() })
  .meta({ id: 'MemberRequest' });

export const Quarter = z
  .string()
  .regex(/^[0-9]{4}-Q[1-4]$/, 'quarter looks like 2026-Q1 (financial year by its starting year)')
  .refine(isQuarterInRange, `a quarter lies within ${dateMin} to ${dateMax}: 2000-Q1 to 2099-Q3`);

export const ReturnBody = z
  .strictObject({
    quarter: Quarter,
    bankBalance: z
      .string({ error: 'amounts are strings such as "593.48", never JSON numbers' })
      .regex(
        SIGNED_AMOUNT_PATTERN,
        'must be pounds with at most 2 decimals, e.g. "593.48" (negative if overdrawn)',
      ),
    declaration: z.literal(true, 'the holder declares the return true'),
    notes: Description.optional(),
  })
  .meta({ id: 'ReturnRequest' });

export const InstalmentRunBody = z
  .strictObject({ councilId: Id, upTo: IsoDate })
  .meta({ id: 'InstalmentRun' });

export const PageQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, `limit is a whole number from 1 to ${pageLimitMax}`)
    .transform(Number)
    .refine((n) => n <= pageLimitMax, `limit is at most ${pageLimitMax}`)
    .optional()
    .meta({ description: `page size, default ${pageLimitDefault}` }),
  cursor: z.string().min(1).max(400).optional(),
});

export const EmptyQuery = z.strictObject({});

const Format = z.enum(['json', 'csv']).optional();
export const ReportQuery = z.strictObject({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  format: Format,
});
export const FormatQuery = z.strictObject({ format: Format });
export const RecoveriesQuery = z.strictObject({
  status: z.enum(['notified', 'overdue', 'settled', 'withdrawn']).optional(),
});
export const MonitoringQuery = z.strictObject({
  quarter: z
    .string()
    .regex(/^[0-9]{4}-Q[1-4]$/, 'quarter looks like 2026-Q1 (financial year by its starting year)')
    .refine(isQuarterInRange, `a quarter lies within ${dateMin} to ${dateMax}: 2000-Q1 to 2099-Q3`),
  limit: PageQuery.shape.limit,
  cursor: PageQuery.shape.cursor,
  format: Format,
});
export const JournalQuery = z.strictObject({ format: z.enum(['hledger']).optional() });

/** A council's overrides of the section 3a defaults (DESIGN.md section 9b); also POLICY_OVERRIDES. */
export const PolicyBody = z
  .strictObject({
    autoApprovalLimitGbp: z
      .strictObject({
        direct_payment: z
          .string()
          .regex(/^[0-9]+\.[0-9]{2}$/)
          .nullable(),
        third_party: z
          .string()
          .regex(/^[0-9]+\.[0-9]{2}$/)
          .nullable(),
        notional: z
          .string()
          .regex(/^[0-9]+\.[0-9]{2}$/)
          .nullable(),
      })
      .optional(),
    pendingExpiryDays: z.int().min(1).max(365).optional(),
    surplusWeeks: z.int().min(4).max(8).optional(),
    budgetReviewMonths: z.int().min(1).max(24).optional(),
    extraProhibitedCategories: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/)).optional(),
    requireAgreement: z.boolean().optional(),
    returnDueDays: z.int().min(1).max(120).optional(),
    offsetSurplus: z.boolean().optional(),
    suspendOnOverdueReturn: z.boolean().optional(),
    requestDecisionDays: z.int().min(1).max(365).optional(),
  })
  .meta({ id: 'CouncilPolicy' });

export const AmendmentBody = z
  .strictObject({
    reason: Short,
    effectiveFrom: IsoDate,
    addOutcomes: z.array(Outcome).max(outcomesMax).optional(),
    addProvisions: z.array(Provision).max(provisionsMax).optional(),
    retireOutcomeIds: z.array(Id).max(outcomesMax).optional(),
    retireProvisionIds: z.array(Id).max(provisionsMax).optional(),
    updateProvisions: z
      .array(
        z.strictObject({
          id: Id,
          categories: z.array(Category).min(1).max(categoriesMax).optional(),
          annualCost: Amount.optional(),
          onSchoolPremises: z.boolean().optional(),
          schoolConsentDate: IsoDate.optional(),
        }),
      )
      .max(provisionsMax)
      .optional(),
  })
  .meta({ id: 'Amendment' });

export const ReviewBody = z
  .strictObject({
    kind: z.enum(reviewKinds),
    potId: Id.optional(),
    date: IsoDate,
    notes: Description.optional(),
    nextDue: IsoDate.optional(),
  })
  .meta({ id: 'Review' });

export const BudgetRequestBody = z
  .strictObject({
    streams: z.array(z.enum(streams)).min(1).max(3),
    preferredModes: z.partialRecord(z.enum(streams), z.enum(holdingModes)).optional(),
    notes: Description.optional(),
  })
  .meta({ id: 'BudgetRequest' });

export const DecisionBody = z
  .strictObject({
    decision: z.enum(['agreed', 'refused']),
    reason: Description.optional(),
    reviewRightsExplained: z.boolean(),
  })
  .meta({ id: 'BudgetDecision' });

export const BudgetRequestsQuery = z.strictObject({
  status: z.enum(['open', 'decided']).optional(),
  limit: PageQuery.shape.limit,
  cursor: PageQuery.shape.cursor,
});

export const SpendsQuery = z.strictObject({
  status: z.enum(spendStatuses).optional(),
  limit: PageQuery.shape.limit,
  cursor: PageQuery.shape.cursor,
});

export const PlanSearchQuery = z.strictObject({
  reference: z
    .string()
    .regex(/^[A-Za-z0-9_-]{0,64}$/, 'a reference is letters, digits, _ and -')
    .optional(),
  limit: PageQuery.shape.limit,
  cursor: PageQuery.shape.cursor,
});
