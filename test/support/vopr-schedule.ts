import { cease } from '../../domain/app/cessation.js';
import {
  actOnSpend,
  adjustAllocation,
  createPlan,
  recover,
  requestSpend,
  reverseEntry,
  setSuspension,
} from '../../domain/app/commands.js';
import { runInstalments } from '../../domain/app/instalments.js';
import { listRecoveries } from '../../domain/app/recoveries.js';
import { resume } from '../../domain/app/resumption.js';
import type { IsoDate } from '../../domain/dates.js';
import { isConserved, readBalances } from '../../domain/ledger.js';
import type { JournalEntry, Pot } from '../../domain/model.js';
import { Money } from '../../domain/money.js';
import { instalmentDate } from '../../domain/schedule.js';
import { memoryWorld, section8Budget } from './harness.js';
import { actors, COUNCIL, planInput, spendInput } from './section8.js';
import { rng } from './vopr-ops.js';

/**
 * The lifecycle harness (issue 22): seeded scenarios of the orders found broken from outside —
 * concurrent and interleaved cessations, a reduction with notice inside a run's span, suspensions
 * around a cessation, withholds, approvals racing a cessation, adjustments after it, reversals of
 * instalments and recoveries — checked against a reference model that predicts each instalment
 * of the SC pot (four-weekly, 5000.00 from 1 April 2026, 13 instalments) from the rules of
 * DESIGN.md 11a alone, written apart from domain/pot-schedule.ts. It counts the orders reached.
 */

const schedule = { frequency: 'four_weekly' as const, firstDate: '2026-04-01' };
const dates: IsoDate[] = Array.from({ length: 13 }, (_, i) => instalmentDate(schedule, i));
const base = Money.of('5000.00').split(13);

export interface Scenario {
  /** The clock's day while the scenario runs, after the first run paid to 30 June. */
  today: IsoDate;
  reduction?: { pence: number; effective: IsoDate };
  suspension?: { resumeOn: IsoDate; missed: 'release' | 'withhold'; resumeAfterCessation: boolean };
  cessation?: { date: IsoDate; concurrent: number; approvalRace: boolean };
  adjustAfterCessation: boolean;
  reverseInstalment: boolean;
  reverseRecovery: boolean;
}

export function scenario(random: () => number): Scenario {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const later = dates.slice(5);
  const s: Scenario = {
    today: '2026-07-01',
    adjustAfterCessation: random() < 0.5,
    reverseInstalment: random() < 0.3,
    reverseRecovery: random() < 0.3,
  };
  if (random() < 0.6) s.reduction = { pence: 1 + Math.floor(random() * 30_000), effective: pick(later) };
  if (random() < 0.8) {
    const day = pick(['2026-07-25', '2026-08-31', '2026-10-20', '2026-12-31', '2027-02-10']);
    s.cessation = { date: day, concurrent: 1 + Math.floor(random() * 6), approvalRace: random() < 0.5 };
  }
  if (random() < 0.5) {
    s.suspension = {
      resumeOn: pick(['2026-08-25', '2026-09-20', '2026-11-15']),
      missed: random() < 0.6 ? 'withhold' : 'release',
      resumeAfterCessation: random() < 0.6,
    };
  }
  return s;
}

/** The model: each instalment's amount, and which are paid, withheld or returned, from the rules alone. */
export function predict(s: Scenario): { paid: Map<IsoDate, Money>; withheld: Money } {
  // Instalments before a reduction keep the schedule's amounts; those on or after it share the rest.
  const amounts = [...base];
  // A cut dated after the cessation changes only instalments after it: those are paid by no one,
  // unless a resumption before the cessation withheld them while the cut was in force.
  const cut = s.reduction;
  if (cut) {
    const from = dates.findIndex((d) => d >= cut.effective);
    const pool = Money.sum(amounts.slice(from)).minus(Money.fromPence(BigInt(cut.pence)));
    pool.split(13 - from).forEach((a, k) => {
      amounts[from + k] = a;
    });
  }
  const paid = new Map<IsoDate, Money>();
  let withheld = Money.zero;
  dates.forEach((d, i) => {
    // Suspended from 1 July: missed instalments are those dated on or before the resumption and,
    // when it resumes after the cessation, on or before the cessation too (section 11a).
    const missed = s.suspension && d > '2026-07-01' && d <= s.suspension.resumeOn;
    const withholds = missed && s.suspension?.missed === 'withhold';
    const afterCessation = s.cessation !== undefined && d > s.cessation.date;
    if (withholds && !(afterCessation && s.suspension?.resumeAfterCessation))
      withheld = withheld.plus(amounts[i] as Money);
    else if (!afterCessation && !withholds) paid.set(d, amounts[i] as Money);
  });
  return { paid, withheld };
}

