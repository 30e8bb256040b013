import type { AgreementView } from '../domain/app/agreements.js';
import type { PotMovementResult } from '../domain/app/commands.js';
import type { RunAnswer, RunView } from '../domain/app/instalments.js';
import type { AdjustmentResult } from '../domain/app/pots.js';
import type { ApprovalItem } from '../domain/app/queries.js';
import type { RecoveryView } from '../domain/app/recoveries.js';
import type { PlanView, PotView, SpendView } from '../domain/app/views.js';
import {
  entryKinds,
  eventKinds,
  frequencies,
  holderKinds,
  holdingModes,
  type JournalEntry,
  type Member,
  memberRelations,
  outcomeDomains,
  type PlanEvent,
  planSections,
  planStatuses,
  type Recovery,
  recoveryReasons,
  spendStatuses,
  streams,
} from '../domain/model.js';
import type { Page } from '../domain/ports.js';
import {
  ActorRef,
  Amount,
  CalendarDate,
  Cursor,
  type Fits,
  Instant,
  Period,
  pageOf,
} from './response-parts.js';
import * as z from './zod.js';

/**
 * The response shapes of the public contract, as zod schemas: /v1/openapi.json documents them and
 * the contract test validates real answers against them. Objects are strict, so a field the code
 * returns but the description lacks fails that test. The `Check` lines below make the compiler
 * refuse a view type that no longer fits its schema.
 */

export const OutcomeSchema = z.strictObject({
  id: z.string(),
  domain: z.enum(outcomeDomains),
  description: z.string(),
  targetDate: z.optional(CalendarDate),
  retiredFrom: z.optional(CalendarDate),
});
export const ProvisionSchema = z.strictObject({
  id: z.string(),
  section: z.enum(planSections),
  stream: z.enum(streams),
  description: z.string(),
  outcomeIds: z.array(z.string()),
  categories: z.array(z.string()),
  onSchoolPremises: z.optional(z.boolean()),
  schoolConsentDate: z.optional(CalendarDate),
  annualCost: z.optional(Amount),
  retiredFrom: z.optional(CalendarDate),
});

export const PotViewSchema = z
  .strictObject({
    potId: z.string(),
    stream: z.enum(streams),
    funderId: z.string(),
    mode: z.enum(holdingModes),
    holderId: z.optional(z.string()),
    period: Period,
    schedule: z.optional(
      z.strictObject({
        frequency: z.enum(frequencies),
        firstDate: CalendarDate,
        instalments: z.int(),
        posted: z.int(),
        next: z.nullable(z.strictObject({ date: CalendarDate, amount: Amount })),
      }),
    ),
    allocated: Amount,
    unreleased: Amount,
    available: Amount,
    committed: Amount,
    spent: Amount,
    recovered: Amount,
    suspended: z.boolean(),
    suspensionReason: z.optional(z.string()),
    agreement: z.optional(
      z.strictObject({
        agreementId: z.string(),
        version: z.int(),
        holderKind: z.string(),
        signedOn: CalendarDate,
      }),
    ),
    ceased: z.optional(z.strictObject({ reason: z.string(), date: CalendarDate })),
    shortfall: z.optional(
      z.strictObject({ cost: Amount, allocation: Amount, shortfall: Amount, reason: z.string() }),
    ),
    scheduledAdjustments: z.optional(
      z.array(
        z.strictObject({
          adjustmentId: z.string(),
          amount: Amount,
          effectiveDate: CalendarDate,
          reason: z.string(),
        }),
      ),
    ),
  })
  .register(z.globalRegistry, { id: 'Pot' });

export const AdjustmentResultSchema = z
  .strictObject({
    status: z.enum(['posted', 'scheduled']),
    effectiveDate: CalendarDate,
    entryId: z.optional(z.string()),
    adjustmentId: z.optional(z.string()),
    pot: PotViewSchema,
  })
  .register(z.globalRegistry, { id: 'AdjustmentResult' });

export const PlanViewSchema = z
  .strictObject({
    planId: z.string(),
    councilId: z.string(),
    status: z.enum(planStatuses),
    child: z.strictObject({ reference: z.string(), dateOfBirth: CalendarDate, name: z.optional(z.string()) }),
    outcomes: z.array(OutcomeSchema),
    provisions: z.array(ProvisionSchema),
    period: z.nullable(Period),
    pots: z.array(
      z.extend(PotViewSchema, {
        spendable: z
          .boolean()
          .register(z.globalRegistry, { description: 'the caller may record spends from this pot' }),
      }),
    ),
    createdAt: Instant,
    version: z.int(),
  })
  .register(z.globalRegistry, { id: 'Plan' });

