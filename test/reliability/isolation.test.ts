// Proves object-level authorisation (OWASP API1) over HTTP: every role × every route × own / other
// plan / other council / other broker / other ICB is allowed or denied exactly as the access rules say,
// and every kind of forged or broken token is a 401.
import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemCodesOf, routes } from '../../contract/routes.js';
import {
  type Action,
  can,
  canReadRecord,
  canSeePlan,
  canSeePot,
  type Resource,
} from '../../domain/access.js';
import type { Actor, Plan, Pot } from '../../domain/model.js';
import { appDeps } from '../../functions/deps.js';
import { localAudience, localIssuer } from '../../local/keys.js';
import { type Api, startApi } from '../support/api.js';
import { agreementInput, BROKER, COUNCIL, ICB, planInput, spendInput } from '../support/section8.js';
import { moneyOutCells, readsRunPayments } from './isolation-money-out.js';
import { secondRoundCells } from './isolation-second-round.js';
import { oneLineStatement, statementCells } from './isolation-statements.js';

let api: Api;
let planId: string;
let pots: Pot[];
let members: NonNullable<Plan['members']> = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  api = await startApi();
  const officer = await api.as('council_officer', COUNCIL);
  planId = String((await officer('POST', '/v1/plans', planInput())).json.planId);
  await api.budget(officer, String(planId));
  ids.firstRun = String(
    (await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' })).json.runId,
  );
  ids.payment = String(
    (
      (await officer('GET', `/v1/instalment-runs/${ids.firstRun}/payments`)).json.items as Array<{
        paymentId: string;
        potId: string;
      }>
    ).find((i) => i.potId === 'SC')?.paymentId,
  );
  const family = await api.as('family', COUNCIL, [planId]);
  ids.pending = String(
    (await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), amount: '700.00', paid: false }))
      .json.spendId,
  );
  ids.approved = String(
    (await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), amount: '20.00', paid: false }))
      .json.spendId,
  );
  ids.paid = String((await family('POST', `/v1/plans/${planId}/spends`, spendInput())).json.spendId);
  ids.receipt = String(
    (
      await family('POST', `/v1/plans/${planId}/spends/${ids.paid}/receipts`, {
        contentType: 'image/png',
        size: 100,
      })
    ).json.receiptId,
  );
  const audit = await officer('GET', `/v1/plans/${planId}/audit`);
  ids.entry = String(
    (audit.json.entries as Array<{ entryId: string; kind: string }>).find((e) => e.kind === 'direct_spend')
      ?.entryId,
  );
  // A recovery with notice, so settling and withdrawing it have something to act on.
  ids.notice = String(
    (
      await officer('POST', `/v1/plans/${planId}/pots/SC/recoveries`, {
        amount: '1.00',
        reason: 'surplus',
        dueDate: '2099-12-31',
      })
    ).json.recoveryId,
  );
  // Members: a nominee who may spend, an authorised person who may not, a key worker.
  for (const m of [
    { sub: 'member-spends', name: 'N. Nominee', relation: 'nominee', canSpend: true },
    { sub: 'member-reads', name: 'A. Person', relation: 'authorised_person', canSpend: false },
    { sub: 'kw', name: 'K. Worker', relation: 'key_worker', canSpend: true },
  ]) {
    await officer('POST', `/v1/plans/${planId}/members`, m);
  }
  // A budget request for the decision route to decide.
  ids.request = String(
    (await family('POST', `/v1/plans/${planId}/budget-requests`, { streams: ['social_care'] })).json
      .requestId,
  );
  pots = await appDeps().store.getPots(planId);
  members = (await appDeps().store.getPlan(planId))?.members ?? [];
  // A fanned-out run, so its progress route has something to show or hide.
  const deps = appDeps();
  deps.instalmentQueue = { send: async () => {} };
  deps.instalmentSyncPotsMax = 0;
  ids.run = String(
    (await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-04-01' })).json.runId,
  );
  delete deps.instalmentQueue;
  delete deps.instalmentSyncPotsMax;
  // Another council's plan, so "other council" is a real, existing plan.
  const other = await api.as('council_officer', 'LA-002');
  const otherPlan = planInput();
  otherPlan.councilId = 'LA-002';
  ids.otherPlan = String((await other('POST', '/v1/plans', otherPlan)).json.planId);
});
afterAll(async () => {
  await api?.stop();
});

