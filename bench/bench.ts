import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import { Money } from '../domain/money.js';
import { shardCount } from '../domain/shards.js';
import { parseConfig } from '../functions/config.js';
import { appDeps, makeApp, useApp } from '../functions/deps.js';
import { sdkSourceOf } from '../infra/bundling.js';
import { ensureTable, localClient, startDynamoLocal } from '../local/dynamo.js';
import { createLocalServer } from '../local/http-adapter.js';
import { ensureKeys, localAudience, localIssuer, signToken } from '../local/keys.js';
import { budgetInput, COUNCIL, planInput } from '../local/section8.js';
import { freePort } from '../test/global-setup.js';
import { bulkCouncil } from './bulk-council.js';
import { bundleFigures } from './bundles.js';
import { domainThroughput } from './domain.js';
import { median, ms, quantile, ratio, throughput, timed } from './figures.js';
import { hledgerBalances } from './hledger.js';
import { type RunFigures, runAllShards } from './instalment-run.js';
import { benchPaymentFile } from './payment-file.js';
import { bareTransaction, committedUnits, sameItemsBare, transactionOf } from './references.js';
import { statementFigures } from './statements.js';
import { webPageFigures } from './web-pages.js';

/**
 * `npm run bench` (`-- --quick` for a smaller scale in under two minutes): figures, not a test.
 * Every figure is measured on this machine against DynamoDB Local from the local stack, in one
 * run, with its reference beside it and the ratio (BENCHMARKS.md explains each):
 * 1. posting latency through the stack ÷ a bare TransactWriteItems of the same items;
 * 2. throughput under contention, one pot and one pot each, ÷ bare transactions;
 * 3. an instalment run over a generated council ÷ bare transactions, its re-run, and the run of a
 *    twin council with payment batches ÷ the run without (issue 25's gate);
 * 4. council reconciliation flat in plans and in entries, and `hledger bal` on the same export;
 * 5. each Lambda bundle's size and import time ÷ the bare DynamoDB client's;
 * 6. domain throughput in process;
 * 7. importing a 5,000-line statement against a pot with 5,000 paid spends, matched (gate ≤ 3 s, ≤ 256 MB);
 * 9. the family's home and the officer's worklist: server time ÷ the sum of their API calls (≤ 1.5×), HTML ≤ 40 KB.
 * BENCH_ONLY=1,5 runs some sections only.
 */

const quick = process.argv.includes('--quick');
const scale = quick
  ? {
      samples: 60,
      clients: [1, 8, 32, 128],
      perClient: 40,
      runPlans: 200,
      flat: [100, 800],
      entriesPlans: 100,
      importRounds: 7,
      webPlans: 10,
      webSamples: 20,
    }
  : {
      samples: 300,
      clients: [1, 8, 32, 128],
      perClient: 200,
      runPlans: 2000,
      flat: [2000, 20000],
      entriesPlans: 2000,
      importRounds: 21,
      webPlans: 50,
      webSamples: 100,
    };
const only = new Set((process.env.BENCH_ONLY ?? '1,2,3,4,5,6,7,8,9').split(',').map((n) => n.trim()));
const line = (s: string) => process.stdout.write(`${s}\n`);
const started = performance.now();

line(`# npm run bench${quick ? ' -- --quick' : ''}, ${new Date().toISOString()}`);
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
const tokenOf = (org: string) => signToken(keys.privateKeyPem, { role: 'council_officer', org });
const officerToken = await tokenOf(COUNCIL);

async function call(
  method: string,
  path: string,
  body?: unknown,
  token = officerToken,
): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const res = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {}
  return { status: res.status, json, text };
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

const unitsOf = (act: () => Promise<unknown>) => committedUnits(appDeps().store, act);
const bare = (n: number) => bareTransaction(client, tableName, n);
const sameItems = (input: TransactWriteItemsCommandInput) => () => sameItemsBare(client, input);

const planId = await newPlan();
await spend(planId);
const spendTransaction = await transactionOf(() => spend(planId));
const spendItems = spendTransaction.TransactItems?.length ?? 0;
const bareSpend = sameItems(spendTransaction);

