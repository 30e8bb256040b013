// Proves the worklist costs the same for any council size (DESIGN.md section 9b): with 20,000 plans'
// open work on DynamoDB Local, a page reads at most a page per window, however many items wait.
// The time it took is printed as a figure (benchmarks live in bench/), not asserted.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoLedgerStore } from '../../adapters/dynamodb/store.js';
import { setWork } from '../../domain/app/unit.js';
import { worklist } from '../../domain/app/worklist.js';
import { addDays } from '../../domain/dates.js';
import type { Actor } from '../../domain/model.js';
import { type WorkItem, workWindows } from '../../domain/plan-records.js';
import { CommitRejectedError, type UnitOfWork } from '../../domain/ports.js';
import { appDeps } from '../../functions/deps.js';
import { type Api, startApi } from '../support/api.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const plans = 20_000;

/** Writes the set-up as a client resends: a table busy beside other suites is asked again. */
async function commitWhenFree(store: DynamoLedgerStore, unit: UnitOfWork): Promise<void> {
  for (;;) {
    try {
      return await store.commit(unit);
    } catch (error) {
      if (!(error instanceof CommitRejectedError && error.rejection.kind === 'busy')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe('the worklist at council scale', () => {
  it(`reads a bounded page at ${plans.toLocaleString('en-GB')} plans`, async () => {
    // Prepare: one item of open work per plan, spread over the four windows and a year of due dates.
    const deps = appDeps();
    const store = deps.store as DynamoLedgerStore;
    const councilId = `LA-S${randomUUID().slice(0, 6)}`;
    const item = (n: number): WorkItem => ({
      planId: `P${String(n).padStart(6, '0')}`,
      kind:
        (['budget_request', 'return_overdue', 'annual_review', 'birthday_18'] as const)[n % 4] ??
        'annual_review',
      ref: '-',
      councilId,
      due: addDays('2026-06-01', n % 365),
      window: workWindows[n % 4] ?? 'open',
      open: true,
      updatedAt: '2026-11-29T10:00:00.000Z',
    });
    const batches = Array.from({ length: plans / 100 }, (_, b) => b);
    for (let i = 0; i < batches.length; i += 8)
      await Promise.all(
        batches.slice(i, i + 8).map((b) =>
          commitWhenFree(store, {
            writes: Array.from({ length: 100 }, (_, k) => setWork(item(b * 100 + k))),
          }),
        ),
      );
    const officer: Actor = { sub: 'o', role: 'council_officer', org: councilId, plans: [] };
    // Act
    const before = store.stats.itemsRead;
    const started = performance.now();
    const first = await worklist(deps, officer, { councilId }, { limit: 50 });
    const second = await worklist(
      deps,
      officer,
      { councilId },
      { limit: 50, cursor: first.next ?? undefined },
    );
    const elapsed = performance.now() - started;
    const read = store.stats.itemsRead - before;
    // Assess: two pages of 50; each read at most 52 items per window.
    expect(first.items).toHaveLength(50);
    expect(second.items).toHaveLength(50);
    expect(first.items.map((i) => i.due)).toEqual([...first.items.map((i) => i.due)].sort());
    expect((first.items.at(-1)?.due ?? '') <= (second.items[0]?.due ?? '')).toBe(true);
    expect(read).toBeLessThanOrEqual(2 * workWindows.length * 52 + 2 * 52);
    console.log(
      `worklist: ${plans} plans' open work; two pages of 50 read ${read} items in ${elapsed.toFixed(0)} ms (DynamoDB Local)`,
    );
  });
});