const actorsUnderTest: Array<[string, Actor]> = [
  ['council officer', { sub: 'co', role: 'council_officer', org: COUNCIL, plans: [] }],
  ['officer of another council', { sub: 'co2', role: 'council_officer', org: 'LA-002', plans: [] }],
  ['family of the plan', { sub: 'fa', role: 'family', org: COUNCIL, plans: [] }],
  // The plan in its claim, but signed in for another council: its council is its plan's council.
  ['family of the plan under another council', { sub: 'fa3', role: 'family', org: 'LA-002', plans: [] }],
  ['family of another plan', { sub: 'fa2', role: 'family', org: COUNCIL, plans: ['another-plan'] }],
  ['broker holding HL', { sub: 'br', role: 'broker', org: BROKER, plans: [] }],
  ['another broker', { sub: 'br2', role: 'broker', org: 'BRK-9', plans: [] }],
  ['ICB officer', { sub: 'ho', role: 'health_officer', org: ICB, plans: [] }],
  ['officer of another ICB', { sub: 'ho2', role: 'health_officer', org: 'ICB-09', plans: [] }],
  ['auditor of the council', { sub: 'au', role: 'auditor', org: COUNCIL, plans: [] }],
  [
    'member who may spend (not in the claim)',
    { sub: 'member-spends', role: 'family', org: COUNCIL, plans: [] },
  ],
  ['member who may only read', { sub: 'member-reads', role: 'family', org: COUNCIL, plans: [] }],
  ['key worker of the plan', { sub: 'kw', role: 'key_worker', org: COUNCIL, plans: [] }],
  ['key worker of another plan', { sub: 'kw2', role: 'key_worker', org: COUNCIL, plans: [] }],
  ['auditor of another council', { sub: 'au2', role: 'auditor', org: 'LA-002', plans: [] }],
  ['auditor of the ICB', { sub: 'au3', role: 'auditor', org: ICB, plans: [] }],
];

interface Cell {
  path: string;
  body?: unknown;
  /** A body that is not JSON (a statement), with its content type. */
  options?: { raw: string; headers: Record<string, string> };
  /** What the access rules say: may this actor do it? */
  allowed: (a: Actor) => boolean;
  /** Puts back what an allowed call took away (a removed member), before each call. */
  before?: () => Promise<void>;
}

const pot = (id: string) => pots.find((p) => p.potId === id) as Pot;
const plan = () => ({ planId, councilId: COUNCIL, members });
const onPot = (action: Action, potId: string) => (a: Actor) =>
  canSeePlan(a, plan(), pots) &&
  canSeePot(a, plan(), pot(potId)) &&
  can(a, action, { kind: 'pot', plan: plan(), pot: pot(potId) });
const onPlan = (action: Action) => (a: Actor) =>
  canSeePlan(a, plan(), pots) && can(a, action, { kind: 'plan', plan: plan(), pots });
const onOrg = (action: Action, r: Resource) => (a: Actor) => can(a, action, r);
const seesPot = (potId: string) => (a: Actor) =>
  canSeePlan(a, plan(), pots) && canSeePot(a, plan(), pot(potId));

/** A line of SC's statement no call has explained yet. */
async function freshLine(): Promise<string> {
  const family = await api.as('family', COUNCIL, [planId]);
  const description = `SHOP ${randomUUID().slice(0, 8)}`;
  await family('POST', `/v1/plans/${planId}/pots/SC/statements`, undefined, {
    raw: oneLineStatement(description),
    headers: { 'content-type': 'text/csv' },
  });
  const lines = await family(
    'GET',
    `/v1/plans/${planId}/pots/SC/statements/lines?status=unexplained&limit=100`,
  );
  const found = (lines.json.items as Array<{ lineId: string; description: string }>).find(
    (l) => l.description === description,
  );
  return found?.lineId ?? 'missing';
}

