import type { ProblemCode } from '../contract/problems.js';

/**
 * Every refusal of the API in plain English, in one table (the compiler holds it to every code),
 * and the form field each one is about, so the error shows next to the field that caused it.
 */
export const refusalMessages: Record<ProblemCode, string> = {
  VALIDATION_FAILED: 'Check the details you entered',
  INSUFFICIENT_FUNDS: 'There is not enough money available in this pot for that amount',
  OUTCOME_NOT_IN_PLAN: 'Choose an outcome from the plan',
  PROVISION_NOT_IN_PLAN: 'Choose a provision from the plan',
  PROVISION_OUTCOME_MISMATCH: 'That provision does not work towards the outcome you chose',
  PROVISION_STREAM_MISMATCH: 'That provision is not paid for from this pot',
  CATEGORY_NOT_IN_PROVISION: 'That kind of support is not part of the provision you chose',
  CATEGORY_PROHIBITED: 'A personal budget cannot be spent on that',
  OUTSIDE_BUDGET_PERIOD: 'The date must be inside the budget period',
  PLAN_NOT_ACTIVE: 'The plan is not active, so nothing can be spent from it',
  POT_SUSPENDED: 'This pot is suspended; contact your council',
  POT_NOT_SUSPENDED: 'This pot is not suspended',
  SCHOOL_CONSENT_REQUIRED: 'Support on school premises needs the head teacher’s agreement first',
  APPROVAL_REQUIRED: 'This spend must be approved before it is paid',
  INVALID_PLAN: 'The plan’s details do not fit together',
  INVALID_BUDGET: 'The budget’s details do not fit together',
  BUDGET_CONFLICT: 'This budget clashes with one already set up',
  SPEND_STATE_CONFLICT: 'This spend has already moved on; refresh to see where it stands',
  AMOUNT_EXCEEDS_RESERVED: 'The amount is more than was set aside for this spend',
  REVERSAL_NOT_ALLOWED: 'That entry cannot be reversed',
  ALREADY_REVERSED: 'That entry has already been reversed',
  FORBIDDEN: 'You cannot do that with your role',
  UNAUTHORIZED: 'Sign in again to carry on',
  NOT_FOUND: 'We could not find that',
  IDEMPOTENCY_KEY_REQUIRED: 'Something went wrong; reload the page and try again',
  IDEMPOTENCY_KEY_REUSED: 'This form was already sent with other details; reload the page and try again',
  CONFLICT: 'Someone else changed this at the same time; try again',
  AGREEMENT_REQUIRED: 'Money can move only after the direct payment agreement is signed',
  NOT_A_DIRECT_PAYMENT: 'Only direct payments have agreements and returns',
  RECOVERY_STATE_CONFLICT: 'This recovery has already been settled or withdrawn',
  POT_CEASED: 'This pot has ended; nothing dated after its end can be recorded',
  OUTCOME_RETIRED: 'That outcome was removed from the plan before this date',
  PROVISION_RETIRED: 'That provision was removed from the plan before this date',
  ALLOCATION_BELOW_COST: 'The allocation is less than the provision costs; give a reason to go ahead',
  REQUEST_STATE_CONFLICT: 'This request has already been decided',
  HOLDER_TOO_YOUNG: 'A young person can hold a direct payment from their 16th birthday',
  STATEMENT_INVALID: 'The statement file could not be read; download it from your bank again',
  STATEMENT_FORMAT_UNKNOWN: 'We do not recognise this statement; download it from your bank as CSV or OFX',
  STATEMENT_TOO_LARGE: 'The statement is too big; upload at most 5,000 lines (2 MB) at a time',
  LINE_STATE_CONFLICT: 'This statement line has already been explained',
  BANK_BALANCE_REQUIRED: 'Enter the balance on your bank statement at the end of the quarter',
  RECEIPT_TYPE_MISMATCH: 'The receipt must be a photo (JPEG, PNG or HEIC) or a PDF',
  PAYLOAD_TOO_LARGE: 'What you entered is too long',
  UNSUPPORTED_MEDIA_TYPE: 'Something went wrong; reload the page and try again',
  ROUTE_NOT_FOUND: 'We could not find that',
  METHOD_NOT_ALLOWED: 'Something went wrong; reload the page and try again',
  INTERNAL: 'Sorry, there is a problem with the service; try again later',
};

/** The field a refusal is about, on the forms that can cause it. */
export const refusalField: Partial<Record<ProblemCode, string>> = {
  INSUFFICIENT_FUNDS: 'amount',
  AMOUNT_EXCEEDS_RESERVED: 'amount',
  OUTCOME_NOT_IN_PLAN: 'outcomeId',
  OUTCOME_RETIRED: 'outcomeId',
  PROVISION_NOT_IN_PLAN: 'provisionId',
  PROVISION_RETIRED: 'provisionId',
  PROVISION_OUTCOME_MISMATCH: 'provisionId',
  PROVISION_STREAM_MISMATCH: 'provisionId',
  CATEGORY_NOT_IN_PROVISION: 'category',
  CATEGORY_PROHIBITED: 'category',
  OUTSIDE_BUDGET_PERIOD: 'date',
  POT_SUSPENDED: 'potId',
  POT_CEASED: 'date',
  AGREEMENT_REQUIRED: 'potId',
  SCHOOL_CONSENT_REQUIRED: 'provisionId',
};

export interface FieldError {
  field: string;
  text: string;
}

/**
 * A refusal as errors on the form: each issue the API names by path on the field for that path
 * (`fieldOf` translates API paths such as `pots.0.allocation` to form fields), a refusal without
 * paths on the field it is about, anything else on the form's first field.
 */
export function formErrors(
  answer: { body: { code?: string; detail?: string; errors?: Array<{ path: string; message: string }> } },
  fields: readonly string[],
  fieldOf: (path: string) => string = (path) => path.split('.')[0] ?? '',
): FieldError[] {
  const code = (answer.body.code ?? 'INTERNAL') as ProblemCode;
  const first = fields[0] ?? 'form';
  const message = refusalMessages[code] ?? refusalMessages.INTERNAL;
  if (answer.body.errors?.length) {
    return answer.body.errors.map((e) => {
      const field = fieldOf(e.path);
      return {
        field: fields.includes(field) ? field : first,
        // Validation says what is wrong with the value; a rule of the ledger is said in plain English.
        text: code === 'VALIDATION_FAILED' ? `${fieldLabel(field)}: ${e.message}` : message,
      };
    });
  }
  const field = refusalField[code];
  return [{ field: field && fields.includes(field) ? field : first, text: message }];
}

const labels: Record<string, string> = {
  amount: 'Amount',
  date: 'Date',
  payee: 'Paid to',
  category: 'What it was for',
  outcomeId: 'Outcome',
  provisionId: 'Provision',
  potId: 'Pot',
  evidence: 'Receipt or invoice reference',
  reason: 'Reason',
};
export const fieldLabel = (field: string): string => labels[field] ?? field;
