import type { SubjectAccessExport } from '../domain/app/personal-data.js';
import { memberRelations } from '../domain/model.js';
import { Amount, CalendarDate, type Fits, Instant } from './response-parts.js';
import { MaskedAccount } from './responses.js';
import * as z from './zod.js';

/** The response shapes of personal data over its life (DESIGN.md section 11d). */

export const PersonalDataSchema = z
  .strictObject({
    planId: z.string(),
    councilId: z.string(),
    exportedAt: Instant,
    child: z.strictObject({ reference: z.string(), dateOfBirth: CalendarDate, name: z.optional(z.string()) }),
    members: z.array(
      z.strictObject({
        sub: z.string(),
        name: z.string(),
        relation: z.enum(memberRelations),
        addedAt: Instant,
      }),
    ),
    agreements: z.array(
      z.strictObject({
        potId: z.string(),
        holder: z.strictObject({ kind: z.string(), name: z.string() }),
        signedOn: CalendarDate,
        accountReference: z.string(),
        conditions: z.optional(z.string()),
      }),
    ),
    records: z.array(
      z.strictObject({
        recordKind: z.string(),
        recordId: z.string(),
        fields: z.record(z.string(), z.unknown()),
        erasedAt: z.optional(Instant),
      }),
    ),
    payeeAccounts: z.array(
      z.strictObject({
        potId: z.string(),
        bankAccount: z.optional(MaskedAccount),
        card: z.optional(z.strictObject({ programme: z.string(), cardAccountId: z.string() })),
      }),
    ),
    statementLines: z.array(
      z.strictObject({
        potId: z.string(),
        statementId: z.string(),
        lineId: z.string(),
        date: CalendarDate,
        amount: Amount,
        description: z.string(),
      }),
    ),
    receipts: z.array(
      z.strictObject({
        receiptId: z.string(),
        spendId: z.string(),
        contentType: z.string(),
        status: z.string(),
        createdAt: Instant,
        erasedAt: z.optional(Instant),
      }),
    ),
    disposed: z.boolean(),
  })
  .register(z.globalRegistry, { id: 'PersonalData' });

export const DisposalSchema = z
  .strictObject({ plansDisposed: z.int() })
  .register(z.globalRegistry, { id: 'Disposal' });

export type PersonalDataShapesFit = [
  Fits<typeof PersonalDataSchema, SubjectAccessExport>,
  Fits<typeof DisposalSchema, { plansDisposed: number }>,
];