function cells(): Record<string, Cell> {
  const p = `/v1/plans/${planId}`;
  return {
    'POST /v1/plans': {
      path: '/v1/plans',
      body: planInput(),
      allowed: onOrg('plan:create', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/plans/{planId}': { path: p, allowed: onPlan('plan:read') },
    'POST /v1/plans/{planId}/budgets': {
      path: `${p}/budgets`,
      body: {
        period: { start: '2027-04-01', end: '2028-03-31' },
        pots: [
          {
            potId: `N${randomUUID().slice(0, 6)}`,
            stream: 'education',
            funderId: COUNCIL,
            mode: 'notional',
            allocation: '1.00',
          },
        ],
      },
      allowed: onPlan('budget:create'),
    },
    'POST /v1/plans/{planId}/pots/{potId}/adjustments': {
      path: `${p}/pots/SC/adjustments`,
      body: { amount: '1.00', reason: 'r' },
      allowed: onPot('pot:adjust', 'SC'),
    },
    'POST /v1/plans/{planId}/pots/{potId}/recoveries': {
      path: `${p}/pots/SC/recoveries`,
      body: { amount: '0.01', reason: 'surplus', dueDate: '2026-12-31' },
      allowed: onPot('pot:recover', 'SC'),
    },
    ...Object.fromEntries(
      (['settle', 'withdraw'] as const).map((action) => [
        `POST /v1/plans/{planId}/pots/{potId}/recoveries/{recoveryId}/${action}`,
        {
          path: `${p}/pots/SC/recoveries/${ids.notice}/${action}`,
          allowed: onPot('pot:recover', 'SC'),
        },
      ]),
    ),
    'GET /v1/councils/{councilId}/recoveries': {
      path: `/v1/councils/${COUNCIL}/recoveries`,
      allowed: onOrg('council:report', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/funders/{funderId}/recoveries': {
      path: `/v1/funders/${ICB}/recoveries`,
      allowed: onOrg('funder:report', { kind: 'funder', funderId: ICB }),
    },
    'POST /v1/plans/{planId}/pots/{potId}/resumption': {
      path: `${p}/pots/HL/resumption`,
      body: { reason: 'r', missedInstalments: 'release' },
      allowed: onPot('pot:suspend', 'HL'),
      // A suspended pot to resume, each time.
      before: async () => {
        const health = await api.as('health_officer', ICB);
        await health('POST', `${p}/pots/HL/suspension`, { reason: 'matrix' });
      },
    },
    'POST /v1/plans/{planId}/pots/{potId}/cessation': {
      path: `${p}/pots/EDU/cessation`,
      body: { reason: 'plan_ceased', date: '2027-03-31' },
      allowed: onPot('pot:suspend', 'EDU'),
    },
    'POST /v1/plans/{planId}/pots/{potId}/suspension': {
      path: `${p}/pots/HL/suspension`,
      body: { reason: 'r' },
      allowed: onPot('pot:suspend', 'HL'),
    },
    'DELETE /v1/plans/{planId}/pots/{potId}/suspension': {
      path: `${p}/pots/HL/suspension`,
      body: {},
      allowed: onPot('pot:suspend', 'HL'),
    },
    'POST /v1/plans/{planId}/pots/{potId}/agreement': {
      path: `${p}/pots/SC/agreement`,
      body: agreementInput(),
      allowed: onPot('pot:agree', 'SC'),
    },
    'GET /v1/plans/{planId}/events': { path: `${p}/events`, allowed: onPlan('events:read') },
    'POST /v1/plans/{planId}/pots/{potId}/returns': {
      path: `${p}/pots/SC/returns`,
      body: { quarter: '2026-Q1', bankBalance: '0.00', declaration: true },
      allowed: onPot('spend:account', 'SC'),
    },
    'POST /v1/plans/{planId}/members': {
      path: `${p}/members`,
      body: { sub: 'added-by-matrix', name: 'M. Atrix', relation: 'parent', canSpend: false },
      allowed: onPlan('members:manage'),
    },
    'GET /v1/plans/{planId}/members': { path: `${p}/members`, allowed: onPlan('events:read') },
    'DELETE /v1/plans/{planId}/members/{sub}': {
      path: `${p}/members/victim`,
      allowed: onPlan('members:manage'),
      // Someone to remove each time, so every allowed caller finds one.
      before: async () => {
        const officer = await api.as('council_officer', COUNCIL);
        await officer('POST', `${p}/members`, {
          sub: 'victim',
          name: 'V. Ictim',
          relation: 'parent',
          canSpend: false,
        });
        members = (await appDeps().store.getPlan(planId))?.members ?? [];
      },
    },
    'POST /v1/plans/{planId}/spends': {
      path: `${p}/spends`,
      body: { ...spendInput(), amount: '0.01' },
      allowed: onPot('spend:create', 'SC'),
    },
    'GET /v1/plans/{planId}/spends/{spendId}': {
      path: `${p}/spends/${ids.paid}`,
      allowed: (a) => canSeePlan(a, plan(), pots) && canSeePot(a, plan(), pot('SC')),
    },
    'POST /v1/plans/{planId}/spends/{spendId}/approve': {
      path: `${p}/spends/${ids.pending}/approve`,
      body: {},
      allowed: onPot('spend:approve', 'SC'),
    },
    'POST /v1/plans/{planId}/spends/{spendId}/reject': {
      path: `${p}/spends/${ids.pending}/reject`,
      body: { reason: 'r' },
      allowed: onPot('spend:approve', 'SC'),
    },
    'POST /v1/plans/{planId}/spends/{spendId}/pay': {
      path: `${p}/spends/${ids.approved}/pay`,
      body: { amount: '0.01' },
      allowed: onPot('spend:pay', 'SC'),
    },
    'POST /v1/plans/{planId}/spends/{spendId}/void': {
      path: `${p}/spends/${ids.approved}/void`,
      body: {},
      allowed: onPot('spend:void', 'SC'),
    },
    'POST /v1/plans/{planId}/spends/{spendId}/evidence': {
      path: `${p}/spends/${ids.paid}/evidence`,
      body: { evidence: 'receipt 2' },
      allowed: onPot('spend:account', 'SC'),
    },
    'POST /v1/plans/{planId}/entries/{entryId}/reverse': {
      path: `${p}/entries/${ids.entry}/reverse`,
      body: { reason: 'r' },
      allowed: onPot('entry:reverse', 'SC'),
    },
    'GET /v1/approvals': { path: '/v1/approvals', allowed: onOrg('approvals:list', { kind: 'none' }) },
    'POST /v1/instalment-runs': {
      path: '/v1/instalment-runs',
      body: { councilId: COUNCIL, upTo: '2026-04-01' },
      allowed: onOrg('instalments:run', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/instalment-runs/{runId}': {
      path: `/v1/instalment-runs/${ids.run}`,
      // The council's auditors read a run too: its payments and downloads (section 11b).
      allowed: (a) =>
        onOrg('instalments:run', { kind: 'council', councilId: COUNCIL })(a) || readsRunPayments(a),
    },
    'GET /v1/plans/{planId}/audit': { path: `${p}/audit`, allowed: onPlan('audit:read') },
    'GET /v1/plans/{planId}/statement': { path: `${p}/statement`, allowed: onPlan('statement:read') },
    'GET /v1/councils/{councilId}/reconciliation': {
      path: `/v1/councils/${COUNCIL}/reconciliation`,
      allowed: onOrg('council:report', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/councils/{councilId}/monitoring-returns': {
      path: `/v1/councils/${COUNCIL}/monitoring-returns?quarter=2026-Q1`,
      allowed: onOrg('council:report', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/councils/{councilId}/surpluses': {
      path: `/v1/councils/${COUNCIL}/surpluses`,
      allowed: onOrg('council:report', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/councils/{councilId}/journal': {
      path: `/v1/councils/${COUNCIL}/journal?format=hledger`,
      allowed: onOrg('journal:export', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/funders/{funderId}/reconciliation': {
      path: `/v1/funders/${ICB}/reconciliation`,
      allowed: onOrg('funder:report', { kind: 'funder', funderId: ICB }),
    },
    'GET /v1/brokers/{brokerId}/client-money': {
      path: `/v1/brokers/${BROKER}/client-money`,
      allowed: onOrg('broker:report', { kind: 'broker', brokerId: BROKER }),
    },
    'GET /v1/openapi.json': { path: '/v1/openapi.json', allowed: () => true },
    ...secondRoundCells(planId, ids, { onPlan, onOrg }),
    ...moneyOutCells(ids),
    ...statementCells(planId, ids, { onPot, seesPot }, freshLine),
  };
}

describe('isolation matrix', () => {
  // Over a thousand requests: as long as the machine needs, not the default 20 seconds.
  it('allows or denies every role on every route exactly as the access rules say', {
    timeout: 900_000,
  }, async () => {
    const table = cells();
    expect(Object.keys(table).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    let checked = 0;
    let denied = 0;
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      const cell = table[key] as Cell;
      for (const [who, actor] of actorsUnderTest) {
        const a =
          actor.role === 'family' && who.startsWith('family of the plan')
            ? { ...actor, plans: [planId] }
            : actor;
        const call = await api.as(a.role, a.org, [...a.plans], a.sub);
        await cell.before?.();
        const res = await call(
          r.method,
          cell.path,
          r.method === 'GET' ? undefined : cell.body,
          r.method === 'GET' ? undefined : cell.options,
        );
        const wasDenied = [401, 403, 404].includes(res.status) && res.json.code !== 'ROUTE_NOT_FOUND';
        expect([key, who, wasDenied ? 'denied' : 'allowed']).toEqual([
          key,
          who,
          cell.allowed(a) ? 'allowed' : 'denied',
        ]);
        expect(res.status, `${key} by ${who}`).toBeLessThan(500);
        // Every refusal is one the operation documents in /v1/openapi.json.
        if (res.status >= 400)
          expect([key, who, problemCodesOf(r).includes(res.json.code as never)]).toEqual([key, who, true]);
        checked++;
        if (wasDenied) denied++;
      }
    }
    // Another council's existing plan is as invisible as one that does not exist.
    for (const [who, a] of actorsUnderTest.filter(([, x]) => x.org !== 'LA-002')) {
      const call = await api.as(a.role, a.org, [...a.plans], a.sub);
      const res = await call('GET', `/v1/plans/${ids.otherPlan}`);
      expect([who, res.status]).toEqual([who, 404]);
      checked++;
    }
    console.log(
      `isolation: ${checked} cells checked (${routes.length} routes × ${actorsUnderTest.length} callers + cross-council reads), ${denied} denied as the rules say`,
    );
  });
});

describe('records read like their money (DESIGN.md 11a)', () => {
  /** Every page of the plan's events as one caller sees them. */
  async function allEvents(call: Awaited<ReturnType<Api['as']>>): Promise<unknown[]> {
    const out: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        'GET',
        `/v1/plans/${planId}/events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      out.push(...(page.json.items as unknown[]));
      cursor = (page.json.next as string | null) ?? undefined;
    } while (cursor);
    return out;
  }

  it('list to each caller exactly the records about the pots it sees, and plan records to the council and family only', async () => {
    // Prepare: records about SC (social care), HL (health, held by the broker) and the plan itself.
    const officer = await api.as('council_officer', COUNCIL);
    const broker = await api.as('broker', BROKER);
    const family = await api.as('family', COUNCIL, [planId]);
    const p = `/v1/plans/${planId}`;
    await broker('POST', `${p}/spends`, {
      ...spendInput(),
      potId: 'HL',
      category: 'gp_dental',
      outcomeId: 'O1',
      provisionId: 'G1',
    });
    await family('POST', `${p}/spends`, { ...spendInput(), category: 'gambling' });
    await officer('POST', `${p}/reviews`, { kind: 'annual', date: '2026-11-01' });
    await officer('POST', `${p}/amendments`, {
      reason: 'records',
      effectiveFrom: '2026-10-01',
      updateProvisions: [{ id: 'F1', categories: ['tuition', 'books'] }],
    });
    members = (await appDeps().store.getPlan(planId))?.members ?? [];
    const all = {
      events: (await allEvents(officer)) as Array<{ eventId: string; potId?: string }>,
      members: (await officer('GET', `${p}/members`)).json.members as Array<{ sub: string }>,
      reviews: (await officer('GET', `${p}/reviews`)).json.reviews as Array<{
        reviewId: string;
        potId?: string;
      }>,
      requests: (await officer('GET', `${p}/budget-requests`)).json.requests as Array<{ requestId: string }>,
      amendments: (await officer('GET', `${p}/amendments`)).json.amendments as Array<{ amendmentId: string }>,
    };
    expect(all.events.some((e) => e.potId === 'HL')).toBe(true);
    expect(all.events.some((e) => e.potId === 'SC')).toBe(true);
    expect(all.events.some((e) => e.potId === undefined)).toBe(true);
    expect([
      all.members.length > 0,
      all.reviews.length > 0,
      all.requests.length > 0,
      all.amendments.length > 0,
    ]).toEqual([true, true, true, true]);
    const about = (r: { potId?: string }) => (r.potId === undefined ? undefined : pot(r.potId));
    let checked = 0;
    for (const [who, actor] of actorsUnderTest) {
      const a =
        actor.role === 'family' && who.startsWith('family of the plan')
          ? { ...actor, plans: [planId] }
          : actor;
      const call = await api.as(a.role, a.org, [...a.plans], a.sub);
      const covers = canSeePlan(a, plan(), pots);
      // Act
      const got = {
        events: await call('GET', `${p}/events?limit=1`),
        members: await call('GET', `${p}/members`),
        reviews: await call('GET', `${p}/reviews`),
        requests: await call('GET', `${p}/budget-requests`),
        amendments: await call('GET', `${p}/amendments`),
      };
      // Assess: 404 for whoever does not cover the plan; otherwise exactly what the rule allows.
      for (const [list, res] of Object.entries(got)) {
        expect([who, list, res.status]).toEqual([who, list, covers ? 200 : 404]);
        checked++;
      }
      if (!covers) continue;
      const ids = (rows: unknown, key: string) => (rows as Array<Record<string, string>>).map((r) => r[key]);
      expect([who, ids(await allEvents(call), 'eventId')]).toEqual([
        who,
        ids(
          all.events.filter((e) => canReadRecord(a, plan(), about(e))),
          'eventId',
        ),
      ]);
      expect([who, ids(got.reviews.json.reviews, 'reviewId')]).toEqual([
        who,
        ids(
          all.reviews.filter((r) => canReadRecord(a, plan(), about(r))),
          'reviewId',
        ),
      ]);
      const planRecords = canReadRecord(a, plan(), undefined);
      expect([who, got.members.json.members]).toEqual([who, planRecords ? all.members : []]);
      expect([who, got.requests.json.requests]).toEqual([who, planRecords ? all.requests : []]);
      expect([who, got.amendments.json.amendments]).toEqual([who, planRecords ? all.amendments : []]);
    }
    // The cases the outside test found, stated plainly.
    const sees = (who: string) => actorsUnderTest.find(([w]) => w === who)?.[1] as Actor;
    const healthOfficer = sees('ICB officer');
    expect(
      all.events.filter((e) => canReadRecord(healthOfficer, plan(), about(e))).every((e) => e.potId === 'HL'),
    ).toBe(true);
    expect(canReadRecord(sees('broker holding HL'), plan(), undefined)).toBe(false);
    expect(canReadRecord(sees('key worker of the plan'), plan(), undefined)).toBe(true);
    console.log(`isolation: ${checked} record lists checked against the rule of the pots they are about`);
  });
});

describe('members', () => {
  it('are refused at once when removed: the next request of the same token is a 404', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    await officer('POST', `/v1/plans/${planId}/members`, {
      sub: 'leaver',
      name: 'L. Eaver',
      relation: 'parent',
      canSpend: true,
    });
    const leaver = await api.as('family', COUNCIL, [], 'leaver');
    expect((await leaver('GET', `/v1/plans/${planId}`)).status).toBe(200);
    expect((await officer('DELETE', `/v1/plans/${planId}/members/leaver`)).status).toBe(200);
    expect((await leaver('GET', `/v1/plans/${planId}`)).status).toBe(404);
    expect(
      (await leaver('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), amount: '1.00' })).status,
    ).toBe(404);
  });
});

describe('replayed Idempotency-Keys', () => {
  it('answer only a caller who may still make the request, on every route the family may change', {
    timeout: 900_000,
  }, async () => {
    const table = cells();
    const familyRoutes = routes.filter((r) => r.method !== 'GET');
    let replayed = 0;
    for (const r of familyRoutes) {
      const key = `${r.method} ${r.path}`;
      const cell = table[key] as Cell;
      const member: Actor = {
        sub: `fam-${randomUUID().slice(0, 8)}`,
        role: 'family',
        org: COUNCIL,
        plans: [planId],
      };
      if (!cell.allowed(member)) continue;
      // A record of its own to act on (a fresh statement line), when the route needs one.
      await cell.before?.();
      const idem = randomUUID();
      const own = await api.as('family', COUNCIL, [planId], member.sub);
      // A spend of its own to act on, whatever the matrix left the shared ones in: approved for
      // pay and void, paid without evidence for evidence.
      const forEvidence = cell.path.endsWith('/evidence');
      const { evidence: _e, ...unevidenced } = spendInput();
      const fresh = await own('POST', `/v1/plans/${planId}/spends`, {
        ...unevidenced,
        amount: '1.00',
        paid: forEvidence,
      });
      const path = cell.path
        .replace(ids.approved as string, String(fresh.json.spendId))
        .replace(ids.paid as string, String(fresh.json.spendId));
      const first = await own('POST', path, cell.body, {
        key: idem,
        ...cell.options,
      });
      expect([key, first.status < 300]).toEqual([key, true]);
      // The same subject and key: the plan gone from the claim, or the council changed.
      const revoked = await api.as('family', COUNCIL, [], member.sub);
      const otherCouncil = await api.as('family', 'LA-002', [planId], member.sub);
      for (const caller of [revoked, otherCouncil]) {
        const again = await caller('POST', path, cell.body, {
          key: idem,
          ...cell.options,
        });
        expect([key, again.status]).toEqual([key, 404]);
        expect(again.headers.get('idempotent-replayed')).toBeNull();
        for (const value of Object.values(first.json)) {
          if (typeof value === 'string' && value.length > 20 && !path.includes(value))
            expect(again.text.includes(value)).toBe(false);
        }
      }
      // The caller who still may, replays.
      const still = await own('POST', path, cell.body, { key: idem, ...cell.options });
      expect([key, still.status, still.headers.get('idempotent-replayed')]).toEqual([
        key,
        first.status,
        'true',
      ]);
      replayed++;
    }
    expect(replayed).toBeGreaterThan(0);
  });
});

describe('token attacks', () => {
  async function forged(
    claims: Record<string, unknown>,
    options: { iss?: string; aud?: string; exp?: string | number } = {},
  ) {
    const key = await importPKCS8(api.privateKeyPem, 'RS256');
    return new SignJWT({ role: 'council_officer', org: COUNCIL, ...claims })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('attacker')
      .setIssuer(options.iss ?? localIssuer)
      .setAudience(options.aud ?? localAudience)
      .setExpirationTime(options.exp ?? '1h')
      .sign(key);
  }
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

  it.each([
    [
      'alg none',
      async () =>
        `${b64({ alg: 'none' })}.${b64({ sub: 'x', role: 'council_officer', org: COUNCIL, iss: localIssuer, aud: localAudience, exp: 9_999_999_999 })}.`,
    ],
    [
      'HS256 signed with the public key',
      async () =>
        `${b64({ alg: 'HS256' })}.${b64({ sub: 'x', role: 'council_officer', org: COUNCIL })}.c2lnbmF0dXJl`,
    ],
    ['a bad signature', async () => `${(await forged({})).slice(0, -6)}AAAAAA`],
    ['an expired token', async () => forged({}, { exp: Math.floor(Date.now() / 1000) - 60 })],
    ['a wrong issuer', async () => forged({}, { iss: 'https://evil.example' })],
    ['a wrong audience', async () => forged({}, { aud: 'another-app' })],
    [
      'tampered claims',
      async () => {
        const [h, , s] = (await forged({})).split('.');
        return `${h}.${b64({ sub: 'x', role: 'council_officer', org: 'LA-002', iss: localIssuer, aud: localAudience, exp: 9_999_999_999 })}.${s}`;
      },
    ],
    ['no role', async () => forged({ role: undefined })],
    ['no organisation', async () => forged({ org: undefined })],
    ['the scheduler role', async () => forged({ role: 'scheduler' })],
    ['garbage', async () => 'not-a-token'],
  ])('refuses %s with 401', async (_what, make) => {
    const res = await api.request(await make(), 'GET', `/v1/councils/${COUNCIL}/reconciliation`);
    expect([res.status, res.json.code]).toEqual([401, 'UNAUTHORIZED']);
  });
});
