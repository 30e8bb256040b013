import { canReadRuns } from '../access.js';
import type { IsoDate } from '../dates.js';
import type { Actor, JournalEntry, Pot } from '../model.js';
import { maskAccountNumber } from '../payments/bank-details.js';
import type { Payment, PaymentFormat } from '../payments/batch.js';
import { paymentIdOf } from '../payments/payment-id.js';
import { executionDate } from '../payments/working-days.js';
import { erasedValue } from '../personal-data.js';
import type { InstalmentRun, Page, PageRequest, RecordScope, Write } from '../ports.js';
import { type actorRef, type Deps, notFound } from './context.js';
import {
  accountOf,
  isErasedBank,
  type PaidAccount,
  type PayeeAccount,
  type SealedBank,
} from './payment-accounts.js';
import { checkPage } from './queries.js';
import { put } from './unit.js';

/**
 * A run's payment batch (DESIGN.md 11b): records with the run, by kind:
 * - `payment` (`PAYMENT#<paymentId>`): one instalment to pay; no personal data.
 * - `download` (`DOWNLOAD#<at>#<id>`): who downloaded which file, when.
 */

export const paymentPrefix = 'PAYMENT#';
export const downloadPrefix = 'DOWNLOAD#';

/** Pots a run's payments go to: direct payments (into the agreement's account) and third-party pots (the broker's). */
export const isPaidOut = (pot: Pick<Pot, 'mode'>): boolean =>
  pot.mode === 'direct_payment' || pot.mode === 'third_party';

const payToOf = (pot: Pot): Payment['payTo'] =>
  pot.mode === 'third_party' && pot.holderId
    ? { kind: 'broker', brokerId: pot.holderId }
    : { kind: 'agreement' };

/** The payment a run keeps for an instalment it posts to a paid-out pot, written in the instalment's unit. */
export function paymentWrite(
  batch: { runId: string; today: IsoDate },
  pot: Pot,
  entry: JournalEntry,
  amount: string,
): Write {
  const paymentId = paymentIdOf(batch.runId, pot.planId, pot.potId, entry.effectiveDate);
  const payment: Payment = {
    paymentId,
    runId: batch.runId,
    councilId: pot.councilId,
    funderId: pot.funderId,
    planId: pot.planId,
    potId: pot.potId,
    entryId: entry.entryId,
    amount,
    instalmentDate: entry.effectiveDate,
    executionDate: executionDate(entry.effectiveDate, batch.today),
    payTo: payToOf(pot),
  };
  return put({
    type: 'record',
    record: {
      scope: { runId: batch.runId },
      name: `${paymentPrefix}${paymentId}`,
      kind: 'payment',
      version: 1,
      doc: payment,
    },
  });
}

/**
 * For one run: whether a payment into a pot's account came back and the account has not changed
 * since (hold the pot). Each account is read once per run, so a broker's client account is not
 * read again for each of the broker's pots.
 */
export function returnedAccounts(deps: Deps): (pot: Pot) => Promise<boolean> {
  const read = new Map<string, Promise<boolean>>();
  return (pot) => {
    if (!isPaidOut(pot)) return Promise.resolve(false);
    const at = accountOf(payToOf(pot), pot.planId, pot.potId);
    let returned = read.get(at.owner);
    if (!returned) {
      returned = deps.store
        .getRecord<PaidAccount>(at.scope, at.name)
        .then((found) => found?.doc.returned !== undefined);
      read.set(at.owner, returned);
    }
    return returned;
  };
}

// ---- Reading a batch ----

/** The run, if the caller may read its payments: council officers of its council and auditors; others 404. */
export async function readableRun(deps: Deps, actor: Actor, runId: string): Promise<InstalmentRun> {
  const run = await deps.store.getRun(runId);
  if (!run || !canReadRuns(actor, run.councilId)) throw notFound(`instalment run ${runId}`);
  return run;
}

