// Proves the HTTP API on DynamoDB Local: the section 8 exchange, exactly-once keys, two-phase spends,
// reversals, races, every policy refusal, isolation and bad input that writes nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, sendAsClient, startApi } from '../support/api.js';
import { BROKER, COUNCIL, ICB, planInput, spendInput } from '../support/section8.js';

let api: Api;
let officer: Awaited<ReturnType<Api['as']>>;

beforeAll(async () => {
  api = await startApi();
  officer = await api.as('council_officer', COUNCIL);
});
afterAll(async () => {
  await api?.stop();
});

/** A fresh section 8 plan (the shared helper) with instalments to 2026-06-30, and its pots by id. */
async function section8Plan() {
  const { planId, family } = await api.section8Plan('2026-06-30');
  const pot = async (id: string) => {
    const plan = await officer('GET', `/v1/plans/${planId}`);
    return (plan.json.pots as Array<Record<string, unknown>>).find((p) => p.potId === id) ?? {};
  };
  return { planId, family, pot };
}

describe('section 8 over HTTP', () => {
  it('gives exactly the figures of the design', async () => {
    const created = await officer('POST', '/v1/plans', planInput());
    expect(created.json).toMatchObject({ status: 'active', councilId: COUNCIL });
    const planId = String(created.json.planId);
    const budget = await api.budget(officer, String(planId));
    const sc0 = (budget.json.pots as Array<Record<string, unknown>>).find((p) => p.potId === 'SC');
    expect(sc0).toMatchObject({ allocated: '5000.00', unreleased: '5000.00', available: '0.00' });
    // The first plan in this file's fresh table, so the run's figures are only this plan's.
    const run = await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' });
    expect(run.status).toBe(200);
    expect(run.json).toMatchObject({ posted: 7, amount: '2288.48' });
    const again = await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' });
    expect(again.json).toMatchObject({ posted: 0, amount: '0.00' });

    const family = await api.as('family', COUNCIL, [planId]);
    const s1 = await family('POST', `/v1/plans/${planId}/spends`, spendInput());
    expect([s1.status, s1.json.status]).toEqual([201, 'paid']);
    const s2 = await family('POST', `/v1/plans/${planId}/spends`, {
      ...spendInput(),
      amount: '900.00',
      paid: false,
    });
    expect([s2.status, s2.json.status]).toEqual([201, 'pending_approval']);
    const s3 = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), amount: '5000.00' });
    expect([s3.status, s3.json.code, s3.headers.get('content-type')]).toEqual([
      409,
      'INSUFFICIENT_FUNDS',
      'application/problem+json',
    ]);
    const approvals = await officer('GET', '/v1/approvals');
    expect(
      (approvals.json.items as Array<Record<string, unknown>>).some((i) => i.spendId === s2.json.spendId),
    ).toBe(true);
    const ap = await officer('POST', `/v1/plans/${planId}/spends/${s2.json.spendId}/approve`, {});
    expect([ap.status, ap.json.status]).toEqual([200, 'approved']);
    const pay = await family('POST', `/v1/plans/${planId}/spends/${s2.json.spendId}/pay`, {
      evidence: 'invoice 77',
    });
    expect([pay.status, pay.json.status]).toEqual([200, 'paid']);
    const plan = await officer('GET', `/v1/plans/${planId}`);
    const sc = (plan.json.pots as Array<Record<string, unknown>>).find((p) => p.potId === 'SC');
    expect(sc).toMatchObject({
      available: '593.48',
      committed: '0.00',
      spent: '945.00',
      unreleased: '3461.52',
      recovered: '0.00',
    });
    const audit = await officer('GET', `/v1/plans/${planId}/audit?limit=100`);
    const entries = audit.json.entries as Array<Record<string, unknown>>;
    expect(entries.filter((e) => e.kind === 'instalment')).toHaveLength(7);
    expect(entries[0]).toMatchObject({ kind: 'pay', actor: { role: 'family' } });
  });
});

