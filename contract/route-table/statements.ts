import { spendRefusalCodes } from '../../domain/policy.js';
import { statementBytesMax } from '../../domain/statements/line.js';
import type { RouteDef } from '../routes.js';
import * as st from '../statement-schemas.js';

/** Statements in, their lines and their explanation (DESIGN.md section 11b). */
export const statementRoutes = [
  {
    method: 'POST',
    path: '/v1/plans/{planId}/pots/{potId}/statements',
    money: true,
    file: 'statements',
    handler: 'importStatement',
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
    summary: 'Explain an unexplained debit: it becomes a paid spend of its date under the ordinary policy',
    table: 'write',
    status: 201,
    body: st.ClassifyBody,
    problems: ['FORBIDDEN', 'LINE_STATE_CONFLICT', 'INSUFFICIENT_FUNDS', ...spendRefusalCodes],
  },
] as const satisfies readonly RouteDef[];
