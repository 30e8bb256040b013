import { spendStatuses } from '../domain/model.js';
import { pageLimitDefault, pageLimitMax } from '../domain/ports.js';
import { IsoDate, PersonName, Quarter } from './fields.js';
import { madeOnce } from './made-once.js';
import * as z from './zod.js';

/** The query strings of the public contract's reads: pages, ranges, formats and filters. Objects are strict. */

export const pageLimit = madeOnce(() =>
  z
    .optional(
      z
        .pipe(
          z.string().check(z.regex(/^[1-9][0-9]{0,2}$/, `limit is a whole number from 1 to ${pageLimitMax}`)),
          z.transform(Number),
        )
        .check(z.refine((n) => n <= pageLimitMax, `limit is at most ${pageLimitMax}`)),
    )
    .register(z.globalRegistry, { description: `page size, default ${pageLimitDefault}` }),
);
export const pageCursor = madeOnce(() =>
  z.optional(z.string().check(z.minLength(1)).check(z.maxLength(400))),
);
export const PageQuery = madeOnce(() => z.strictObject({ limit: pageLimit(), cursor: pageCursor() }));

const Format = madeOnce(() => z.optional(z.enum(['json', 'csv'])));
export const ReportQuery = madeOnce(() =>
  z.strictObject({
    from: z.optional(IsoDate()),
    to: z.optional(IsoDate()),
    format: Format(),
  }),
);
/** `verify=pots`: read every pot and name those whose balances or summaries disagree. */
export const CouncilReportQuery = madeOnce(() =>
  z.extend(ReportQuery(), {
    verify: z.optional(z.enum(['pots'])).register(z.globalRegistry, {
      description:
        "read every pot: name those whose balances or summaries disagree, and say whether the council's figures agree",
    }),
  }),
);
export const FormatQuery = madeOnce(() => z.strictObject({ format: Format() }));
export const RecoveriesQuery = madeOnce(() =>
  z.strictObject({
    status: z.optional(z.enum(['notified', 'overdue', 'settled', 'withdrawn', 'reversed'])),
  }),
);
export const MonitoringQuery = madeOnce(() =>
  z.strictObject({
    quarter: Quarter(),
    limit: pageLimit(),
    cursor: pageCursor(),
    format: Format(),
  }),
);
export const JournalQuery = madeOnce(() => z.strictObject({ format: z.optional(z.enum(['hledger'])) }));

export const PaymentsQuery = madeOnce(() =>
  z.strictObject({
    limit: pageLimit(),
    cursor: pageCursor(),
    format: z.optional(z.enum(['json', 'pain.001', 'csv', 'card-loads'])),
  }),
);

export const BudgetRequestsQuery = madeOnce(() =>
  z.strictObject({
    status: z.optional(z.enum(['open', 'decided'])),
    limit: pageLimit(),
    cursor: pageCursor(),
  }),
);

export const SpendsQuery = madeOnce(() =>
  z.strictObject({
    status: z.optional(z.enum(spendStatuses)),
    limit: pageLimit(),
    cursor: pageCursor(),
  }),
);

export const PlanSearchQuery = madeOnce(() =>
  z.strictObject({
    reference: z.optional(
      z.string().check(z.regex(/^[A-Za-z0-9_-]{0,64}$/, 'a reference is letters, digits, _ and -')),
    ),
    /** Part of the child's name, any case; with `reference`, both must match. */
    name: z.optional(PersonName()),
    limit: pageLimit(),
    cursor: pageCursor(),
  }),
);
