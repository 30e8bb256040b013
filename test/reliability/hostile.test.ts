// Proves hostile input never gets past validation: property-based bodies and query strings for every
// route all get a 4xx problem with a code, never a 5xx, and nothing is written; and every limit
// holds at its value and refuses one past it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomesMax } from '../../contract/schemas.js';
import { assertBalanced, postingsMax } from '../../domain/ledger.js';
import { pageLimitMax } from '../../domain/ports.js';
import { bodyBytesMax } from '../../functions/http/route.js';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL, ICB, planInput, spendInput } from '../support/section8.js';
import { mutatingRoutes } from './hostile-bodies.js';

let api: Api;
let officer: Awaited<ReturnType<Api['as']>>;
let planId: string;
let spendId: string;
let entryId: string;
let requestId: string;

beforeAll(async () => {
  api = await startApi();
  officer = await api.as('council_officer', COUNCIL);
  planId = (await api.section8Plan('2026-06-30')).planId;
  const s = await officer('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), paid: false });
  spendId = String(s.json.spendId);
  const audit = await officer('GET', `/v1/plans/${planId}/audit`);
  entryId = String((audit.json.entries as Array<{ entryId: string }>)[0]?.entryId);
  const family = await api.as('family', COUNCIL, [planId]);
  requestId = String(
    (await family('POST', `/v1/plans/${planId}/budget-requests`, { streams: ['education'] })).json.requestId,
  );
});
afterAll(async () => {
  await api?.stop();
});

type Body = Record<string, unknown>;
const mutating = () => mutatingRoutes({ planId, spendId, entryId, requestId });

const deep = (depth: number): unknown => (depth === 0 ? 'x' : { a: deep(depth - 1) });
/** Values no field of the contract accepts. */
const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([1, 2]),
  fc.constant(deep(200)),
  fc.string({ minLength: 1001, maxLength: 3000 }),
  // Blank or control-character free text.
  fc.constantFrom('', '   ', '\t', 'a\u0000b', 'bell\u0007', 'line\u2028break', '\u001b[31mred'),
);
const badAmount = fc.oneof(
  fc.double({ noNaN: true }).map((n) => n as unknown),
  fc.constantFrom(
    '1e3',
    '1E2',
    '-0.00',
    '+1.00',
    '1.001',
    '0.00',
    '01.00',
    '1,000.00',
    '1000000000.00',
    'NaN',
    'Infinity',
    ' 1.00',
    '١.٠٠',
    '0x10',
    '',
  ),
);
const badDate = fc.constantFrom(
  '2026-02-30',
  '2026-13-01',
  '2026-4-1',
  '26-04-01',
  '2026-04-01T00:00:00Z',
  'tomorrow',
  '',
  '2026-00-10',
  '99999-01-01',
  // Real dates at the calendar's edges, outside 2000-01-01..2099-12-31.
  '1999-12-31',
  '2100-01-01',
  '1900-01-01',
  '0099-06-30',
  '0000-01-01',
  '9999-12-31',
);

type Mutation =
  | { kind: 'field'; field: string; value: unknown }
  | { kind: 'drop'; field: string }
  | { kind: 'extra'; key: string }
  | { kind: 'raw'; text: string };

function mutations(body: Body, amounts: string[], dates: string[]): fc.Arbitrary<Mutation> {
  const keys = Object.keys(body);
  return fc.oneof(
    fc.record({ kind: fc.constant('field' as const), field: fc.constantFrom(...keys), value: wrongValue }),
    ...(amounts.length
      ? [
          fc.record({
            kind: fc.constant('field' as const),
            field: fc.constantFrom(...amounts),
            value: badAmount,
          }),
        ]
      : []),
    ...(dates.length
      ? [fc.record({ kind: fc.constant('field' as const), field: fc.constantFrom(...dates), value: badDate })]
      : []),
    fc.record({
      kind: fc.constant('extra' as const),
      key: fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'role'),
        fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !keys.includes(k)),
      ),
    }),
    fc.record({
      kind: fc.constant('raw' as const),
      text: fc.constantFrom(
        '{',
        '[]',
        '"a string"',
        '42',
        'null',
        '{"a":}',
        '\u0000',
        `{"pad":"${'x'.repeat(bodyBytesMax)}"}`,
      ),
    }),
  );
}

