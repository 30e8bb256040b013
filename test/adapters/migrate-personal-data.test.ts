// Proves the one-off migration of DESIGN.md section 11d on a table written in the old shape: the
// personal fields leave the entry and spend items for PD# items, every read answers as before,
// and a second run changes nothing.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../adapters/memory/memory-table.js';
import type { Item } from '../../adapters/table/keys.js';
import { TableLedgerStore } from '../../adapters/table/ledger-store.js';
import { migratePersonalData } from '../../adapters/table/migrate-personal-data.js';
import { createPlan } from '../../domain/app/commands.js';
import { runInstalments } from '../../domain/app/instalments.js';
import { requestSpend } from '../../domain/app/spends.js';
import { memoryWorld, section8Budget } from '../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../support/section8.js';

const PAYEE = 'Old Shape Payee Ltd';

/** A table as the code before section 11d wrote it: each record's personal fields in its own JSON. */
async function oldShapeTable() {
  const w = memoryWorld();
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  const spend = await requestSpend(w.deps, w.ctx(actors.family(plan.planId)), plan.planId, {
    ...spendInput(),
    payee: PAYEE,
  });
  const items = w.store.dump();
  const personal = new Map(
    items.filter((i) => i.type?.S === 'personal').map((i) => [i.sk?.S?.split('#').at(-1), i]),
  );
  const old: Item[] = items
    .filter((i) => i.type?.S !== 'personal')
    .map((i) => {
      const id = i.sk?.S?.split('#').at(-1);
      const pd = personal.get(id);
      if (!pd || !i.doc?.S || !['entry', 'spend'].includes(i.type?.S ?? '')) return i;
      const fields = JSON.parse(pd.doc?.S ?? '{}').fields;
      return { ...i, doc: { S: JSON.stringify({ ...JSON.parse(i.doc.S), ...fields }) } };
    });
  const table = new MemoryTable();
  for (let i = 0; i < old.length; i += 100)
    await table.transact(
      old.slice(i, i + 100).map((item) => ({ kind: 'put', item, condition: 'none' })),
      randomUUID(),
    );
  return { table, planId: plan.planId, spendId: spend.result.spendId };
}

describe('migrate personal data', () => {
  it('moves the personal fields out of items written in the old shape, reads unchanged', async () => {
    // Prepare
    const { table, planId, spendId } = await oldShapeTable();
    const moneyItems = () =>
      table.dump().filter((i) => ['entry', 'spend'].includes(i.type?.S ?? '') && i.doc?.S?.includes(PAYEE));
    expect(moneyItems().length).toBe(2);
    expect(table.dump().some((i) => i.type?.S === 'personal')).toBe(false);
    // Act
    const first = await migratePersonalData(table, randomUUID);
    // Assess
    expect(first).toMatchObject({ plans: 1 });
    expect(first.records).toBeGreaterThanOrEqual(2);
    expect(moneyItems()).toEqual([]);
    const store = new TableLedgerStore(table);
    expect((await store.getSpend(planId, spendId))?.payee).toBe(PAYEE);
    const entries = await store.listEntries(planId, { limit: 50 });
    expect(entries.items.find((e) => e.spendId === spendId)?.payee).toBe(PAYEE);
    expect((await store.listPersonalData(planId)).some((d) => d.fields.payee === PAYEE)).toBe(true);
    // Idempotent: nothing is left to move.
    expect(await migratePersonalData(table, randomUUID)).toEqual({ plans: 1, records: 0 });
  });
});