export const SpendViewSchema = z
  .strictObject({
    planId: z.string(),
    spendId: z.string(),
    potId: z.string(),
    amount: Amount,
    reserved: Amount,
    paidAmount: Amount,
    date: CalendarDate,
    payee: z.string(),
    category: z.string(),
    outcomeId: z.string(),
    provisionId: z.string(),
    evidence: z.optional(z.string()),
    description: z.optional(z.string()),
    paidOn: z.optional(CalendarDate),
    householdRelative: z.boolean(),
    status: z.enum(spendStatuses),
    approvalReasons: z.array(z.string()),
    approvalDue: z.optional(CalendarDate),
    requestedBy: ActorRef,
    requestedAt: Instant,
    decidedBy: z.optional(ActorRef),
    decidedAt: z.optional(Instant),
    decisionReason: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'SpendState' });

export const PotMovementSchema = z
  .strictObject({ entryId: z.string(), pot: PotViewSchema })
  .register(z.globalRegistry, { id: 'PotMovement' });
const recoveryFields = {
  planId: z.string(),
  potId: z.string(),
  recoveryId: z.string(),
  councilId: z.string(),
  funderId: z.string(),
  amount: Amount,
  reason: z.enum(recoveryReasons),
  dueDate: CalendarDate,
  noticeGiven: z.optional(CalendarDate),
  notice: z.optional(z.string()),
  status: z.enum(['notified', 'settled', 'withdrawn', 'reversed']),
  createdAt: Instant,
  createdBy: ActorRef,
  closedAt: z.optional(Instant),
  closedBy: z.optional(ActorRef),
  version: z.int(),
};
export const RecoveryResultSchema = z
  .strictObject({ ...recoveryFields, entryId: z.string(), pot: PotViewSchema })
  .register(z.globalRegistry, { id: 'RecoveryResult' });
export const RecoveriesSchema = z
  .strictObject({ items: z.array(z.strictObject({ ...recoveryFields, overdue: z.boolean() })) })
  .register(z.globalRegistry, { id: 'Recoveries' });
export const ReversalResultSchema = z
  .strictObject({ entryId: z.string(), pot: PotViewSchema, reverses: z.string() })
  .register(z.globalRegistry, { id: 'ReversalResult' });

const Posting = z.strictObject({
  potId: z.string(),
  account: z.enum(['unreleased', 'available', 'committed', 'spent', 'recovered', 'funder']),
  amount: Amount,
});
export const EntrySchema = z
  .strictObject({
    planId: z.string(),
    councilId: z.string(),
    entryId: z.string(),
    kind: z.enum(entryKinds),
    postings: z.array(Posting),
    effectiveDate: CalendarDate,
    recordedAt: Instant,
    actor: ActorRef,
    requestId: z.string(),
    spendId: z.optional(z.string()),
    reverses: z.optional(z.string()),
    instalmentIndex: z.optional(z.int()),
    recoveryId: z.optional(z.string()),
    outcomeId: z.optional(z.string()),
    provisionId: z.optional(z.string()),
    category: z.optional(z.string()),
    payee: z.optional(z.string()),
    reason: z.optional(z.string()),
    memo: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'Entry' });
export const AuditPageSchema = z
  .strictObject({ entries: z.array(EntrySchema), next: Cursor })
  .register(z.globalRegistry, { id: 'AuditPage' });

export const ApprovalsPageSchema = pageOf(
  z.strictObject({
    planId: z.string(),
    spendId: z.string(),
    potId: z.string(),
    amount: Amount,
    category: z.string(),
    payee: z.string(),
    date: CalendarDate,
    outcomeId: z.string(),
    provisionId: z.string(),
    reasons: z.array(z.string()),
    requestedBy: ActorRef,
    requestedAt: Instant,
  }),
  'ApprovalsPage',
);

const runCounts = {
  councilId: z.string(),
  upTo: CalendarDate,
  posted: z.int(),
  alreadyPosted: z.int(),
  amount: Amount,
};
const RunHeld = z.array(
  z.strictObject({
    planId: z.string(),
    potId: z.string(),
    reason: z.enum(['AGREEMENT_REQUIRED', 'PAYMENT_RETURNED', 'POSTING_REFUSED']),
  }),
);
const RunOffset = z.array(z.strictObject({ planId: z.string(), potId: z.string(), amount: Amount }));
export const RunViewSchema = z
  .strictObject({
    runId: z.string(),
    ...runCounts,
    shards: z.int(),
    shardsDone: z.int(),
    startedAt: Instant,
    held: z.optional(RunHeld),
    offset: z.optional(RunOffset),
    payments: z.optional(z.int()),
    /** Each payment file downloaded, oldest first (DESIGN.md 11b). */
    downloads: z.optional(
      z.array(
        z.strictObject({
          format: z.enum(['pain.001', 'csv', 'card-loads']),
          actor: ActorRef,
          at: Instant,
          count: z.int(),
          sum: Amount,
        }),
      ),
    ),
    state: z.enum(['running', 'completed']),
  })
  .register(z.globalRegistry, { id: 'InstalmentRunProgress' });
