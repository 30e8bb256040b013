// Proves /v1/openapi.json describes what the API really answers: every answer of the section 8
// flow, of every other route and of a spread of refusals, taken over HTTP from DynamoDB Local, is
// validated (ajv, JSON Schema 2020-12) against the documented response of its status, and every
// refusal's code is one its operation documents.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../contract/routes.js';
import { appDeps } from '../../functions/deps.js';
import { type Api, type ApiResponse, startApi } from '../support/api.js';
import { contractChecker } from '../support/contract.js';
import {
  agreementInput,
  BROKER,
  budgetInput,
  COUNCIL,
  ICB,
  planInput,
  spendInput,
} from '../support/section8.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

describe('the API description', () => {
  it('documents every answer of the section 8 flow, every route and a spread of refusals', async () => {
    const checker = contractChecker();
    const mismatches: string[] = [];
    const seen = new Set<string>();
    const caller = async (role: string, org: string, plans: string[] = []) => {
      const t = await api.token(role, org, plans);
      return async (
        method: string,
        path: string,
        body?: unknown,
        options?: Parameters<Api['request']>[4],
      ): Promise<ApiResponse> => {
        const res = await api.request(t, method, path, body, options);
        const parsed = res.headers.get('content-type')?.includes('json') ? JSON.parse(res.text) : res.text;
        mismatches.push(...checker.check(method, path, res.status, res.headers.get('content-type'), parsed));
        const route = routes.find(
          (r) =>
            r.method === method &&
            new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(path.split('?')[0] ?? ''),
        );
        if (route && res.status < 300) seen.add(`${route.method} ${route.path}`);
        return res;
      };
    };
    const officer = await caller('council_officer', COUNCIL);
    const health = await caller('health_officer', ICB);
    const broker = await caller('broker', BROKER);
    const auditor = await caller('auditor', COUNCIL);

    // The section 8 exchange.
    const planId = String((await officer('POST', '/v1/plans', planInput())).json.planId);
    const family = await caller('family', COUNCIL, [planId]);
    const p = `/v1/plans/${planId}`;
    await officer('POST', `${p}/budgets`, budgetInput());
    await officer('POST', `${p}/pots/SC/agreement`, agreementInput());
    await officer('GET', `${p}/events`);
    await officer('POST', `${p}/members`, {
      sub: 'nominee-1',
      name: 'N. Nominee',
      relation: 'nominee',
      canSpend: true,
    });
    await officer('GET', `${p}/members`);
    await officer('DELETE', `${p}/members/nominee-1`);
    await officer('DELETE', `${p}/members/nominee-1`);
    await officer('GET', p);
    await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' });
    const paid = await family('POST', `${p}/spends`, spendInput());
    const approved = await family('POST', `${p}/spends`, { ...spendInput(), paid: false });
    const pending = await family('POST', `${p}/spends`, { ...spendInput(), amount: '600.00', paid: false });
    const pending2 = await family('POST', `${p}/spends`, { ...spendInput(), amount: '501.00' });
    await family('POST', `${p}/spends`, { ...spendInput(), amount: '99999.00' });
    await family('POST', `${p}/spends`, { ...spendInput(), category: 'alcohol' });
    await family('POST', `${p}/spends`, { ...spendInput(), date: '2027-05-01' });
    await officer('POST', `${p}/spends/${pending.json.spendId}/approve`, {});
    await officer('POST', `${p}/spends/${pending2.json.spendId}/reject`, { reason: 'not in plan' });
    await family('POST', `${p}/spends/${pending.json.spendId}/pay`, { evidence: 'invoice 77' });
    await family('POST', `${p}/spends/${approved.json.spendId}/void`, {});
    await family('POST', `${p}/spends/${approved.json.spendId}/pay`, {});
    await family('GET', `${p}/spends/${paid.json.spendId}`);
    const { evidence: _none, ...unevidenced } = spendInput();
    const later = await family('POST', `${p}/spends`, unevidenced);
    await family('POST', `${p}/spends/${later.json.spendId}/evidence`, { evidence: 'receipt 1190' });
    await family('POST', `${p}/spends/${later.json.spendId}/evidence`, { evidence: 'receipt 1190' });
    await broker('POST', `${p}/spends`, {
      potId: 'HL',
      amount: '25.00',
      date: '2026-05-10',
      payee: 'Talk Therapy Ltd',
      category: 'therapy',
      outcomeId: 'O1',
      provisionId: 'G1',
    });
    await health('GET', '/v1/approvals');
    await officer('GET', '/v1/approvals');
    await officer('GET', `${p}/audit?limit=5`);
    const audit = await officer('GET', `${p}/audit?limit=100`);
    await auditor('GET', `${p}/audit`);
    const direct = (audit.json.entries as Array<{ entryId: string; kind: string }>).find(
      (e) => e.kind === 'direct_spend',
    );
    await officer('POST', `${p}/entries/${direct?.entryId}/reverse`, { reason: 'entered twice' });
    await officer('POST', `${p}/entries/${direct?.entryId}/reverse`, { reason: 'entered twice' });
    await officer('POST', `${p}/pots/SC/adjustments`, { amount: '-10.00', reason: 'review' });
    await officer('POST', `${p}/pots/SC/adjustments`, {
      amount: '-10.00',
      reason: 'review with notice',
      effectiveDate: '2027-03-01',
      noticeGiven: '2026-11-01',
    });
    await officer('POST', `${p}/pots/SC/recoveries`, {
      amount: '5.00',
      reason: 'surplus',
      dueDate: '2026-06-30',
    });
    const notice = { amount: '2.00', reason: 'surplus', dueDate: '2099-12-31', noticeGiven: '2026-11-01' };
    const n1 = await officer('POST', `${p}/pots/SC/recoveries`, notice);
    const n2 = await officer('POST', `${p}/pots/SC/recoveries`, notice);
    await officer('POST', `${p}/pots/SC/recoveries/${n1.json.recoveryId}/settle`);
    await officer('POST', `${p}/pots/SC/recoveries/${n1.json.recoveryId}/settle`);
    await officer('POST', `${p}/pots/SC/recoveries/${n2.json.recoveryId}/withdraw`);
    await officer('GET', `/v1/councils/${COUNCIL}/recoveries?status=settled`);
    await health('GET', `/v1/funders/${ICB}/recoveries`);
    await officer('POST', `${p}/pots/SC/suspension`, { reason: 'return overdue' });
    await officer('POST', `${p}/pots/SC/suspension`, { reason: 'return overdue' });
    await officer('DELETE', `${p}/pots/SC/suspension`, {});
    await officer('DELETE', `${p}/pots/SC/suspension`, {});
    await officer('POST', `${p}/pots/SC/suspension`, { reason: 'return overdue' });
    await officer('POST', `${p}/pots/SC/resumption`, {
      reason: 'return received',
      missedInstalments: 'withhold',
    });
    await officer('POST', `${p}/pots/SC/resumption`, { reason: 'again', missedInstalments: 'release' });

    // Reports, JSON and CSV.
    await family('GET', `${p}/statement?from=2026-04-01&to=2027-03-31`);
    await family('GET', `${p}/statement?format=csv`);
    await officer('GET', `/v1/councils/${COUNCIL}/reconciliation?from=2026-04-01&to=2027-03-31`);
    await officer('GET', `/v1/councils/${COUNCIL}/reconciliation?format=csv`);
    await officer('GET', `/v1/councils/${COUNCIL}/reconciliation?verify=pots`);
    await family('POST', `${p}/pots/SC/returns`, {
      quarter: '2026-Q1',
      bankBalance: '1000.00',
      declaration: true,
    });
    await officer('GET', `/v1/councils/${COUNCIL}/monitoring-returns?quarter=2026-Q1`);
    await officer('GET', `/v1/councils/${COUNCIL}/surpluses`);
    await officer('GET', `/v1/councils/${COUNCIL}/journal?format=hledger`);
    await health('GET', `/v1/funders/${ICB}/reconciliation`);
    await broker('GET', `/v1/brokers/${BROKER}/client-money`);
    await (await caller('family', COUNCIL))('GET', '/v1/openapi.json');
    await officer('POST', `${p}/pots/EDU/cessation`, { reason: 'plan_ceased', date: '2027-03-31' });
    await officer('POST', `${p}/pots/EDU/cessation`, { reason: 'plan_ceased', date: '2027-03-31' });

    // The plan over time (section 9b, 9c).
    await officer('POST', `${p}/amendments`, {
      reason: 'Add a costed provision',
      effectiveFrom: '2026-10-01',
      addProvisions: [
        {
          id: 'H9',
          section: 'H1',
          stream: 'social_care',
          description: 'Personal assistant',
          outcomeIds: ['O2'],
          categories: ['personal_assistant'],
          annualCost: '1200.00',
        },
      ],
      retireProvisionIds: ['H1'],
    });
    await officer('POST', `${p}/amendments`, { reason: 'empty', effectiveFrom: '2026-10-01' });
    await family('GET', `${p}/amendments`);
    await family('POST', `${p}/spends`, { ...spendInput(), date: '2026-10-02' });
    await officer('POST', `${p}/reviews`, { kind: 'annual', date: '2026-11-01', notes: 'all well' });
    await officer('POST', `${p}/reviews`, { kind: 'budget', date: '2026-11-01' });
    await family('GET', `${p}/reviews`);
    const asked = await family('POST', `${p}/budget-requests`, {
      streams: ['education'],
      preferredModes: { education: 'third_party' },
    });
    await officer('GET', `/v1/councils/${COUNCIL}/budget-requests?status=open`);
    await officer('GET', `/v1/councils/${COUNCIL}/worklist?limit=2`);
    await health('GET', `/v1/funders/${ICB}/worklist`);
    await officer('POST', `${p}/budget-requests/${asked.json.requestId}/decision`, {
      decision: 'refused',
      reason: 'Already commissioned',
      reviewRightsExplained: true,
    });
    await officer('POST', `${p}/budget-requests/${asked.json.requestId}/decision`, {
      decision: 'agreed',
      reviewRightsExplained: true,
    });
    await family('GET', `${p}/budget-requests`);
    await auditor('GET', `/v1/councils/${COUNCIL}/policy`);
    await officer('PUT', `/v1/councils/${COUNCIL}/policy`, { surplusWeeks: 6, requestDecisionDays: 20 });
    await officer('GET', `/v1/councils/${COUNCIL}/policy`);
    // Personal data (section 11d): the subject access export and a disposal (nothing due yet).
    await officer('GET', `${p}/personal-data`);
    await officer('POST', `/v1/councils/${COUNCIL}/disposals`);
    await officer('GET', `/v1/councils/${COUNCIL}/reconciliation?from=2026-04-01&to=2026-04-15`);
    await health('GET', `/v1/funders/${ICB}/reconciliation?from=2026-04-01&to=2026-06-30`);

    // The web app's reads (section 10).
    await family('GET', '/v1/me/plans');
    await family('GET', `${p}/spends?status=paid&limit=2`);
    await broker('GET', `${p}/spends`);
    await officer('GET', `/v1/councils/${COUNCIL}/plans?reference=CYP`);

    // A fanned-out run answers 202, and its progress has its own shape.
    const deps = appDeps();
    deps.instalmentQueue = { send: async () => {} };
    deps.instalmentSyncPotsMax = 0;
    const run = await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-07-31' });
    delete deps.instalmentQueue;
    delete deps.instalmentSyncPotsMax;
    expect(run.status).toBe(202);
    await officer('GET', `/v1/instalment-runs/${run.json.runId}`);

    // Money out (section 11b): accounts, a run's payment batch and its files, a returned payment.
    const bank = { name: 'A. Parent', sortCode: '08-99-99', accountNumber: '66374958' };
    await officer('POST', `${p}/pots/SC/agreement`, { ...agreementInput(), bankAccount: bank });
    await officer('PUT', `/v1/funders/${COUNCIL}/payment-account`, { ...bank, name: 'Council' });
    await broker('PUT', `/v1/brokers/${BROKER}/account`, { ...bank, name: 'Broker client account' });
    await broker('PUT', `/v1/brokers/${BROKER}/account`, { ...bank, sortCode: '089999' });
    const paying = await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-08-31' });
    const batch = await officer('GET', `/v1/instalment-runs/${paying.json.runId}/payments?limit=50`);
    await officer('GET', `/v1/instalment-runs/${paying.json.runId}/payments?format=csv`);
    await officer('GET', `/v1/instalment-runs/${paying.json.runId}/payments?format=card-loads`);
    await auditor('GET', `/v1/instalment-runs/${paying.json.runId}`);
    await auditor('GET', `/v1/councils/${COUNCIL}/instalment-runs?limit=2`);
    const last = (batch.json.items as Array<{ paymentId: string }>).at(-1);
    await officer('POST', `/v1/payments/${last?.paymentId}/returned`, {
      reason: 'account closed',
      code: 'AC04',
    });

    // Money in (section 11b): a statement, its lines, a line explained, a receipt asked for and read.
    await family('POST', `${p}/pots/SC/statements`, undefined, {
      raw: 'date,description,amount,balance\n2026-05-10,CORNER SHOP,-12.00,100.00\n',
      headers: { 'content-type': 'text/csv' },
    });
    const lines = await family('GET', `${p}/pots/SC/statements/lines?status=unexplained`);
    const line = (lines.json.items as Array<{ lineId: string }>)[0];
    await family('POST', `${p}/pots/SC/statements/lines/${line?.lineId}/classify`, {
      category: 'short_breaks',
      outcomeId: 'O2',
      provisionId: 'H1',
    });
    const receipt = await family('POST', `${p}/spends/${paid.json.spendId}/receipts`, {
      contentType: 'image/png',
      size: 1024,
    });
    await family('GET', `${p}/spends/${paid.json.spendId}/receipts/${receipt.json.receiptId}`);

    // Refusals of every kind.
    await api
      .request(undefined, 'GET', p)
      .then((res) =>
        mismatches.push(...checker.check('GET', p, res.status, res.headers.get('content-type'), res.json)),
      );
    await (await caller('council_officer', 'LA-002'))('GET', p);
    await health('POST', `${p}/pots/SC/adjustments`, { amount: '1.00', reason: 'x' });
    await officer('POST', `${p}/spends`, { ...spendInput(), amount: 45 });
    await officer('POST', `${p}/spends`, spendInput(), { key: null });
    const key = randomUUID();
    await family('POST', `${p}/spends`, spendInput(), { key });
    await family('POST', `${p}/spends`, { ...spendInput(), amount: '46.00' }, { key });
    await officer('POST', `${p}/spends`, spendInput(), {
      raw: 'x=1',
      headers: { 'content-type': 'text/plain' },
    });
    await officer('GET', `/v1/councils/${COUNCIL}/monitoring-returns?quarter=2099-Q4`);
    await officer('GET', `/v1/plans/${'x'.repeat(80)}`);

    expect(mismatches).toEqual([]);
    const unseen = routes.map((r) => `${r.method} ${r.path}`).filter((k) => !seen.has(k));
    expect(unseen).toEqual([]);
    expect(checker.checked()).toBeGreaterThan(40);
  });
});
