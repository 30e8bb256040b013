import type { IsoDate } from '../dates.js';
import { movements } from '../ledger.js';
import type { Pot } from '../model.js';
import { Money } from '../money.js';
import type { Deps, RequestContext } from './context.js';
import { periodEndClaim, repostedInstalmentClaim } from './instalment-claims.js';
import { movementDate, postTo, returnToFunder, today } from './posting.js';
import { changePot, commitUnit, mergeUpdates, put } from './unit.js';

/**
 * What the schedule still owes after a reversal and at its end (DESIGN.md section 11a): an
 * instalment whose release was reversed is posted again by a run inside the period; after the
 * period, its close returns whatever is still unreleased to the funder instead.
 */

/**
 * Posts again, at their own dates, the instalments whose release was reversed: once each (claimed
 * by the reversed entry), by a run inside the period.
 */
export async function postReversedInstalments(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  initial: Pot,
  upTo: IsoDate,
): Promise<{ pot: Pot; posted: number; amount: Money }> {
  let pot = initial;
  let posted = 0;
  let amount = Money.zero;
  if (today(deps) > pot.period.end) return { pot, posted, amount };
  const due = (pot.reversedInstalments ?? [])
    .filter((r) => r.date <= upTo && (!pot.ceased || r.date <= pot.ceased.date))
    .sort((a, b) => a.date.localeCompare(b.date) || a.index - b.index);
  for (const r of due) {
    const rest = (pot.reversedInstalments ?? []).filter((x) => x.entryId !== r.entryId);
    const share = Money.of(r.amount);
    const paid = share.greaterThan(Money.of(pot.unreleased)) ? Money.of(pot.unreleased) : share;
    const set = { reversedInstalments: JSON.stringify(rest) };
    const expect = { version: pot.version, suspended: false, notCeased: pot.ceased === undefined };
    const entry = paid.isPositive()
      ? postTo(deps, ctx, pot, {
          kind: 'instalment',
          postings: movements.instalment(pot.potId, paid),
          effectiveDate: r.date,
          extra: {
            instalmentIndex: r.index,
            memo: `instalment ${r.index + 1} posted again after its reversal`,
          },
          expect,
          set,
        })
      : undefined;
    const outcome = await commitUnit(deps, {
      writes: mergeUpdates([
        ...(entry?.writes ?? [changePot({ planId: pot.planId, potId: pot.potId, deltas: {}, expect, set })]),
        put({
          type: 'claim',
          scope: { planId: pot.planId },
          name: repostedInstalmentClaim(pot.potId, r.date, r.entryId),
        }),
      ]),
    });
    if (!outcome.ok) {
      // Another run posted it, or the pot moved: carry on from what is stored.
      const fresh = (await deps.store.getPots(pot.planId)).find((p) => p.potId === pot.potId);
      return { pot: fresh ?? pot, posted, amount };
    }
    pot = { ...(entry?.after ?? { ...pot, version: pot.version + 1 }) };
    if (rest.length) pot.reversedInstalments = rest;
    else delete pot.reversedInstalments;
    posted++;
    amount = amount.plus(paid);
  }
  return { pot, posted, amount };
}

/**
 * Period close: the first run after a pot's period end returns whatever is still unreleased to
 * the funder (`deallocate`, reason `period_end`), dated the period end (the earlier of today and
 * the period end). Once per pot (claimed); a refusal leaves it to the next run.
 */
export async function closePeriod(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  planId: string,
  potId: string,
): Promise<Money> {
  const pot = (await deps.store.getPots(planId)).find((p) => p.potId === potId);
  if (!pot?.schedule || today(deps) <= pot.period.end) return Money.zero;
  const unreleased = Money.of(pot.unreleased);
  if (!unreleased.isPositive()) return Money.zero;
  const posted = returnToFunder(deps, ctx, pot, {
    kind: 'deallocate',
    amount: unreleased,
    effectiveDate: movementDate(deps, pot),
    extra: { reason: 'period_end', memo: `unreleased at the period end (${pot.period.end}) returned` },
    expect: { version: pot.version },
    ...(pot.reversedInstalments ? { set: { reversedInstalments: '[]' } } : {}),
  });
  const outcome = await commitUnit(deps, {
    writes: mergeUpdates([
      ...posted.writes,
      put({ type: 'claim', scope: { planId }, name: periodEndClaim(potId) }),
    ]),
  });
  return outcome.ok ? unreleased : Money.zero;
}
