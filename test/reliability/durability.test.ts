// Proves durability of the local stack: SIGKILL `npm start` mid-load, start it again on the same
// DATA_DIR, and every acknowledged posting is there, none half there, every pot conserved.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bucketDeltas, isConserved, readBalances } from '../../domain/ledger.js';
import { buckets, type JournalEntry, type Pot } from '../../domain/model.js';
import { Money } from '../../domain/money.js';
import { ensureKeys, signToken } from '../../local/keys.js';
import { freePort } from '../global-setup.js';
import { budgetInput, COUNCIL, planInput, spendInput } from '../support/section8.js';

const dataDir = mkdtempSync(join(tmpdir(), 'ehcp-durable-'));
let child: ChildProcess | undefined;

async function start(port: number, dynamoPort: number): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      DYNAMODB_ENDPOINT: '',
      LOG_LEVEL: 'SILENT',
    },
    detached: true,
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/v1/openapi.json`)).ok) return p;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('npm start did not come up');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Kills the server and its DynamoDB Local at once, as a power cut would. */
function killHard(p: ChildProcess) {
  if (p.pid) process.kill(-p.pid, 'SIGKILL');
}

afterAll(() => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('durability', () => {
  it('keeps every acknowledged posting across a SIGKILL mid-load', async () => {
    const port = await freePort();
    const dynamoPort = await freePort();
    child = await start(port, dynamoPort);
    const base = `http://127.0.0.1:${port}`;
    const keys = await ensureKeys(join(dataDir, 'keys'));
    const call = async (token: string, method: string, path: string, body?: unknown) => {
      const r = await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    };
    const officer = await signToken(keys.privateKeyPem, { role: 'council_officer', org: COUNCIL });
    const planId = String((await call(officer, 'POST', '/v1/plans', planInput())).json.planId);
    await call(officer, 'POST', `/v1/plans/${planId}/budgets`, budgetInput());
    await call(officer, 'POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' });
    const family = await signToken(keys.privateKeyPem, { role: 'family', org: COUNCIL, plans: [planId] });

    const acknowledged: string[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        try {
          const r = await call(family, 'POST', `/v1/plans/${planId}/spends`, {
            ...spendInput(),
            amount: '1.00',
          });
          if (r.status === 201) acknowledged.push(String(r.json.spendId));
        } catch {
          return; // the server died under us: that request was never acknowledged
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 20));
    killHard(child);
    stop = true;
    await Promise.all(workers);
    const acked = [...acknowledged];

    child = await start(port, dynamoPort);
    for (const spendId of acked) {
      const r = await call(family, 'GET', `/v1/plans/${planId}/spends/${spendId}`);
      expect([spendId, r.status, r.json.status]).toEqual([spendId, 200, 'paid']);
    }
    const plan = await call(officer, 'GET', `/v1/plans/${planId}`);
    const pots = plan.json.pots as Pot[];
    const entries: JournalEntry[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        officer,
        'GET',
        `/v1/plans/${planId}/audit?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      entries.push(...(page.json.entries as JournalEntry[]));
      cursor = page.json.next as string | null;
    } while (cursor);
    const replayed = bucketDeltas(entries.flatMap((e) => e.postings));
    for (const pot of pots) {
      const b = readBalances(pot);
      expect(isConserved(b), pot.potId).toBe(true);
      for (const field of ['allocated', ...buckets] as const) {
        expect([pot.potId, field, b[field].toString()]).toEqual([
          pot.potId,
          field,
          (replayed.get(pot.potId)?.[field] ?? Money.zero).toString(),
        ]);
      }
    }
    const spent = pots.find((p) => p.potId === 'SC')?.spent;
    const posted = entries.filter((e) => e.kind === 'direct_spend').length;
    expect(Money.of(String(spent)).equals(Money.fromPence(BigInt(posted * 100)))).toBe(true);
    expect(posted).toBeGreaterThanOrEqual(acked.length);
    console.log(
      `durability: SIGKILL after ${acked.length} acknowledged spends; after restart ${acked.length} found, ${posted - acked.length} unacknowledged but whole, 0 lost, 0 half-written`,
    );
    killHard(child);
    child = undefined;
  }, 180_000);
});
