import { randomUUID } from 'node:crypto';
import { recordAgreement } from '../domain/app/agreements.js';
import { actOnSpend, createPlan, requestSpend, setUpBudget } from '../domain/app/commands.js';
import type { Deps } from '../domain/app/context.js';
import { runCouncil } from '../domain/app/instalments.js';
import type { Actor, HoldingMode } from '../domain/model.js';
import { Money } from '../domain/money.js';
import { demoOutcomes, demoProvisions } from './demo-plan.js';

/**
 * A realistic generated council for demos, benchmarks and scale tests: plans mixing the three
 * holding modes and both funders, instalments released, and spends across categories and
 * outcomes, some waiting for approval, some paid in part. Deterministic for a given seed.
 */

export interface GenerateOptions {
  councilId: string;
  icbId: string;
  brokerId: string;
  plans: number;
  /** Spends per plan (each one or two journal entries). */
  entries: number;
  seed?: number;
  upTo?: string;
  /** All spends fall in this month, so entries can grow without adding months. */
  spendMonth?: string;
}

function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const modes: HoldingMode[] = ['notional', 'third_party', 'direct_payment'];

export async function generateCouncil(
  deps: Deps,
  o: GenerateOptions,
): Promise<{ planIds: string[]; spends: number }> {
  const next = random(o.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const officer: Actor = { sub: 'generator', role: 'council_officer', org: o.councilId, plans: [] };
  const ctx = (actor: Actor) => ({
    actor,
    requestId: `gen-${randomUUID()}`,
    idempotencyKey: randomUUID(),
    requestHash: randomUUID(),
  });
  const planIds: string[] = [];
  const budgets: Array<{
    planId: string;
    pots: Array<{ potId: string; stream: 'social_care' | 'health'; mode: HoldingMode }>;
    index: number;
  }> = [];
  let spends = 0;
  for (let i = 0; i < o.plans; i++) {
    const plan = await createPlan(deps, ctx(officer), {
      councilId: o.councilId,
      child: { reference: `GEN-${i}`, dateOfBirth: '2014-06-01' },
      outcomes: demoOutcomes(),
      provisions: demoProvisions(),
    });
    const planId = plan.result.planId;
    planIds.push(planId);
    const scMode = pick(modes);
    const hlMode = pick(modes);
    const cash = (mode: HoldingMode) =>
      mode === 'notional'
        ? {}
        : { schedule: { frequency: pick(['weekly', 'four_weekly', 'monthly'] as const) } };
    const pots = [
      {
        potId: 'SC',
        stream: 'social_care' as const,
        funderId: o.councilId,
        mode: scMode,
        allocation: `${3000 + Math.floor(next() * 7000)}.00`,
        ...cash(scMode),
        ...(scMode === 'third_party' ? { holderId: o.brokerId } : {}),
      },
      {
        potId: 'HL',
        stream: 'health' as const,
        funderId: o.icbId,
        mode: hlMode,
        allocation: `${1000 + Math.floor(next() * 4000)}.00`,
        ...cash(hlMode),
        ...(hlMode === 'third_party' ? { holderId: o.brokerId } : {}),
      },
    ];
    await setUpBudget(deps, ctx(officer), planId, {
      period: { start: '2026-04-01', end: '2027-03-31' },
      pots,
    });
    // Direct payments need a signed agreement, recorded by the officer of the pot's funder.
    for (const pot of pots.filter((p) => p.mode === 'direct_payment')) {
      const funderOfficer: Actor =
        pot.stream === 'health' ? { sub: 'icb', role: 'health_officer', org: o.icbId, plans: [] } : officer;
      await recordAgreement(deps, ctx(funderOfficer), planId, pot.potId, {
        holder: { kind: 'parent', name: `Parent ${i + 1}` },
        signedOn: '2026-03-20',
        accountReference: '****1234',
      });
    }
    budgets.push({ planId, pots, index: i });
  }
  await runCouncil(deps, ctx(officer), o.councilId, o.upTo ?? '2026-10-31');
  for (const { planId, pots, index: i } of budgets) {
    const family: Actor = { sub: `family-${i}`, role: 'family', org: o.councilId, plans: [planId] };
    for (let k = 0; k < o.entries; k++) {
      const pot = pick(pots);
      const actor: Actor =
        pot.mode === 'direct_payment'
          ? family
          : pot.mode === 'third_party'
            ? { sub: 'broker', role: 'broker', org: o.brokerId, plans: [] }
            : pot.stream === 'health'
              ? { sub: 'icb', role: 'health_officer', org: o.icbId, plans: [] }
              : officer;
      const health = pot.stream === 'health';
      const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
      const date = o.spendMonth
        ? `${o.spendMonth}-${day}`
        : `2026-${pick(['05', '06', '07', '08', '09', '10'])}-${day}`;
      const amount = Money.fromPence(BigInt(500 + Math.floor(next() * 15_000))).toString();
      try {
        const s = await requestSpend(deps, ctx(actor), planId, {
          potId: pot.potId,
          amount,
          date,
          payee: pick(['Sunshine Play CIC', 'PA Services Ltd', 'Speech Matters', 'Tutor Co']),
          category: health
            ? pick(['therapy', 'equipment'])
            : pick(['short_breaks', 'personal_assistant', 'travel_training']),
          outcomeId: health ? pick(['O1', 'O3']) : pick(['O2', 'O3']),
          provisionId: health ? 'G1' : 'H1',
          paid: next() < 0.7,
          ...(next() < 0.85 ? { evidence: `receipt ${k}` } : {}),
        });
        spends++;
        if (s.result.status === 'approved' && next() < 0.5) {
          await actOnSpend(deps, ctx(actor), planId, s.result.spendId, 'pay', {
            amount: Money.of(s.result.amount).mulDiv('9', '10').max(Money.of('0.01')).toString(),
          });
        }
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'INSUFFICIENT_FUNDS')) throw error;
      }
    }
  }
  return { planIds, spends };
}
