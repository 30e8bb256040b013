import type { IsoDate } from '../dates.js';
import { Money } from '../money.js';

/**
 * A run's payment batch (DESIGN.md 11b, "Payment files"): one payment per instalment the run
 * posted to a direct-payment or third-party pot. The payment keeps no personal data: who is paid
 * and into which account is read from the payee's account record when a file is made.
 */

export interface Payment {
  paymentId: string;
  runId: string;
  councilId: string;
  funderId: string;
  planId: string;
  potId: string;
  /** The instalment's journal entry. */
  entryId: string;
  amount: string;
  instalmentDate: IsoDate;
  executionDate: IsoDate;
  /** Whose account is paid: the agreement's (a direct payment) or the broker's (third party). */
  payTo: { kind: 'agreement' } | { kind: 'broker'; brokerId: string };
  /** Set when the bank returned it (section 11b): the instalment was reversed. */
  returned?: { reason: string; code?: string | undefined; at: string; reversal: string };
}

/** The files a batch is written as: ISO 20022 for the bank, CSV for a finance system, card loads. */
export const paymentFormats = ['pain.001', 'csv', 'card-loads'] as const;
export type PaymentFormat = (typeof paymentFormats)[number];

/** Where a payment goes, with the account number in clear (only payment files carry it). */
export type PaymentRoute =
  | { kind: 'bank'; name: string; sortCode: string; accountNumber: string }
  | { kind: 'card'; programme: string; cardAccountId: string };

/** A payment ready for a file: its destination resolved, its reference in the BACS set. */
export interface PayablePayment {
  paymentId: string;
  funderId: string;
  amount: string;
  executionDate: IsoDate;
  reference: string;
  route: PaymentRoute;
}

/** The paying account of a funder (the debtor of a pain.001 payment information block). */
export interface DebtorAccount {
  funderId: string;
  name: string;
  sortCode: string;
  accountNumber: string;
}

/** Count and sum of payments, in exact pounds. */
export function totals(payments: Iterable<{ amount: string }>): { count: number; sum: string } {
  let count = 0;
  let sum = Money.zero;
  for (const p of payments) {
    count++;
    sum = sum.plus(Money.of(p.amount));
  }
  return { count, sum: sum.toString() };
}

/** Payments grouped by funder and execution date, in that order: one pain.001 `PmtInf` each. */
export function groupsOf<P extends { funderId: string; executionDate: IsoDate; paymentId: string }>(
  payments: readonly P[],
): Array<{ funderId: string; executionDate: IsoDate; payments: P[] }> {
  const groups = new Map<string, { funderId: string; executionDate: IsoDate; payments: P[] }>();
  for (const p of payments) {
    const key = `${p.funderId}\u0000${p.executionDate}`;
    let g = groups.get(key);
    if (!g) {
      g = { funderId: p.funderId, executionDate: p.executionDate, payments: [] };
      groups.set(key, g);
    }
    g.payments.push(p);
  }
  return [...groups.values()].sort(
    (a, b) => a.funderId.localeCompare(b.funderId) || a.executionDate.localeCompare(b.executionDate),
  );
}
