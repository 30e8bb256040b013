import { dateOf, type IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { reversalOf } from '../ledger.js';
import type { Actor, JournalEntry, Pot } from '../model.js';
import { bacsReference, toBacs } from '../payments/bacs.js';
import {
  type BankAccountInput,
  checkBankAccount,
  formatSortCode,
  maskAccountNumber,
} from '../payments/bank-details.js';
import type { DebtorAccount, PayablePayment, Payment, PaymentRoute } from '../payments/batch.js';
import { writeCardLoads, writePain001, writePaymentsCsv } from '../payments/files.js';
import { paymentIdOf, runOfPayment } from '../payments/payment-id.js';
import { executionDate } from '../payments/working-days.js';
import type { InstalmentRun, Page, PageRequest, RecordScope, StoredRecord, Write } from '../ports.js';
import { openWork } from '../work.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  notFound,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, postTo, potOf } from './posting.js';
import { checkPage } from './queries.js';
import { put, setWork } from './unit.js';

/**
 * Money out (DESIGN.md 11b): the accounts money is paid from and to, each run's payment batch, the
 * files a bank, a finance system and a card programme take, and payments the bank returns.
 *
 * Records, each an item of its own (never in a journal entry), by kind:
 * - `payee_account` (with its plan, `PAYEE#<potId>`): the account a direct payment is paid into,
 *   from its agreement: holder name, sort code, account number sealed, or a card. Personal data.
 * - `paying_account` (with its funder, `ACCOUNT#paying`): the funder's account the money leaves.
 * - `client_account` (with its broker, `ACCOUNT#client`): a broker's client account.
 * - `payment` (with its run, `PAYMENT#<paymentId>`): one instalment to pay; no personal data.
 * - `download` (with its run, `DOWNLOAD#<at>#<id>`): who downloaded which file, when.
 * Account numbers are sealed by the AccountSealer port and shown everywhere as `****5678`.
 */

export interface SealedBank {
  name: string;
  sortCode: string;
  last4: string;
  sealed: string;
}

export interface PayeeAccount {
  planId: string;
  potId: string;
  agreementVersion: number;
  bank?: SealedBank;
  card?: { programme: string; cardAccountId: string };
  /** A payment into this account came back: later runs hold the pot until the account changes. */
  returned?: { paymentId: string; at: string; reason: string };
}

export interface OrgAccount {
  org: string;
  kind: 'paying' | 'client';
  bank: SealedBank;
  updatedAt: string;
  updatedBy: ReturnType<typeof actorRef>;
  returned?: { paymentId: string; at: string; reason: string };
}

/** An account as every answer shows it. */
export interface AccountView {
  name: string;
  sortCode: string;
  accountNumber: string;
}

export type PayToInput =
  | { bankAccount: BankAccountInput; card?: undefined }
  | { card: { programme: string; cardAccountId: string }; bankAccount?: undefined }
  | { bankAccount?: undefined; card?: undefined };

export const payeeName = (potId: string) => `PAYEE#${potId}`;
export const payingAccountName = 'ACCOUNT#paying';
export const clientAccountName = 'ACCOUNT#client';
export const paymentPrefix = 'PAYMENT#';
export const downloadPrefix = 'DOWNLOAD#';

export const accountView = (bank: SealedBank): AccountView => ({
  name: bank.name,
  sortCode: formatSortCode(bank.sortCode),
  accountNumber: maskAccountNumber(bank.last4),
});

const sealContext = (owner: string) => ({ purpose: 'account-number', owner });
const payeeOwner = (planId: string, potId: string) => `plan/${planId}/pot/${potId}`;
const orgOwner = (org: string, kind: 'paying' | 'client') => `org/${org}/${kind}`;

function sealerOf(deps: Deps) {
  if (!deps.sealer)
    throw new Error('no account sealer is configured (ACCOUNT_KEY_ARN in AWS, DATA_DIR locally)');
  return deps.sealer;
}

/** Checks bank details as a bank would and seals the account number; nothing is stored yet. */
export async function sealBank(
  deps: Deps,
  input: BankAccountInput,
  at: string,
  owner: string,
  keyOwner: string,
): Promise<SealedBank> {
  const checked = checkBankAccount(input, at);
  const sealed = await sealerOf(deps).seal(checked.accountNumber, sealContext(owner), keyOwner);
  return { name: checked.name, sortCode: checked.sortCode, last4: checked.accountNumber.slice(-4), sealed };
}

/** Checks what an agreement says to pay into, before anything is written (422 naming the field). */
export async function checkPayTo(
  deps: Deps,
  planId: string,
  potId: string,
  input: PayToInput,
  councilId: string,
): Promise<Pick<PayeeAccount, 'bank' | 'card'>> {
  if (input.bankAccount && input.card)
    throw new DomainError('BANK_DETAILS_INVALID', 'give bankAccount or card, not both', [
      { path: 'card', message: 'give bankAccount or card, not both' },
    ]);
  if (input.bankAccount)
    return {
      bank: await sealBank(deps, input.bankAccount, 'bankAccount', payeeOwner(planId, potId), councilId),
    };
  if (input.card) {
    const programme = toBacs(input.card.programme, 35);
    const cardAccountId = input.card.cardAccountId.trim();
    if (!programme)
      throw new DomainError('BANK_DETAILS_INVALID', 'card.programme: name the card programme', [
        { path: 'card.programme', message: 'name the card programme' },
      ]);
    if (!/^[A-Za-z0-9-]{1,34}$/.test(cardAccountId))
      throw new DomainError('BANK_DETAILS_INVALID', 'card.cardAccountId: 1-34 letters, digits or dashes', [
        { path: 'card.cardAccountId', message: 'a card account is 1-34 letters, digits or dashes' },
      ]);
    return { card: { programme, cardAccountId } };
  }
  return {};
}

/** The writes that make `payTo` the pot's payee account (a new agreement replaces it, and clears a return). */
export async function payeeAccountWrites(
  deps: Deps,
  planId: string,
  potId: string,
  agreementVersion: number,
  payTo: Pick<PayeeAccount, 'bank' | 'card'>,
): Promise<Write[]> {
  const scope: RecordScope = { planId };
  const name = payeeName(potId);
  const current = await deps.store.getRecord<PayeeAccount>(scope, name);
  const doc: PayeeAccount = { planId, potId, agreementVersion, ...payTo };
  return [recordWrite(scope, name, 'payee_account', doc, current?.version ?? 0)];
}

function recordWrite<T>(
  scope: RecordScope,
  name: string,
  kind: string,
  doc: T,
  currentVersion: number,
): Write {
  const record: StoredRecord = { scope, name, kind, version: currentVersion + 1, doc };
  return currentVersion === 0
    ? { kind: 'put_if_absent', record: { type: 'record', record } }
    : { kind: 'replace_if_version', record: { type: 'record', record }, expectedVersion: currentVersion };
}

/** The masked view of a pot's payee account, for the agreement's answer and pages. */
export async function payeeView(
  deps: Deps,
  planId: string,
  potId: string,
): Promise<{ bankAccount?: AccountView; card?: PayeeAccount['card'] } | undefined> {
  const found = await deps.store.getRecord<PayeeAccount>({ planId }, payeeName(potId));
  if (!found) return undefined;
  return {
    ...(found.doc.bank ? { bankAccount: accountView(found.doc.bank) } : {}),
    ...(found.doc.card ? { card: found.doc.card } : {}),
  };
}

async function setOrgAccount(
  deps: Deps,
  ctx: RequestContext,
  org: string,
  kind: 'paying' | 'client',
  input: BankAccountInput,
): Promise<CommandOutcome<AccountView & { org: string; updatedAt: string }>> {
  return runCommand(deps, ctx, async () => {
    const scope: RecordScope = { org };
    const name = kind === 'paying' ? payingAccountName : clientAccountName;
    const bank = await sealBank(deps, input, '', orgOwner(org, kind), org);
    const current = await deps.store.getRecord<OrgAccount>(scope, name);
    const updatedAt = deps.clock.now().toISOString();
    const doc: OrgAccount = { org, kind, bank, updatedAt, updatedBy: actorRef(ctx.actor) };
    return {
      unit: {
        writes: [
          recordWrite(
            scope,
            name,
            kind === 'paying' ? 'paying_account' : 'client_account',
            doc,
            current?.version ?? 0,
          ),
        ],
      },
      result: { org, ...accountView(bank), updatedAt },
    };
  });
}

/** A funder's paying account, set by an officer of that funder (council officer or health officer). */
export async function setPayingAccount(
  deps: Deps,
  ctx: RequestContext,
  funderId: string,
  input: BankAccountInput,
) {
  const a = ctx.actor;
  if (!((a.role === 'council_officer' || a.role === 'health_officer') && a.org === funderId))
    throw forbidden(`set the paying account of ${funderId}`);
  return setOrgAccount(deps, ctx, funderId, 'paying', input);
}

/** A broker's client account, set by that broker alone. */
export async function setClientAccount(
  deps: Deps,
  ctx: RequestContext,
  brokerId: string,
  input: BankAccountInput,
) {
  if (!(ctx.actor.role === 'broker' && ctx.actor.org === brokerId))
    throw forbidden(`set the client account of broker ${brokerId}`);
  return setOrgAccount(deps, ctx, brokerId, 'client', input);
}

// ---- The batch a run keeps ----

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
  const paymentId = paymentIdOf(batch.runId, pot.potId, entry.effectiveDate);
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

/** A payment into this pot's account came back and the account has not changed since: hold the pot. */
export async function payeeReturned(deps: Deps, pot: Pot): Promise<boolean> {
  if (!isPaidOut(pot)) return false;
  const payTo = payToOf(pot);
  if (payTo.kind === 'broker')
    return (
      (await deps.store.getRecord<OrgAccount>({ org: payTo.brokerId }, clientAccountName))?.doc.returned !==
      undefined
    );
  return (
    (await deps.store.getRecord<PayeeAccount>({ planId: pot.planId }, payeeName(pot.potId)))?.doc.returned !==
    undefined
  );
}

// ---- Reading a batch ----

const mayReadRun = (a: Actor, run: InstalmentRun) =>
  (a.role === 'council_officer' || a.role === 'auditor') && a.org === run.councilId;

/** The run, if the caller may read its payments: council officers of its council and auditors; others 404. */
export async function readableRun(deps: Deps, actor: Actor, runId: string): Promise<InstalmentRun> {
  const run = await deps.store.getRun(runId);
  if (!run || !mayReadRun(actor, run)) throw notFound(`instalment run ${runId}`);
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

/** Where each payment goes, its number sealed still; one read per payee and broker. */
async function destinations(deps: Deps, payments: readonly Payment[]) {
  const payees = new Map<string, PayeeAccount | undefined>();
  const brokers = new Map<string, OrgAccount | undefined>();
  for (const p of payments) {
    if (p.payTo.kind === 'broker') {
      if (!brokers.has(p.payTo.brokerId))
        brokers.set(
          p.payTo.brokerId,
          (await deps.store.getRecord<OrgAccount>({ org: p.payTo.brokerId }, clientAccountName))?.doc,
        );
    } else {
      const key = `${p.planId}/${p.potId}`;
      if (!payees.has(key))
        payees.set(
          key,
          (await deps.store.getRecord<PayeeAccount>({ planId: p.planId }, payeeName(p.potId)))?.doc,
        );
    }
  }
  return (
    p: Payment,
  ):
    | { kind: 'bank'; bank: SealedBank; owner: string }
    | { kind: 'card'; card: NonNullable<PayeeAccount['card']> }
    | undefined => {
    if (p.payTo.kind === 'broker') {
      const account = brokers.get(p.payTo.brokerId);
      return account
        ? { kind: 'bank', bank: account.bank, owner: orgOwner(p.payTo.brokerId, 'client') }
        : undefined;
    }
    const payee = payees.get(`${p.planId}/${p.potId}`);
    if (payee?.bank) return { kind: 'bank', bank: payee.bank, owner: payeeOwner(p.planId, p.potId) };
    if (payee?.card) return { kind: 'card', card: payee.card };
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
          ? maskAccountNumber(to.bank.last4)
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
async function allPayments(deps: Deps, runId: string): Promise<Payment[]> {
  const out: Payment[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await deps.store.listRecords<Payment>({ runId }, paymentPrefix, { limit: 1000, cursor });
    out.push(...page.items.map((r) => r.doc));
    if (!page.next) return out;
    cursor = page.next;
  }
}

export const paymentFormats = ['pain.001', 'csv', 'card-loads'] as const;
export type PaymentFormat = (typeof paymentFormats)[number];

export interface PaymentFile {
  contentType: string;
  filename: string;
  text: string;
  count: number;
  sum: string;
}

/**
 * A run's payment file (DESIGN.md 11b), its download recorded on the run. Returned payments and
 * those without an account are left out. Refusals (404 another council's run, 409 NOTHING_TO_PAY,
 * 409 PAYMENT_ACCOUNT_MISSING) record nothing.
 */
export async function paymentFile(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  runId: string,
  format: PaymentFormat,
): Promise<PaymentFile> {
  const run = await readableRun(deps, ctx.actor, runId);
  const payments = (await allPayments(deps, runId)).filter((p) => !p.returned);
  const where = await destinations(deps, payments);
  const wanted = payments
    .map((p) => ({ p, to: where(p) }))
    .filter(({ to }) => (format === 'card-loads' ? to?.kind === 'card' : to?.kind === 'bank'));
  if (wanted.length === 0)
    throw new DomainError(
      'NOTHING_TO_PAY',
      format === 'card-loads'
        ? `run ${runId} has no card loads`
        : `run ${runId} has no payment into a bank account`,
    );
  const debtors = new Map<string, DebtorAccount>();
  if (format === 'pain.001') {
    for (const funderId of new Set(wanted.map(({ p }) => p.funderId))) {
      const account = await deps.store.getRecord<OrgAccount>({ org: funderId }, payingAccountName);
      if (!account)
        throw new DomainError(
          'PAYMENT_ACCOUNT_MISSING',
          `funder ${funderId} has no paying account: PUT /v1/funders/${funderId}/payment-account`,
        );
      debtors.set(funderId, {
        funderId,
        name: account.doc.bank.name,
        sortCode: account.doc.bank.sortCode,
        accountNumber: await sealerOf(deps).open(
          account.doc.bank.sealed,
          sealContext(orgOwner(funderId, 'paying')),
        ),
      });
    }
  }
  const payable: PayablePayment[] = [];
  for (const { p, to } of wanted) {
    let route: PaymentRoute;
    if (to?.kind === 'bank')
      route = {
        kind: 'bank',
        name: to.bank.name,
        sortCode: to.bank.sortCode,
        accountNumber: await sealerOf(deps).open(to.bank.sealed, sealContext(to.owner)),
      };
    else if (to?.kind === 'card') route = { kind: 'card', ...to.card };
    else continue;
    payable.push({
      paymentId: p.paymentId,
      funderId: p.funderId,
      amount: p.amount,
      executionDate: p.executionDate,
      reference: bacsReference(`EHCP ${p.planId}`),
      route,
    });
  }
  const chunks: string[] = [];
  const sink = (c: string) => chunks.push(c);
  const totals =
    format === 'pain.001'
      ? writePain001(
          {
            messageId: runId,
            createdAt: deps.clock.now(),
            initiatingParty: toBacs(run.councilId, 70) || 'COUNCIL',
          },
          payable,
          debtors,
          sink,
        )
      : format === 'csv'
        ? writePaymentsCsv(payable, sink)
        : writeCardLoads(payable, sink);
  const at = deps.clock.now().toISOString();
  const download = { format, actor: actorRef(ctx.actor), at, count: totals.count, sum: totals.sum };
  await deps.store.commit({
    writes: [
      put({
        type: 'record',
        record: {
          scope: { runId },
          name: `${downloadPrefix}${at}#${deps.ids.next()}`,
          kind: 'download',
          version: 1,
          doc: download,
        },
      }),
    ],
  });
  return {
    contentType: format === 'pain.001' ? 'application/xml; charset=utf-8' : 'text/csv; charset=utf-8',
    filename: `${runId}-${format}.${format === 'pain.001' ? 'xml' : 'csv'}`,
    text: chunks.join(''),
    ...totals,
  };
}

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

// ---- Returned payments ----

/**
 * The bank returned a payment (DESIGN.md 11b): the instalment is reversed (its money back to
 * unreleased, so later instalments carry it), the bank's reason kept on the payment, worklist kind
 * `payment_returned` opened, and the account marked so that runs hold the pot until it changes.
 */
export async function returnPayment(
  deps: Deps,
  ctx: RequestContext,
  paymentId: string,
  input: { reason: string; code?: string | undefined },
): Promise<
  CommandOutcome<{
    paymentId: string;
    reversal: string;
    returned: { reason: string; code?: string; at: string };
  }>
> {
  const runId = runOfPayment(paymentId);
  const run = runId ? await deps.store.getRun(runId) : undefined;
  const a = ctx.actor;
  if (!run || !runId || !mayReadRun(a, run)) throw notFound(`payment ${paymentId}`);
  if (a.role !== 'council_officer') throw forbidden('record a returned payment');
  return runCommand(deps, ctx, async () => {
    const found = await deps.store.getRecord<Payment>({ runId }, `${paymentPrefix}${paymentId}`);
    if (!found) throw notFound(`payment ${paymentId}`);
    const payment = found.doc;
    if (payment.returned)
      throw new DomainError(
        'PAYMENT_ALREADY_RETURNED',
        `payment ${paymentId} was returned on ${payment.returned.at.slice(0, 10)}`,
      );
    const loaded = await loadPlan(deps, ctx, payment.planId);
    const pot = potOf(loaded, payment.potId);
    const original = await deps.store.getEntry(payment.planId, payment.entryId);
    if (!original) throw notFound(`entry ${payment.entryId}`);
    const now = deps.clock.now();
    const at = now.toISOString();
    const reason = input.reason;
    const posted = postTo(deps, ctx, pot, {
      kind: 'reverse',
      postings: reversalOf(original),
      effectiveDate: earlierOf(dateOf(now), pot.period.end),
      extra: { reverses: original.entryId, reason: `payment returned: ${reason}` },
    });
    const returned = {
      reason,
      ...(input.code ? { code: input.code } : {}),
      at,
      reversal: posted.entry.entryId,
    };
    const writes: Write[] = [
      ...posted.writes,
      put({ type: 'claim', scope: { planId: payment.planId }, name: `REVERSED#${original.entryId}` }),
      {
        kind: 'replace_if_version',
        record: {
          type: 'record',
          record: { ...found, version: found.version + 1, doc: { ...payment, returned } },
        },
        expectedVersion: found.version,
      },
      setWork(openWork('payment_returned', { plan: loaded.plan, pot, ref: paymentId }, dateOf(now), now)),
    ];
    // Mark the account: the next run holds the pot until the agreement's (or broker's) account changes.
    if (payment.payTo.kind === 'broker') {
      const account = await deps.store.getRecord<OrgAccount>(
        { org: payment.payTo.brokerId },
        clientAccountName,
      );
      if (account)
        writes.push({
          kind: 'replace_if_version',
          record: {
            type: 'record',
            record: {
              ...account,
              version: account.version + 1,
              doc: { ...account.doc, returned: { paymentId, at, reason } },
            },
          },
          expectedVersion: account.version,
        });
    } else {
      const payee = await deps.store.getRecord<PayeeAccount>(
        { planId: payment.planId },
        payeeName(payment.potId),
      );
      if (payee)
        writes.push({
          kind: 'replace_if_version',
          record: {
            type: 'record',
            record: {
              ...payee,
              version: payee.version + 1,
              doc: { ...payee.doc, returned: { paymentId, at, reason } },
            },
          },
          expectedVersion: payee.version,
        });
    }
    return {
      unit: { writes },
      result: {
        paymentId,
        reversal: posted.entry.entryId,
        returned: { reason, ...(input.code ? { code: input.code } : {}), at },
      },
    };
  });
}

const earlierOf = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);
