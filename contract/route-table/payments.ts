import type { RouteDef } from '../route-def.js';
import * as s from '../schemas.js';

/** Money out (DESIGN.md 11b): paying and client accounts, a run's payment batch and files, returned payments. */
export const paymentRoutes = [
  {
    method: 'PUT',
    path: '/v1/funders/{funderId}/payment-account',
    file: 'payments',
    handler: 'payingAccount',
    summary: "Set the funder's paying account, the debtor of its payment files (an officer of that funder)",
    table: 'write',
    status: 200,
    body: s.BankAccountBody,
    response: 'OrgAccount',
    problems: ['FORBIDDEN', 'BANK_DETAILS_INVALID'],
  },
  {
    method: 'PUT',
    path: '/v1/brokers/{brokerId}/account',
    file: 'payments',
    handler: 'clientAccount',
    summary: "Set the broker's client account, where third-party pots are paid (that broker only)",
    table: 'write',
    status: 200,
    body: s.BankAccountBody,
    response: 'OrgAccount',
    problems: ['FORBIDDEN', 'BANK_DETAILS_INVALID'],
  },
  {
    method: 'GET',
    path: '/v1/instalment-runs/{runId}/payments',
    file: 'payments',
    handler: 'runPayments',
    summary:
      "The run's payment batch, paged, accounts masked; ?format=pain.001 (ISO 20022 XML), csv or card-loads gives the file and records the download",
    // A file's download is recorded on the run.
    table: 'write',
    status: 200,
    query: s.PaymentsQuery,
    formats: ['text/csv', 'application/xml'],
    response: 'RunPayments',
    problems: ['NOTHING_TO_PAY', 'PAYMENT_ACCOUNT_MISSING'],
  },
  {
    method: 'POST',
    path: '/v1/payments/{paymentId}/returned',
    money: true,
    file: 'payments',
    handler: 'paymentReturned',
    summary:
      'The bank returned a payment: reverse its instalment, keep the reason, open payment_returned work',
    table: 'write',
    status: 200,
    body: s.ReturnedPaymentBody,
    response: 'ReturnedPayment',
    problems: ['FORBIDDEN', 'PAYMENT_ALREADY_RETURNED', 'INSUFFICIENT_FUNDS'],
  },
] as const satisfies readonly RouteDef[];
