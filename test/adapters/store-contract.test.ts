// Proves the two stores are one: the same cases run against the store in memory and the store on
// DynamoDB Local — every kind of write and its condition, refusals naming their write, all or
// nothing, conflicts, paging and bad cursors, limits — and both answer alike. The fault harness
// relies on this to use the memory store as its model.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addSummaries, changePot, put, replaceSpend } from '../../domain/app/unit.js';
import type { JournalEntry, Plan, Pot, Spend } from '../../domain/model.js';
import {
  CommitRejectedError,
  type InstalmentRun,
  InvalidCursorError,
  type LedgerStore,
  type UnitOfWork,
  type Write,
} from '../../domain/ports.js';
import { shardOf } from '../../domain/shards.js';
import { entryFixture } from '../support/fixtures.js';
import { stores } from '../support/stores.js';

const plan = (planId: string, councilId = 'LA-1'): Plan => ({
  planId,
  councilId,
  child: { reference: 'C1', dateOfBirth: '2015-03-02' },
  status: 'active',
  outcomes: [{ id: 'O1', domain: 'education', description: 'Reads' }],
  provisions: [
    {
      id: 'F1',
      section: 'F',
      stream: 'education',
      description: 'Tuition',
      outcomeIds: ['O1'],
      categories: ['tuition'],
    },
  ],
  createdAt: '2026-04-01T00:00:00.000Z',
  createdBy: 'officer',
});

const pot = (planId: string, potId: string, available = '100.00', extra: Partial<Pot> = {}): Pot => ({
  planId,
  councilId: 'LA-1',
  potId,
  stream: 'education',
  funderId: 'LA-1',
  mode: 'notional',
  period: { start: '2026-04-01', end: '2027-03-31' },
  allocated: available,
  unreleased: '0.00',
  available,
  committed: '0.00',
  spent: '0.00',
  recovered: '0.00',
  instalmentsPosted: 0,
  suspended: false,
  budgetStartedAt: '2026-04-01',
  version: 0,
  ...extra,
});

const spend = (planId: string, spendId: string, extra: Partial<Spend> = {}): Spend => ({
  planId,
  spendId,
  potId: 'EDU',
  amount: '10.00',
  reserved: '10.00',
  paidAmount: '0.00',
  date: '2026-05-01',
  payee: 'Tutor',
  category: 'tuition',
  outcomeId: 'O1',
  provisionId: 'F1',
  householdRelative: false,
  paidOnRequest: false,
  status: 'pending_approval',
  approvalReasons: [],
  requestedBy: { sub: 'f', role: 'family', org: 'LA-1' },
  requestedAt: '2026-05-01T10:00:00.000Z',
  approver: { role: 'council_officer', org: 'LA-1' },
  version: 0,
  ...extra,
});

const entry = (planId: string, entryId: string): JournalEntry =>
  entryFixture({
    planId,
    entryId,
    kind: 'allocate',
    postings: [
      { potId: 'EDU', account: 'funder', amount: '-1.00' },
      { potId: 'EDU', account: 'available', amount: '1.00' },
    ],
  });

const run = (runId: string): InstalmentRun => ({
  runId,
  councilId: 'LA-1',
  upTo: '2026-06-30',
  shards: 10,
  shardsDone: 0,
  posted: 0,
  alreadyPosted: 0,
  amount: '0.00',
  startedAt: '2026-06-30T00:00:00.000Z',
  requestedBy: { sub: 'o', role: 'council_officer', org: 'LA-1' },
});

const unit = (...writes: Array<Write | Write[]>): UnitOfWork => ({ writes: writes.flat() });

async function refusal(store: LedgerStore, u: UnitOfWork) {
  const error = await store.commit(u).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CommitRejectedError);
  return (error as CommitRejectedError).rejection;
}

