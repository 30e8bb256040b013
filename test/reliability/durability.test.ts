// Proves durability of the local stack: SIGKILL `npm start` mid-load and start it again on the same
// DATA_DIR: every acknowledged posting is there and none is half there. A power cut (DynamoDB Local
// killed too) is also survived whole, losing at most the writes DynamoDB Local had not yet flushed.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bucketDeltas, isConserved, readBalances } from '../../domain/ledger.js';
import { buckets, type JournalEntry, type Pot } from '../../domain/model.js';
import { Money } from '../../domain/money.js';
import { ensureKeys, signToken } from '../../local/keys.js';
import { freePort } from '../global-setup.js';
import { agreementInput, budgetInput, COUNCIL, planInput, spendInput } from '../support/section8.js';

const workers = 8;
const started: ChildProcess[] = [];

async function start(dataDir: string, port: number, dynamoPort: number): Promise<ChildProcess> {
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
  started.push(p);
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

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function untilClosed(port: number) {
  const deadline = Date.now() + 30_000;
  while (await listening(port)) {
    if (Date.now() > deadline) throw new Error(`port ${port} still listens`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(() => {
  for (const p of started) {
    try {
      if (p.pid) process.kill(-p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Drives spends until `count` are acknowledged, then kills as told; returns what was acknowledged. */
async function killMidLoad(powerCut: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ehcp-durable-'));
  const port = await freePort();
  const dynamoPort = await freePort();
  let server = await start(dataDir, port, dynamoPort);
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
  await call(officer, 'POST', `/v1/plans/${planId}/pots/SC/agreement`, agreementInput());
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
  const running = Array.from({ length: workers }, worker);
  while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 20));
  // SIGKILL of `npm start` kills the Node process; a power cut takes DynamoDB Local with it.
  if (server.pid) process.kill(powerCut ? -server.pid : server.pid, 'SIGKILL');
  stop = true;
  await Promise.all(running);
  await untilClosed(port);
  if (powerCut) await untilClosed(dynamoPort);
  const acked = [...acknowledged];

  server = await start(dataDir, port, dynamoPort);
  const missing: string[] = [];
  for (const spendId of acked) {
    const r = await call(family, 'GET', `/v1/plans/${planId}/spends/${spendId}`);
    if (r.status !== 200) missing.push(spendId);
    else expect(r.json.status).toBe('paid');
  }
  const pots = (await call(officer, 'GET', `/v1/plans/${planId}`)).json.pots as Pot[];
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
  // Nothing half there: every pot conserves and is exactly its journal replayed; every posted
  // spend has its entry and its money.
  const replayed = bucketDeltas(entries.flatMap((e) => e.postings));
  for (const pot of pots) {
    expect(isConserved(readBalances(pot)), pot.potId).toBe(true);
    for (const field of ['allocated', ...buckets] as const) {
      expect([pot.potId, field, pot[field]]).toEqual([
        pot.potId,
        field,
        (replayed.get(pot.potId)?.[field] ?? Money.zero).toString(),
      ]);
    }
  }
  const posted = entries.filter((e) => e.kind === 'direct_spend').length;
  expect(pots.find((p) => p.potId === 'SC')?.spent).toBe(Money.fromPence(BigInt(posted * 100)).toString());
  if (server.pid) process.kill(-server.pid, 'SIGTERM');
  await untilClosed(port);
  return { acked: acked.length, missing: missing.length, posted };
}

describe('durability', () => {
  it('keeps every acknowledged posting when npm start is SIGKILLed mid-load', async () => {
    const r = await killMidLoad(false);
    console.log(
      `durability: npm start SIGKILLed after ${r.acked} acknowledged spends; after restart ${r.acked - r.missing} found, ${r.posted - r.acked + r.missing} unacknowledged but whole, ${r.missing} lost, 0 half-written`,
    );
    expect(r.missing).toBe(0);
  }, 180_000);

  it('survives a power cut (DynamoDB Local killed too) whole, losing at most its unflushed last writes', async () => {
    const r = await killMidLoad(true);
    console.log(
      `durability: power cut after ${r.acked} acknowledged spends; after restart ${r.acked - r.missing} found, ${r.missing} lost by DynamoDB Local's unflushed writes, 0 half-written`,
    );
    expect(r.missing).toBeLessThanOrEqual(workers);
  }, 180_000);
});
