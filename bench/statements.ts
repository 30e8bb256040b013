import { randomUUID } from 'node:crypto';
import type { Deps } from '../domain/app/context.js';
import { addDays } from '../domain/dates.js';
import type { Spend } from '../domain/model.js';
import { signToken } from '../local/keys.js';
import { COUNCIL } from '../local/section8.js';

/**
 * Section 8 (issue 26's gates: ≤ 3 s, ≤ 256 MB): a pot of `planId` given 5,000 paid spends (records
 * written in units of 50), and a statement of 5,000 lines that match them imported over HTTP at `base`.
 */
export async function statementFigures(deps: Deps, base: string, privateKeyPem: string, planId: string) {
  const now = new Date().toISOString();
  const spends: Spend[] = Array.from({ length: 5_000 }, (_, i) => {
    const amount = `${(i % 400) + 1}.${String(i % 100).padStart(2, '0')}`;
    const date = addDays('2026-04-01', i % 360);
    return {
      planId,
      spendId: `bench-${String(i).padStart(5, '0')}`,
      potId: 'SC',
      amount,
      reserved: '0.00',
      paidAmount: amount,
      date,
      paidOn: date,
      payee: 'Bench',
      category: 'short_breaks',
      outcomeId: 'O2',
      provisionId: 'H1',
      householdRelative: false,
      paidOnRequest: true,
      status: 'paid',
      approvalReasons: [],
      requestedBy: { sub: 'bench', role: 'family', org: COUNCIL },
      requestedAt: now,
      approver: { role: 'council_officer', org: COUNCIL },
      version: 0,
    };
  });
  // 50 a unit: a spend is two items (the spend and its personal data, the payee), 100 at most.
  for (let i = 0; i < spends.length; i += 50)
    await deps.store.commit({
      writes: spends
        .slice(i, i + 50)
        .map((spend) => ({ kind: 'put_if_absent', record: { type: 'spend', spend } })),
    });
  const rows = spends.map((s, i) => `${addDays(s.date, i % 3 === 0 ? 1 : 0)},SHOP ${i},-${s.amount}`);
  const csv = `date,description,amount\n${rows.join('\n')}\n`;
  const family = await signToken(privateKeyPem, { role: 'family', org: COUNCIL, plans: [planId] });
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const t0 = performance.now();
  const res = await fetch(`${base}/v1/plans/${planId}/pots/SC/statements`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${family}`,
      'content-type': 'text/csv',
      'idempotency-key': randomUUID(),
    },
    body: csv,
  });
  const body = (await res.json()) as { matched?: number };
  const elapsed = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (res.status !== 201) throw new Error(`statement import answered ${res.status}`);
  return {
    ms: elapsed,
    matched: body.matched ?? 0,
    peakMb: peak / 2 ** 20,
    growthMb: (peak - before) / 2 ** 20,
  };
}
