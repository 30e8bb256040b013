import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { dateOf } from '../domain/dates.js';
import { demoOutcomes, demoProvisions } from './demo-plan.js';
import { dataDir, ensureKeys, signToken } from './keys.js';
import { agreementInput, BROKER, budgetInput, COUNCIL, ICB } from './section8.js';

/**
 * A small demo council (LA-001 with ICB-01 and broker BRK-7): three plans using all three ways of
 * holding a budget, instalments released to today, and a few spends. Talks to the running API
 * with fixed Idempotency-Keys, so seeding twice changes nothing.
 */

type Call = (
  method: string,
  path: string,
  key: string,
  body?: unknown,
) => Promise<{ status: number; json: Record<string, unknown> }>;

async function client(base: string, role: string, org: string, plans: string[] = []): Promise<Call> {
  const { privateKeyPem } = await ensureKeys(join(dataDir(), 'keys'));
  const token = await signToken(privateKeyPem, { role, org, plans, sub: `demo-${role}` });
  return async (method, path, key, body) => {
    const r = await fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(method === 'GET' ? {} : { 'idempotency-key': `demo-seed-${key}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await r.json()) as Record<string, unknown>;
    if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(json)}`);
    return { status: r.status, json };
  };
}

const period = { start: '2026-04-01', end: '2027-03-31' };

/** Demo bank details (each pair passes the Vocalink modulus check); not anyone's real account. */
const demoAccounts = {
  council: { name: 'Demo Council', sortCode: '10-79-99', accountNumber: '88837491' },
  icb: { name: 'Demo ICB', sortCode: '40-05-30', accountNumber: '71584685' },
  broker: { name: 'Demo Broker Client Ac', sortCode: '08-99-99', accountNumber: '66374958' },
  payee: { sortCode: '08-99-99', accountNumber: '66374958' },
};

export async function seedDemo(base: string): Promise<string> {
  const officer = await client(base, 'council_officer', COUNCIL);
  const icbOfficer = await client(base, 'health_officer', ICB);
  // Money out (DESIGN.md 11b): the accounts payments leave from, and the broker's client account.
  await officer('PUT', `/v1/funders/${COUNCIL}/payment-account`, 'paying-council', demoAccounts.council);
  await icbOfficer('PUT', `/v1/funders/${ICB}/payment-account`, 'paying-icb', demoAccounts.icb);
  await (await client(base, 'broker', BROKER))(
    'PUT',
    `/v1/brokers/${BROKER}/account`,
    'client-broker',
    demoAccounts.broker,
  );
  const budgets = [
    // The first plan's budget is the one of DESIGN.md section 8.
    budgetInput().pots,
    [
      {
        potId: 'SC',
        stream: 'social_care',
        funderId: COUNCIL,
        mode: 'third_party',
        holderId: BROKER,
        allocation: '7800.00',
        schedule: { frequency: 'monthly' },
      },
      {
        potId: 'HL',
        stream: 'health',
        funderId: ICB,
        mode: 'direct_payment',
        allocation: '2400.00',
        schedule: { frequency: 'quarterly' },
      },
    ],
    [
      {
        potId: 'EDU',
        stream: 'education',
        funderId: COUNCIL,
        mode: 'direct_payment',
        allocation: '1200.00',
        schedule: { frequency: 'monthly' },
      },
      { potId: 'SC', stream: 'social_care', funderId: COUNCIL, mode: 'notional', allocation: '3500.00' },
    ],
  ];
  const planIds: string[] = [];
  for (const [i, pots] of budgets.entries()) {
    const plan = await officer('POST', '/v1/plans', `plan-${i}`, {
      councilId: COUNCIL,
      child: { reference: `CYP-DEMO-${i + 1}`, dateOfBirth: ['2015-03-02', '2011-09-14', '2019-01-20'][i] },
      outcomes: demoOutcomes(),
      provisions: demoProvisions(),
    });
    const planId = String(plan.json.planId);
    planIds.push(planId);
    await officer('POST', `/v1/plans/${planId}/budgets`, `budget-${i}`, { period, pots });
    // Direct payments need a signed agreement first, recorded by the officer of the pot's funder.
    for (const pot of pots.filter((p) => p.mode === 'direct_payment')) {
      const funderOfficer = pot.funderId === ICB ? icbOfficer : officer;
      await funderOfficer(
        'POST',
        `/v1/plans/${planId}/pots/${pot.potId}/agreement`,
        `agreement-${i}-${pot.potId}`,
        {
          ...agreementInput(),
          holder: { kind: 'parent', name: `Parent of CYP-DEMO-${i + 1}` },
          // The third plan's direct payment is loaded to a prepaid card; the others go to a bank account.
          ...(i === 2
            ? { card: { programme: 'allpay', cardAccountId: `AP-DEMO-${i + 1}` } }
            : { bankAccount: { ...demoAccounts.payee, name: `Parent of CYP-DEMO-${i + 1}` } }),
        },
      );
    }
  }
  // The server's today: LEDGER_TODAY when it is fixed (section 11a), else the clock's date.
  const today = process.env.LEDGER_TODAY ?? dateOf(new Date());
  const upTo = [today, period.end].sort()[0] as string;
  const run = await officer('POST', '/v1/instalment-runs', `run-${upTo}`, { councilId: COUNCIL, upTo });
  const runId = String(run.json.runId);
  const [first, second] = planIds as [string, string];
  const family = await client(base, 'family', COUNCIL, [first]);
  const spend = {
    potId: 'SC',
    date: '2026-05-03',
    payee: 'Sunshine Play CIC',
    category: 'short_breaks',
    outcomeId: 'O2',
    provisionId: 'H1',
  };
  await family('POST', `/v1/plans/${first}/spends`, 'spend-1', {
    ...spend,
    amount: '45.00',
    paid: true,
    evidence: 'receipt 1182',
  });
  await family('POST', `/v1/plans/${first}/spends`, 'spend-2', {
    ...spend,
    amount: '620.00',
    date: '2026-06-12',
    paid: false,
    payee: 'Holiday club',
  });
  const broker = await client(base, 'broker', BROKER);
  await broker('POST', `/v1/plans/${second}/spends`, 'spend-3', {
    ...spend,
    amount: '310.00',
    payee: 'PA Services Ltd',
    category: 'personal_assistant',
    paid: true,
    evidence: 'invoice 5521',
  });
  return [
    `Demo council ${COUNCIL} seeded: plans ${planIds.join(', ')}.`,
    `  family of the first plan: npm run -s token -- --role family --org ${COUNCIL} --plans ${first}`,
    `  broker:                   npm run -s token -- --role broker --org ${BROKER}`,
    `  ICB officer:              npm run -s token -- --role health_officer --org ${ICB}`,
    `  the run's payment files:  ${base}/v1/instalment-runs/${runId}/payments?format=pain.001 (or csv, card-loads), as a council officer`,
    `  the run's page:           ${base}/runs/${runId}`,
    `  a statement to upload:    docs/examples/demo-statement.csv, at /plans/${first}/pots/SC/statements (signed in as the family)`,
  ].join('\n');
}

/** `npm run seed -- --plans N --entries M [--council LA-900]`: a generated council, straight into DynamoDB. */
async function generated(plans: number, entries: number, councilId: string): Promise<string> {
  const { DynamoLedgerStore } = await import('../adapters/dynamodb/store.js');
  const { UlidGenerator, systemClock } = await import('../adapters/ids.js');
  const { localClient } = await import('./dynamo.js');
  const { generateCouncil } = await import('./generate.js');
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
  const store = new DynamoLedgerStore({
    client: localClient(endpoint),
    tableName: process.env.TABLE_NAME ?? 'ehcp-ledger',
  });
  const started = Date.now();
  const r = await generateCouncil(
    { store, clock: systemClock, ids: new UlidGenerator(systemClock) },
    { councilId, icbId: 'ICB-01', brokerId: BROKER, plans, entries },
  );
  return `Generated council ${councilId}: ${r.planIds.length} plans, ${r.spends} spends in ${((Date.now() - started) / 1000).toFixed(1)} s.`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { plans: { type: 'string' }, entries: { type: 'string' }, council: { type: 'string' } },
  });
  const base = positionals[0] ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const job = values.plans
    ? generated(
        Number.parseInt(values.plans, 10),
        Number.parseInt(values.entries ?? '10', 10),
        values.council ?? 'LA-900',
      )
    : seedDemo(base);
  job
    .then((summary) => process.stdout.write(`${summary}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`seeding failed (is npm start running?): ${String(error)}\n`);
      process.exit(1);
    });
}
