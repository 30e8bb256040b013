import {
  cessationReasons,
  frequencies,
  holderKinds,
  holdingModes,
  memberRelations,
  outcomeDomains,
  planSections,
  recoveryReasons,
  streams,
} from '../domain/model.js';
import { SIGNED_AMOUNT_PATTERN } from '../domain/money.js';
import { reviewKinds } from '../domain/plan-records.js';
import {
  Amount,
  Category,
  Description,
  Id,
  IsoDate,
  PersonName,
  Quarter,
  Short,
  SignedAmount,
} from './fields.js';
import { madeOnce } from './made-once.js';
import { PolicyBody as PolicyBodySchema } from './policy-schema.js';
import * as z from './zod.js';

/**
 * The request bodies of the public contract (DESIGN.md section 5). Objects are strict (unknown
 * fields are refused), amounts are strings, and the same schemas generate /v1/openapi.json.
 * Nothing here is built at import: each schema, and each part schemas share, is built on its first
 * use and kept, so a cold start builds only what its first request needs (docs/decisions/42).
 * The route tables read bodies and queries (./queries.ts) as one namespace.
 */
export * from './queries.js';

export const outcomesMax = 50;
export const provisionsMax = 100;
export const categoriesMax = 30;

const Outcome = madeOnce(() =>
  z.strictObject({
    id: Id(),
    domain: z.enum(outcomeDomains),
    description: Description(),
    targetDate: z.optional(IsoDate()),
  }),
);

const Provision = madeOnce(() =>
  z.strictObject({
    id: Id(),
    section: z.enum(planSections),
    stream: z.enum(streams),
    description: Description(),
    outcomeIds: z.array(Id()).check(z.minLength(1)).check(z.maxLength(outcomesMax)),
    categories: z.array(Category()).check(z.minLength(1)).check(z.maxLength(categoriesMax)),
    onSchoolPremises: z.optional(z.boolean()),
    schoolConsentDate: z.optional(IsoDate()),
    annualCost: z.optional(Amount()),
  }),
);

export const CreatePlanBody = madeOnce(() =>
  z
    .strictObject({
      councilId: Id(),
      child: z.strictObject({ reference: Id(), dateOfBirth: IsoDate(), name: z.optional(PersonName()) }),
      status: z.optional(z.enum(['draft', 'active'])),
      outcomes: z.array(Outcome()).check(z.minLength(1)).check(z.maxLength(outcomesMax)),
      provisions: z.array(Provision()).check(z.minLength(1)).check(z.maxLength(provisionsMax)),
    })
    .register(z.globalRegistry, { id: 'CreatePlan' }),
);

export const CreateBudgetBody = madeOnce(() =>
  z
    .strictObject({
      period: z.strictObject({ start: IsoDate(), end: IsoDate() }),
      pots: z
        .array(
          z.strictObject({
            potId: Id(),
            stream: z.enum(streams),
            funderId: Id(),
            mode: z.enum(holdingModes),
            holderId: z.optional(Id()),
            allocation: Amount(),
            schedule: z.optional(
              z.strictObject({ frequency: z.enum(frequencies), firstDate: z.optional(IsoDate()) }),
            ),
          }),
        )
        .check(z.minLength(1))
        .check(z.maxLength(9)),
      shortfallReason: z.optional(Short()),
    })
    .register(z.globalRegistry, { id: 'CreateBudget' }),
);

export const AdjustmentBody = madeOnce(() =>
  z
    .strictObject({
      amount: SignedAmount(),
      reason: Short(),
      effectiveDate: z.optional(IsoDate()),
      noticeGiven: z.optional(IsoDate()),
      shortfallReason: z.optional(Short()),
    })
    .register(z.globalRegistry, { id: 'Adjustment' }),
);

export const SpendBody = madeOnce(() =>
  z
    .strictObject({
      potId: Id(),
      amount: Amount(),
      date: IsoDate(),
      payee: Short(),
      category: Category(),
      outcomeId: Id(),
      provisionId: Id(),
      paid: z.optional(z.boolean()),
      evidence: z.optional(Short()),
      description: z.optional(Description()),
      householdRelative: z.optional(z.boolean()),
    })
    .register(z.globalRegistry, { id: 'Spend' }),
);