// 1. Posting -------------------------------------------------------------------------------------
if (only.has('1')) {
  line('\n## 1. Posting: one spend through the local stack (HTTP, token, validation, domain, store)');
  line(
    `A spend's transaction holds ${spendItems} items. References: the same items sent bare (its updates and checks as they are, its new items under fresh keys), and as many 400-byte puts.`,
  );
  for (let i = 0; i < 30; i++) {
    await spend(planId);
    await bareSpend();
    await bare(spendItems);
  }
  const runs = [];
  for (let run = 0; run < 3; run++) {
    const stack: number[] = [];
    const same: number[] = [];
    const puts: number[] = [];
    for (let i = 0; i < scale.samples; i++) {
      stack.push(await timed(() => spend(planId)));
      same.push(await timed(bareSpend));
      puts.push(await timed(() => bare(spendItems)));
    }
    const r = {
      stack50: quantile(stack, 0.5),
      stack99: quantile(stack, 0.99),
      same50: quantile(same, 0.5),
      same99: quantile(same, 0.99),
      puts50: quantile(puts, 0.5),
    };
    runs.push(r);
    line(
      `run ${run + 1}: spend p50 ${ms(r.stack50)}, p99 ${ms(r.stack99)}; same items bare p50 ${ms(r.same50)}, p99 ${ms(r.same99)} (ratio ${ratio(r.stack50, r.same50)}, ${ratio(r.stack99, r.same99)}); ${spendItems} puts p50 ${ms(r.puts50)} (ratio ${ratio(r.stack50, r.puts50)})`,
    );
  }
  const p50 = median(runs.map((r) => r.stack50 / r.same50));
  const p99 = median(runs.map((r) => r.stack99 / r.same99));
  const puts50 = median(runs.map((r) => r.stack50 / r.puts50));
  line(
    `median of 3 runs, against the same items: p50 ${p50.toFixed(2)}× (gate ≤ 1.5×), p99 ${p99.toFixed(2)}× (target ≤ 2×); against as many puts: p50 ${puts50.toFixed(2)}×`,
  );
}

// 2. Contention ----------------------------------------------------------------------------------
if (only.has('2')) {
  line('\n## 2. Contention: spends per second, one pot shared and a pot each, ÷ bare transactions');
  const plans: string[] = [];
  for (const clients of scale.clients) {
    while (plans.length < clients) plans.push(await newPlan());
    const each = Math.max(2, Math.floor(scale.perClient / clients));
    const stats = (appDeps().store as unknown as { stats: { commits: number } }).stats;
    const measure = async (fn: (c: number) => Promise<{ status: number }>) => {
      const commits = stats.commits;
      const r = await throughput(clients, each, fn);
      const answers = r.answers as Array<{ status: number }>;
      const ok = answers.filter((a) => a.status === 201).length;
      return {
        ...r,
        ok,
        conflicts: answers.filter((a) => a.status === 409).length,
        retries: stats.commits - commits - answers.length,
      };
    };
    const shared = await measure(() => spend(planId));
    const spread = await measure((c) => spend(plans[c] as string));
    const reference = await throughput(clients, each, bareSpend);
    line(
      `${String(clients).padStart(3)} clients: one pot ${shared.perSecond.toFixed(0)}/s (${shared.retries} retries, ${shared.conflicts} answered 409), a pot each ${spread.perSecond.toFixed(0)}/s (${spread.retries} retries); the same items bare ${reference.perSecond.toFixed(0)}/s; ratios ${ratio(shared.perSecond, reference.perSecond)} and ${ratio(spread.perSecond, reference.perSecond)}`,
    );
  }
}

// Councils generated straight into the table (not through the API).
const generated = new Map<string, { plans: number; perPot: number }>();
async function council(plans: number, perPot: number, twin = ''): Promise<string> {
  const councilId = `LA-${plans}-${perPot}${twin}`;
  if (generated.has(councilId)) return councilId;
  const r = await bulkCouncil(client, tableName, {
    councilId,
    icbId: `ICB-${plans}-${perPot}${twin}`,
    brokerId: `BRK-${plans}-${perPot}${twin}`,
    plans,
    // Each plan has two pots (social care, health): spends per plan = spends per pot × 2.
    entries: perPot * 2,
    upTo: '2026-04-30',
    spendMonth: '2026-04',
    seed: plans + perPot,
  });
  line(
    `(generated ${councilId}: ${plans} plans, ${perPot} spends per pot, ${r.items} items in ${r.seconds.toFixed(0)} s)`,
  );
  generated.set(councilId, { plans, perPot });
  return councilId;
}

