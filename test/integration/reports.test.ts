// Proves every monitoring report on the section 8 plan with exact figures, in JSON and CSV, over
// DynamoDB Local; reconciliation detects a corrupted summary; reports read O(pots), not O(entries);
// the hledger export gives hledger the same balances as the reconciliation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoLedgerStore } from '../../adapters/dynamodb/store.js';
import { councilReconciliation } from '../../domain/app/reconciliations.js';
import { shardCount, shardOf } from '../../domain/shards.js';
import { appDeps } from '../../functions/deps.js';
import { generateCouncil } from '../../local/generate.js';
import { type Api, startApi } from '../support/api.js';
import { BROKER, COUNCIL, ICB, planInput, spendInput } from '../support/section8.js';

let api: Api;
let officer: Awaited<ReturnType<Api['as']>>;
let planId: string;

type Row = Record<string, unknown>;

beforeAll(async () => {
  api = await startApi();
  officer = await api.as('council_officer', COUNCIL);
  const fixture = await api.section8Plan('2026-06-30');
  planId = fixture.planId;
  const family = fixture.family;
  await family('POST', `/v1/plans/${planId}/spends`, spendInput());
  const s2 = await family('POST', `/v1/plans/${planId}/spends`, {
    ...spendInput(),
    amount: '900.00',
    paid: false,
  });
  await officer('POST', `/v1/plans/${planId}/spends/${s2.json.spendId}/approve`, {});
  await family('POST', `/v1/plans/${planId}/spends/${s2.json.spendId}/pay`, { evidence: 'invoice 77' });
});
afterAll(async () => {
  await api?.stop();
});

