// Proves statements in (DESIGN.md section 11b) on the memory store: lines kept once, matched to
// paid spends and instalments, prohibited merchants refused and alerted, unexplained debits
// explained into spends, the return's bank balance taken from the statement, and an import that
// commits whole or not at all.
import { describe, expect, it } from 'vitest';
import { createPlan, requestSpend } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { councilMonitoringReturns } from '../../../domain/app/reports.js';
import { submitReturn } from '../../../domain/app/returns.js';
import { importStatement } from '../../../domain/app/statement-import.js';
import { classifyLine, listStatementLines } from '../../../domain/app/statement-lines.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, COUNCIL, planInput, spendInput } from '../../support/section8.js';

async function world() {
  const w = memoryWorld('2026-07-10T09:00:00.000Z');
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-06-30' });
  const family = actors.family(plan.planId);
  await requestSpend(w.deps, w.ctx(family), plan.planId, spendInput());
  const entries = (await w.store.listEntries(plan.planId, { limit: 100 })).items;
  const instalment = entries.find((e) => e.kind === 'instalment' && e.postings.some((p) => p.potId === 'SC'));
  const paid = instalment?.postings.find((p) => p.potId === 'SC' && p.account === 'available')?.amount ?? '';
  return {
    ...w,
    planId: plan.planId,
    family,
    instalment: { amount: paid, date: instalment?.effectiveDate ?? '' },
  };
}

const statement = (w: Awaited<ReturnType<typeof world>>) =>
  [
    'date,description,amount,balance,mcc',
    `${w.instalment.date},COUNCIL DP,${w.instalment.amount},2000.00,`,
    '04/05/2026,SUNSHINE PLAY CIC,-45.00,1955.00,7997',
    '10/05/2026,CORNER SHOP,-12.00,1943.00,5499',
    '11/05/2026,BET4FUN,(20.00),1923.00,7995',
    '30/06/2026,A PARENT,-300.00,1623.00,',
  ].join('\n');

