import { receiptBytesMax, receiptTypes } from '../domain/receipts/receipt.js';
import { lineStatuses } from '../domain/statements/records.js';
import { Category, Id, Short } from './fields.js';
import { madeOnce } from './made-once.js';
import { pageCursor, pageLimit } from './queries.js';
import { Amount, CalendarDate, pageOf } from './response-parts.js';
import * as z from './zod.js';

/** Requests and answers of statements in and receipts (DESIGN.md section 11b). */

export const statementTypes = ['text/csv', 'application/x-ofx'] as const;
/** The receipt types the domain takes, for the web app (which reads the contract's types only). */
export { receiptTypes };

export const LinesQuery = madeOnce(() =>
  z.strictObject({ status: z.optional(z.enum(lineStatuses)), limit: pageLimit(), cursor: pageCursor() }),
);

export const ClassifyBody = madeOnce(() =>
  z
    .strictObject({ category: Category(), outcomeId: Id(), provisionId: Id(), evidence: z.optional(Short()) })
    .register(z.globalRegistry, { id: 'ClassifyLine' }),
);

export const ReceiptBody = madeOnce(() =>
  z
    .strictObject({
      contentType: z.enum(receiptTypes),
      size: z.int().check(z.gte(1), z.lte(receiptBytesMax)),
      /**
       * Where the browser goes after the upload: a path of this service. Not `//host/…`, which a
       * browser reads as another site (the local upload form sends it there as it is).
       */
      redirect: z.optional(
        z
          .string()
          .check(z.regex(/^\/(?!\/)[A-Za-z0-9_\-/?=&.]{0,300}$/, 'a path of this service, such as /plans/…')),
      ),
    })
    .register(z.globalRegistry, { id: 'ReceiptRequest' }),
);

export const ImportResultSchema = z
  .strictObject({
    statementId: z.string(),
    imported: z.int(),
    duplicates: z.int(),
    matched: z.int(),
    unexplained: z.int(),
    refused: z.int(),
  })
  .register(z.globalRegistry, { id: 'StatementImport' });

export const LinesPageSchema = pageOf(
  z.strictObject({
    lineId: z.string(),
    statementId: z.string(),
    date: CalendarDate,
    description: z.string(),
    amount: Amount,
    balance: z.optional(Amount),
    mcc: z.optional(z.string()),
    category: z.optional(z.string()),
    status: z.enum(lineStatuses),
    spendId: z.optional(z.string()),
    code: z.optional(z.string()),
    classified: z.optional(z.boolean()),
  }),
  'StatementLines',
  { planId: z.string(), potId: z.string() },
);

export const ReceiptUploadSchema = z
  .strictObject({
    receiptId: z.string(),
    upload: z.strictObject({ url: z.string(), fields: z.record(z.string(), z.string()) }),
  })
  .register(z.globalRegistry, { id: 'ReceiptUpload' });

export const ReceiptSchema = z
  .strictObject({
    receiptId: z.string(),
    spendId: z.string(),
    contentType: z.string(),
    status: z.enum(['waiting', 'stored', 'rejected']),
    link: z.optional(z.string()),
    linkExpiresAt: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'Receipt' });
