import { spendRefusalCodes } from '../../domain/policy.js';
import { statementBytesMax } from '../../domain/statements/line.js';
import type { RouteDef } from '../route-def.js';
import * as st from '../statement-schemas.js';

/** Statements in, their lines and their explanation (DESIGN.md section 11b). */
export const statementRoutes = [
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/statements',
    money: true,
    file: 'statements',
    handler: 'importStatement',
    response: 'ImportResult',
    summary:
      "Import a bank's or card programme's statement (CSV or OFX): lines matched, refused or left to explain",
    table: 'write',
    status: 201,
    rawBody: { types: st.statementTypes, bytesMax: statementBytesMax },
    problems: ['FORBIDDEN', 'STATEMENT_INVALID', 'STATEMENT_FORMAT_UNKNOWN', 'STATEMENT_TOO_LARGE'],
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}/pots/{potId}/statements/lines',
    file: 'statements',
    handler: 'lines',
    response: 'LinesPage',
    summary: "A pot's statement lines, newest first: matched, unexplained or refused",
    table: 'read',
    status: 200,
    query: st.LinesQuery,
    problems: [],
  },
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/statements/lines/{lineId}/classify',
    money: true,
    file: 'statements',
    handler: 'classify',
    response: 'SpendView',
    summary: 'Explain an unexplained debit: it becomes a paid spend of its date under the ordinary policy',
    table: 'write',
    status: 201,
    body: st.ClassifyBody,
    problems: ['FORBIDDEN', 'LINE_STATE_CONFLICT', 'INSUFFICIENT_FUNDS', ...spendRefusalCodes],
  },
] as const satisfies readonly RouteDef[];

/** Receipts of spends (DESIGN.md section 11b): an upload form, then the receipt's state. */
export const receiptRoutes = [
  {
    method: 'POST',
    path: '/v1/plans/{planId}/spends/{spendId}/receipts',
    file: 'statements',
    handler: 'requestReceipt',
    response: 'ReceiptUpload',
    summary: 'A pre-signed upload form for a receipt (JPEG, PNG, HEIC or PDF; at most 10 MB)',
    table: 'write',
    status: 201,
    body: st.ReceiptBody,
    problems: ['FORBIDDEN'],
  },
  {
    method: 'GET',
    path: '/v1/plans/{planId}/spends/{spendId}/receipts/{receiptId}',
    file: 'statements',
    handler: 'receipt',
    response: 'Receipt',
    summary:
      "A receipt's state (waiting, stored, rejected once its bytes were not the declared type) and, when stored, a 5-minute link",
    // The first read after an upload records what the bytes turned out to be.
    table: 'write',
    status: 200,
    problems: [],
  },
] as const satisfies readonly RouteDef[];