export interface PaymentRow {
  paymentId: string;
  planId: string;
  potId: string;
  payee: string | null;
  amount: string;
  executionDate: IsoDate;
  /** Masked (`****5678`), a card (`card ALLPAY`), or null: paid outside the files. */
  account: string | null;
  method: 'bank' | 'card' | null;
  returned: { reason: string; code?: string | undefined; at: string } | null;
}

/** How many account records a file's reading asks the table for at once (the SDK keeps 50 sockets). */
export const accountReadsInFlight = 50;

/**
 * Where each payment goes, its number sealed still: one read per account (a broker's is shared by
 * its pots), `accountReadsInFlight` at a time, so a file of 20,000 payees is not 20,000 reads in turn.
 */
export async function destinations(deps: Deps, payments: readonly Payment[]) {
  const wanted = new Map<string, { scope: RecordScope; name: string }>();
  for (const p of payments) {
    const at = accountOf(p.payTo, p.planId, p.potId);
    wanted.set(at.owner, at);
  }
  const accounts = new Map<string, PaidAccount | undefined>();
  const reads = [...wanted];
  for (let i = 0; i < reads.length; i += accountReadsInFlight)
    await Promise.all(
      reads.slice(i, i + accountReadsInFlight).map(async ([owner, at]) => {
        accounts.set(owner, (await deps.store.getRecord<PaidAccount>(at.scope, at.name))?.doc);
      }),
    );
  return (
    p: Payment,
  ):
    | { kind: 'bank'; bank: SealedBank; owner: string }
    | { kind: 'card'; card: NonNullable<PayeeAccount['card']> }
    | undefined => {
    const { owner } = accountOf(p.payTo, p.planId, p.potId);
    const account = accounts.get(owner);
    if (account?.bank) return { kind: 'bank', bank: account.bank, owner };
    if (account?.card) return { kind: 'card', card: account.card };
    return undefined;
  };
}

/** A run's payments, paged, accounts masked (DESIGN.md 11b). */
export async function listRunPayments(
  deps: Deps,
  actor: Actor,
  runId: string,
  page: PageRequest,
): Promise<Page<PaymentRow> & { runId: string; withoutAccount: number }> {
  await readableRun(deps, actor, runId);
  const found = await deps.store.listRecords<Payment>({ runId }, paymentPrefix, checkPage(page));
  const payments = found.items.map((r) => r.doc);
  const where = await destinations(deps, payments);
  const items = payments.map((p): PaymentRow => {
    const to = where(p);
    return {
      paymentId: p.paymentId,
      planId: p.planId,
      potId: p.potId,
      payee: to?.kind === 'bank' ? to.bank.name : to?.kind === 'card' ? to.card.programme : null,
      amount: p.amount,
      executionDate: p.executionDate,
      account:
        to?.kind === 'bank'
          ? isErasedBank(to.bank)
            ? erasedValue
            : maskAccountNumber(to.bank.last4)
          : to?.kind === 'card'
            ? `card ${to.card.programme}`
            : null,
      method: to?.kind ?? null,
      returned: p.returned ? { reason: p.returned.reason, code: p.returned.code, at: p.returned.at } : null,
    };
  });
  return { runId, items, next: found.next, withoutAccount: items.filter((i) => i.account === null).length };
}

/** Every payment of a run, page by page. */

export interface DownloadView {
  format: PaymentFormat;
  actor: ReturnType<typeof actorRef>;
  at: string;
  count: number;
  sum: string;
}

/** Who downloaded which file of a run, oldest first. */
export async function runDownloads(deps: Deps, runId: string): Promise<DownloadView[]> {
  const out: DownloadView[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await deps.store.listRecords<DownloadView>({ runId }, downloadPrefix, {
      limit: 100,
      cursor,
    });
    out.push(...page.items.map((r) => r.doc));
    if (!page.next) break;
    cursor = page.next;
  }
  return out;
}
