// Proves records read like their money (DESIGN.md 11a) over HTTP: each caller lists exactly the
// records about the pots it sees, plan-wide records only the council and the family, and a caller
// who does not cover the plan gets 404.
import { describe, expect, it } from 'vitest';
import { canReadRecord, canSeePlan } from '../../domain/access.js';
import type { Actor } from '../../domain/model.js';
import { appDeps } from '../../functions/deps.js';
import type { Api } from '../support/api.js';
import { BROKER, COUNCIL, spendInput } from '../support/section8.js';
import { accessRules, actorsUnderTest, asCaller, isolationWorld } from './isolation-world.js';

const w = isolationWorld();

describe('records read like their money (DESIGN.md 11a)', () => {
  /** Every page of the plan's events as one caller sees them. */
  async function allEvents(call: Awaited<ReturnType<Api['as']>>): Promise<unknown[]> {
    const out: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        'GET',
        `/v1/plans/${w.planId}/events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      out.push(...(page.json.items as unknown[]));
      cursor = (page.json.next as string | null) ?? undefined;
    } while (cursor);
    return out;
  }

  it('list to each caller exactly the records about the pots it sees, and plan records to the council and family only', async () => {
    const { pot, plan } = accessRules(w);
    // Prepare: records about SC (social care), HL (health, held by the broker) and the plan itself.
    const officer = await w.api.as('council_officer', COUNCIL);
    const broker = await w.api.as('broker', BROKER);
    const family = await w.api.as('family', COUNCIL, [w.planId]);
    const p = `/v1/plans/${w.planId}`;
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
    w.members = (await appDeps().store.getPlan(w.planId))?.members ?? [];
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
      const a = asCaller(who, actor, w.planId);
      const call = await w.api.as(a.role, a.org, [...a.plans], a.sub);
      const covers = canSeePlan(a, plan(), w.pots);
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
    const sees = (who: string) => actorsUnderTest.find(([name]) => name === who)?.[1] as Actor;
    const healthOfficer = sees('ICB officer');
    expect(
      all.events.filter((e) => canReadRecord(healthOfficer, plan(), about(e))).every((e) => e.potId === 'HL'),
    ).toBe(true);
    expect(canReadRecord(sees('broker holding HL'), plan(), undefined)).toBe(false);
    expect(canReadRecord(sees('key worker of the plan'), plan(), undefined)).toBe(true);
    console.log(`isolation: ${checked} record lists checked against the rule of the w.pots they are about`);
  });
});