describe('family statement', () => {
  it('gives per-pot and per-outcome figures, spend by category, projection in words, and the entries', async () => {
    const family = await api.as('family', COUNCIL, [planId]);
    const r = await family('GET', `/v1/plans/${planId}/statement?from=2026-04-01&to=2027-03-31`);
    expect(r.status).toBe(200);
    const sc = (r.json.pots as Row[]).find((p) => p.potId === 'SC');
    expect(sc).toMatchObject({
      allocated: '5000.00',
      received: '1538.48',
      committed: '0.00',
      spent: '945.00',
      available: '593.48',
    });
    expect(String(sc?.summary)).toMatch(/left unspent|overspent|spent exactly/);
    expect(r.json.byCategory).toEqual([{ category: 'short_breaks', spent: '945.00' }]);
    expect(r.json.byOutcome).toEqual([
      expect.objectContaining({
        potId: 'SC',
        outcomeId: 'O2',
        domain: 'community_participation',
        spent: '945.00',
        committed: '0.00',
      }),
    ]);
    expect((r.json.entries as Row[]).filter((e) => e.kind === 'instalment')).toHaveLength(7);
    const csv = await family('GET', `/v1/plans/${planId}/statement?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toMatch(/^potId,stream,mode,allocated,received/);
    expect(csv.text).toContain('SC,social_care,direct_payment,5000.00,1538.48,0.00,945.00,593.48');
  });

  it('shows a broker only the pots it holds', async () => {
    const broker = await api.as('broker', BROKER);
    const r = await broker('GET', `/v1/plans/${planId}/statement`);
    expect((r.json.pots as Row[]).map((p) => p.potId)).toEqual(['HL']);
  });
});

describe('council reconciliation', () => {
  it('totals every bucket by funder, stream and mode, balanced, with spend by outcome domain', async () => {
    const r = await officer('GET', `/v1/councils/${COUNCIL}/reconciliation?from=2026-04-01&to=2027-03-31`);
    expect(r.status).toBe(200);
    expect(r.json.balanced).toBe(true);
    const rows = r.json.rows as Row[];
    expect(rows.find((x) => x.stream === 'social_care')).toMatchObject({
      funderId: COUNCIL,
      mode: 'direct_payment',
      allocated: '5000.00',
      unreleased: '3461.52',
      available: '593.48',
      committed: '0.00',
      spent: '945.00',
      recovered: '0.00',
    });
    expect(rows.find((x) => x.stream === 'health')).toMatchObject({
      funderId: ICB,
      mode: 'third_party',
      available: '750.00',
    });
    expect(r.json.totals).toMatchObject({ allocated: '14000.00', spent: '945.00' });
    expect(r.json.spendByOutcomeDomain).toEqual([{ domain: 'community_participation', spent: '945.00' }]);
    expect(r.json.flows).toEqual({ received: '8288.48', spent: '945.00', recovered: '0.00' });
    const csv = await officer('GET', `/v1/councils/${COUNCIL}/reconciliation`, undefined, {
      headers: { accept: 'text/csv' },
    });
    expect(csv.text.split('\r\n')[0]).toBe(
      'funderId,stream,mode,pots,allocated,unreleased,available,committed,spent,recovered',
    );
    expect(csv.text).toContain('TOTAL,,,3,14000.00,');
  });

  it('is for the council officer and auditor of that council only', async () => {
    const auditor = await api.as('auditor', COUNCIL);
    expect((await auditor('GET', `/v1/councils/${COUNCIL}/reconciliation`)).status).toBe(200);
    const other = await api.as('council_officer', 'LA-002');
    expect((await other('GET', `/v1/councils/${COUNCIL}/reconciliation`)).json.code).toBe('FORBIDDEN');
  });
});

describe('health body, broker and surpluses', () => {
  it('splits one ICB’s health pots by mode and council', async () => {
    const icb = await api.as('health_officer', ICB);
    const r = await icb('GET', `/v1/funders/${ICB}/reconciliation`);
    expect(r.json.modeSplit).toEqual([
      { mode: 'notional', pots: 0, allocated: '0.00', spent: '0.00' },
      { mode: 'third_party', pots: 1, allocated: '3000.00', spent: '0.00' },
      { mode: 'direct_payment', pots: 0, allocated: '0.00', spent: '0.00' },
    ]);
    expect(r.json.byCouncil).toEqual([
      {
        councilId: COUNCIL,
        mode: 'third_party',
        pots: 1,
        allocated: '3000.00',
        spent: '0.00',
        held: '750.00',
      },
    ]);
    expect((await officer('GET', `/v1/funders/${ICB}/reconciliation`)).status).toBe(403);
  });

  it('gives a broker its client money, the total exactly the sum of held pots', async () => {
    const broker = await api.as('broker', BROKER);
    const r = await broker('GET', `/v1/brokers/${BROKER}/client-money`);
    expect(r.json).toMatchObject({ brokerId: BROKER, total: '750.00' });
    expect(r.json.clients).toEqual([
      { planId, councilId: COUNCIL, pots: [{ potId: 'HL', held: '750.00' }], held: '750.00' },
    ]);
    const csv = await broker('GET', `/v1/brokers/${BROKER}/client-money?format=csv`);
    expect(csv.text).toBe(
      `planId,councilId,potId,held\r\n${planId},${COUNCIL},HL,750.00\r\nTOTAL,,,750.00\r\n`,
    );
    const other = await api.as('broker', 'BRK-9');
    expect((await other('GET', `/v1/brokers/${BROKER}/client-money`)).status).toBe(403);
  });
});

describe('direct-payment monitoring returns', () => {
  it('gives Q1 opening, received, spent by category and closing, with flags', async () => {
    const r = await officer('GET', `/v1/councils/${COUNCIL}/monitoring-returns?quarter=2026-Q1`);
    expect(r.json).toMatchObject({ quarter: '2026-Q1', from: '2026-04-01', to: '2026-06-30', next: null });
    const items = r.json.items as Row[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      potId: 'SC',
      opening: '0.00',
      received: '1538.48',
      spent: '945.00',
      recovered: '0.00',
      closing: '593.48',
      threshold: '769.23',
      spentByCategory: [{ category: 'short_breaks', spent: '945.00' }],
      flags: {
        surplusAboveThreshold: false,
        noSpending: false,
        rejectedSpends: 0,
        spendsWithoutEvidence: 0,
        prohibitedAttempts: 0,
        refusedAttempts: 0,
        reviewOverdue: false,
        returnOverdue: true,
      },
      returnStatus: 'overdue',
      spendsWithoutEvidence: [],
    });
    const q2 = await officer('GET', `/v1/councils/${COUNCIL}/monitoring-returns?quarter=2026-Q2&format=csv`);
    expect(q2.text.split('\r\n')[1]).toMatch(
      new RegExp(
        // The last two columns are the statement's unexplained lines and amount (section 11b): none here.
        `^${planId},SC,2026-Q2,593.48,0.00,0.00,0.00,593.48,769.23,false,true,0,0,0,0,false,overdue,true,,0,0.00$`,
      ),
    );
  });

  it('refuses a malformed quarter', async () => {
    const r = await officer('GET', `/v1/councils/${COUNCIL}/monitoring-returns?quarter=2026-Q5`);
    expect([r.status, r.json.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('surpluses and recovery', () => {
  it('lists the recoverable amount above 8 weeks of payments and recovers exactly it', async () => {
    const p = String((await officer('POST', '/v1/plans', planInput())).json.planId);
    await api.budget(officer, String(p));
    await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-09-30' });
    const r = await officer('GET', `/v1/councils/${COUNCIL}/surpluses`);
    const mine = (r.json.items as Row[]).find((i) => i.planId === p);
    expect(mine).toMatchObject({
      potId: 'SC',
      available: '2692.34',
      threshold: '769.23',
      recoverable: '1923.11',
      weeks: 8,
    });
    const rec = await officer('POST', `/v1/plans/${p}/pots/SC/recoveries`, {
      amount: mine?.recoverable,
      reason: 'surplus',
      dueDate: '2026-12-31',
      notice: '28 days notice sent 2026-11-29',
    });
    expect(rec.status).toBe(201);
    const after = await officer('GET', `/v1/councils/${COUNCIL}/surpluses`);
    expect((after.json.items as Row[]).some((i) => i.planId === p)).toBe(false);
  });
});

describe('hledger export', () => {
  it('is a journal hledger reads, with the same balances as the reconciliation', async () => {
    const r = await officer('GET', `/v1/councils/${COUNCIL}/journal?format=hledger`);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    const rec = await officer('GET', `/v1/councils/${COUNCIL}/reconciliation`);
    const totals = rec.json.totals as Record<string, string>;
    const file = join(mkdtempSync(join(tmpdir(), 'hledger-')), 'council.journal');
    writeFileSync(file, r.text);
    let hledger = '';
    try {
      hledger = execFileSync('hledger', ['--version'], { encoding: 'utf8' });
    } catch {
      console.warn(
        'hledger is not installed (apt-get install hledger); checking the export with our own reader instead',
      );
    }
    const balance = (pattern: string): string => {
      if (hledger) {
        const out = execFileSync(
          'hledger',
          ['-f', file, 'bal', pattern, '-N', '--flat', '-O', 'csv', '--layout', 'bare'],
          { encoding: 'utf8' },
        );
        const rows = out
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',').map((c) => c.replaceAll('"', '')));
        return rows.reduce((sum, row) => sum + Math.round(Number(row[2] ?? row[1]) * 100), 0).toString();
      }
      let pence = 0;
      for (const line of r.text.split('\n')) {
        const m = /^ {4}(pots:\S+|funders:\S+) {2}(-?\d+\.\d{2}) GBP$/.exec(line);
        if (m && new RegExp(pattern).test(m[1] as string)) pence += Math.round(Number(m[2]) * 100);
      }
      return pence.toString();
    };
    const pence = (amount: string) => Math.round(Number(amount) * 100).toString();
    for (const bucket of ['unreleased', 'available', 'committed', 'spent', 'recovered']) {
      expect([bucket, balance(`${bucket}$`)]).toEqual([bucket, pence(totals[bucket] ?? '0')]);
    }
    expect(balance('^funders:')).toBe(pence(`-${totals.allocated}`));
    if (hledger)
      expect(execFileSync('hledger', ['-f', file, 'check', '--strict'], { encoding: 'utf8' })).toBe('');
    // Without hledger, the declarations strict checking needs are still checked here.
    const declared = new Set([...r.text.matchAll(/^account (\S+)$/gm)].map((m) => m[1]));
    const used = new Set([...r.text.matchAll(/^ {4}(pots:\S+|funders:\S+) {2}/gm)].map((m) => m[1]));
    expect([...used].filter((a) => !declared.has(a))).toEqual([]);
    expect(r.text).toMatch(/^commodity 1,000\.00 GBP$/m);
  });
});

describe('scale and integrity', () => {
  it('reads only the council’s figures for a council report, however many entries its pots hold', async () => {
    const deps = appDeps();
    const store = deps.store as unknown as DynamoLedgerStore;
    const options = {
      icbId: 'ICB-77',
      brokerId: 'BRK-77',
      plans: 4,
      spendMonth: '2026-10',
      upTo: '2026-10-31',
    };
    await generateCouncil(deps, { ...options, councilId: 'LA-SMALL', entries: 6, seed: 7 });
    await generateCouncil(deps, { ...options, councilId: 'LA-LARGE', entries: 12, seed: 7 });
    const reader = { sub: 'r', role: 'council_officer' as const, plans: [] };
    const measure = async (councilId: string) => {
      const before = store.stats.itemsRead;
      const report = await councilReconciliation(deps, { ...reader, org: councilId }, councilId, {});
      return { items: store.stats.itemsRead - before, balanced: report.balanced };
    };
    const small = await measure('LA-SMALL');
    const large = await measure('LA-LARGE');
    console.log(
      `council reconciliation read ${small.items} items with 6 spends per plan and ${large.items} with 12`,
    );
    // It reads the council's figures and nothing else: one item per write shard, group of pots
    // and month (plans land on shards at random, so two councils' counts may differ by a few).
    const figureItems = async (councilId: string) =>
      (
        await Promise.all(
          (['figure-month', 'figure-plans', 'figure-shortfall'] as const).map((kind) =>
            deps.store.listFigures(councilId, kind),
          ),
        )
      ).flat().length;
    expect(small.balanced && large.balanced).toBe(true);
    expect([small.items, large.items]).toEqual([
      await figureItems('LA-SMALL'),
      await figureItems('LA-LARGE'),
    ]);
    // Two streams × three ways of holding, seven months (April to October), one per shard at most.
    expect(large.items).toBeLessThanOrEqual(shardCount * 6 * 7 + shardCount * 2);
  });

  it('detects a corrupted summary when asked to verify the pots, and names the pot', async () => {
    await api.client.send(
      new UpdateItemCommand({
        TableName: api.tableName,
        Key: { pk: { S: `PLAN#${planId}` }, sk: { S: 'SUM#month#SC#2026-05' } },
        UpdateExpression: 'ADD v_spent :one',
        ExpressionAttributeValues: { ':one': { N: '0.01' } },
      }),
    );
    // The council's figures were not touched: their totals still reconcile.
    const quick = await officer('GET', `/v1/councils/${COUNCIL}/reconciliation`);
    expect([quick.json.verified, quick.json.balanced, quick.json.summaryMismatches]).toEqual([
      'totals',
      true,
      [],
    ]);
    const r = await officer('GET', `/v1/councils/${COUNCIL}/reconciliation?verify=pots`);
    expect([r.json.verified, r.json.balanced, r.json.figuresAgree]).toEqual(['pots', false, false]);
    expect(r.json.summaryMismatches).toEqual([{ planId, potId: 'SC' }]);
  });

  it('finds a corrupted council figure: the totals stop reconciling, and verifying says the figures disagree', async () => {
    const figures = await api.client.send(
      new QueryCommand({
        TableName: api.tableName,
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :month)',
        ExpressionAttributeValues: {
          ':pk': { S: `FIGURES#${COUNCIL}#${shardOf(planId)}` },
          ':month': { S: 'figure-month#' },
        },
      }),
    );
    const item = figures.Items?.[0];
    expect(item).toBeDefined();
    await api.client.send(
      new UpdateItemCommand({
        TableName: api.tableName,
        Key: { pk: item?.pk ?? { S: '' }, sk: item?.sk ?? { S: '' } },
        UpdateExpression: 'ADD v_available :one',
        ExpressionAttributeValues: { ':one': { N: '0.01' } },
      }),
    );
    const quick = await officer('GET', `/v1/councils/${COUNCIL}/reconciliation`);
    expect(quick.json.balanced).toBe(false);
    const r = await officer('GET', `/v1/councils/${COUNCIL}/reconciliation?verify=pots`);
    expect(r.json.figuresAgree).toBe(false);
  });
});
