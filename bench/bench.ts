import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { runCouncil } from '../domain/app/instalments.js';
import { parseConfig } from '../functions/config.js';
import { appDeps, makeApp, useApp } from '../functions/deps.js';
import { ensureTable, localClient, startDynamoLocal } from '../local/dynamo.js';
import { generateCouncil } from '../local/generate.js';
import { createLocalServer } from '../local/http-adapter.js';
import { ensureKeys, localAudience, localIssuer, signToken } from '../local/keys.js';
import { budgetInput, COUNCIL, planInput } from '../local/section8.js';
import { freePort } from '../test/global-setup.js';

/**
 * `npm run bench`: figures, not a test. Every figure is measured on this machine against DynamoDB
 * Local from the local stack, in one run, with its reference beside it and the ratio:
 * 1. posting latency through the stack ÷ a bare TransactWriteItems of the same number of items;
 * 2. throughput under contention, one pot and many, ÷ bare transactions;
 * 3. an instalment run over a generated council, and its re-run;
 * 4. council reconciliation time, and `hledger bal` on the same council's export;
 * 5. each Lambda bundle's size and import time ÷ the bare DynamoDB client's.
 * BENCH_PLANS (default 2000) sets the council size of 3 and 4.
 */

const plans = Number.parseInt(process.env.BENCH_PLANS ?? '2000', 10);
/** BENCH_ONLY=1,5 runs some sections only (3 and 4 share the generated council). */
const only = new Set((process.env.BENCH_ONLY ?? '1,2,3,4,5').split(',').map((n) => n.trim()));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const line = (s: string) => process.stdout.write(`${s}\n`);

const dynamo = await startDynamoLocal(await freePort());
const tableName = `bench-${randomUUID().slice(0, 8)}`;
await ensureTable(dynamo.endpoint, tableName);
const keys = await ensureKeys(join(mkdtempSync(join(tmpdir(), 'ehcp-bench-')), 'keys'));
useApp(
  makeApp(
    parseConfig({
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      JWT_ISSUER: localIssuer,
      JWT_AUDIENCE: localAudience,
      JWT_PUBLIC_KEY: keys.publicKeyPem,
      LOG_LEVEL: 'SILENT',
    }),
  ),
);
const server = createLocalServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const client = localClient(dynamo.endpoint);
const officerToken = await signToken(keys.privateKeyPem, { role: 'council_officer', org: COUNCIL });

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${officerToken}`,
      'content-type': 'application/json',
      ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

async function newPlan(): Promise<string> {
  const planId = String((await call('POST', '/v1/plans', planInput())).json.planId);
  await call('POST', `/v1/plans/${planId}/budgets`, budgetInput());
  return planId;
}

/** An officer's spend from the notional education pot: posted at once, the common path. */
const spend = (planId: string) =>
  call('POST', `/v1/plans/${planId}/spends`, {
    potId: 'EDU',
    amount: '0.01',
    date: '2026-05-03',
    payee: 'Tutor Ltd',
    category: 'tuition',
    outcomeId: 'O1',
    provisionId: 'F1',
    paid: true,
  });

/**
 * Items a spend's transaction holds (the key, the spend, the entry, the pot, its summaries, the
 * policy version check), counted on a real spend below so the bare reference has as many.
 */
let spendItems = 0;
{
  const store = appDeps().store;
  const commit = store.commit.bind(store);
  store.commit = async (unit) => {
    spendItems = unit.writes.length;
    return commit(unit);
  };
  await spend(await newPlan());
  store.commit = commit;
}
const bare = (n: number) =>
  client.send(
    new TransactWriteItemsCommand({
      TransactItems: Array.from({ length: n }, (_, i) => ({
        Put: {
          TableName: tableName,
          Item: { pk: { S: `BENCH#${randomUUID()}` }, sk: { S: `ITEM#${i}` }, doc: { S: 'x'.repeat(400) } },
        },
      })),
    }),
  );

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