export const ApproveBody = madeOnce(() =>
  z.strictObject({ reason: z.optional(Short()) }).register(z.globalRegistry, { id: 'Approve' }),
);
export const EvidenceBody = madeOnce(() =>
  z.strictObject({ evidence: Short() }).register(z.globalRegistry, { id: 'Evidence' }),
);
export const RejectBody = madeOnce(() =>
  z.strictObject({ reason: Short() }).register(z.globalRegistry, { id: 'Reject' }),
);
export const PayBody = madeOnce(() =>
  z
    .strictObject({
      evidence: z.optional(Short()),
      amount: z.optional(Amount()),
      date: z.optional(IsoDate()),
    })
    .register(z.globalRegistry, { id: 'Pay' }),
);
export const VoidBody = madeOnce(() =>
  z.strictObject({ reason: z.optional(Short()) }).register(z.globalRegistry, { id: 'Void' }),
);
export const ReverseBody = madeOnce(() =>
  z.strictObject({ reason: Short() }).register(z.globalRegistry, { id: 'Reverse' }),
);
export const RecoveryBody = madeOnce(() =>
  z
    .strictObject({
      amount: Amount(),
      reason: z.enum(recoveryReasons),
      dueDate: IsoDate(),
      noticeGiven: z.optional(IsoDate()),
      notice: z.optional(Short()),
    })
    .register(z.globalRegistry, { id: 'Recovery' }),
);
export const SuspendBody = madeOnce(() =>
  z.strictObject({ reason: Short() }).register(z.globalRegistry, { id: 'Suspend' }),
);
export const CessationBody = madeOnce(() =>
  z
    .strictObject({
      reason: z.enum(cessationReasons),
      date: IsoDate(),
      noticeGiven: z.optional(IsoDate()),
    })
    .register(z.globalRegistry, { id: 'Cessation' }),
);
export const ResumptionBody = madeOnce(() =>
  z
    .strictObject({ reason: Short(), missedInstalments: z.enum(['release', 'withhold']) })
    .register(z.globalRegistry, { id: 'Resumption' }),
);
export const ResumeBody = madeOnce(() =>
  z.strictObject({ reason: z.optional(Short()) }).register(z.globalRegistry, { id: 'Resume' }),
);
export const AgreementBody = madeOnce(() =>
  z
    .strictObject({
      holder: z.strictObject({ kind: z.enum(holderKinds), name: Short(), sub: z.optional(Id()) }),
      signedOn: IsoDate(),
      accountReference: z
        .string()
        .check(
          z.regex(
            /^[*0-9A-Za-z -]{4,34}$/,
            'an account reference such as ****1234 (never a full account number)',
          ),
        ),
      conditions: z.optional(Description()),
      /** Where the direct payment is paid (DESIGN.md 11b); checked by the domain (422 BANK_DETAILS_INVALID). */
      bankAccount: z.optional(BankAccountShape()),
      card: z.optional(
        z.strictObject({
          programme: z.string().check(z.maxLength(35)),
          cardAccountId: z.string().check(z.maxLength(34)),
        }),
      ),
    })
    .register(z.globalRegistry, { id: 'AgreementRequest' }),
);

export const MemberBody = madeOnce(() =>
  z
    .strictObject({ sub: Id(), name: Short(), relation: z.enum(memberRelations), canSpend: z.boolean() })
    .register(z.globalRegistry, { id: 'MemberRequest' }),
);

export const ReturnBody = madeOnce(() =>
  z
    .strictObject({
      quarter: Quarter(),
      // Optional since section 11b: without it the statements' balance at the quarter's end is used.
      bankBalance: z.optional(
        z
          .string({ error: 'amounts are strings such as "593.48", never JSON numbers' })
          .check(
            z.regex(
              SIGNED_AMOUNT_PATTERN,
              'must be pounds with at most 2 decimals, e.g. "593.48" (negative if overdrawn)',
            ),
          ),
      ),
      declaration: z.literal(true, 'the holder declares the return true'),
      notes: z.optional(Description()),
    })
    .register(z.globalRegistry, { id: 'ReturnRequest' }),
);

