// Proves reports over a period (DESIGN.md section 9c): the council's and the funder's bucket figures
// are each pot's balances as they stood at the end of the range, exact to the day (a `to` inside a
// month reads that month's day summaries), and flows are the money that moved inside the range.
import { describe, expect, it } from 'vitest';
import { createPlan, requestSpend } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { councilReconciliation, funderReconciliation } from '../../../domain/app/reconciliations.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, ICB, planInput, spendInput } from '../../support/section8.js';

async function world() {
  const w = memoryWorld('2026-07-10T09:00:00.000Z');
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  await requestSpend(w.deps, w.ctx(actors.family(plan.planId)), plan.planId, spendInput());
  return { ...w, planId: plan.planId };
}

describe('reconciliation for a range', () => {
  it('gives April-end positions for April only, not today’s balances', async () => {
    // Prepare: by April's end SC had two four-weekly instalments (1 and 29 April), HL one month.
    const w = await world();
    // Act
    const april = await councilReconciliation(w.deps, actors.officer, COUNCIL, {
      from: '2026-04-01',
      to: '2026-04-30',
    });
    const today = await councilReconciliation(w.deps, actors.officer, COUNCIL, {});
    // Assess
    expect(april.totals).toEqual({
      allocated: '14000.00',
      unreleased: '6980.76',
      available: '7019.24',
      committed: '0.00',
      spent: '0.00',
      recovered: '0.00',
    });
    expect(april.flows).toEqual({ received: '7019.24', spent: '0.00', recovered: '0.00' });
    expect(april.balanced).toBe(true);
    expect(today.totals).toMatchObject({ unreleased: '5711.52', available: '8243.48', spent: '45.00' });
    expect(today.flows).toEqual({ received: '8288.48', spent: '45.00', recovered: '0.00' });
  });

  it('stands at the end of any day inside a month, from that month’s day summaries', async () => {
    const w = await world();
    const mid = await councilReconciliation(w.deps, actors.officer, COUNCIL, {
      from: '2026-04-01',
      to: '2026-04-15',
    });
    const eve = await councilReconciliation(w.deps, actors.officer, COUNCIL, {
      from: '2026-05-01',
      to: '2026-05-02',
    });
    const day = await councilReconciliation(w.deps, actors.officer, COUNCIL, {
      from: '2026-05-03',
      to: '2026-05-03',
    });
    expect(mid.totals).toMatchObject({ available: '6634.62', unreleased: '7365.38' });
    expect(eve.flows.spent).toBe('0.00');
    expect(day.flows).toEqual({ received: '0.00', spent: '45.00', recovered: '0.00' });
    expect(day.totals).toMatchObject({ unreleased: '6730.76', available: '7224.24', spent: '45.00' });
  });

  it('reports a negative position as it is when support was dated before the instalment that paid for it', async () => {
    // Prepare: recorded in July, the support was bought on 2 April, before most of its money came.
    const w = await world();
    await requestSpend(w.deps, w.ctx(actors.family(w.planId)), w.planId, {
      ...spendInput(),
      amount: '450.00',
      date: '2026-04-02',
    });
    // Act
    const early = await councilReconciliation(w.deps, actors.officer, COUNCIL, {
      from: '2026-04-01',
      to: '2026-04-10',
    });
    // Assess: SC had 384.62 then; 450.00 was spent from it.
    const sc = early.rows.find((r) => r.stream === 'social_care');
    expect(sc).toMatchObject({ available: '-65.38', spent: '450.00' });
    expect(early.balanced).toBe(true);
  });

  it('gives the funder the same: its pots as they stood at the end of its quarter', async () => {
    const w = await world();
    const april = await funderReconciliation(w.deps, actors.health, ICB, {
      from: '2026-04-01',
      to: '2026-04-30',
    });
    const quarter = await funderReconciliation(w.deps, actors.health, ICB, {
      from: '2026-04-01',
      to: '2026-06-30',
    });
    expect(april).toMatchObject({ from: '2026-04-01', to: '2026-04-30' });
    expect(april.totals).toMatchObject({ allocated: '3000.00', unreleased: '2750.00', available: '250.00' });
    expect(quarter.totals).toMatchObject({ unreleased: '2250.00', available: '750.00' });
    expect(quarter.flows.received).toBe('750.00');
  });
});
