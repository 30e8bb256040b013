// Plans gain the child's name (DESIGN.md 11c): optional personal data kept with the plan, returned
// with it and in plan summaries, and searchable by officers and auditors of the plan's council
// (any case, part of a name), paged without losing or repeating a plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL, planInput } from '../support/section8.js';

let api: Api;
const names = ['Sam Okafor', 'Samira Patel', 'Alex Samuels', 'Jo Brown'];
const ids: Record<string, string> = {};

beforeAll(async () => {
  api = await startApi();
  const officer = await api.as('council_officer', COUNCIL);
  for (const [i, name] of names.entries()) {
    const input = planInput();
    const res = await officer('POST', '/v1/plans', {
      ...input,
      child: { ...input.child, reference: `NAME-${i}`, name },
    });
    expect(res.status).toBe(201);
    ids[name] = String(res.json.planId);
  }
  // A plan without a name is still a plan.
  expect((await officer('POST', '/v1/plans', planInput())).status).toBe(201);
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

describe("the child's name", { timeout: 60_000 }, () => {
  it('is kept with the plan and returned with it and in summaries', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const plan = await officer('GET', `/v1/plans/${ids['Jo Brown']}`);
    expect((plan.json.child as { name?: string }).name).toBe('Jo Brown');
    const family = await api.as('family', COUNCIL, [ids['Jo Brown'] ?? '']);
    const mine = await family('GET', '/v1/me/plans');
    expect((mine.json.items as Array<{ childName?: string }>)[0]?.childName).toBe('Jo Brown');
  });

  it('finds plans by part of a name in any case, in reference order', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const res = await officer('GET', `/v1/councils/${COUNCIL}/plans?name=sAm`);
    expect(res.status).toBe(200);
    expect((res.json.items as Array<{ childName: string }>).map((i) => i.childName)).toEqual([
      'Sam Okafor',
      'Samira Patel',
      'Alex Samuels',
    ]);
    const auditor = await api.as('auditor', COUNCIL);
    expect((await auditor('GET', `/v1/councils/${COUNCIL}/plans?name=brown`)).json.items).toHaveLength(1);
  });

  it('pages a search by name without losing or repeating a plan', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const q: string = `name=sam&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await officer('GET', `/v1/councils/${COUNCIL}/plans?${q}`);
      expect(res.status).toBe(200);
      seen.push(...(res.json.items as Array<{ childName: string }>).map((p) => p.childName));
      cursor = res.json.next as string | null;
      if (!cursor) break;
    }
    expect(seen).toEqual(['Sam Okafor', 'Samira Patel', 'Alex Samuels']);
  });

  it('refuses a name that is too long, and other councils and families', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const long = await officer('GET', `/v1/councils/${COUNCIL}/plans?name=${'x'.repeat(101)}`);
    expect([long.status, long.json.code]).toEqual([400, 'VALIDATION_FAILED']);
    const input = planInput();
    const bad = await officer('POST', '/v1/plans', { ...input, child: { ...input.child, name: ' ' } });
    expect([bad.status, bad.json.code]).toEqual([400, 'VALIDATION_FAILED']);
    const other = await api.as('council_officer', 'LA-002');
    expect((await other('GET', `/v1/councils/${COUNCIL}/plans?name=sam`)).status).toBe(403);
    const family = await api.as('family', COUNCIL, [ids['Jo Brown'] ?? '']);
    expect((await family('GET', `/v1/councils/${COUNCIL}/plans?name=sam`)).status).toBe(403);
  });
});
