// Proves, over HTTP on DynamoDB Local, the rules of DESIGN.md section 11a as an outside tester
// replays them: duplicate JSON keys and hidden characters are refused, dates of things that
// happened lie on or before today, the holder fits the stream, a return waits for its quarter, and
// the seventh large amendment of a plan is refused with PLAN_TOO_LARGE, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';
import { agreementInput, COUNCIL, planInput, spendInput } from '../support/section8.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const isoToday = () => new Date().toISOString().slice(0, 10);
const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);

describe('input', () => {
  it('refuses a body that gives a key twice, however it is spelt, and posts nothing', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    const body = JSON.stringify({ ...spendInput(), amount: '1.00' });
    for (const raw of [
      body.replace('"amount":"1.00"', '"amount":"1.00","amount":"99999.00"'),
      body.replace('"amount":"1.00"', '"amount":"1.00","\\u0061mount":"99999.00"'),
    ]) {
      const r = await family('POST', `/v1/plans/${planId}/spends`, undefined, { raw });
      expect([r.status, r.json.code, r.json.errors]).toEqual([
        400,
        'VALIDATION_FAILED',
        [{ path: 'amount', message: 'duplicate key' }],
      ]);
    }
    const nested = await api.as('council_officer', COUNCIL).then((officer) =>
      officer('POST', '/v1/plans', undefined, {
        raw: JSON.stringify(planInput()).replace(
          '"dateOfBirth":"2015-03-02"',
          '"dateOfBirth":"2015-03-02","dateOfBirth":"2001-01-01"',
        ),
      }),
    );
    expect([nested.status, nested.json.errors]).toEqual([
      400,
      [{ path: 'child.dateOfBirth', message: 'duplicate key' }],
    ]);
    // The same text as a value, and equal keys in different objects, are not duplicates.
    const fine = await family('POST', `/v1/plans/${planId}/spends`, undefined, {
      raw: body.replace('"payee":"Sunshine Play CIC"', '"payee":"amount"'),
    });
    expect(fine.status).toBe(201);
    const spends = await family('GET', `/v1/plans/${planId}/spends?limit=100`);
    expect((spends.json.items as unknown[]).length).toBe(1);
  });

  it('refuses direction overrides, zero-width characters and lone surrogates in free text', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    for (const payee of [
      'Play\u202Egnp.exe',
      'Play\u2066CIC',
      'Play\u200BCIC',
      'Pl\uFEFFay',
      'Play \ud800 CIC',
    ]) {
      const r = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), payee });
      expect([
        JSON.stringify(payee),
        r.status,
        r.json.code,
        (r.json.errors as Array<{ path: string }>)?.[0]?.path,
      ]).toEqual([JSON.stringify(payee), 400, 'VALIDATION_FAILED', 'payee']);
    }
    const accented = await family('POST', `/v1/plans/${planId}/spends`, {
      ...spendInput(),
      payee: 'Café Zoë 😀',
    });
    expect(accented.status).toBe(201);
  });
});

describe('dates and holders', () => {
  it('refuses an agreement signed after today, naming signedOn, and releases nothing for it', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const planId = String((await officer('POST', '/v1/plans', planInput())).json.planId);
    await officer(
      'POST',
      `/v1/plans/${planId}/budgets`,
      (await import('../support/section8.js')).budgetInput(),
    );
    const ahead = await officer('POST', `/v1/plans/${planId}/pots/SC/agreement`, {
      ...agreementInput(),
      signedOn: dayAfter(isoToday()),
    });
    expect([ahead.status, ahead.json.code, ahead.json.errors]).toEqual([
      400,
      'VALIDATION_FAILED',
      [{ path: 'signedOn', message: `after today (${isoToday()})` }],
    ]);
    const run = await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' });
    expect(run.status).toBe(200);
    const plan = await officer('GET', `/v1/plans/${planId}`);
    const sc = (plan.json.pots as Array<{ potId: string; available: string }>).find((p) => p.potId === 'SC');
    expect(sc?.available).toBe('0.00');
  });

  it('refuses a 16-year-old of compulsory school age as the holder of an education direct payment', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const input = planInput();
    input.child.dateOfBirth = '2010-10-15';
    const planId = String((await officer('POST', '/v1/plans', input)).json.planId);
    await officer('POST', `/v1/plans/${planId}/budgets`, {
      period: { start: '2026-04-01', end: '2027-03-31' },
      pots: [
        {
          potId: 'EDU',
          stream: 'education',
          funderId: COUNCIL,
          mode: 'direct_payment',
          allocation: '1200.00',
          schedule: { frequency: 'monthly' },
        },
      ],
    });
    const r = await officer('POST', `/v1/plans/${planId}/pots/EDU/agreement`, {
      ...agreementInput(),
      holder: { kind: 'young_person', name: 'C. Young' },
      signedOn: '2026-11-20',
    });
    expect([r.status, r.json.code]).toEqual([422, 'HOLDER_TOO_YOUNG']);
    expect(String(r.json.detail)).toContain('2027-06-25');
  });

  it('refuses a return for a quarter not yet ended', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    const quarter = (() => {
      const [y, m] = isoToday().split('-').map(Number) as [number, number];
      const fy = m >= 4 ? y : y - 1;
      return `${fy}-Q${Math.floor(((m - 4 + 12) % 12) / 3) + 1}`;
    })();
    const r = await family('POST', `/v1/plans/${planId}/pots/SC/returns`, {
      quarter,
      bankBalance: '0.00',
      declaration: true,
    });
    expect([r.status, r.json.code]).toEqual([422, 'QUARTER_NOT_ENDED']);
  });
});

describe('bounded plans', () => {
  it('answers the amendment that would pass one stored item with PLAN_TOO_LARGE, never a 500', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const planId = String((await officer('POST', '/v1/plans', planInput())).json.planId);
    const statuses: Array<[number, string | undefined]> = [];
    for (let round = 0; round < 8; round++) {
      const addProvisions = Array.from({ length: 28 }, (_, i) => ({
        id: `P${round * 28 + i}`,
        section: 'F',
        stream: 'education',
        description: 'x'.repeat(990),
        outcomeIds: ['O1'],
        categories: Array.from({ length: 30 }, (_, c) => `category_${c}_${'y'.repeat(20)}`),
      }));
      const r = await officer('POST', `/v1/plans/${planId}/amendments`, {
        reason: `Large amendment ${round + 1}`,
        effectiveFrom: '2026-12-01',
        addProvisions,
      });
      statuses.push([r.status, r.json.code]);
    }
    expect(statuses.every(([status]) => status < 500)).toBe(true);
    const first = statuses.findIndex(([status]) => status !== 201);
    expect(first).toBeGreaterThan(3);
    expect(first).toBeLessThanOrEqual(6);
    expect(statuses.slice(first)).toEqual(statuses.slice(first).map(() => [422, 'PLAN_TOO_LARGE']));
    const plan = await officer('GET', `/v1/plans/${planId}`);
    expect(plan.json.version).toBe(first + 1);
  });
});
