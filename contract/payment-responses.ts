import type { PaymentRow } from '../domain/app/payment-batch.js';
import type { Page } from '../domain/ports.js';
import { Amount, CalendarDate, Cursor, type Fits, Instant } from './response-parts.js';
import * as z from './zod.js';

/** Success bodies of the money-out routes (DESIGN.md 11b); account numbers only ever masked. */

export const OrgAccountSchema = z
  .strictObject({
    org: z.string(),
    name: z.string(),
    sortCode: z.string().check(z.regex(/^[0-9]{2}-[0-9]{2}-[0-9]{2}$/)),
    accountNumber: z.string().check(z.regex(/^\*{4}[0-9]{4}$/)),
    updatedAt: Instant,
  })
  .register(z.globalRegistry, { id: 'OrganisationAccount' });

const PaymentRowSchema = z.strictObject({
  paymentId: z.string().check(z.maxLength(35)),
  planId: z.string(),
  potId: z.string(),
  payee: z.nullable(z.string()),
  amount: Amount,
  executionDate: CalendarDate,
  account: z.nullable(z.string()),
  method: z.nullable(z.enum(['bank', 'card'])),
  returned: z.nullable(z.strictObject({ reason: z.string(), code: z.optional(z.string()), at: Instant })),
});

export const RunPaymentsSchema = z
  .strictObject({
    runId: z.string(),
    items: z.array(PaymentRowSchema),
    next: Cursor,
    withoutAccount: z.int(),
  })
  .register(z.globalRegistry, { id: 'RunPaymentsPage' });

export const ReturnedPaymentSchema = z
  .strictObject({
    paymentId: z.string(),
    reversal: z.string(),
    returned: z.strictObject({ reason: z.string(), code: z.optional(z.string()), at: Instant }),
  })
  .register(z.globalRegistry, { id: 'ReturnedPayment' });

export type PaymentSchemasFitViews = [
  Fits<typeof RunPaymentsSchema, Page<PaymentRow> & { runId: string; withoutAccount: number }>,
];