describe('exactly once', () => {
  it('replays a retried spend and posts nothing more; a reused key with another body is a 409', async () => {
    const { planId, family, pot } = await section8Plan();
    const first = await family('POST', `/v1/plans/${planId}/spends`, spendInput(), { key: 'retry-key-0001' });
    const retry = await family('POST', `/v1/plans/${planId}/spends`, spendInput(), { key: 'retry-key-0001' });
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await pot('SC')).spent).toBe('45.00');
    const reused = await family(
      'POST',
      `/v1/plans/${planId}/spends`,
      { ...spendInput(), amount: '46.00' },
      { key: 'retry-key-0001' },
    );
    expect([reused.status, reused.json.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('requires an Idempotency-Key on every change', async () => {
    const { planId, family } = await section8Plan();
    const missing = await family('POST', `/v1/plans/${planId}/spends`, spendInput(), { key: null });
    expect([missing.status, missing.json.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
  });
});

describe('two-phase spends and corrections', () => {
  it('rejects, voids, pays in part, and reverses', async () => {
    const { planId, family, pot } = await section8Plan();
    const big = await family('POST', `/v1/plans/${planId}/spends`, {
      ...spendInput(),
      amount: '700.00',
      paid: false,
    });
    const payTooSoon = await family('POST', `/v1/plans/${planId}/spends/${big.json.spendId}/pay`, {});
    expect(payTooSoon.json.code).toBe('APPROVAL_REQUIRED');
    const rejected = await officer('POST', `/v1/plans/${planId}/spends/${big.json.spendId}/reject`, {
      reason: 'not in plan',
    });
    expect(rejected.json.status).toBe('rejected');
    const small = await family('POST', `/v1/plans/${planId}/spends`, {
      ...spendInput(),
      amount: '100.00',
      paid: false,
    });
    const voided = await family('POST', `/v1/plans/${planId}/spends/${small.json.spendId}/void`);
    expect(voided.json.status).toBe('voided');
    const again = await family('POST', `/v1/plans/${planId}/spends/${small.json.spendId}/void`);
    expect([again.status, again.json.code]).toEqual([409, 'SPEND_STATE_CONFLICT']);
    const part = await family('POST', `/v1/plans/${planId}/spends`, {
      ...spendInput(),
      amount: '100.00',
      paid: false,
    });
    const paid = await family('POST', `/v1/plans/${planId}/spends/${part.json.spendId}/pay`, {
      amount: '70.00',
    });
    expect(paid.json).toMatchObject({ status: 'paid', paidAmount: '70.00' });
    expect(await pot('SC')).toMatchObject({ available: '1468.48', committed: '0.00', spent: '70.00' });
    const audit = await officer('GET', `/v1/plans/${planId}/audit`);
    const payEntry = (audit.json.entries as Array<Record<string, unknown>>).find((e) => e.kind === 'pay');
    const reversed = await officer('POST', `/v1/plans/${planId}/entries/${payEntry?.entryId}/reverse`, {
      reason: 'paid in error',
    });
    expect(reversed.status).toBe(201);
    expect(await pot('SC')).toMatchObject({ committed: '100.00', spent: '0.00' });
    const twice = await officer('POST', `/v1/plans/${planId}/entries/${payEntry?.entryId}/reverse`, {
      reason: 'again',
    });
    expect(twice.json.code).toBe('ALREADY_REVERSED');
  });

  it('recovers, adjusts and suspends through the officer of the funder', async () => {
    const { planId, family, pot } = await section8Plan();
    const rec = await officer('POST', `/v1/plans/${planId}/pots/SC/recoveries`, {
      amount: '769.25',
      reason: 'surplus',
      dueDate: '2026-06-30',
    });
    expect([rec.status, (rec.json.pot as Record<string, unknown>).recovered]).toEqual([201, '769.25']);
    const adj = await officer('POST', `/v1/plans/${planId}/pots/SC/adjustments`, {
      amount: '-100.00',
      reason: 'review',
    });
    expect((adj.json.pot as Record<string, unknown>).allocated).toBe('4900.00');
    const sus = await officer('POST', `/v1/plans/${planId}/pots/SC/suspension`, { reason: 'return overdue' });
    expect(sus.json).toMatchObject({ suspended: true, suspensionReason: 'return overdue' });
    const blocked = await family('POST', `/v1/plans/${planId}/spends`, spendInput());
    expect([blocked.status, blocked.json.code]).toEqual([422, 'POT_SUSPENDED']);
    const resumed = await officer('DELETE', `/v1/plans/${planId}/pots/SC/suspension`);
    expect(resumed.json.suspended).toBe(false);
    expect((await pot('SC')).suspended).toBe(false);
    const icb = await api.as('health_officer', ICB);
    const healthSuspends = await icb('POST', `/v1/plans/${planId}/pots/HL/suspension`, { reason: 'review' });
    expect(healthSuspends.status).toBe(200);
  });
});

describe('races', () => {
  it('lets exactly the spends that fit succeed when 50 race for one pot', async () => {
    const { planId, family, pot } = await section8Plan();
    // A client resends a 503 (busy, with Retry-After) under the same key; no other 5xx is allowed.
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        sendAsClient(
          family,
          'POST',
          `/v1/plans/${planId}/spends`,
          { ...spendInput(), amount: '100.00' },
          {
            resendsMax: 30,
          },
        ),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(15);
    expect(responses.filter((r) => r.status !== 201).every((r) => r.json.code === 'INSUFFICIENT_FUNDS')).toBe(
      true,
    );
    expect(await pot('SC')).toMatchObject({ available: '38.48', spent: '1500.00' });
  });
});

const pot = async (planId: string, id: string) => {
  const plan = await officer('GET', `/v1/plans/${planId}`);
  return (plan.json.pots as Array<Record<string, unknown>>).find((p) => p.potId === id) ?? {};
};

describe('policy refusals over HTTP', () => {
  it.each([
    [{ category: 'alcohol' }, 422, 'CATEGORY_PROHIBITED'],
    [{ outcomeId: 'O9' }, 422, 'OUTCOME_NOT_IN_PLAN'],
    [{ provisionId: 'F1', outcomeId: 'O1', category: 'tuition' }, 422, 'PROVISION_STREAM_MISMATCH'],
    [{ category: 'personal_care' }, 422, 'CATEGORY_NOT_IN_PROVISION'],
    [{ date: '2027-04-02' }, 422, 'OUTSIDE_BUDGET_PERIOD'],
    [{ potId: 'NOPE' }, 404, 'NOT_FOUND'],
    [{ potId: 'EDU', provisionId: 'F1', outcomeId: 'O1', category: 'tuition' }, 403, 'FORBIDDEN'],
  ])(
    'refuses %o with %i %s, moving no money and keeping only a policy refusal',
    async (over, status, code) => {
      const { planId, family } = await section8Plan();
      const before = await api.itemCount();
      const potBefore = await pot(planId, 'SC');
      const key = randomUUID();
      const r = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), ...over }, { key });
      expect([r.status, r.json.code]).toEqual([status, code]);
      expect(await pot(planId, 'SC')).toEqual(potBefore);
      // A policy refusal is kept (section 9a): its key and its event, and a count in its month's
      // summary (a new item only for a month with no movement yet); an access refusal keeps nothing.
      const kept = status === 422;
      expect(await api.itemCount()).toBe(before + (kept ? 2 + ('date' in over ? 1 : 0) : 0));
      const again = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), ...over }, { key });
      expect([again.status, again.json.code]).toEqual([status, code]);
      const events = await family('GET', `/v1/plans/${planId}/events`);
      const refusals = (events.json.items as Array<{ kind: string; details: { code: string } }>).filter(
        (e) => e.kind === 'refusal',
      );
      expect(refusals.map((e) => e.details.code)).toEqual(kept ? [code] : []);
    },
  );
});