describe('statement import', () => {
  it('matches a paid spend and an instalment, refuses a betting merchant, and leaves the rest unexplained', async () => {
    // Prepare
    const w = await world();
    // Act
    const { result } = await importStatement(w.deps, w.ctx(w.family), w.planId, 'SC', 'csv', statement(w));
    // Assess
    expect(result).toMatchObject({ imported: 5, duplicates: 0, matched: 2, unexplained: 2, refused: 1 });
    const lines = await listStatementLines(w.deps, { actor: w.family }, w.planId, 'SC', { limit: 100 });
    expect(lines.items.map((l) => [l.description, l.status])).toEqual([
      ['A PARENT', 'unexplained'],
      ['BET4FUN', 'refused'],
      ['CORNER SHOP', 'unexplained'],
      ['SUNSHINE PLAY CIC', 'matched'],
      ['COUNCIL DP', 'matched'],
    ]);
    expect(lines.items.find((l) => l.status === 'refused')).toMatchObject({
      code: 'CATEGORY_PROHIBITED',
      amount: '-20.00',
    });
    const events = (await w.store.listEvents(w.planId, { limit: 50 })).items.filter(
      (e) => e.kind === 'refusal',
    );
    expect(events[0]?.details).toMatchObject({
      code: 'CATEGORY_PROHIBITED',
      source: 'statement',
      mcc: '7995',
    });
    const alert = await w.store.getWork(w.planId, 'safeguarding_alert', `prohibited:${result.statementId}`);
    expect(alert).toMatchObject({ open: true, potId: 'SC' });
    // Reasons are shown as they are on the officer's worklist: words, not "line(s)".
    expect(alert?.reason).toBe('prohibited merchant categories (7995): 1 line, £20.00');
    const own = await w.store.getWork(w.planId, 'safeguarding_alert', `own-name:${result.statementId}`);
    expect(own?.reason).toBe("payments to the holder's own name: 1 line, £300.00");
    const unexplained = await w.store.getWork(w.planId, 'safeguarding_alert', 'unexplained:2026-Q1');
    expect(unexplained?.reason).toMatch(/^2 unexplained statement lines in 2026-Q1: £312\.00,/);
  });

  it('keeps each line once: an overlapping statement adds only its new lines', async () => {
    const w = await world();
    await importStatement(w.deps, w.ctx(w.family), w.planId, 'SC', 'csv', statement(w));
    const again = await importStatement(
      w.deps,
      w.ctx(w.family),
      w.planId,
      'SC',
      'csv',
      `${statement(w)}\n01/07/2026,SWIM CLUB,-8.00,1615.00,7997`,
    );
    expect(again.result).toMatchObject({ imported: 1, duplicates: 5, unexplained: 1 });
    expect(
      (await listStatementLines(w.deps, { actor: w.family }, w.planId, 'SC', { limit: 100 })).items,
    ).toHaveLength(6);
  });

  it('two imports racing over the same lines keep each line once', async () => {
    const w = await world();
    const file = statement(w);
    const both = await Promise.all([
      importStatement(w.deps, w.ctx(w.family), w.planId, 'SC', 'csv', file),
      importStatement(w.deps, w.ctx(w.family), w.planId, 'SC', 'csv', file),
    ]);
    expect(both.map((b) => b.result.imported).sort()).toEqual([0, 5]);
    expect(
      (await listStatementLines(w.deps, { actor: w.family }, w.planId, 'SC', { limit: 100 })).items,
    ).toHaveLength(5);
  });

  it('commits the whole file in one unit, so a crash before the commit keeps nothing', async () => {
    const w = await world();
    const commit = w.store.commit.bind(w.store);
    let commits = 0;
    w.deps.store.commit = async (unit) => {
      commits++;
      throw new Error(`crash with ${unit.writes.length} writes unsent`);
    };
    await expect(
      importStatement(w.deps, w.ctx(w.family), w.planId, 'SC', 'csv', statement(w)),
    ).rejects.toThrow(/crash/);
    w.deps.store.commit = commit;
    expect(commits).toBe(1);
    const kept = await w.store.getPotStatements(w.planId, 'SC');
    expect(kept).toEqual({ statements: [], lines: [], texts: [], classifications: [] });
  });

  it('imports 5,000 lines as one unit of at most 100 writes', async () => {
    const w = await world();
    const rows = Array.from(
      { length: 5_000 },
      (_, i) =>
        `2026-05-${String((i % 28) + 1).padStart(2, '0')},SHOP ${i},-1.${String(i % 100).padStart(2, '0')}`,
    );
    let writes = 0;
    const commit = w.store.commit.bind(w.store);
    w.deps.store.commit = async (unit) => {
      writes = Math.max(writes, unit.writes.length);
      return commit(unit);
    };
    const { result } = await importStatement(
      w.deps,
      w.ctx(w.family),
      w.planId,
      'SC',
      'csv',
      `date,description,amount\n${rows.join('\n')}`,
    );
    expect(result).toMatchObject({ imported: 5_000, unexplained: 5_000 });
    expect(writes).toBeLessThanOrEqual(100);
  });

  it('is refused to those who may not spend from the pot, and hidden from those who cannot see it', async () => {
    const w = await world();
    await expect(
      importStatement(w.deps, w.ctx(actors.broker), w.planId, 'SC', 'csv', statement(w)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      importStatement(w.deps, w.ctx(actors.otherOfficer), w.planId, 'SC', 'csv', statement(w)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      importStatement(w.deps, w.ctx(actors.auditor), w.planId, 'SC', 'csv', statement(w)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A stranger learns nothing of the file: not even that it is unreadable.
    await expect(
      importStatement(w.deps, w.ctx(actors.broker), w.planId, 'SC', 'csv', 'nonsense'),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      importStatement(w.deps, w.ctx(w.family), w.planId, 'SC', 'csv', 'nonsense'),
    ).rejects.toMatchObject({ code: 'STATEMENT_FORMAT_UNKNOWN' });
    expect((await w.store.getPotStatements(w.planId, 'SC')).statements).toHaveLength(0);
  });
});

describe('explaining a line', () => {
  it('turns an unexplained debit into a paid spend of its date, once', async () => {
    const w = await world();
    await importStatement(w.deps, w.ctx(w.family), w.planId, 'SC', 'csv', statement(w));
    const shop = (
      await listStatementLines(w.deps, { actor: w.family }, w.planId, 'SC', {
        status: 'unexplained',
        limit: 10,
      })
    ).items.find((l) => l.description === 'CORNER SHOP');
    const input = { category: 'short_breaks', outcomeId: 'O2', provisionId: 'H1' };
    const { result: spend } = await classifyLine(
      w.deps,
      w.ctx(w.family),
      w.planId,
      'SC',
      shop?.lineId ?? '',
      input,
    );
    expect(spend).toMatchObject({
      amount: '12.00',
      date: '2026-05-10',
      status: 'paid',
      payee: 'CORNER SHOP',
    });
    const after = await listStatementLines(w.deps, { actor: w.family }, w.planId, 'SC', {
      status: 'matched',
      limit: 10,
    });
    expect(after.items.find((l) => l.lineId === shop?.lineId)).toMatchObject({
      spendId: spend.spendId,
      classified: true,
    });
    await expect(
      classifyLine(w.deps, w.ctx(w.family), w.planId, 'SC', shop?.lineId ?? '', input),
    ).rejects.toMatchObject({ code: 'LINE_STATE_CONFLICT' });
  });

  it('keeps the line unexplained when policy refuses the spend', async () => {
    const w = await world();
    await importStatement(w.deps, w.ctx(w.family), w.planId, 'SC', 'csv', statement(w));
    const shop = (
      await listStatementLines(w.deps, { actor: w.family }, w.planId, 'SC', {
        status: 'unexplained',
        limit: 10,
      })
    ).items[0];
    await expect(
      classifyLine(w.deps, w.ctx(w.family), w.planId, 'SC', shop?.lineId ?? '', {
        category: 'alcohol',
        outcomeId: 'O2',
        provisionId: 'H1',
      }),
    ).rejects.toMatchObject({ code: 'CATEGORY_PROHIBITED' });
    const still = await listStatementLines(w.deps, { actor: w.family }, w.planId, 'SC', {
      status: 'unexplained',
      limit: 10,
    });
    expect(still.items.map((l) => l.lineId)).toContain(shop?.lineId);
    await expect(
      classifyLine(w.deps, w.ctx(w.family), w.planId, 'SC', 'ffffffffffffffff', {
        category: 'short_breaks',
        outcomeId: 'O2',
        provisionId: 'H1',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('returns and monitoring from the statement', () => {
  it("take the last balance on or before the quarter's end, a given balance wins, and neither is 422", async () => {
    const w = await world();
    await expect(
      submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', { quarter: '2026-Q1', declaration: true }),
    ).rejects.toMatchObject({ code: 'BANK_BALANCE_REQUIRED' });
    await importStatement(
      w.deps,
      w.ctx(w.family),
      w.planId,
      'SC',
      'csv',
      `${statement(w)}\n01/07/2026,LATER,-1.00,1.00,`,
    );
    const fromStatement = await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', {
      quarter: '2026-Q1',
      declaration: true,
    });
    expect(fromStatement.result).toMatchObject({ bankBalance: '1623.00', bankBalanceSource: 'statement' });
    const given = await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', {
      quarter: '2026-Q1',
      bankBalance: '1493.48',
      declaration: true,
    });
    expect(given.result).toMatchObject({
      bankBalance: '1493.48',
      bankBalanceSource: 'holder',
      status: 'accepted',
    });
  });

  it('show unexplained lines and amounts on the monitoring row', async () => {
    const w = await world();
    await importStatement(w.deps, w.ctx(w.family), w.planId, 'SC', 'csv', statement(w));
    const row = (
      await councilMonitoringReturns(w.deps, actors.officer, COUNCIL, '2026-Q1', { limit: 10 })
    ).items.find((i) => i.potId === 'SC');
    expect(row).toMatchObject({ unexplainedLines: 2, unexplainedAmount: '312.00' });
  });
});
