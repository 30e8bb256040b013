import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { type Action, can, canSeePlan, canSeePot, type Resource } from '../../domain/access.js';
import type { Actor, Plan, Pot } from '../../domain/model.js';
import { appDeps } from '../../functions/deps.js';
import { type Api, startApi } from '../support/api.js';
import { BROKER, COUNCIL, ICB, planInput, spendInput } from '../support/section8.js';
import { oneLineStatement } from './isolation-statements.js';

/**
 * The world the isolation suites share: a section 8 plan with spends in every state, a receipt, a
 * recovery with notice, members, a budget request, two instalment runs and another council's plan;
 * the callers under test; and the access rules each cell is checked against.
 */
export interface IsolationWorld {
  api: Api;
  planId: string;
  pots: Pot[];
  members: NonNullable<Plan['members']>;
  ids: Record<string, string>;
}

/** Builds the world before the file's tests and stops its API after them. */
export function isolationWorld(): IsolationWorld {
  const w = { ids: {}, pots: [], members: [] } as unknown as IsolationWorld;
  beforeAll(async () => {
    w.api = await startApi();
    const officer = await w.api.as('council_officer', COUNCIL);
    w.planId = String((await officer('POST', '/v1/plans', planInput())).json.planId);
    await w.api.budget(officer, String(w.planId));
    w.ids.firstRun = String(
      (await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' })).json.runId,
    );
    w.ids.payment = String(
      (
        (await officer('GET', `/v1/instalment-runs/${w.ids.firstRun}/payments`)).json.items as Array<{
          paymentId: string;
          potId: string;
        }>
      ).find((i) => i.potId === 'SC')?.paymentId,
    );
    const family = await w.api.as('family', COUNCIL, [w.planId]);
    w.ids.pending = String(
      (
        await family('POST', `/v1/plans/${w.planId}/spends`, {
          ...spendInput(),
          amount: '700.00',
          paid: false,
        })
      ).json.spendId,
    );
    w.ids.approved = String(
      (
        await family('POST', `/v1/plans/${w.planId}/spends`, {
          ...spendInput(),
          amount: '20.00',
          paid: false,
        })
      ).json.spendId,
    );
    w.ids.paid = String((await family('POST', `/v1/plans/${w.planId}/spends`, spendInput())).json.spendId);
    w.ids.receipt = String(
      (
        await family('POST', `/v1/plans/${w.planId}/spends/${w.ids.paid}/receipts`, {
          contentType: 'image/png',
          size: 100,
        })
      ).json.receiptId,
    );
    const audit = await officer('GET', `/v1/plans/${w.planId}/audit`);
    w.ids.entry = String(
      (audit.json.entries as Array<{ entryId: string; kind: string }>).find((e) => e.kind === 'direct_spend')
        ?.entryId,
    );
    // A recovery with notice, so settling and withdrawing it have something to act on.
    w.ids.notice = String(
      (
        await officer('POST', `/v1/plans/${w.planId}/pots/SC/recoveries`, {
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
      await officer('POST', `/v1/plans/${w.planId}/members`, m);
    }
    // A budget request for the decision route to decide.
    w.ids.request = String(
      (await family('POST', `/v1/plans/${w.planId}/budget-requests`, { streams: ['social_care'] })).json
        .requestId,
    );
    w.pots = await appDeps().store.getPots(w.planId);
    w.members = (await appDeps().store.getPlan(w.planId))?.members ?? [];
    // A fanned-out run, so its progress route has something to show or hide.
    const deps = appDeps();
    deps.instalmentQueue = { send: async () => {} };
    deps.instalmentSyncPotsMax = 0;
    w.ids.run = String(
      (await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-04-01' })).json.runId,
    );
    delete deps.instalmentQueue;
    delete deps.instalmentSyncPotsMax;
    // Another council's plan, so "other council" is a real, existing plan.
    const other = await w.api.as('council_officer', 'LA-002');
    const otherPlan = planInput();
    otherPlan.councilId = 'LA-002';
    w.ids.otherPlan = String((await other('POST', '/v1/plans', otherPlan)).json.planId);
  });
  afterAll(async () => {
    await w.api?.stop();
  });
  return w;
}

export const actorsUnderTest: Array<[string, Actor]> = [
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

/** The actor as it calls: the family of the plan has the plan in its claim. */
export const asCaller = (who: string, actor: Actor, planId: string): Actor =>
  actor.role === 'family' && who.startsWith('family of the plan') ? { ...actor, plans: [planId] } : actor;

export interface Cell {
  path: string;
  body?: unknown;
  /** A body that is not JSON (a statement), with its content type. */
  options?: { raw: string; headers: Record<string, string> };
  /** What the access rules say: may this actor do it? */
  allowed: (a: Actor) => boolean;
  /** Puts back what an allowed call took away (a removed member), before each call. */
  before?: () => Promise<void>;
}

/** What the access rules say of the world's plan and pots, read when a cell asks. */
export function accessRules(w: IsolationWorld) {
  const pot = (id: string) => w.pots.find((p) => p.potId === id) as Pot;
  const plan = () => ({ planId: w.planId, councilId: COUNCIL, members: w.members });
  return {
    pot,
    plan,
    onPot: (action: Action, potId: string) => (a: Actor) =>
      canSeePlan(a, plan(), w.pots) &&
      canSeePot(a, plan(), pot(potId)) &&
      can(a, action, { kind: 'pot', plan: plan(), pot: pot(potId) }),
    onPlan: (action: Action) => (a: Actor) =>
      canSeePlan(a, plan(), w.pots) && can(a, action, { kind: 'plan', plan: plan(), pots: w.pots }),
    onOrg: (action: Action, r: Resource) => (a: Actor) => can(a, action, r),
    seesPot: (potId: string) => (a: Actor) =>
      canSeePlan(a, plan(), w.pots) && canSeePot(a, plan(), pot(potId)),
  };
}

/** A line of SC's statement no call has explained yet. */
export async function freshLine(w: IsolationWorld): Promise<string> {
  const family = await w.api.as('family', COUNCIL, [w.planId]);
  const description = `SHOP ${randomUUID().slice(0, 8)}`;
  await family('POST', `/v1/plans/${w.planId}/pots/SC/statements`, undefined, {
    raw: oneLineStatement(description),
    headers: { 'content-type': 'text/csv' },
  });
  const lines = await family(
    'GET',
    `/v1/plans/${w.planId}/pots/SC/statements/lines?status=unexplained&limit=100`,
  );
  const found = (lines.json.items as Array<{ lineId: string; description: string }>).find(
    (l) => l.description === description,
  );
  return found?.lineId ?? 'missing';
}
