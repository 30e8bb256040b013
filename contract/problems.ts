import { DomainError, type DomainErrorCode, type FieldIssue } from '../domain/errors.js';
import { InvalidCursorError } from '../domain/ports.js';

/**
 * The one table from error code to HTTP status and title (RFC 9457 problem details). Only
 * statuses below 500 carry detail; a 500 says nothing about what broke inside.
 */

export type TransportCode =
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL';
export type ProblemCode = DomainErrorCode | TransportCode;

export const problemTable: Record<ProblemCode, { status: number; title: string }> = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, title: 'An Idempotency-Key header is required' },
  UNAUTHORIZED: { status: 401, title: 'A valid bearer token is required' },
  FORBIDDEN: { status: 403, title: 'Not allowed for your role or organisation' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed on this route' },
  INSUFFICIENT_FUNDS: { status: 409, title: 'Not enough money available in the pot' },
  APPROVAL_REQUIRED: { status: 409, title: 'The spend must be approved first' },
  SPEND_STATE_CONFLICT: { status: 409, title: 'The spend is not in a state that allows this' },
  ALREADY_REVERSED: { status: 409, title: 'The entry has already been reversed' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, title: 'The Idempotency-Key was used for a different request' },
  POT_NOT_SUSPENDED: { status: 409, title: 'The pot is not suspended' },
  BUDGET_CONFLICT: { status: 409, title: 'The budget conflicts with an existing one' },
  CONFLICT: { status: 409, title: 'The request conflicted with another; retry it' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send the body as application/json' },
  OUTCOME_NOT_IN_PLAN: { status: 422, title: 'The outcome is not in the plan' },
  PROVISION_NOT_IN_PLAN: { status: 422, title: 'The provision is not in the plan' },
  PROVISION_OUTCOME_MISMATCH: { status: 422, title: 'The provision does not serve that outcome' },
  PROVISION_STREAM_MISMATCH: { status: 422, title: "The provision's stream is not the pot's stream" },
  CATEGORY_NOT_IN_PROVISION: { status: 422, title: 'The provision does not allow that category' },
  CATEGORY_PROHIBITED: { status: 422, title: 'That category cannot be bought with a personal budget' },
  OUTSIDE_BUDGET_PERIOD: { status: 422, title: 'The date is outside the budget period' },
  PLAN_NOT_ACTIVE: { status: 422, title: 'The plan is not active' },
  POT_SUSPENDED: { status: 422, title: 'The pot is suspended' },
  SCHOOL_CONSENT_REQUIRED: { status: 422, title: "The head teacher's consent is required" },
  INVALID_PLAN: { status: 422, title: 'The plan is not consistent' },
  INVALID_BUDGET: { status: 422, title: 'The budget is not consistent' },
  AMOUNT_EXCEEDS_RESERVED: { status: 422, title: 'The amount exceeds what was reserved' },
  REVERSAL_NOT_ALLOWED: { status: 422, title: 'That entry cannot be reversed' },
  AGREEMENT_REQUIRED: { status: 422, title: 'The direct payment has no signed agreement yet' },
  NOT_A_DIRECT_PAYMENT: { status: 422, title: 'Only direct-payment pots take agreements and returns' },
  POT_CEASED: { status: 422, title: 'The pot has ceased; nothing dated after its end is accepted' },
  RECOVERY_STATE_CONFLICT: { status: 409, title: 'The recovery is not in a state that allows this' },
  OUTCOME_RETIRED: { status: 422, title: 'The outcome was retired by an amendment before that date' },
  PROVISION_RETIRED: { status: 422, title: 'The provision was retired by an amendment before that date' },
  ALLOCATION_BELOW_COST: {
    status: 422,
    title: 'The allocation is below the cost of the provision it pays for; give a shortfallReason',
  },
  REQUEST_STATE_CONFLICT: { status: 409, title: 'The budget request has already been decided' },
  HOLDER_TOO_YOUNG: {
    status: 422,
    title:
      'The young person may not hold this direct payment yet (16, or the end of compulsory school age for education)',
  },
  HOLDER_KIND_NOT_ALLOWED: {
    status: 422,
    title: 'From the 18th birthday the holder is the young person or a nominee, not a parent',
  },
  TRANSITION_NOT_APPLICABLE: {
    status: 422,
    title: 'A transition to adult care ends only a social care pot',
  },
  PLAN_TOO_LARGE: { status: 422, title: 'The plan would hold more outcomes or provisions than it may' },
  QUARTER_NOT_ENDED: { status: 422, title: 'A return is made once its quarter has ended' },
  SERVICE_BUSY: { status: 503, title: 'The ledger is busy; retry after the time in Retry-After' },
  BANK_DETAILS_INVALID: { status: 422, title: 'The bank details do not pass the checks a bank makes' },
  NOTHING_TO_PAY: { status: 409, title: 'The run has no payment for this file' },
  PAYMENT_ACCOUNT_MISSING: { status: 409, title: 'A funder in the run has no paying account' },
  PAYMENT_ALREADY_RETURNED: { status: 409, title: 'The payment has already been returned' },
  STATEMENT_INVALID: { status: 422, title: 'The statement cannot be read' },
  STATEMENT_FORMAT_UNKNOWN: {
    status: 422,
    title: "The statement's header row matches no bank the ledger reads",
  },
  STATEMENT_TOO_LARGE: { status: 413, title: 'A statement holds at most 5,000 lines or 2 MB' },
  LINE_STATE_CONFLICT: { status: 409, title: 'The statement line is not unexplained' },
  BANK_BALANCE_REQUIRED: {
    status: 422,
    title: 'Give bankBalance: no statement line gives a balance by the end of the quarter',
  },
  RECEIPT_TYPE_MISMATCH: { status: 422, title: 'The file is not the type it was said to be' },
  INTERNAL: { status: 500, title: 'Something went wrong on our side' },
};

/** A transport-level refusal (size, media type, routing), with the same shape as domain errors. */
export class HttpProblemError extends Error {
  override readonly name = 'HttpProblemError';
  constructor(
    readonly code: TransportCode | DomainErrorCode,
    readonly detail: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super(`${code}: ${detail}`);
  }
}

/** Seconds a client waits before retrying a 503 (the ledger stayed busy through its own retries). */
export const retryAfterSeconds = 1;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  requestId?: string;
  errors?: FieldIssue[];
}

