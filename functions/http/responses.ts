import * as z from 'zod';
import type { AgreementView } from '../../domain/app/agreements.js';
import type { PotMovementResult } from '../../domain/app/commands.js';
import type { RunAnswer, RunView } from '../../domain/app/instalments.js';
import type { AdjustmentResult } from '../../domain/app/pots.js';
import type { ApprovalItem } from '../../domain/app/queries.js';
import type { RecoveryView } from '../../domain/app/recoveries.js';
import type { PlanView, PotView, SpendView } from '../../domain/app/views.js';
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
} from '../../domain/model.js';
import type { Page } from '../../domain/ports.js';
import { ActorRef, Amount, CalendarDate, Cursor, type Fits, Instant, Period } from './response-parts.js';

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
  targetDate: CalendarDate.optional(),
  retiredFrom: CalendarDate.optional(),
});
export const ProvisionSchema = z.strictObject({
  id: z.string(),
  section: z.enum(planSections),
  stream: z.enum(streams),
  description: z.string(),
  outcomeIds: z.array(z.string()),
  categories: z.array(z.string()),
  onSchoolPremises: z.boolean().optional(),
  schoolConsentDate: CalendarDate.optional(),
  annualCost: Amount.optional(),
  retiredFrom: CalendarDate.optional(),
});

