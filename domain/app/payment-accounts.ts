import { DomainError } from '../errors.js';
import { toBacs } from '../payments/bacs.js';
import {
  type BankAccountInput,
  checkBankAccount,
  formatSortCode,
  maskAccountNumber,
} from '../payments/bank-details.js';
import type { Payment } from '../payments/batch.js';
import { erasedValue } from '../personal-data.js';
import type { RecordScope, StoredRecord, Write } from '../ports.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';

/**
 * Money out (DESIGN.md 11b), the accounts money is paid from and to. Records, each an item of its
 * own (never in a journal entry), by kind:
 * - `payee_account` (with its plan, `PAYEE#<potId>`): the account a direct payment is paid into,
 *   from its agreement: holder name, sort code, account number sealed, or a card. Personal data.
 * - `paying_account` (with its funder, `ACCOUNT#paying`): the funder's account the money leaves.
 * - `client_account` (with its broker, `ACCOUNT#client`): a broker's client account.
 * Account numbers are sealed by the AccountSealer port and shown everywhere as `****5678`. The
 * run's batch is in payment-batch.ts, its files in payment-files.ts, returns in returned-payments.ts.
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

/** What a payment needs of the account it goes into: a bank account or a card, and whether a payment into it came back. */
export type PaidAccount = Pick<PayeeAccount, 'bank' | 'card' | 'returned'>;

/**
 * The account a payment goes into (DESIGN.md 11b): a third-party pot's broker's client account, or
 * the pot's payee account from its agreement. `owner` names it (and binds its sealed number).
 */
export function accountOf(
  payTo: Payment['payTo'],
  planId: string,
  potId: string,
): { scope: RecordScope; name: string; owner: string } {
  return payTo.kind === 'broker'
    ? { scope: { org: payTo.brokerId }, name: clientAccountName, owner: orgOwner(payTo.brokerId, 'client') }
    : { scope: { planId }, name: payeeName(potId), owner: payeeOwner(planId, potId) };
}

export type PayToInput =
  | { bankAccount: BankAccountInput; card?: undefined }
  | { card: { programme: string; cardAccountId: string }; bankAccount?: undefined }
  | { bankAccount?: undefined; card?: undefined };

export const payeeName = (potId: string) => `PAYEE#${potId}`;
export const payingAccountName = 'ACCOUNT#paying';
export const clientAccountName = 'ACCOUNT#client';

/** Whether disposal erased the account (section 11d): its holder's name and number are gone. */
export const isErasedBank = (bank: SealedBank): boolean => bank.sealed === erasedValue;

export const accountView = (bank: SealedBank): AccountView => ({
  name: bank.name,
  sortCode: formatSortCode(bank.sortCode),
  accountNumber: isErasedBank(bank) ? erasedValue : maskAccountNumber(bank.last4),
});

/**
 * Disposal of a plan's payee accounts (section 11d): the holder's name, the sealed account number
 * and its last four digits, a card account and a returned payment's reason read `"[erased]"`; the
 * sort code (a bank branch, not a person) and the agreement's version are kept. Payment records
 * (with their runs) hold no name: their rows join this account, so they read `"[erased]"` too,
 * and no payment file carries an erased account.
 */
export async function payeeAccountErasures(deps: Deps, planId: string): Promise<Write[]> {
  const writes: Write[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await deps.store.listRecords<PayeeAccount>({ planId }, 'PAYEE#', { limit: 100, cursor });
    for (const r of page.items) {
      const { bank, card, returned } = r.doc;
      const erased =
        (bank === undefined || isErasedBank(bank)) &&
        (card === undefined || card.cardAccountId === erasedValue) &&
        (returned === undefined || returned.reason === erasedValue);
      if (erased) continue;
      const doc: PayeeAccount = {
        ...r.doc,
        ...(bank ? { bank: { ...bank, name: erasedValue, last4: erasedValue, sealed: erasedValue } } : {}),
        ...(card ? { card: { ...card, cardAccountId: erasedValue } } : {}),
        ...(returned ? { returned: { ...returned, reason: erasedValue } } : {}),
      };
      writes.push(recordWrite(r.scope, r.name, r.kind, doc, r.version));
    }
    if (!page.next) return writes;
    cursor = page.next;
  }
}

export const sealContext = (owner: string) => ({ purpose: 'account-number', owner });
export const payeeOwner = (planId: string, potId: string) => `plan/${planId}/pot/${potId}`;
export const orgOwner = (org: string, kind: 'paying' | 'client') => `org/${org}/${kind}`;

export function sealerOf(deps: Deps) {
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

export function recordWrite<T>(
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