/** A council's runs, newest first; each run's downloads are on its own page. */
export const InstalmentRunsPageSchema = pageOf(
  z.omit(RunViewSchema, { downloads: true }),
  'InstalmentRunsPage',
);
export const RunAnswerSchema = z
  .union([
    z.strictObject({
      runId: z.optional(z.string()),
      ...runCounts,
      skippedSuspended: z.int(),
      held: RunHeld,
      offset: RunOffset,
      payments: z.optional(z.int()),
      state: z.literal('completed'),
    }),
    RunViewSchema,
  ])
  .register(z.globalRegistry, { id: 'InstalmentRunAnswer' });

/** A bank account as every answer shows it: the number masked (`"[erased]"` after disposal, 11d). */
export const MaskedAccount = z
  .strictObject({
    name: z.string(),
    sortCode: z.string().check(z.regex(/^[0-9]{2}-[0-9]{2}-[0-9]{2}$/)),
    accountNumber: z.string().check(z.regex(/^(\*{4}[0-9]{4}|\[erased\])$/)),
  })
  .register(z.globalRegistry, { id: 'MaskedBankAccount' });

export const AgreementSchema = z
  .strictObject({
    planId: z.string(),
    potId: z.string(),
    agreementId: z.string(),
    version: z.int(),
    holder: z.strictObject({ kind: z.enum(holderKinds), name: z.string(), sub: z.optional(z.string()) }),
    signedOn: CalendarDate,
    accountReference: z.string(),
    conditions: z.optional(z.string()),
    recordedAt: Instant,
    recordedBy: ActorRef,
    bankAccount: z.optional(MaskedAccount),
    card: z.optional(z.strictObject({ programme: z.string(), cardAccountId: z.string() })),
  })
  .register(z.globalRegistry, { id: 'Agreement' });

export const EventsPageSchema = pageOf(
  z.strictObject({
    planId: z.string(),
    eventId: z.string(),
    kind: z.enum(eventKinds),
    potId: z.optional(z.string()),
    actor: ActorRef,
    recordedAt: Instant,
    reason: z.optional(z.string()),
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
  'EventsPage',
);

const MemberShape = z.strictObject({
  sub: z.string(),
  name: z.string(),
  relation: z.enum(memberRelations),
  canSpend: z.boolean(),
  addedAt: Instant,
  addedBy: ActorRef,
});
export const MemberSchema = MemberShape.register(z.globalRegistry, { id: 'Member' });
export const MembersSchema = z
  .strictObject({ planId: z.string(), members: z.array(MemberShape) })
  .register(z.globalRegistry, { id: 'Members' });
export const MemberRemovedSchema = z
  .strictObject({ planId: z.string(), sub: z.string(), removed: z.literal(true) })
  .register(z.globalRegistry, { id: 'MemberRemoved' });

/** A plain-text answer (the hledger journal): documented as text/plain, not JSON. */
export const PlainTextSchema = z.string().register(z.globalRegistry, { id: 'PlainText' });

export const OpenApiSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })
  .register(z.globalRegistry, { id: 'OpenApiDocument' });

/** Compile-time: the compiler refuses a view whose type no longer fits its documented schema. */
export type ResponseSchemasFitViews = [
  Fits<typeof PotViewSchema, PotView>,
  Fits<typeof PlanViewSchema, PlanView>,
  Fits<typeof SpendViewSchema, SpendView>,
  Fits<typeof PotMovementSchema, PotMovementResult>,
  Fits<typeof AdjustmentResultSchema, AdjustmentResult>,
  Fits<typeof EntrySchema, JournalEntry>,
  Fits<typeof ApprovalsPageSchema, { items: ApprovalItem[]; next: string | null }>,
  Fits<typeof RunViewSchema, RunView & { state: 'running' | 'completed' }>,
  Fits<typeof RunAnswerSchema, RunAnswer>,
  Fits<typeof InstalmentRunsPageSchema, Page<RunView & { state: 'running' | 'completed' }>>,
  Fits<typeof RecoveryResultSchema, RecoveryView>,
  Fits<typeof RecoveriesSchema, { items: Array<Recovery & { overdue: boolean }> }>,
  Fits<typeof AgreementSchema, AgreementView>,
  Fits<typeof EventsPageSchema, Page<PlanEvent>>,
  Fits<typeof MemberSchema, Member>,
  Fits<typeof MembersSchema, { planId: string; members: Member[] }>,
];
