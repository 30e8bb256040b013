// Proves the worked example of docs/lifecycle.md, figure by figure: agreement → instalments → a
// return with a query → suspension → resumption with withhold → cessation → recovery settled.
import { describe, expect, it } from 'vitest';
import { recordAgreement } from '../../../domain/app/agreements.js';
import { cease } from '../../../domain/app/cessation.js';
import { createPlan, requestSpend, setSuspension, setUpBudget } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { closeRecovery, recover } from '../../../domain/app/recoveries.js';
import { councilSurpluses } from '../../../domain/app/reports.js';
import { resume } from '../../../domain/app/resumption.js';
import { submitReturn } from '../../../domain/app/returns.js';
import { isConserved, readBalances } from '../../../domain/ledger.js';
import { memoryWorld } from '../../support/harness.js';
import {
  actors,
  agreementInput,
  budgetInput,
  COUNCIL,
  planInput,
  spendInput,
} from '../../support/section8.js';

describe('the direct-payment lifecycle, worked', () => {
  it('gives the figures of docs/lifecycle.md', async () => {
    const w = memoryWorld('2026-04-01T09:00:00.000Z');
    const officer = actors.officer;
    const { result: plan } = await createPlan(w.deps, w.ctx(officer), planInput());
    const planId = plan.planId;
    const family = actors.family(planId);
    const sc = async () => (await w.store.getPots(planId)).find((p) => p.potId === 'SC');
    await setUpBudget(w.deps, w.ctx(officer), planId, budgetInput());

    // 1. No agreement yet: SC's instalments are held.
    const held = await runInstalments(w.deps, w.ctx(officer), { councilId: COUNCIL, upTo: '2026-04-01' });
    expect('held' in held.result ? held.result.held.map((h) => h.potId) : []).toEqual(['SC']);
    await recordAgreement(w.deps, w.ctx(officer), planId, 'SC', agreementInput());

    // 2. Instalments to 30 June, and a spend of 45.00 on 3 May.
    w.clock.set('2026-06-30T09:00:00.000Z');
    await runInstalments(w.deps, w.ctx(officer), { councilId: COUNCIL, upTo: '2026-06-30' });
    await requestSpend(w.deps, w.ctx(family), planId, spendInput());
    expect((await sc())?.available).toBe('1493.48');

    // 3. The Q1 return declares 1,400.00 in the bank: a query of −93.48.
    w.clock.set('2026-07-10T09:00:00.000Z');
    const ret = await submitReturn(w.deps, w.ctx(family), planId, 'SC', {
      quarter: '2026-Q1',
      bankBalance: '1400.00',
      declaration: true,
    });
    expect(ret.result).toMatchObject({ closing: '1493.48', difference: '-93.48', status: 'query' });

    // 4. Suspended on 15 July; resumed on 20 August, withholding 22 July and 19 August.
    w.clock.set('2026-07-15T09:00:00.000Z');
    await setSuspension(w.deps, w.ctx(officer), planId, 'SC', true, 'return query unresolved');
    w.clock.set('2026-08-20T09:00:00.000Z');
    const resumed = await resume(w.deps, w.ctx(officer), planId, 'SC', {
      reason: 'query answered',
      missedInstalments: 'withhold',
    });
    expect(resumed.result).toMatchObject({
      allocated: '4230.76',
      unreleased: '2692.28',
      available: '1493.48',
    });

    // 5. Ceased on 30 September (moved area): 16 September is still paid, the six after return.
    w.clock.set('2026-10-01T09:00:00.000Z');
    const ceased = await cease(w.deps, w.ctx(officer), planId, 'SC', {
      reason: 'moved_area',
      date: '2026-09-30',
    });
    expect(ceased.result).toMatchObject({ allocated: '1923.10', unreleased: '384.62' });
    await runInstalments(w.deps, w.ctx(officer), { councilId: COUNCIL, upTo: '2026-10-01' });
    expect((await sc())?.available).toBe('1878.10');
    const surplus = (await councilSurpluses(w.deps, officer, COUNCIL)).items.find((s) => s.planId === planId);
    expect(surplus).toMatchObject({ recoverable: '1878.10', reason: 'moved_area' });

    // 6. The surplus is recovered with notice, due 31 October, and settled on 2 November.
    const notice = await recover(w.deps, w.ctx(officer), planId, 'SC', {
      amount: '1878.10',
      reason: 'plan_ceased',
      dueDate: '2026-10-31',
      noticeGiven: '2026-10-01',
    });
    expect(notice.result).toMatchObject({
      status: 'notified',
      pot: { available: '0.00', committed: '1878.10' },
    });
    w.clock.set('2026-11-02T09:00:00.000Z');
    const settled = await closeRecovery(
      w.deps,
      w.ctx(officer),
      planId,
      'SC',
      notice.result.recoveryId,
      'settle',
    );
    expect(settled.result.pot).toMatchObject({
      allocated: '1923.10',
      unreleased: '0.00',
      available: '0.00',
      committed: '0.00',
      spent: '45.00',
      recovered: '1878.10',
    });
    expect(isConserved(readBalances((await sc()) as never))).toBe(true);
  });
});