const required: Record<string, string[]> = {
  '/v1/plans': ['councilId', 'child', 'outcomes', 'provisions'],
  budgets: ['period', 'pots'],
  adjustments: ['amount', 'reason'],
  recoveries: ['amount', 'reason', 'dueDate'],
  'POST suspension': ['reason'],
  spends: ['potId', 'amount', 'date', 'payee', 'category', 'outcomeId', 'provisionId'],
  reject: ['reason'],
  agreement: ['holder', 'signedOn', 'accountReference'],
  members: ['sub', 'name', 'relation', 'canSpend'],
  evidence: ['evidence'],
  returns: ['quarter', 'bankBalance', 'declaration'],
  resumption: ['reason', 'missedInstalments'],
  cessation: ['reason', 'date'],
  reverse: ['reason'],
  'instalment-runs': ['councilId', 'upTo'],
  amendments: ['reason', 'effectiveFrom'],
  reviews: ['kind', 'date'],
  'budget-requests': ['streams'],
  decision: ['decision', 'reviewRightsExplained'],
};

describe('hostile input', () => {
  it('answers every mutated body on every changing route with a 4xx problem and writes nothing', async () => {
    const before = await api.itemCount();
    let tried = 0;
    const statuses = new Map<number, number>();
    for (const [i, r] of mutating().entries()) {
      const requiredHere =
        Object.entries(required).find(([k]) =>
          k.startsWith('POST ') ? r.method === 'POST' && r.path.endsWith(k.slice(5)) : r.path.endsWith(k),
        )?.[1] ?? [];
      const drops = requiredHere.map((field) => ({ kind: 'drop' as const, field }));
      const samples = [
        ...fc.sample(mutations(r.body, r.amounts, r.dates), { seed: 42 + i, numRuns: 30 }),
        ...drops,
      ];
      for (const m of samples) {
        let raw: string;
        if (m.kind === 'raw') raw = m.text;
        else {
          const copy: Body = { ...r.body };
          if (m.kind === 'field') copy[m.field] = m.value;
          if (m.kind === 'drop') delete copy[m.field];
          raw = JSON.stringify(copy);
          if (m.kind === 'extra') raw = `{${JSON.stringify(m.key)}:{"polluted":true},${raw.slice(1)}`;
        }
        const res = await officer(r.method, r.path, undefined, { raw });
        tried++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect([r.path, JSON.stringify(m).slice(0, 120), res.status >= 400 && res.status < 500]).toEqual([
          r.path,
          JSON.stringify(m).slice(0, 120),
          true,
        ]);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(typeof res.json.code).toBe('string');
      }
    }
    expect(await api.itemCount()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    console.log(
      `hostile input: ${tried} bodies tried, statuses ${JSON.stringify(Object.fromEntries(statuses))}, 0 written, 0 5xx`,
    );
  });

  it('answers hostile query strings on every listing and report with 400', async () => {
    const paths = [
      '/v1/approvals',
      `/v1/plans/${planId}/audit`,
      `/v1/plans/${planId}/events`,
      `/v1/plans/${planId}/statement`,
      `/v1/councils/${COUNCIL}/reconciliation`,
      `/v1/councils/${COUNCIL}/monitoring-returns`,
      `/v1/councils/${COUNCIL}/surpluses`,
      `/v1/councils/${COUNCIL}/recoveries`,
      `/v1/councils/${COUNCIL}/worklist`,
      `/v1/funders/${ICB}/worklist`,
      `/v1/councils/${COUNCIL}/budget-requests`,
      `/v1/funders/${ICB}/reconciliation`,
      `/v1/plans/${planId}/spends`,
      `/v1/councils/${COUNCIL}/plans`,
    ];
    const queries = fc.sample(
      fc.oneof(
        fc.constantFrom(
          'limit=0',
          `limit=${pageLimitMax + 1}`,
          'limit=abc',
          'limit=1e2',
          'limit=-5',
          'format=xml',
          'from=2026-02-30',
          'to=yesterday',
          'quarter=2026-Q0',
          'quarter=26-Q1',
          'quarter=0099-Q1',
          'quarter=0000-Q4',
          'quarter=1999-Q3',
          'quarter=2099-Q4',
          'quarter=9999-Q4',
          'from=1999-12-31',
          'to=2100-01-01',
          'from=0001-01-01',
          'verify=everything',
          'verify=',
        ),
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter(
            (k) =>
              /^[a-z]+$/i.test(k) &&
              !['limit', 'cursor', 'format', 'from', 'to', 'quarter', 'verify'].includes(k),
          )
          .map((k) => `${k}=1`),
      ),
      { seed: 7, numRuns: 60 },
    );
    let tried = 0;
    for (const path of paths) {
      for (const q of queries) {
        const mandatory =
          path.endsWith('monitoring-returns') && !q.startsWith('quarter') ? '&quarter=2026-Q1' : '';
        // A query a route does not know is refused like any other unknown field.
        const res = await officer('GET', `${path}?${q}${mandatory}`);
        tried++;
        expect([path, q, res.status]).toEqual([path, q, 400]);
        expect(res.json.code).toBe('VALIDATION_FAILED');
      }
    }
    console.log(`hostile input: ${tried} query strings tried, all 400`);
  });
});

describe('hostile path parameters', () => {
  const hostileIds = [
    'x'.repeat(65),
    'x'.repeat(2000),
    'x'.repeat(5000),
    '%00',
    '%E0%A4%A',
    'a%20b',
    '..%2F..%2Fetc',
    '%F0%9F%92%B8',
    'PLAN%23x',
    '%3Cscript%3E',
  ];

  it('answers a malformed id in any path parameter of any route with 404, never echoing it', async () => {
    const { routes } = await import('../../contract/routes.js');
    const real: Record<string, string> = {
      planId,
      potId: 'SC',
      spendId,
      entryId,
      councilId: COUNCIL,
      funderId: 'ICB-01',
      brokerId: 'BRK-7',
      runId: 'run-1',
    };
    let tried = 0;
    for (const r of routes.filter((route) => route.path.includes('{'))) {
      const names = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      for (const name of names) {
        for (const bad of hostileIds) {
          const path = r.path.replace(/\{(\w+)\}/g, (_, n: string) => (n === name ? bad : (real[n] ?? 'x')));
          const res = await officer(r.method, path, r.method === 'GET' ? undefined : {});
          tried++;
          expect([r.method, r.path, name, bad.slice(0, 20), res.status]).toEqual([
            r.method,
            r.path,
            name,
            bad.slice(0, 20),
            404,
          ]);
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          const decoded = (() => {
            try {
              return decodeURIComponent(bad);
            } catch {
              return bad;
            }
          })();
          if (decoded.length > 3) expect(res.text.includes(decoded)).toBe(false);
          if (bad.length > 3) expect(res.text.includes(bad)).toBe(false);
        }
      }
    }
    console.log(`hostile input: ${tried} malformed path ids tried, all 404 without echo`);
  });
});

describe('limits', () => {
  it(`pages at most ${pageLimitMax}: the limit is accepted and one past it refused`, async () => {
    expect((await officer('GET', `/v1/plans/${planId}/audit?limit=${pageLimitMax}`)).status).toBe(200);
    expect((await officer('GET', `/v1/plans/${planId}/audit?limit=${pageLimitMax + 1}`)).status).toBe(400);
    const page = await officer('GET', `/v1/plans/${planId}/audit?limit=2`);
    expect((page.json.entries as unknown[]).length).toBe(2);
    const next = await officer('GET', `/v1/plans/${planId}/audit?limit=2&cursor=${page.json.next}`);
    expect((next.json.entries as Array<{ entryId: string }>)[0]?.entryId).not.toBe(
      (page.json.entries as Array<{ entryId: string }>)[0]?.entryId,
    );
  });

  it(`takes bodies of up to ${bodyBytesMax} bytes and refuses one byte more with 413`, async () => {
    const at = JSON.stringify({ reason: 'x'.repeat(bodyBytesMax - 13) });
    expect(Buffer.byteLength(at)).toBe(bodyBytesMax);
    const atLimit = await officer('POST', `/v1/plans/${planId}/spends/${spendId}/void`, undefined, {
      raw: at,
    });
    expect([atLimit.status, atLimit.json.code]).toEqual([400, 'VALIDATION_FAILED']);
    const past = await officer('POST', `/v1/plans/${planId}/spends/${spendId}/void`, undefined, {
      raw: `${at} `,
    });
    expect([past.status, past.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('takes Idempotency-Keys of 8 to 128 characters', async () => {
    const run = (key: string) =>
      officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-04-01' }, { key });
    expect((await run('k'.repeat(128))).status).toBe(200);
    expect((await run('k'.repeat(8))).status).toBe(200);
    expect((await run('k'.repeat(129))).json.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await run('k'.repeat(7))).json.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it(`takes plans of up to ${outcomesMax} outcomes`, async () => {
    const many = (n: number) => {
      const p = planInput();
      p.outcomes = Array.from({ length: n }, (_, i) => ({
        id: `O${i}`,
        domain: 'education' as const,
        description: 'x',
      }));
      p.provisions = [
        {
          id: 'F1',
          section: 'F',
          stream: 'education',
          description: 'x',
          outcomeIds: ['O0'],
          categories: ['tuition'],
        },
      ];
      return p;
    };
    expect((await officer('POST', '/v1/plans', many(outcomesMax))).status).toBe(201);
    expect((await officer('POST', '/v1/plans', many(outcomesMax + 1))).status).toBe(400);
  });

  it(`refuses entries of more than ${postingsMax} postings`, () => {
    const postings = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        potId: 'P',
        account: 'available' as const,
        amount: i % 2 ? '-1.00' : '1.00',
      }));
    expect(() => assertBalanced({ entryId: 'e', postings: postings(postingsMax) })).not.toThrow();
    expect(() => assertBalanced({ entryId: 'e', postings: postings(postingsMax + 2) })).toThrow();
  });
});