export function problemOf(raw: unknown, requestId: string, instance?: string): ProblemBody {
  // The store's refusal of a cursor it did not issue is a validation problem of the request.
  const error =
    raw instanceof InvalidCursorError
      ? new DomainError('VALIDATION_FAILED', 'cursor is not one this API returned', [
          { path: 'cursor', message: 'invalid' },
        ])
      : raw;
  const known = error instanceof DomainError || error instanceof HttpProblemError;
  const code: ProblemCode = known ? error.code : 'INTERNAL';
  const { status, title } = problemTable[code];
  const body: ProblemBody = {
    type: `urn:ehcp-ledger:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    detail: known && status < 500 ? error.detail : 'The error has been logged with this request id.',
    code,
    requestId,
  };
  if (instance !== undefined) body.instance = instance;
  if (known && error.fields.length > 0) body.errors = error.fields;
  return body;
}

/** Every refusal a route can give: its own, and those of its kind (authenticated, changing, with ids). */
export function problemCodesOf(route: {
  method: string;
  path: string;
  body?: unknown;
  query?: unknown;
  public?: boolean;
  problems: readonly ProblemCode[];
}): ProblemCode[] {
  const codes = new Set<ProblemCode>(route.problems);
  if (!route.public) codes.add('UNAUTHORIZED');
  if (route.path.includes('{')) codes.add('NOT_FOUND');
  if (route.body || route.query) codes.add('VALIDATION_FAILED');
  if (route.method !== 'GET') {
    for (const c of [
      'VALIDATION_FAILED',
      'IDEMPOTENCY_KEY_REQUIRED',
      'IDEMPOTENCY_KEY_REUSED',
      'CONFLICT',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
    ] as const)
      codes.add(c);
  }
  if (!route.public) codes.add('SERVICE_BUSY');
  codes.add('INTERNAL');
  return [...codes];
}