export const PotViewSchema = z
  .strictObject({
    potId: z.string(),
    stream: z.enum(streams),
    funderId: z.string(),
    mode: z.enum(holdingModes),
    holderId: z.string().optional(),
    period: Period,
    schedule: z
      .strictObject({
        frequency: z.enum(frequencies),
        firstDate: CalendarDate,
        instalments: z.int(),
        posted: z.int(),
        next: z.strictObject({ date: CalendarDate, amount: Amount }).nullable(),
      })
      .optional(),
    allocated: Amount,
    unreleased: Amount,
    available: Amount,
    committed: Amount,
    spent: Amount,
    recovered: Amount,
    suspended: z.boolean(),
    suspensionReason: z.string().optional(),
    agreement: z
      .strictObject({
        agreementId: z.string(),
        version: z.int(),
        holderKind: z.string(),
        signedOn: CalendarDate,
      })
      .optional(),
    ceased: z.strictObject({ reason: z.string(), date: CalendarDate }).optional(),
    shortfall: z
      .strictObject({ cost: Amount, allocation: Amount, shortfall: Amount, reason: z.string() })
      .optional(),
    scheduledAdjustments: z
      .array(
        z.strictObject({
          adjustmentId: z.string(),
          amount: Amount,
          effectiveDate: CalendarDate,
          reason: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Pot' });

export const AdjustmentResultSchema = z
  .strictObject({
    status: z.enum(['posted', 'scheduled']),
    effectiveDate: CalendarDate,
    entryId: z.string().optional(),
    adjustmentId: z.string().optional(),
    pot: PotViewSchema,
  })
  .meta({ id: 'AdjustmentResult' });

export const PlanViewSchema = z
  .strictObject({
    planId: z.string(),
    councilId: z.string(),
    status: z.enum(planStatuses),
    child: z.strictObject({ reference: z.string(), dateOfBirth: CalendarDate }),
    outcomes: z.array(OutcomeSchema),
    provisions: z.array(ProvisionSchema),
    period: Period.nullable(),
    pots: z.array(
      PotViewSchema.extend({
        spendable: z.boolean().meta({ description: 'the caller may record spends from this pot' }),
      }),
    ),
    createdAt: Instant,
    version: z.int(),
  })
  .meta({ id: 'Plan' });

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
    evidence: z.string().optional(),
    description: z.string().optional(),
    paidOn: CalendarDate.optional(),
    householdRelative: z.boolean(),
    status: z.enum(spendStatuses),
    approvalReasons: z.array(z.string()),
    approvalDue: CalendarDate.optional(),
    requestedBy: ActorRef,
    requestedAt: Instant,
    decidedBy: ActorRef.optional(),
    decidedAt: Instant.optional(),
    decisionReason: z.string().optional(),
  })
  .meta({ id: 'SpendState' });

export const PotMovementSchema = z
  .strictObject({ entryId: z.string(), pot: PotViewSchema })
  .meta({ id: 'PotMovement' });
const recoveryFields = {
  planId: z.string(),
  potId: z.string(),
  recoveryId: z.string(),
  councilId: z.string(),
  funderId: z.string(),
  amount: Amount,
  reason: z.enum(recoveryReasons),
  dueDate: CalendarDate,
  noticeGiven: CalendarDate.optional(),
  notice: z.string().optional(),
  status: z.enum(['notified', 'settled', 'withdrawn']),
  createdAt: Instant,
  createdBy: ActorRef,
  closedAt: Instant.optional(),
  closedBy: ActorRef.optional(),
  version: z.int(),
};
export const RecoveryResultSchema = z
  .strictObject({ ...recoveryFields, entryId: z.string(), pot: PotViewSchema })
  .meta({ id: 'RecoveryResult' });
export const RecoveriesSchema = z
  .strictObject({ items: z.array(z.strictObject({ ...recoveryFields, overdue: z.boolean() })) })
  .meta({ id: 'Recoveries' });
export const ReversalResultSchema = z
  .strictObject({ entryId: z.string(), pot: PotViewSchema, reverses: z.string() })
  .meta({ id: 'ReversalResult' });

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
    spendId: z.string().optional(),
    reverses: z.string().optional(),
    instalmentIndex: z.int().optional(),
    recoveryId: z.string().optional(),
    outcomeId: z.string().optional(),
    provisionId: z.string().optional(),
    category: z.string().optional(),
    payee: z.string().optional(),
    reason: z.string().optional(),
    memo: z.string().optional(),
  })
  .meta({ id: 'Entry' });
export const AuditPageSchema = z
  .strictObject({ entries: z.array(EntrySchema), next: Cursor })
  .meta({ id: 'AuditPage' });

export const ApprovalsPageSchema = z
  .strictObject({
    items: z.array(
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
    ),
    next: Cursor,
  })
  .meta({ id: 'ApprovalsPage' });

const runCounts = {
  councilId: z.string(),
  upTo: CalendarDate,
  posted: z.int(),
  alreadyPosted: z.int(),
  amount: Amount,
};
export const RunViewSchema = z
  .strictObject({
    runId: z.string(),
    ...runCounts,
    shards: z.int(),
    shardsDone: z.int(),
    startedAt: Instant,
    state: z.enum(['running', 'completed']),
  })
  .meta({ id: 'InstalmentRunProgress' });
export const RunAnswerSchema = z
  .union([
    z.strictObject({
      ...runCounts,
      skippedSuspended: z.int(),
      held: z.array(
        z.strictObject({ planId: z.string(), potId: z.string(), reason: z.literal('AGREEMENT_REQUIRED') }),
      ),
      offset: z.array(z.strictObject({ planId: z.string(), potId: z.string(), amount: Amount })),
      state: z.literal('completed'),
    }),
    RunViewSchema,
  ])
  .meta({ id: 'InstalmentRunAnswer' });

export const AgreementSchema = z
  .strictObject({
    planId: z.string(),
    potId: z.string(),
    agreementId: z.string(),
    version: z.int(),
    holder: z.strictObject({ kind: z.enum(holderKinds), name: z.string(), sub: z.string().optional() }),
    signedOn: CalendarDate,
    accountReference: z.string(),
    conditions: z.string().optional(),
    recordedAt: Instant,
    recordedBy: ActorRef,
  })
  .meta({ id: 'Agreement' });

export const EventsPageSchema = z
  .strictObject({
    items: z.array(
      z.strictObject({
        planId: z.string(),
        eventId: z.string(),
        kind: z.enum(eventKinds),
        potId: z.string().optional(),
        actor: ActorRef,
        recordedAt: Instant,
        reason: z.string().optional(),
        details: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    next: Cursor,
  })
  .meta({ id: 'EventsPage' });

const MemberShape = z.strictObject({
  sub: z.string(),
  name: z.string(),
  relation: z.enum(memberRelations),
  canSpend: z.boolean(),
  addedAt: Instant,
  addedBy: ActorRef,
});
export const MemberSchema = MemberShape.meta({ id: 'Member' });
export const MembersSchema = z
  .strictObject({ planId: z.string(), members: z.array(MemberShape) })
  .meta({ id: 'Members' });
export const MemberRemovedSchema = z
  .strictObject({ planId: z.string(), sub: z.string(), removed: z.literal(true) })
  .meta({ id: 'MemberRemoved' });

/** A plain-text answer (the hledger journal): documented as text/plain, not JSON. */
export const PlainTextSchema = z.string().meta({ id: 'PlainText' });

export const OpenApiSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })
  .meta({ id: 'OpenApiDocument' });

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
  Fits<typeof RecoveryResultSchema, RecoveryView>,
  Fits<typeof RecoveriesSchema, { items: Array<Recovery & { overdue: boolean }> }>,
  Fits<typeof AgreementSchema, AgreementView>,
  Fits<typeof EventsPageSchema, Page<PlanEvent>>,
  Fits<typeof MemberSchema, Member>,
  Fits<typeof MembersSchema, { planId: string; members: Member[] }>,
];
