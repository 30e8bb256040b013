// Proves recoveries with notice (DESIGN.md section 9a): one due later reserves the money until it is
// settled (to recovered) or withdrawn (back to available), exactly once; one due now posts at once;
// the council and funder lists show them by status, overdue ones marked.
import { describe, expect, it } from 'vitest';
import { createPlan } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { closeRecovery, listRecoveries, recover } from '../../../domain/app/recoveries.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput } from '../../support/section8.js';

async function world() {
  const w = memoryWorld('2026-07-01T09:00:00.000Z');
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  return { ...w, planId: plan.planId };
}
const notice = {
  amount: '100.00',
  reason: 'surplus' as const,
  dueDate: '2026-08-01',
  noticeGiven: '2026-07-01',
};

describe('recoveries with notice', () => {
  it('reserve the money until settled, which moves it to recovered, once', async () => {
    // Prepare
    const w = await world();
    // Act
    const notified = await recover(w.deps, w.ctx(actors.officer), w.planId, 'SC', notice);
    const settled = await closeRecovery(
      w.deps,
      w.ctx(actors.officer),
      w.planId,
      'SC',
      notified.result.recoveryId,
      'settle',
    );
    // Assess
    expect([notified.result.status, notified.result.pot.available, notified.result.pot.committed]).toEqual([
      'notified',
      '1438.48',
      '100.00',
    ]);
    expect([settled.result.status, settled.result.pot.committed, settled.result.pot.recovered]).toEqual([
      'settled',
      '0.00',
      '100.00',
    ]);
    await expect(
      closeRecovery(w.deps, w.ctx(actors.officer), w.planId, 'SC', notified.result.recoveryId, 'withdraw'),
    ).rejects.toMatchObject({ code: 'RECOVERY_STATE_CONFLICT' });
  });

  it('return the money to available when withdrawn', async () => {
    // Prepare
    const w = await world();
    const notified = await recover(w.deps, w.ctx(actors.officer), w.planId, 'SC', notice);
    // Act
    const withdrawn = await closeRecovery(
      w.deps,
      w.ctx(actors.officer),
      w.planId,
      'SC',
      notified.result.recoveryId,
      'withdraw',
    );
    // Assess
    expect([withdrawn.result.status, withdrawn.result.pot.available, withdrawn.result.pot.recovered]).toEqual(
      ['withdrawn', '1538.48', '0.00'],
    );
  });

  it('post at once when due today or earlier', async () => {
    // Prepare
    const w = await world();
    // Act
    const now = await recover(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...notice,
      dueDate: '2026-07-01',
    });
    // Assess
    expect([now.result.status, now.result.pot.recovered, now.result.pot.committed]).toEqual([
      'settled',
      '100.00',
      '0.00',
    ]);
  });

  it('are listed by status for the council, with overdue notices marked once their date has passed', async () => {
    // Prepare
    const w = await world();
    await recover(w.deps, w.ctx(actors.officer), w.planId, 'SC', notice);
    await recover(w.deps, w.ctx(actors.officer), w.planId, 'SC', { ...notice, dueDate: '2026-07-01' });
    // Act
    w.clock.set('2026-08-02T09:00:00.000Z');
    const overdue = await listRecoveries(w.deps, actors.officer, { councilId: COUNCIL }, 'overdue');
    const settled = await listRecoveries(w.deps, actors.officer, { councilId: COUNCIL }, 'settled');
    // Assess
    expect(overdue.items.map((r) => [r.status, r.overdue, r.dueDate])).toEqual([
      ['notified', true, '2026-08-01'],
    ]);
    expect(settled.items).toHaveLength(1);
    await expect(
      listRecoveries(w.deps, actors.otherOfficer, { councilId: COUNCIL }, undefined),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
