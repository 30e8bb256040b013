// Proves both stores keep the indexes of open work alike (DESIGN.md section 9b): an item shows in
// its organisation's window within the due bounds and after the cursor, in due order; a closed item
// leaves the index; a pending spend is its approver's work until decided; budget requests page by
// status; and council policies are versioned records.
import { describe, expect, it } from 'vitest';
import { changePot, put, replaceRequest, replaceSpend, setWork } from '../../domain/app/unit.js';
import type { Spend } from '../../domain/model.js';
import type { BudgetRequest, CouncilPolicy, WorkItem } from '../../domain/plan-records.js';
import { CommitRejectedError, workPosition } from '../../domain/ports.js';
import { potFixture } from '../support/fixtures.js';
import { stores } from '../support/stores.js';

const item = (planId: string, due: string, extra: Partial<WorkItem> = {}): WorkItem => ({
  planId,
  kind: 'annual_review',
  ref: '-',
  councilId: 'LA-W',
  due,
  window: 'soon',
  open: true,
  updatedAt: '2026-11-29T10:00:00.000Z',
  ...extra,
});

const who = { sub: 's', role: 'council_officer' as const, org: 'LA-W' };

describe.each(stores)('the %s store', (_name, make) => {
  it('lists open work of a window within due bounds, after a position, in due order', async () => {
    const store = await make();
    await store.commit({
      writes: [
        setWork(item('P3', '2027-01-20')),
        setWork(item('P1', '2026-12-01')),
        setWork(
          item('P2', '2026-12-20', { funderId: 'ICB-W', kind: 'adult_direct_payment_review', ref: 'HL' }),
        ),
        setWork(item('P4', '2026-12-05', { window: 'overdue', kind: 'return_overdue', ref: 'SC' })),
      ],
    });
    const soon = await store.listWork({
      scope: { councilId: 'LA-W' },
      window: 'soon',
      dueTo: '2026-12-29',
      limit: 10,
    });
    const after = await store.listWork({
      scope: { councilId: 'LA-W' },
      window: 'soon',
      after: workPosition(item('P1', '2026-12-01')),
      limit: 10,
    });
    const from = await store.listWork({
      scope: { councilId: 'LA-W' },
      window: 'soon',
      dueFrom: '2026-12-20',
      limit: 10,
    });
    const funder = await store.listWork({ scope: { funderId: 'ICB-W' }, window: 'soon', limit: 10 });
    expect(soon.map((w) => w.planId)).toEqual(['P1', 'P2']);
    expect(after.map((w) => w.planId)).toEqual(['P2', 'P3']);
    expect(from.map((w) => w.planId)).toEqual(['P2', 'P3']);
    expect(funder.map((w) => [w.planId, w.kind])).toEqual([['P2', 'adult_direct_payment_review']]);
    expect(await store.getWork('P4', 'return_overdue', 'SC')).toMatchObject({
      due: '2026-12-05',
      open: true,
    });
  });

  it('drops a closed item from the index and keeps it as a record', async () => {
    const store = await make();
    await store.commit({ writes: [setWork(item('P1', '2026-12-01'))] });
    await store.commit({ writes: [setWork({ ...item('P1', '2026-12-01'), open: false })] });
    expect(await store.listWork({ scope: { councilId: 'LA-W' }, window: 'soon', limit: 10 })).toEqual([]);
    expect(await store.getWork('P1', 'annual_review', '-')).toMatchObject({ open: false });
  });

  it('lists a pending spend as its approver’s work until it is decided', async () => {
    const store = await make();
    const spend = {
      planId: 'P9',
      spendId: 'S1',
      potId: 'HL',
      amount: '10.00',
      reserved: '10.00',
      paidAmount: '0.00',
      date: '2026-05-01',
      payee: 'p',
      category: 'therapy',
      outcomeId: 'O1',
      provisionId: 'G1',
      householdRelative: false,
      paidOnRequest: false,
      status: 'pending_approval',
      approvalReasons: [],
      requestedBy: who,
      requestedAt: '2026-11-29T10:00:00.000Z',
      approver: { role: 'health_officer', org: 'ICB-W' },
      approvalDue: '2026-12-29',
      version: 1,
    } satisfies Spend;
    await store.commit({ writes: [put({ type: 'spend', spend })] });
    const open = await store.listWork({ scope: { funderId: 'ICB-W' }, window: 'open', limit: 10 });
    expect(open).toEqual([
      expect.objectContaining({ kind: 'approval', ref: 'S1', due: '2026-12-29', potId: 'HL' }),
    ]);
    expect(await store.listWork({ scope: { councilId: 'ICB-W' }, window: 'open', limit: 10 })).toEqual([]);
    await store.commit({ writes: [replaceSpend({ ...spend, status: 'approved', version: 2 }, 1)] });
    expect(await store.listWork({ scope: { funderId: 'ICB-W' }, window: 'open', limit: 10 })).toEqual([]);
  });

  it('pages budget requests by status and replaces one only at its version', async () => {
    const store = await make();
    const request = (n: number): BudgetRequest => ({
      planId: `P${n}`,
      councilId: 'LA-W',
      requestId: `R${n}`,
      streams: ['education'],
      preferredModes: {},
      requestedOn: '2026-11-29',
      requestedAt: `2026-11-29T10:00:0${n}.000Z`,
      requestedBy: who,
      decisionDue: '2026-12-27',
      status: 'open',
      version: 1,
    });
    await store.commit({ writes: [1, 2, 3].map((n) => put({ type: 'budgetRequest', request: request(n) })) });
    const first = await store.listCouncilBudgetRequests('LA-W', 'open', { limit: 2 });
    const second = await store.listCouncilBudgetRequests('LA-W', 'open', {
      limit: 2,
      cursor: first.next ?? '',
    });
    expect(first.items.map((r) => r.requestId)).toEqual(['R1', 'R2']);
    expect(second).toMatchObject({ items: [{ requestId: 'R3' }], next: null });
    await store.commit({ writes: [replaceRequest({ ...request(1), status: 'decided' }, 1)] });
    await expect(
      store.commit({ writes: [replaceRequest({ ...request(1), status: 'decided' }, 1)] }),
    ).rejects.toThrow(CommitRejectedError);
    expect((await store.listCouncilBudgetRequests('LA-W', 'decided', { limit: 5 })).items).toHaveLength(1);
    expect((await store.getBudgetRequest('P1', 'R1'))?.version).toBe(2);
    expect((await store.listBudgetRequests('P2')).map((r) => r.requestId)).toEqual(['R2']);
  });

  it('reads a plan and exactly its pots in one query, whatever else its partition holds', async () => {
    const store = await make();
    const plan = {
      planId: 'PW',
      councilId: 'LA-W',
      child: { reference: 'C', dateOfBirth: '2015-01-01' },
      status: 'active' as const,
      outcomes: [],
      provisions: [],
      createdAt: '2026-11-29T10:00:00.000Z',
      createdBy: 's',
      version: 1,
    };
    const pot = (potId: string) => potFixture({ planId: 'PW', councilId: 'LA-W', funderId: 'LA-W', potId });
    await store.commit({
      writes: [
        put({ type: 'plan', plan }),
        put({ type: 'pot', pot: pot('A') }),
        put({ type: 'pot', pot: pot('Z') }),
        put({ type: 'claim', scope: { planId: 'PW' }, name: 'X' }),
        setWork(item('PW', '2026-12-01')),
      ],
    });
    const found = await store.getPlanWithPots('PW');
    expect(found.plan?.planId).toBe('PW');
    expect(found.pots.map((p) => p.potId)).toEqual(['A', 'Z']);
    expect(await store.getPlanWithPots('NOPE')).toEqual({ plan: undefined, pots: [] });
    // A spend decided on a cached copy is held to the plan's version and to a pot not ceased.
    const planAt = (version: number) => ({
      kind: 'check_version' as const,
      target: { type: 'plan' as const, planId: 'PW' },
      version,
    });
    const notCeased = changePot({ planId: 'PW', potId: 'A', deltas: {}, expect: { notCeased: true } });
    await store.commit({ writes: [planAt(1), notCeased] });
    await expect(store.commit({ writes: [planAt(2)] })).rejects.toMatchObject({
      rejection: { kind: 'refused', index: 0, reason: 'condition' },
    });
    const ceased = {
      kind: 'update' as const,
      target: { type: 'pot' as const, planId: 'PW', potId: 'A' },
      deltas: {},
      set: { ceased: JSON.stringify({ reason: 'moved_area', date: '2026-06-30' }) },
    };
    await store.commit({ writes: [ceased] });
    await expect(store.commit({ writes: [planAt(1), notCeased] })).rejects.toMatchObject({
      rejection: { kind: 'refused', index: 1, reason: 'condition' },
    });
  });

  it('keeps a council’s policy at its version, with every version as a record', async () => {
    const store = await make();
    const policy = (version: number): CouncilPolicy => ({
      councilId: 'LA-P',
      version,
      overrides: { surplusWeeks: 4 + version },
      updatedAt: '2026-11-29T10:00:00.000Z',
      updatedBy: who,
    });
    await store.commit({
      writes: [put({ type: 'policy', policy: policy(1) }), put({ type: 'policyVersion', policy: policy(1) })],
    });
    const next = {
      kind: 'replace_if_version' as const,
      record: { type: 'policy' as const, policy: policy(2) },
      expectedVersion: 1,
    };
    await store.commit({ writes: [next, put({ type: 'policyVersion', policy: policy(2) })] });
    await expect(store.commit({ writes: [next] })).rejects.toThrow(CommitRejectedError);
    expect(await store.getPolicy('LA-P')).toMatchObject({ version: 2, overrides: { surplusWeeks: 6 } });
    // A unit can be held to the version its decision read: 0 for a council that has none.
    const check = (councilId: string, version: number) => ({
      kind: 'check_version' as const,
      target: { type: 'policy' as const, councilId },
      version,
    });
    await store.commit({ writes: [check('LA-P', 2), check('LA-none', 0)] });
    await expect(store.commit({ writes: [check('LA-P', 1)] })).rejects.toMatchObject({
      rejection: { kind: 'refused', index: 0, reason: 'condition' },
    });
    await expect(store.commit({ writes: [check('LA-P', 0)] })).rejects.toThrow(CommitRejectedError);
    expect(await store.getPolicy('LA-none')).toBeUndefined();
  });
});
