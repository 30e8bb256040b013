import { DomainError } from '../errors.js';
import { bacsReference, toBacs } from '../payments/bacs.js';
import type {
  DebtorAccount,
  PayablePayment,
  Payment,
  PaymentFormat,
  PaymentRoute,
} from '../payments/batch.js';
import { writeCardLoads, writePain001, writePaymentsCsv } from '../payments/files.js';
import { erasedValue } from '../personal-data.js';
import { actorRef, type Deps, type RequestContext } from './context.js';
import {
  isErasedBank,
  type OrgAccount,
  orgOwner,
  payingAccountName,
  sealContext,
  sealerOf,
} from './payment-accounts.js';
import { destinations, downloadPrefix, paymentPrefix, readableRun } from './payment-batch.js';
import { put } from './unit.js';

/** A run's payment files (DESIGN.md 11b): pain.001 for the bank, CSV, card loads; each download recorded. */

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

export interface PaymentFile {
  contentType: string;
  filename: string;
  text: string;
  count: number;
  sum: string;
}

type Destination = NonNullable<ReturnType<Awaited<ReturnType<typeof destinations>>>>;

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
    // A disposed plan's account is erased (section 11d): no file carries it, nor its name.
    .filter((w): w is { p: Payment; to: Destination } =>
      format === 'card-loads'
        ? w.to?.kind === 'card' && w.to.card.cardAccountId !== erasedValue
        : w.to?.kind === 'bank' && !isErasedBank(w.to.bank),
    );
  if (wanted.length === 0)
    throw new DomainError(
      'NOTHING_TO_PAY',
      format === 'card-loads'
        ? `run ${runId} has no card loads`
        : `run ${runId} has no payment into a bank account`,
    );
  const debtors =
    format === 'pain.001' ? await debtorsOf(deps, new Set(wanted.map(({ p }) => p.funderId))) : new Map();
  const payable = await payableOf(deps, wanted);
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
  await recordDownload(deps, ctx, runId, { format, ...totals });
  return {
    contentType: format === 'pain.001' ? 'application/xml; charset=utf-8' : 'text/csv; charset=utf-8',
    filename: `${runId}-${format}.${format === 'pain.001' ? 'xml' : 'csv'}`,
    text: chunks.join(''),
    ...totals,
  };
}

/** The funders' paying accounts, numbers opened: the debtors of a pain.001 file (409 if one has none). */
async function debtorsOf(deps: Deps, funderIds: ReadonlySet<string>): Promise<Map<string, DebtorAccount>> {
  const debtors = new Map<string, DebtorAccount>();
  for (const funderId of funderIds) {
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
  return debtors;
}

/**
 * The payments as a file carries them, each account's number opened once (a broker's client
 * account is shared by all its pots).
 */
async function payableOf(
  deps: Deps,
  wanted: ReadonlyArray<{ p: Payment; to: Destination }>,
): Promise<PayablePayment[]> {
  const sealer = sealerOf(deps);
  const numbers = new Map<string, Promise<string>>();
  const payable: PayablePayment[] = [];
  for (const { p, to } of wanted) {
    let route: PaymentRoute;
    if (to.kind === 'bank') {
      let number = numbers.get(to.owner);
      if (!number) {
        number = sealer.open(to.bank.sealed, sealContext(to.owner));
        numbers.set(to.owner, number);
      }
      route = { kind: 'bank', name: to.bank.name, sortCode: to.bank.sortCode, accountNumber: await number };
    } else route = { kind: 'card', ...to.card };
    payable.push({
      paymentId: p.paymentId,
      funderId: p.funderId,
      amount: p.amount,
      executionDate: p.executionDate,
      reference: bacsReference(`EHCP ${p.planId}`),
      route,
    });
  }
  return payable;
}

/** Who downloaded which file of the run, when, and what it held. */
async function recordDownload(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor'>,
  runId: string,
  file: { format: PaymentFormat; count: number; sum: string },
): Promise<void> {
  const at = deps.clock.now().toISOString();
  await deps.store.commit({
    writes: [
      put({
        type: 'record',
        record: {
          scope: { runId },
          name: `${downloadPrefix}${at}#${deps.ids.next()}`,
          kind: 'download',
          version: 1,
          doc: { format: file.format, actor: actorRef(ctx.actor), at, count: file.count, sum: file.sum },
        },
      }),
    ],
  });
}