/**
 * UK bank details (DESIGN.md 11b). Only their shape is checked here; the sort code's form, the
 * account number's and the Vocalink modulus check are the domain's, answered 422
 * BANK_DETAILS_INVALID naming the field.
 */
const BankAccountShape = madeOnce(() =>
  z.strictObject({
    name: z.string().check(z.maxLength(140)),
    sortCode: z
      .string()
      .check(z.maxLength(20))
      .register(z.globalRegistry, { description: 'six digits written 12-34-56', examples: ['08-99-99'] }),
    accountNumber: z
      .string()
      .check(z.maxLength(20))
      .register(z.globalRegistry, { description: 'eight digits', examples: ['66374958'] }),
  }),
);
export const BankAccountBody = madeOnce(() =>
  BankAccountShape().register(z.globalRegistry, { id: 'BankAccountRequest' }),
);
export const ReturnedPaymentBody = madeOnce(() =>
  z
    .strictObject({
      reason: Short(),
      code: z.optional(z.string().check(z.regex(/^[A-Z0-9]{1,8}$/, 'a bank return code such as AC01'))),
    })
    .register(z.globalRegistry, { id: 'ReturnedPaymentRequest' }),
);

export const InstalmentRunBody = madeOnce(() =>
  z.strictObject({ councilId: Id(), upTo: IsoDate() }).register(z.globalRegistry, { id: 'InstalmentRun' }),
);
/** Built with the configuration at every cold start, which checks POLICY_OVERRIDES against it. */
export const PolicyBody = () => PolicyBodySchema;

export const AmendmentBody = madeOnce(() =>
  z
    .strictObject({
      reason: Short(),
      effectiveFrom: IsoDate(),
      addOutcomes: z.optional(z.array(Outcome()).check(z.maxLength(outcomesMax))),
      addProvisions: z.optional(z.array(Provision()).check(z.maxLength(provisionsMax))),
      retireOutcomeIds: z.optional(z.array(Id()).check(z.maxLength(outcomesMax))),
      retireProvisionIds: z.optional(z.array(Id()).check(z.maxLength(provisionsMax))),
      updateProvisions: z.optional(
        z
          .array(
            z.strictObject({
              id: Id(),
              categories: z.optional(
                z.array(Category()).check(z.minLength(1)).check(z.maxLength(categoriesMax)),
              ),
              annualCost: z.optional(Amount()),
              onSchoolPremises: z.optional(z.boolean()),
              schoolConsentDate: z.optional(IsoDate()),
            }),
          )
          .check(z.maxLength(provisionsMax)),
      ),
      shortfallReason: z.optional(Short()),
    })
    .register(z.globalRegistry, { id: 'Amendment' }),
);

export const ReviewBody = madeOnce(() =>
  z
    .strictObject({
      kind: z.enum(reviewKinds),
      potId: z.optional(Id()),
      date: IsoDate(),
      notes: z.optional(Description()),
      nextDue: z.optional(IsoDate()),
    })
    .register(z.globalRegistry, { id: 'Review' }),
);

export const BudgetRequestBody = madeOnce(() =>
  z
    .strictObject({
      streams: z.array(z.enum(streams)).check(z.minLength(1)).check(z.maxLength(3)),
      preferredModes: z.optional(z.partialRecord(z.enum(streams), z.enum(holdingModes))),
      notes: z.optional(Description()),
    })
    .register(z.globalRegistry, { id: 'BudgetRequest' }),
);

export const DecisionBody = madeOnce(() =>
  z
    .strictObject({
      decision: z.enum(['agreed', 'refused']),
      reason: z.optional(Description()),
      reviewRightsExplained: z.boolean(),
    })
    .register(z.globalRegistry, { id: 'BudgetDecision' }),
);