// 1. Posting -------------------------------------------------------------------------------------
const planId = await newPlan();
if (only.has('1')) {
  line('## 1. Posting: one spend through the local stack (HTTP, token, validation, domain, store)');
  for (let i = 0; i < 20; i++) await spend(planId);
  for (let i = 0; i < 20; i++) await bare(spendItems);
  const stack: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    stack.push(await timed(() => spend(planId)));
    bareTimes.push(await timed(() => bare(spendItems)));
  }
  line(`spend p50 ${ms(quantile(stack, 0.5))}, p99 ${ms(quantile(stack, 0.99))}`);
  line(
    `bare ${spendItems}-item TransactWriteItems p50 ${ms(quantile(bareTimes, 0.5))}, p99 ${ms(quantile(bareTimes, 0.99))}`,
  );
  line(
    `ratio p50 ${ratio(quantile(stack, 0.5), quantile(bareTimes, 0.5))}, p99 ${ratio(quantile(stack, 0.99), quantile(bareTimes, 0.99))} (issue 10's target: ≤ 1.5× and ≤ 2×)`,
  );
}

// 2. Contention ----------------------------------------------------------------------------------
if (only.has('2')) {
  line('\n## 2. Contention: spends per second, one pot shared and one pot each, ÷ bare transactions');
  const extraPlans: string[] = [];
  for (const clients of [1, 8, 32]) {
    while (extraPlans.length < clients) extraPlans.push(await newPlan());
    const perClient = Math.max(5, Math.floor(160 / clients));
    const run = async (target: (c: number) => Promise<{ status: number } | unknown>) => {
      let conflicts = 0;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let k = 0; k < perClient; k++) {
            const r = (await target(c)) as { status?: number };
            if (r?.status === 409) conflicts++;
          }
        }),
      );
      return { perSecond: (clients * perClient * 1000) / (performance.now() - t), conflicts };
    };
    const shared = await run(() => spend(planId));
    const spread = await run((c) => spend(extraPlans[c] as string));
    const reference = await run(() => bare(spendItems));
    line(
      `${String(clients).padStart(2)} clients: one pot ${shared.perSecond.toFixed(0)}/s (${shared.conflicts} answered 409), one pot each ${spread.perSecond.toFixed(0)}/s, bare ${reference.perSecond.toFixed(0)}/s; ratios ${ratio(shared.perSecond, reference.perSecond)} and ${ratio(spread.perSecond, reference.perSecond)}`,
    );
  }
}

