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
  HOLDER_TOO_YOUNG:
    'The young person cannot hold this direct payment yet: from 16, or for education from the end of compulsory school age',
  HOLDER_KIND_NOT_ALLOWED: 'From 18 the young person or a nominee holds the direct payment, not a parent',
  TRANSITION_NOT_APPLICABLE: 'Only a social care budget ends at 18',
  PLAN_TOO_LARGE: 'The plan has as many outcomes and provisions as it can hold',
  QUARTER_NOT_ENDED: 'You can send the return for a quarter once it has ended',
  SERVICE_BUSY: 'The service is busy; wait a moment and try again',
  BANK_DETAILS_INVALID: 'Check the sort code and account number',
  NOTHING_TO_PAY: 'This run has nothing to pay in that file',
  PAYMENT_ACCOUNT_MISSING: 'Add the paying account before downloading the payment file',
  PAYMENT_ALREADY_RETURNED: 'That payment has already been marked as returned',
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
  BANK_BALANCE_REQUIRED: 'bankBalance',
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
 * What a field needs, in GOV.UK wording: the message when it is missing and when what was typed
 * cannot be used. The web layer checks every field with these before calling the API, and a
 * validation refusal of the API is said the same way: no system text reaches a page.
 */
type FieldWords = { missing: string; invalid?: string; outOfRange?: string; label: string };

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A date input: "Enter the date …" when missing, "The date … must be a real date" when not one, and
 * the ledger's calendar when a real date lies outside it.
 */
const dateField = (label: string, what: string, more = ''): FieldWords => ({
  label,
  missing: `Enter ${what}`,
  invalid: `${capital(what)} must be a real date${more}`,
  outOfRange: `${capital(what)} must be between 1 January 2000 and 31 December 2099`,
});

/** Money: "Enter the amount", then how to write it, with an example. */
const moneyField = (label: string, what: string, example: string, missing = what): FieldWords => ({
  label,
  missing: `Enter ${missing}`,
  invalid: `Enter ${what} in pounds and pence, like ${example}`,
});

/** Free text with a length limit. */
const textField = (label: string, what: string, max: number): FieldWords => ({
  label,
  missing: `Enter ${what}`,
  invalid: `${capital(what)} must be ${max} characters or fewer`,
});

export const fieldMessages: Record<string, FieldWords> = {
  amount: moneyField('Amount', 'the amount', '45.00'),
  date: dateField('Date', 'the date of the support', ', like 3 5 2026'),
  payee: { label: 'Who you paid', missing: 'Enter who you paid' },
  category: { label: 'What it was for', missing: 'Select what it was for' },
  outcomeId: { label: 'Outcome', missing: 'Select the outcome it works towards' },
  provisionId: { label: 'Support in the plan', missing: 'Select the support in the plan it pays for' },
  potId: { label: 'Which money', missing: 'Select which money you spent' },
  evidence: textField('Receipt or invoice', 'the receipt or invoice reference', 200),
  reason: textField('Reason', 'the reason', 200),
  quarter: { label: 'Quarter', missing: 'Select the quarter the return is for' },
  bankBalance: moneyField('Bank balance', 'the balance', '1250.00', 'the balance of the account'),
  declaration: { label: 'Declaration', missing: 'Confirm the money was spent as the agreement allows' },
  holderName: { label: 'Holder’s name', missing: 'Enter the holder’s name' },
  holderKind: { label: 'Holder', missing: 'Select who holds the direct payment' },
  signedOn: dateField('Signed on', 'the date the agreement was signed'),
  accountReference: {
    label: 'Account reference',
    missing: 'Enter the account reference',
    invalid: 'Enter the account reference as the last four digits, like ****1234',
  },
  dueDate: dateField('Due by', 'the date the money must be repaid by', ', after today'),
  noticeGiven: { label: 'Notice', missing: 'Confirm the family has been sent the notice' },
  from: dateField('From', 'the start date'),
  to: dateField('To', 'the end date', ', on or after the start date'),
  upTo: dateField('Pay instalments due up to', 'the date to pay instalments up to'),
  reference: {
    label: 'Child’s reference',
    missing: 'Enter the child’s reference',
    invalid: 'Enter the child’s reference using letters, numbers and hyphens',
  },
  name: textField('Name', 'the name', 100),
  childName: textField('Child’s name', 'the child’s name', 100),
  dateOfBirth: {
    label: 'Date of birth',
    missing: 'Enter the child’s date of birth',
    invalid: 'The date of birth must be a real date in the past',
  },
  sub: { label: 'Their user id', missing: 'Enter their user id' },
  relation: { label: 'Relation', missing: 'Select how they are related to the child' },
  reviewDate: dateField('Date of the review', 'the date of the review'),
  effectiveFrom: dateField('From', 'the date the change applies from'),
  amendReason: { label: 'Reason', missing: 'Enter the reason for the amendment' },
  start: dateField('Start', 'the start of the budget period'),
  end: dateField('End', 'the end of the budget period', ' after the start'),
  streams: { label: 'Which support', missing: 'Select the support you are asking a budget for' },
  notes: textField('Notes', 'your notes', 1000),
  decision: { label: 'Decision', missing: 'Select the decision' },
  directPaymentLimit: moneyField('Automatic approval limit', 'the limit', '500.00'),
  surplusWeeks: {
    label: 'Weeks of payments',
    missing: 'Enter the number of weeks',
    invalid: 'Enter a whole number of weeks from 4 to 8',
  },
  requestDecisionDays: {
    label: 'Days to decide',
    missing: 'Enter the number of days',
    invalid: 'Enter a whole number of days',
  },
};