describe('isolation', () => {
  it('hides a plan from other councils, families, brokers and ICBs, and shows brokers only their pots', async () => {
    const { planId } = await section8Plan();
    for (const [role, org, plans] of [
      ['council_officer', 'LA-002', []],
      ['family', COUNCIL, ['another-plan']],
      ['broker', 'BRK-9', []],
      ['health_officer', 'ICB-09', []],
      ['auditor', 'LA-002', []],
    ] as const) {
      const caller = await api.as(role, org, [...plans]);
      const r = await caller('GET', `/v1/plans/${planId}`);
      expect([role, r.status, r.json.code]).toEqual([role, 404, 'NOT_FOUND']);
    }
    const broker = await api.as('broker', BROKER);
    const view = await broker('GET', `/v1/plans/${planId}`);
    expect((view.json.pots as Array<{ potId: string }>).map((p) => p.potId)).toEqual(['HL']);
    const otherOfficer = await api.as('council_officer', 'LA-002');
    const approve = await otherOfficer('POST', `/v1/plans/${planId}/pots/SC/recoveries`, {
      amount: '1.00',
      reason: 'misuse',
      dueDate: '2026-12-31',
    });
    expect(approve.status).toBe(404);
    const foreignRun = await otherOfficer('POST', '/v1/instalment-runs', {
      councilId: COUNCIL,
      upTo: '2026-06-30',
    });
    expect([foreignRun.status, foreignRun.json.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses requests without a valid token', async () => {
    const none = await api.request(undefined, 'GET', '/v1/approvals');
    expect([none.status, none.json.code, none.headers.get('www-authenticate')]).toEqual([
      401,
      'UNAUTHORIZED',
      'Bearer',
    ]);
    const forged = await api.request(
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImF1ZGl0b3IifQ.',
      'GET',
      '/v1/approvals',
    );
    expect(forged.status).toBe(401);
  });
});

describe('bad input', () => {
  const cases: Array<
    [string, { body?: unknown; raw?: string; headers?: Record<string, string> }, number, string]
  > = [
    ['an amount as a JSON number', { body: { ...spendInput(), amount: 45 } }, 400, 'VALIDATION_FAILED'],
    ['an amount with 3 decimals', { body: { ...spendInput(), amount: '45.001' } }, 400, 'VALIDATION_FAILED'],
    ['an amount with an exponent', { body: { ...spendInput(), amount: '4.5e1' } }, 400, 'VALIDATION_FAILED'],
    ['a negative amount', { body: { ...spendInput(), amount: '-45.00' } }, 400, 'VALIDATION_FAILED'],
    ['a zero amount', { body: { ...spendInput(), amount: '0.00' } }, 400, 'VALIDATION_FAILED'],
    ['an unknown field', { body: { ...spendInput(), tip: '1.00' } }, 400, 'VALIDATION_FAILED'],
    ['a missing field', { body: { ...spendInput(), payee: undefined } }, 400, 'VALIDATION_FAILED'],
    ['an impossible date', { body: { ...spendInput(), date: '2026-02-30' } }, 400, 'VALIDATION_FAILED'],
    ['malformed JSON', { raw: '{"potId": "SC",' }, 400, 'VALIDATION_FAILED'],
    ['a JSON null body', { raw: 'null' }, 400, 'VALIDATION_FAILED'],
    ['a JSON array body', { raw: '[]' }, 400, 'VALIDATION_FAILED'],
    [
      'a body over 64 KB',
      { raw: JSON.stringify({ ...spendInput(), payee: 'x'.repeat(70_000) }) },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a form body',
      { raw: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a prototype-pollution key',
      { raw: `{"__proto__": {"admin": true}, ${JSON.stringify(spendInput()).slice(1)}` },
      400,
      'VALIDATION_FAILED',
    ],
  ];
  it.each(cases)('answers %s with a problem and writes nothing', async (_what, input, status, code) => {
    const { planId } = await section8Plan();
    const family = await api.as('family', COUNCIL, [planId]);
    const before = await api.itemCount();
    const r = await family('POST', `/v1/plans/${planId}/spends`, input.body, {
      ...(input.raw !== undefined ? { raw: input.raw } : {}),
      ...(input.headers ? { headers: input.headers } : {}),
    });
    expect([r.status, r.json.code]).toEqual([status, code]);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(await api.itemCount()).toBe(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('names the failing fields', async () => {
    const { planId, family } = await section8Plan();
    const r = await family('POST', `/v1/plans/${planId}/spends`, {
      ...spendInput(),
      amount: 45,
      date: 'soon',
    });
    const paths = (r.json.errors as Array<{ path: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['amount', 'date']));
  });

  it('answers unknown routes and methods with problems', async () => {
    const nowhere = await officer('GET', '/v1/nowhere');
    expect([nowhere.status, nowhere.json.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    const wrong = await officer('DELETE', '/v1/plans');
    expect([wrong.status, wrong.json.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
  });

  it('serves the OpenAPI document without a token', async () => {
    const r = await api.request(undefined, 'GET', '/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    const schemas = (
      r.json.components as { schemas: Record<string, { properties?: Record<string, { type: string }> }> }
    ).schemas;
    expect(schemas.Spend?.properties?.amount?.type).toBe('string');
    expect(JSON.stringify(r.json.paths)).toContain('"$ref":"#/components/schemas/Spend"');
  });
});