// 3. Instalment run ------------------------------------------------------------------------------
const councilId = 'LA-BENCH';
if (only.has('3') || only.has('4')) {
  line(`\n## 3. Instalment run over a generated council of ${plans} plans`);
  const t0 = performance.now();
  await generateCouncil(appDeps(), {
    councilId,
    icbId: 'ICB-BENCH',
    brokerId: 'BRK-BENCH',
    plans,
    entries: 5,
    upTo: '2026-04-01',
    spendMonth: '2026-04',
  });
  line(`(generated in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  // The run as the scheduled worker makes it (through HTTP a council's run answers 202 and goes on
  // in the background once it outgrows the request): every plan's due instalments, one unit each.
  const runner = { sub: 'bench', role: 'scheduler' as const, org: 'system', plans: [] };
  const runOnce = async () => {
    const t = performance.now();
    const r = await runCouncil(
      appDeps(),
      { actor: runner, requestId: `bench-${randomUUID()}` },
      councilId,
      '2026-10-31',
    );
    return { seconds: (performance.now() - t) / 1000, posted: r.posted };
  };
  const first = await runOnce();
  const again = await runOnce();
  const bareT = performance.now();
  let bareCount = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() - bareT < 3000) {
        await bare(7);
        bareCount++;
      }
    }),
  );
  const barePerSecond = (bareCount * 1000) / (performance.now() - bareT);
  const runPerSecond = first.posted / first.seconds;
  line(
    `run: ${first.posted} instalments in ${first.seconds.toFixed(1)} s = ${runPerSecond.toFixed(0)}/s; bare 7-item transactions (16 clients) ${barePerSecond.toFixed(0)}/s; ratio ${ratio(runPerSecond, barePerSecond)} (target ≥ 0.80×)`,
  );
  line(
    `re-run: posted ${again.posted} in ${again.seconds.toFixed(1)} s = ${ratio(again.seconds, first.seconds)} of the first run (target ≤ 0.10×)`,
  );
  line(
    `estimate at 20,000 plans: ${((first.seconds * 20_000) / plans / 60).toFixed(1)} min for the first run, linear in plans`,
  );
}

// 4. Council reconciliation ---------------------------------------------------------------------
if (only.has('4')) {
  const benchOfficer = await signToken(keys.privateKeyPem, { role: 'council_officer', org: councilId });
  line(`\n## 4. Council reconciliation at ${plans} plans, and hledger on the same council's export`);
  const recon = await timed(() =>
    fetch(`${base}/v1/councils/${councilId}/reconciliation`, {
      headers: { authorization: `Bearer ${benchOfficer}` },
    }).then((r) => r.json()),
  );
  const exported = await fetch(`${base}/v1/councils/${councilId}/journal?format=hledger`, {
    headers: { authorization: `Bearer ${benchOfficer}` },
  });
  const journal = await exported.text();
  if (!exported.ok) line(`the export answered ${exported.status}: ${journal.slice(0, 200)}`);
  const file = join(mkdtempSync(join(tmpdir(), 'ehcp-bench-')), 'council.journal');
  writeFileSync(file, journal);
  let hledger = Number.NaN;
  try {
    const t = performance.now();
    execFileSync('hledger', ['-f', file, 'bal'], { stdio: ['ignore', 'ignore', 'pipe'] });
    hledger = performance.now() - t;
  } catch (error) {
    line(`hledger could not run (apt-get install -y hledger): ${String(error).slice(0, 300)}`);
  }
  line(
    `reconciliation ${ms(recon)}; hledger bal ${Number.isNaN(hledger) ? 'n/a' : ms(hledger)}; ratio ${Number.isNaN(hledger) ? 'n/a' : ratio(hledger, recon)} in the ledger's favour (goal ≥ 20×)`,
  );
  line(
    '(that both give the same totals is proven by test/integration/reports.test.ts on every run of npm test)',
  );
}

// 5. Cold start proxy ---------------------------------------------------------------------------
if (only.has('5')) {
  line('\n## 5. Lambda bundles: size and import time in a fresh Node process');
  // Inside the project, so a bundle finds the AWS SDK as Lambda's runtime provides it.
  const outDir = join(process.cwd(), 'node_modules', '.cache', 'ehcp-bench');
  const importMs = (target: string) => {
    const runs = Array.from({ length: 5 }, () => {
      const r = spawnSync(
        process.execPath,
        [
          '-e',
          `const t=process.hrtime.bigint();require(${JSON.stringify(target)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      );
      return Number.parseFloat(r.stdout.trim());
    });
    return quantile(runs, 0.5);
  };
  const bareClient = importMs(createRequire(import.meta.url).resolve('@aws-sdk/client-dynamodb'));
  line(`bare @aws-sdk/client-dynamodb import: ${ms(bareClient)}`);
  for (const entry of ['api', 'scheduled', 'archive', 'web']) {
    const outfile = join(outDir, `${entry}.js`);
    await build({
      entryPoints: [`functions/${entry}.ts`],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node24',
      format: 'cjs',
      external: ['@aws-sdk/*'],
      outfile,
      logLevel: 'silent',
    });
    const size = statSync(outfile).size;
    const imported = importMs(outfile);
    line(
      `${entry.padEnd(10)} ${(size / 1024).toFixed(0).padStart(5)} KB (target ≤ 400 KB), import ${ms(imported)} = ${ratio(imported, bareClient)} the bare client (target ≤ 1.3×)`,
    );
  }
}

server.closeAllConnections();
server.close();
client.destroy();
await dynamo.stop();
process.exit(0);