const settle = <T>(p: Promise<T>) =>
  p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, code: (e as { code?: string }).code ?? String(e) }),
  );

export interface ScenarioResult {
  problems: string[];
  orders: string[];
}

/** Plays a scenario against the ledger, and compares it with the model. */
export async function play(s: Scenario): Promise<ScenarioResult> {
  const w = memoryWorld(`${s.today}T09:00:00.000Z`);
  const officer = (key?: string) => w.ctx(actors.officer, key);
  const { result: plan } = await createPlan(w.deps, officer(), planInput());
  const planId = plan.planId;
  const family = actors.family(planId);
  await section8Budget(w, planId);
  await runInstalments(w.deps, officer(), { councilId: COUNCIL, upTo: '2026-06-30' });
  const problems: string[] = [];
  const orders: string[] = [];
  const entries = async (): Promise<JournalEntry[]> =>
    (await w.store.listEntries(planId, { limit: 10_000 })).items.filter((e) => e.postings[0]?.potId === 'SC');
  const pot = async () => (await w.store.getPots(planId)).find((p) => p.potId === 'SC') as Pot;

  if (s.reduction) {
    await adjustAllocation(w.deps, officer(), planId, 'SC', {
      amount: Money.fromPence(BigInt(-s.reduction.pence)).toString(),
      reason: 'reduced at review',
      effectiveDate: s.reduction.effective,
      noticeGiven: s.today,
    });
    orders.push('reduction with notice inside the run span');
  }
  let reversedRecovery: string | undefined;
  if (s.reverseRecovery) {
    const r = await recover(w.deps, officer(), planId, 'SC', {
      amount: '10.00',
      reason: 'surplus',
      dueDate: s.today,
    });
    await reverseEntry(w.deps, officer(), planId, r.result.entryId, { reason: 'in error' });
    reversedRecovery = r.result.recoveryId;
    orders.push('recovery reversed');
  }
  if (s.reverseInstalment) {
    const june = (await entries()).find((e) => e.kind === 'instalment' && e.effectiveDate === dates[3]);
    await reverseEntry(w.deps, officer(), planId, june?.entryId ?? '', { reason: 'wrong account' });
    orders.push('instalment reversed, posted again');
  }
  if (s.suspension) await setSuspension(w.deps, officer(), planId, 'SC', true, 'return overdue');
  const resumeNow = async () => {
    if (!s.suspension) return;
    w.clock.set(`${s.suspension.resumeOn}T09:00:00.000Z`);
    // Release pays at the next run: the run up to the resumption pays the missed ones.
    await resume(w.deps, officer(), planId, 'SC', { reason: 'back', missedInstalments: s.suspension.missed });
    w.clock.set(`${s.today}T09:00:00.000Z`);
  };
  if (s.suspension && !s.suspension.resumeAfterCessation) await resumeNow();
  const spendsDatedAfter: string[] = [];
  if (s.cessation) {
    const c = s.cessation;
    // A spend dated after the cessation waits for approval; the approval and its payment race it.
    let pending: string | undefined;
    if (c.approvalRace && !s.suspension) {
      const r = await requestSpend(w.deps, w.ctx(family), planId, {
        ...spendInput(),
        amount: '600.00',
        paid: false,
        date: '2027-03-01',
      });
      pending = r.result.spendId;
      spendsDatedAfter.push(pending);
    }
    const racers = [
      ...Array.from({ length: c.concurrent }, () =>
        settle(cease(w.deps, officer(), planId, 'SC', { reason: 'moved_area', date: c.date })),
      ),
      ...(pending
        ? [
            settle(
              actOnSpend(w.deps, officer(), planId, pending, 'approve', {}).then(() =>
                actOnSpend(w.deps, w.ctx(family), planId, pending, 'pay', {}),
              ),
            ),
          ]
        : []),
    ];
    const answers = await Promise.all(racers);
    const ceased = answers.slice(0, c.concurrent);
    if (c.concurrent > 1) orders.push('concurrent cessations');
    if (pending)
      orders.push(answers.at(-1)?.ok ? 'approval paid before cessation' : 'approval refused by cessation');
    const won = ceased.filter((a) => a.ok).length;
    if (won !== 1) problems.push(`${won} of ${c.concurrent} concurrent cessations took effect`);
    for (const a of ceased)
      if (!a.ok && a.code !== 'POT_CEASED') problems.push(`a cessation was answered ${a.code}`);
    if (s.suspension)
      orders.push(s.suspension.resumeAfterCessation ? 'suspend, cease, resume' : 'suspend, resume, cease');
  }
  if (s.suspension?.resumeAfterCessation) await resumeNow();
  if (s.suspension) orders.push(`resumed with ${s.suspension.missed}`);
  if (s.cessation && s.adjustAfterCessation) {
    const a = await settle(
      adjustAllocation(w.deps, officer(), planId, 'SC', { amount: '100.00', reason: 'top-up' }),
    );
    orders.push('adjustment after cessation');
    if (a.ok || a.code !== 'POT_CEASED')
      problems.push(`an adjustment of a ceased pot was answered ${a.ok ? 'ok' : a.code}`);
  }
  // One run covers the rest of the year: every change dated inside it applies at its own date.
  await runInstalments(w.deps, officer(), { councilId: COUNCIL, upTo: '2027-03-31' });

  // Assess against the model.
  const expected = predict(s);
  const all = await entries();
  const reversed = new Set(all.filter((e) => e.kind === 'reverse').map((e) => e.reverses));
  const got = new Map<IsoDate, Money>();
  for (const e of all) {
    if (e.kind !== 'instalment' || reversed.has(e.entryId)) continue;
    const amount = Money.of(e.postings.find((p) => p.account === 'available')?.amount ?? '0');
    got.set(e.effectiveDate, (got.get(e.effectiveDate) ?? Money.zero).plus(amount));
  }
  for (const d of dates) {
    const want = expected.paid.get(d);
    const have = got.get(d);
    if ((want?.toString() ?? 'none') !== (have?.toString() ?? 'none'))
      problems.push(
        `instalment ${d}: model ${want?.toString() ?? 'none'}, ledger ${have?.toString() ?? 'none'}`,
      );
  }
  const withheld = Money.sum(
    all
      .filter((e) => e.kind === 'withhold')
      .map((e) => Money.of(e.postings.find((p) => p.account === 'funder')?.amount ?? '0')),
  );
  if (!withheld.equals(expected.withheld))
    problems.push(`withheld ${withheld.toString()}, model ${expected.withheld.toString()}`);
  const after = await pot();
  if (s.cessation && !after.unreleased.startsWith('0.00'))
    problems.push(`ceased pot still holds ${after.unreleased} unreleased`);
  if (!isConserved(readBalances(after))) problems.push('the pot breaks conservation');
  const spends = (await w.store.listSpends(planId)).filter((x) => x.potId === 'SC');
  for (const sp of spends) {
    if (s.cessation && spendsDatedAfter.includes(sp.spendId) && sp.status === 'paid')
      problems.push(`spend ${sp.spendId} dated after the cessation was paid from the pot`);
    if (s.cessation && (sp.status === 'pending_approval' || sp.status === 'approved'))
      problems.push(`spend ${sp.spendId} is still ${sp.status} on a ceased pot`);
  }
  if (reversedRecovery) {
    const listed = (
      await listRecoveries(w.deps, actors.officer, { councilId: COUNCIL }, undefined)
    ).items.find((r) => r.recoveryId === reversedRecovery);
    if (listed?.status !== 'reversed') problems.push(`a reversed recovery is listed ${listed?.status}`);
  }
  return { problems, orders };
}

/** Runs `count` scenarios of a seed: the failures (with their scenario) and how often each order was reached. */
export async function runScheduleSeed(
  seed: number,
  count: number,
): Promise<{
  failures: Array<{ index: number; scenario: Scenario; problems: string[] }>;
  reached: Map<string, number>;
}> {
  const random = rng(seed);
  const failures: Array<{ index: number; scenario: Scenario; problems: string[] }> = [];
  const reached = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const s = scenario(random);
    const r = await play(s);
    for (const o of r.orders) reached.set(o, (reached.get(o) ?? 0) + 1);
    if (r.problems.length) failures.push({ index, scenario: s, problems: r.problems });
  }
  return { failures, reached };
}