// 3. Instalment run ------------------------------------------------------------------------------
if (only.has('3')) {
  line(`\n## 3. Instalment run over a generated council of ${scale.runPlans} plans, its shards in parallel`);
  const councilId = await council(scale.runPlans, 5);
  // Its twin (same seed, same plans and pots) is run with a payment batch: issue 25's gate.
  const twinId = await council(scale.runPlans, 5, '-B');
  let first: RunFigures = { seconds: 0, posted: 0, payments: 0 };
  const units = await unitsOf(async () => {
    first = await runAllShards(appDeps(), councilId, '2026-06-30');
  });
  const again = await runAllShards(appDeps(), councilId, '2026-06-30');
  const sizes = units.map((u) => u.writes.length);
  const size = Math.round(median(sizes));
  const reference = await throughput(shardCount, 300, () => bare(size));
  const perSecond = units.length / first.seconds;
  line(
    `run: ${first.posted} instalments in ${units.length} transactions (median ${size} items) in ${first.seconds.toFixed(1)} s = ${perSecond.toFixed(0)} postings/s; bare ${size}-item transactions, ${shardCount} clients: ${reference.perSecond.toFixed(0)}/s; ratio ${ratio(perSecond, reference.perSecond)} (target ≥ 0.80×)`,
  );
  line(
    `re-run: posted ${again.posted} in ${again.seconds.toFixed(1)} s = ${ratio(again.seconds, first.seconds)} of the first run (target ≤ 0.10×)`,
  );
  // Run after the run without, so warm-up, if anything, favours it; BENCHMARKS.md says so.
  const batched = await runAllShards(appDeps(), twinId, '2026-06-30', true);
  const plain = first.posted / first.seconds;
  const withBatch = batched.posted / batched.seconds;
  line(
    `with payment batches (the twin ${twinId}, run kept under its id): ${batched.posted} instalments, ${batched.payments} payments kept, in ${batched.seconds.toFixed(1)} s = ${withBatch.toFixed(0)} instalments/s against ${plain.toFixed(0)}/s without; ratio ${ratio(withBatch, plain)} (gate ≥ 0.90×: batches cost ≤ 10% of throughput)`,
  );
  line(
    `estimate at 20,000 plans: ${((first.seconds * 20_000) / scale.runPlans / 60).toFixed(1)} min here, linear in plans; in AWS the ${shardCount} shard workers run in parallel`,
  );
}

// 4. Council reconciliation ---------------------------------------------------------------------
async function reconciliation(councilId: string) {
  const token = await tokenOf(councilId);
  const path = `/v1/councils/${councilId}/reconciliation`;
  await call('GET', path, undefined, token);
  const times: number[] = [];
  let report: Record<string, unknown> = {};
  for (let i = 0; i < 3; i++)
    times.push(
      await timed(async () => {
        report = (await call('GET', path, undefined, token)).json;
      }),
    );
  return { ms: median(times), report };
}

/** The council's hledger export, as `GET …/journal?format=hledger` answers it. */
async function exportOf(councilId: string): Promise<string> {
  const exported = await call(
    'GET',
    `/v1/councils/${councilId}/journal?format=hledger`,
    undefined,
    await tokenOf(councilId),
  );
  if (exported.status !== 200)
    throw new Error(`the export answered ${exported.status}: ${exported.text.slice(0, 200)}`);
  return exported.text;
}

if (only.has('4')) {
  line('\n## 4. Council reconciliation: flat in plans, flat in entries, and hledger on the same export');
  const [small = 0, large = 0] = scale.flat;
  const a = await reconciliation(await council(small, 5));
  const b = await reconciliation(await council(large, 5));
  line(
    `${small} plans: ${ms(a.ms)}; ${large} plans: ${ms(b.ms)}; ratio ${ratio(b.ms, a.ms)} (gate ≤ 1.2×), both balanced: ${a.report.balanced === true && b.report.balanced === true}`,
  );
  for (const perPot of [5, 20, 50]) {
    const councilId = await council(scale.entriesPlans, perPot);
    const r = await reconciliation(councilId);
    let h: ReturnType<typeof hledgerBalances> | undefined;
    try {
      h = hledgerBalances(await exportOf(councilId));
    } catch (error) {
      line(`hledger could not run (apt-get install -y hledger): ${String(error).slice(0, 300)}`);
    }
    const totals = r.report.totals as Record<string, string>;
    const same =
      h !== undefined &&
      ['unreleased', 'available', 'committed', 'spent', 'recovered'].every(
        (bucket) => (h?.pence.get(bucket) ?? 0n) === Money.of(totals[bucket] ?? '0').toPence(),
      ) &&
      h.pence.get('funders') === -Money.of(totals.allocated ?? '0').toPence();
    line(
      `${scale.entriesPlans} plans, ${perPot} spends per pot: reconciliation ${ms(r.ms)}; hledger bal ${h ? ms(h.ms) : 'n/a'} on ${h?.transactions ?? '?'} transactions; ratio ${h ? ratio(h.ms, r.ms) : 'n/a'} in the ledger's favour (goal ≥ 20×); same totals: ${same ? 'yes' : 'NO'}`,
    );
  }
}