/** The field a form field's name stands for: `signedOn-SC` is a signedOn, `pot-2-allocation` an allocation. */
const baseOf = (field: string): string => {
  const pot = /^pot-\d+-(\w+)$/.exec(field);
  if (pot) return pot[1] === 'allocation' ? 'amount' : (pot[1] ?? field);
  return field.split('-')[0] ?? field;
};

/** Fields drawn as GOV.UK date inputs (day, month and year): their errors link to the day. */
export const dateFields = new Set([
  'date',
  'signedOn',
  'dueDate',
  'from',
  'to',
  'upTo',
  'dateOfBirth',
  'reviewDate',
  'effectiveFrom',
  'start',
  'end',
]);

/** Where an error summary's link goes: the field, or the day of a date input, so focus lands in it. */
export const hrefOf = (field: string): string =>
  dateFields.has(baseOf(field)) ? `#${field}-day` : `#${field}`;

/** The message for a field that is missing or cannot be used. */
export function fieldMessage(field: string, kind: 'missing' | 'invalid' | 'outOfRange'): string {
  const m = fieldMessages[baseOf(field)];
  if (!m) return kind === 'missing' ? 'Enter this detail' : 'Check this detail';
  if (kind === 'missing') return m.missing;
  return (kind === 'outOfRange' ? m.outOfRange : undefined) ?? m.invalid ?? m.missing;
}

/**
 * A refusal as errors on the form: each issue the API names by path on the field for that path
 * (`fieldOf` translates API paths such as `pots.0.allocation` to form fields), a refusal without
 * paths on the field it is about, anything else on the form's first field. A validation issue is
 * said in the field's own words (never the API's text); one message per field.
 */
/** What an API validation message says of a field, in the three kinds the web words. */
const validationKind = (message: string): 'missing' | 'invalid' | 'outOfRange' =>
  /required|undefined|missing/i.test(message)
    ? 'missing'
    : /must lie within/i.test(message)
      ? 'outOfRange'
      : 'invalid';

export function formErrors(
  answer: { body: { code?: string; detail?: string; errors?: Array<{ path: string; message: string }> } },
  fields: readonly string[],
  fieldOf: (path: string) => string = (path) => path.split('.')[0] ?? '',
): FieldError[] {
  const code = (answer.body.code ?? 'INTERNAL') as ProblemCode;
  const first = fields[0] ?? 'form';
  const message = refusalMessages[code] ?? refusalMessages.INTERNAL;
  if (answer.body.errors?.length) {
    const out: FieldError[] = [];
    for (const e of answer.body.errors) {
      const named = fieldOf(e.path);
      const field = fields.includes(named) ? named : first;
      if (out.some((o) => o.field === field)) continue;
      out.push({
        field,
        // A missing value is asked for; anything else is what the field needs, in plain English.
        text: code === 'VALIDATION_FAILED' ? fieldMessage(field, validationKind(e.message)) : message,
      });
    }
    return out;
  }
  const about = refusalField[code];
  const field = about ? (fields.find((f) => f === about || baseOf(f) === about) ?? first) : first;
  return [{ field, text: message }];
}

export const fieldLabel = (field: string): string => fieldMessages[baseOf(field)]?.label ?? field;

/** Why a spend waits for approval, in the family's words (the API's reasons name its rules). */
export function approvalReasonText(reason: string): string {
  const limit = /above the (\d+\.\d{2}) automatic approval limit/.exec(reason);
  if (limit) {
    const pounds = (limit[1] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `it is more than £${pounds}, the most that can be spent without the council’s approval`;
  }
  if (/relative/.test(reason)) return 'it pays a relative who lives with you';
  return 'the council checks spends like this one';
}
