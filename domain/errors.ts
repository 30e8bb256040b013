/**
 * Expected outcomes of the domain carry a stable machine code; transports map codes to statuses.
 * Broken invariants are not DomainErrors: they are assertion failures (see `assertInvariant`).
 */
export const domainErrorCodes = [
  'VALIDATION_FAILED',
  'INSUFFICIENT_FUNDS',
  'OUTCOME_NOT_IN_PLAN',
  'PROVISION_NOT_IN_PLAN',
  'PROVISION_OUTCOME_MISMATCH',
  'PROVISION_STREAM_MISMATCH',
  'CATEGORY_NOT_IN_PROVISION',
  'CATEGORY_PROHIBITED',
  'OUTSIDE_BUDGET_PERIOD',
  'PLAN_NOT_ACTIVE',
  'POT_SUSPENDED',
  'POT_NOT_SUSPENDED',
  'SCHOOL_CONSENT_REQUIRED',
  'APPROVAL_REQUIRED',
  'INVALID_PLAN',
  'INVALID_BUDGET',
  'BUDGET_CONFLICT',
  'SPEND_STATE_CONFLICT',
  'AMOUNT_EXCEEDS_RESERVED',
  'REVERSAL_NOT_ALLOWED',
  'ALREADY_REVERSED',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_KEY_REUSED',
  'CONFLICT',
  'AGREEMENT_REQUIRED',
  'NOT_A_DIRECT_PAYMENT',
  'RECOVERY_STATE_CONFLICT',
  'POT_CEASED',
  'OUTCOME_RETIRED',
  'PROVISION_RETIRED',
  'ALLOCATION_BELOW_COST',
  'REQUEST_STATE_CONFLICT',
  'HOLDER_TOO_YOUNG',
  'HOLDER_KIND_NOT_ALLOWED',
  'TRANSITION_NOT_APPLICABLE',
  'PLAN_TOO_LARGE',
  'QUARTER_NOT_ENDED',
  'SERVICE_BUSY',
  'BANK_DETAILS_INVALID',
  'NOTHING_TO_PAY',
  'PAYMENT_ACCOUNT_MISSING',
  'PAYMENT_ALREADY_RETURNED',
  'STATEMENT_INVALID',
  'STATEMENT_FORMAT_UNKNOWN',
  'STATEMENT_TOO_LARGE',
  'LINE_STATE_CONFLICT',
  'BANK_BALANCE_REQUIRED',
  'RECEIPT_TYPE_MISMATCH',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

export interface FieldIssue {
  path: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    readonly detail: string,
    readonly fields: FieldIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
  }
}

/**
 * The ledger stayed busy through every retry, on a read or a commit: the client retries after a
 * moment (503 SERVICE_BUSY with Retry-After, decision 45). Written once for every place that gives up.
 */
export const serviceBusy = (cause: unknown): DomainError =>
  new DomainError('SERVICE_BUSY', 'the ledger stayed busy; retry the request', [], { cause });

/** A programmer error: the ledger is in a state the rules say cannot exist. Crash loudly. */
export class InvariantViolationError extends Error {
  override readonly name = 'InvariantViolationError';
}

export function assertInvariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantViolationError(message);
}