const progress = (runId: string, shard: number, posted: number, amount: string): Write[] => [
  put({ type: 'claim', scope: { runId }, name: `SHARD#${shard}` }),
  {
    kind: 'update',
    target: { type: 'run', runId },
    deltas: { shardsDone: '1', posted: String(posted), alreadyPosted: '0', amount },
  },
];

describe.each(stores)('the %s store', (_name, make) => {
  describe('put_if_absent', () => {
    it('creates a record once and refuses it again as exists, naming the write', async () => {
      const store = await make();
      const id = randomUUID();
      await store.commit(unit(put({ type: 'plan', plan: plan(id) })));
      expect((await store.getPlan(id))?.planId).toBe(id);
      const rejection = await refusal(
        store,
        unit(put({ type: 'claim', scope: { planId: id }, name: 'x' }), put({ type: 'plan', plan: plan(id) })),
      );
      expect(rejection).toEqual({ kind: 'refused', index: 1, reason: 'exists' });
      // All or nothing: the claim in the same unit was not written.
      expect(await store.hasClaim(id, 'x')).toBe(false);
    });
  });

  describe('update', () => {
    it('adds deltas, moves the version, sets and removes fields', async () => {
      const store = await make();
      const id = randomUUID();
      await store.commit(unit(put({ type: 'pot', pot: pot(id, 'EDU', '100.00') })));
      await store.commit(
        unit(
          changePot({
            planId: id,
            potId: 'EDU',
            deltas: { available: '-45.50', spent: '45.50' },
            set: { suspended: true, suspensionReason: 'overdue' },
          }),
        ),
      );
      let [p] = await store.getPots(id);
      expect([p?.available, p?.spent, p?.version, p?.suspended, p?.suspensionReason]).toEqual([
        '54.50',
        '45.50',
        1,
        true,
        'overdue',
      ]);
      await store.commit(
        unit(
          changePot({
            planId: id,
            potId: 'EDU',
            deltas: {},
            set: { suspended: false, suspensionReason: null },
          }),
        ),
      );
      [p] = await store.getPots(id);
      expect([p?.suspended, p?.suspensionReason, p?.version]).toEqual([false, undefined, 2]);
    });

    it('refuses a bucket below zero as insufficient, and a failed expectation or a missing record as condition', async () => {
      const store = await make();
      const id = randomUUID();
      await store.commit(unit(put({ type: 'pot', pot: pot(id, 'EDU', '10.00') })));
      expect(
        await refusal(
          store,
          unit(changePot({ planId: id, potId: 'EDU', deltas: { available: '-10.01', spent: '10.01' } })),
        ),
      ).toEqual({ kind: 'refused', index: 0, reason: 'insufficient' });
      expect(
        await refusal(
          store,
          unit(
            changePot({
              planId: id,
              potId: 'EDU',
              deltas: { available: '-1.00', spent: '1.00' },
              expect: { suspended: true },
            }),
          ),
        ),
      ).toEqual({ kind: 'refused', index: 0, reason: 'condition' });
      expect(
        await refusal(store, unit(changePot({ planId: id, potId: 'NOPE', deltas: { available: '1.00' } }))),
      ).toEqual({ kind: 'refused', index: 0, reason: 'condition' });
      // Exactly all of it is allowed.
      await store.commit(
        unit(changePot({ planId: id, potId: 'EDU', deltas: { available: '-10.00', spent: '10.00' } })),
      );
      expect((await store.getPots(id))[0]?.available).toBe('0.00');
    });

    it('creates a summary on first use and adds to it after, keeping numbers as DynamoDB does', async () => {
      const store = await make();
      const id = randomUUID();
      const delta = {
        kind: 'month' as const,
        planId: id,
        potId: 'EDU',
        councilId: 'LA-1',
        funderId: 'LA-1',
        key: '2026-05',
        adds: { spent: '10.50', spends: '1' },
        labels: { month: '2026-05' },
      };
      await store.commit(unit(addSummaries([delta])));
      await store.commit(unit(addSummaries([{ ...delta, adds: { spent: '-10.50', spends: '-1' } }])));
      const [s] = await store.listSummaries({ planId: id }, 'month');
      expect(s?.values).toEqual({ spent: '0', spends: '0' });
      expect((await store.listSummaries({ councilId: 'LA-1' }, 'month')).some((x) => x.planId === id)).toBe(
        true,
      );
    });
  });

  describe('replace_if_version', () => {
    it('replaces a spend only at the version it was read at', async () => {
      const store = await make();
      const id = randomUUID();
      await store.commit(unit(put({ type: 'spend', spend: spend(id, 'S1') })));
      await store.commit(unit(replaceSpend(spend(id, 'S1', { status: 'approved', version: 1 }), 0)));
      expect((await store.getSpend(id, 'S1'))?.status).toBe('approved');
      expect(
        await refusal(store, unit(replaceSpend(spend(id, 'S1', { status: 'voided', version: 1 }), 0))),
      ).toEqual({
        kind: 'refused',
        index: 0,
        reason: 'condition',
      });
      expect(await refusal(store, unit(replaceSpend(spend(id, 'S2', { version: 1 }), 0)))).toEqual({
        kind: 'refused',
        index: 0,
        reason: 'condition',
      });
    });
  });

  describe('refusals with several failed writes', () => {
    it('name a claimed idempotency key first, then a shortage, whatever their order', async () => {
      const store = await make();
      const id = randomUUID();
      const claim = put({
        type: 'idempotency',
        claim: { scope: `s-${id}`, key: 'k', requestHash: 'h', response: { n: 1 }, recordedAt: 'now' },
      });
      await store.commit(unit(claim, put({ type: 'pot', pot: pot(id, 'EDU', '5.00') })));
      const short = changePot({ planId: id, potId: 'EDU', deltas: { available: '-6.00', spent: '6.00' } });
      const exists = put({ type: 'plan', plan: plan(id) });
      await store.commit(unit(exists));
      expect(await refusal(store, unit(exists, short, claim))).toEqual({
        kind: 'refused',
        index: 2,
        reason: 'exists',
      });
      expect(await refusal(store, unit(exists, short))).toEqual({
        kind: 'refused',
        index: 1,
        reason: 'insufficient',
      });
      expect((await store.getIdempotency(`s-${id}`, 'k'))?.response).toEqual({ n: 1 });
    });
  });

  describe('instalment runs', () => {
    it('count a shard delivered twice once, and refuse progress on a run that does not exist', async () => {
      const store = await make();
      const runId = randomUUID();
      await store.commit(unit(put({ type: 'run', run: run(runId) })));
      await store.commit(unit(progress(runId, 3, 4, '100.50')));
      expect(await refusal(store, unit(progress(runId, 3, 4, '100.50')))).toEqual({
        kind: 'refused',
        index: 0,
        reason: 'exists',
      });
      await store.commit(unit(progress(runId, 4, 1, '0.50')));
      expect(await store.getRun(runId)).toMatchObject({ shardsDone: 2, posted: 5, amount: '101.00' });
      expect(await refusal(store, unit(progress(randomUUID(), 0, 1, '1.00')))).toEqual({
        kind: 'refused',
        index: 1,
        reason: 'condition',
      });
    });
  });

  describe('paging', () => {
    it('lists entries newest first in pages, with next null on the last page', async () => {
      const store = await make();
      const id = randomUUID();
      const ids = ['01A', '01B', '01C', '01D', '01E'];
      await store.commit(unit(ids.map((e) => put({ type: 'entry', entry: entry(id, e) }))));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listEntries(id, { limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((e) => e.entryId));
        cursor = page.next ?? undefined;
        pages++;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
      expect(pages).toBe(3);
      const exact = await store.listEntries(id, { limit: 5 });
      expect([exact.items.length, exact.next]).toEqual([5, null]);
    });

    it('merges pending approvals of every shard, oldest request first, in pages', async () => {
      const store = await make();
      const org = `LA-${randomUUID().slice(0, 6)}`;
      const spends = Array.from({ length: 7 }, (_, i) =>
        spend(`plan-${i}-${org}`, `S${i}`, {
          requestedAt: `2026-05-0${i + 1}T10:00:00.000Z`,
          approver: { role: 'council_officer', org },
        }),
      );
      expect(new Set(spends.map((s) => shardOf(s.planId))).size).toBeGreaterThan(1);
      await store.commit(unit(spends.map((s) => put({ type: 'spend', spend: s }))));
      const first = await store.listPendingApprovals(org, { limit: 4 });
      const second = await store.listPendingApprovals(org, { limit: 4, cursor: first.next ?? '' });
      expect([...first.items, ...second.items].map((s) => s.spendId)).toEqual(spends.map((s) => s.spendId));
      expect(second.next).toBeNull();
    });

    it.each([
      ['garbage', '!!!not-base64'],
      ['a key with spaces', Buffer.from('a b c').toString('base64url')],
      ['a key too long', Buffer.from('x'.repeat(300)).toString('base64url')],
      ['padding added', `${Buffer.from('01A').toString('base64url')}==`],
    ])('refuses %s as a cursor on every paged list', async (_what, cursor) => {
      const store = await make();
      await expect(store.listEntries('p', { limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.listPendingApprovals('LA-1', { limit: 5, cursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });
  });

  describe('organisation-wide reads', () => {
    it('find pots by council and shard, funder and holder, plans by council, organisations by kind', async () => {
      const store = await make();
      const council = `LA-${randomUUID().slice(0, 6)}`;
      const funder = `ICB-${randomUUID().slice(0, 6)}`;
      const holder = `BRK-${randomUUID().slice(0, 6)}`;
      const planIds = Array.from({ length: 6 }, (_, i) => `p${i}-${council}`);
      for (const id of planIds) {
        await store.commit(
          unit(
            put({ type: 'plan', plan: plan(id, council) }),
            put({
              type: 'pot',
              pot: pot(id, 'HL', '1.00', {
                councilId: council,
                funderId: funder,
                stream: 'health',
                mode: 'third_party',
                holderId: holder,
              }),
            }),
            put({ type: 'pot', pot: pot(id, 'EDU', '1.00', { councilId: council, funderId: council }) }),
          ),
        );
      }
      expect((await store.listCouncilPots(council)).length).toBe(12);
      const shard = shardOf(planIds[0] as string);
      expect((await store.listCouncilPots(council, shard)).every((p) => shardOf(p.planId) === shard)).toBe(
        true,
      );
      expect((await store.listFunderPots(funder)).map((p) => p.potId)).toEqual(Array(6).fill('HL'));
      expect((await store.listHolderPots(holder)).length).toBe(6);
      expect((await store.listCouncilPlans(council)).map((p) => p.planId).sort()).toEqual(
        [...planIds].sort(),
      );
      expect(await store.listOrganisations('council')).toContain(council);
      expect(await store.listOrganisations('funder')).toEqual(expect.arrayContaining([funder, council]));
      expect((await store.getPots(planIds[0] as string)).map((p) => p.potId)).toEqual(['EDU', 'HL']);
    });
  });

  describe('limits', () => {
    it('takes 100 writes in one unit and refuses 101, or one item written twice, before writing', async () => {
      const store = await make();
      const id = randomUUID();
      const claims = (n: number) =>
        Array.from({ length: n }, (_, i) => put({ type: 'claim', scope: { planId: id }, name: `c${i}` }));
      await store.commit(unit(claims(100)));
      expect(await store.hasClaim(id, 'c99')).toBe(true);
      await expect(store.commit(unit(claims(101)))).rejects.toThrow(RangeError);
      const twice = put({ type: 'claim', scope: { planId: id }, name: 'twice' });
      await expect(store.commit(unit(twice, twice))).rejects.toThrow(RangeError);
      expect(await store.hasClaim(id, 'twice')).toBe(false);
    });
  });
});