// 5. Cold start proxy ---------------------------------------------------------------------------
if (only.has('5')) {
  line(
    `\n## 5. Lambda bundles: size and import time in a fresh Node process (medians of ${scale.importRounds} rounds)`,
  );
  const { bareMs, bundles } = await bundleFigures(scale.importRounds);
  line(`bare @aws-sdk/client-dynamodb import: ${ms(bareMs)}`);
  for (const b of bundles)
    line(
      `${b.name.padEnd(11)} ${(b.bytes / 1024).toFixed(0).padStart(5)} KB (gate ≤ 400 KB), SDK ${sdkSourceOf[b.name].padEnd(7)}, import ${ms(b.importMs)}, ${b.ratio.toFixed(2)}× the bare client (gate ≤ 1.3×)`,
    );
}

// 6. Domain throughput --------------------------------------------------------------------------
if (only.has('6')) {
  line('\n## 6. Domain throughput in process (tinybench)');
  for (const t of await domainThroughput()) line(`${t.name}: ${t.perSecond.toFixed(0)} per second`);
}

// 7. Payment file -------------------------------------------------------------------------------
if (only.has('7')) {
  line('\n## 7. A pain.001 file for 20,000 payments (gate: 2 s, 256 MB of heap)');
  const r = await benchPaymentFile(quick ? 2_000 : 20_000);
  line(
    `${r.count} payments, £${r.sum}: ${r.seconds.toFixed(2)} s (${r.openSeconds.toFixed(2)} s reading the batch, of which ${r.decryptSeconds.toFixed(2)} s opening sealed account numbers with ${r.dataKeysOpened} SDK decrypt, ${r.writeSeconds.toFixed(2)} s writing ${r.megabytes.toFixed(1)} MB; the one-message format: ${r.legacyMsPerOpen.toFixed(2)} ms an open), heap growth ${r.heapMb.toFixed(0)} MB`,
  );
}

// 8. Statements in -------------------------------------------------------------------------------
if (only.has('8')) {
  line('\n## 8. Statement import: 5,000 lines against a pot with 5,000 paid spends (gates ≤ 3 s, ≤ 256 MB)');
  const figures = await statementFigures(appDeps(), base, keys.privateKeyPem, await newPlan());
  line(
    `import over HTTP: ${ms(figures.ms)} (gate ≤ 3 s), ${figures.matched} of 5000 lines matched; process RSS peak ${figures.peakMb.toFixed(0)} MB, +${figures.growthMb.toFixed(0)} MB during the import (gate ≤ 256 MB)`,
  );
}

// 9. Web pages -----------------------------------------------------------------------------------
if (only.has('9')) {
  line(
    `\n## 9. Web pages: server time beside the sum of the API calls each makes (gate ≤ 1.5×), HTML size (gate ≤ 40 KB); medians of ${scale.webSamples}`,
  );
  // A family's plan with spends to list, and a council of plans whose worklist names each child.
  const familyPlan = await newPlan();
  for (let i = 0; i < 10; i++) await spend(familyPlan);
  for (let i = 0; i < scale.webPlans; i++) await newPlan();
  const figures = await webPageFigures({
    apiBase: base,
    privateKeyPem: keys.privateKeyPem,
    samples: scale.webSamples,
    pages: [
      {
        name: 'family home',
        path: `/plans/${familyPlan}`,
        role: 'family',
        org: COUNCIL,
        plans: [familyPlan],
      },
      { name: 'officer worklist', path: '/worklist', role: 'council_officer', org: COUNCIL },
    ],
  });
  for (const f of figures)
    line(
      `${f.name.padEnd(16)} ${f.path.startsWith('/plans/') ? '/plans/{planId}' : f.path} (${f.status}): page ${ms(f.pageMs)}; its ${f.calls} API calls ${ms(f.callsMs)} summed; ratio ${ratio(f.pageMs, f.callsMs)} (gate ≤ 1.5×); HTML ${(f.htmlBytes / 1024).toFixed(1)} KB (gate ≤ 40 KB)`,
    );
}

line(`\n(the bench took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
server.closeAllConnections();
server.close();
client.destroy();
await dynamo.stop();
process.exit(0);
