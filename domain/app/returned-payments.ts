import { canReadRuns } from '../access.js';
import { dateOf, type IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { reversalOf } from '../ledger.js';
import type { Payment } from '../payments/batch.js';
import { runOfPayment } from '../payments/payment-id.js';
import type { Write } from '../ports.js';
import { openWork } from '../work.js';
import {
  type CommandOutcome,
  type Deps,
  forbidden,
  notFound,
  type RequestContext,
  runCommand,
} from './context.js';
import { accountOf, type PaidAccount, recordWrite } from './payment-accounts.js';
import { paymentPrefix } from './payment-batch.js';
import { loadPlan, postTo, potOf } from './posting.js';
import { put, setWork } from './unit.js';

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
  if (!run || !runId || !canReadRuns(a, run.councilId)) throw notFound(`payment ${paymentId}`);
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
      recordWrite(found.scope, found.name, found.kind, { ...payment, returned }, found.version),
      setWork(openWork('payment_returned', { plan: loaded.plan, pot, ref: paymentId }, dateOf(now), now)),
    ];
    // Mark the account: the next run holds the pot until the agreement's (or broker's) account changes.
    const into = accountOf(payment.payTo, payment.planId, payment.potId);
    const account = await deps.store.getRecord<PaidAccount>(into.scope, into.name);
    if (account)
      writes.push(
        recordWrite(
          account.scope,
          account.name,
          account.kind,
          { ...account.doc, returned: { paymentId, at, reason } },
          account.version,
        ),
      );
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
