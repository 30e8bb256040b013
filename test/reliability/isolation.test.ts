// Proves object-level authorisation (OWASP API1) over HTTP: every role × every route × own / other
// plan / other council / other broker / other ICB is allowed or denied exactly as the access rules
// say, a removed member is refused at once, and a replayed Idempotency-Key answers only a caller
// who may still make the request. (Records by pot: isolation-records.test.ts; tokens:
// isolation-tokens.test.ts.)
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { problemCodesOf, routes } from '../../contract/routes.js';
import type { Actor } from '../../domain/model.js';
import { COUNCIL, spendInput } from '../support/section8.js';
import { cells } from './isolation-cells.js';
import { actorsUnderTest, asCaller, type Cell, isolationWorld } from './isolation-world.js';

const w = isolationWorld();

describe('isolation matrix', () => {
  // Over a thousand requests: as long as the machine needs, not the default 20 seconds.
  it('allows or denies every role on every route exactly as the access rules say', {
    timeout: 900_000,
  }, async () => {
    const table = cells(w);
    expect(Object.keys(table).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    let checked = 0;
    let denied = 0;
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      const cell = table[key] as Cell;
      for (const [who, actor] of actorsUnderTest) {
        const a = asCaller(who, actor, w.planId);
        const call = await w.api.as(a.role, a.org, [...a.plans], a.sub);
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
      const call = await w.api.as(a.role, a.org, [...a.plans], a.sub);
      const res = await call('GET', `/v1/plans/${w.ids.otherPlan}`);
      expect([who, res.status]).toEqual([who, 404]);
      checked++;
    }
    console.log(
      `isolation: ${checked} cells checked (${routes.length} routes × ${actorsUnderTest.length} callers + cross-council reads), ${denied} denied as the rules say`,
    );
  });
});

describe('members', () => {
  it('are refused at once when removed: the next request of the same token is a 404', async () => {
    const officer = await w.api.as('council_officer', COUNCIL);
    await officer('POST', `/v1/plans/${w.planId}/members`, {
      sub: 'leaver',
      name: 'L. Eaver',
      relation: 'parent',
      canSpend: true,
    });
    const leaver = await w.api.as('family', COUNCIL, [], 'leaver');
    expect((await leaver('GET', `/v1/plans/${w.planId}`)).status).toBe(200);
    expect((await officer('DELETE', `/v1/plans/${w.planId}/members/leaver`)).status).toBe(200);
    expect((await leaver('GET', `/v1/plans/${w.planId}`)).status).toBe(404);
    expect(
      (await leaver('POST', `/v1/plans/${w.planId}/spends`, { ...spendInput(), amount: '1.00' })).status,
    ).toBe(404);
  });
});

describe('replayed Idempotency-Keys', () => {
  it('answer only a caller who may still make the request, on every route the family may change', {
    timeout: 900_000,
  }, async () => {
    const table = cells(w);
    const familyRoutes = routes.filter((r) => r.method !== 'GET');
    let replayed = 0;
    for (const r of familyRoutes) {
      const key = `${r.method} ${r.path}`;
      const cell = table[key] as Cell;
      const member: Actor = {
        sub: `fam-${randomUUID().slice(0, 8)}`,
        role: 'family',
        org: COUNCIL,
        plans: [w.planId],
      };
      if (!cell.allowed(member)) continue;
      // A record of its own to act on (a fresh statement line), when the route needs one.
      await cell.before?.();
      const idem = randomUUID();
      const own = await w.api.as('family', COUNCIL, [w.planId], member.sub);
      // A spend of its own to act on, whatever the matrix left the shared ones in: approved for
      // pay and void, paid without evidence for evidence.
      const forEvidence = cell.path.endsWith('/evidence');
      const { evidence: _e, ...unevidenced } = spendInput();
      const fresh = await own('POST', `/v1/plans/${w.planId}/spends`, {
        ...unevidenced,
        amount: '1.00',
        paid: forEvidence,
      });
      const path = cell.path
        .replace(w.ids.approved as string, String(fresh.json.spendId))
        .replace(w.ids.paid as string, String(fresh.json.spendId));
      const first = await own('POST', path, cell.body, {
        key: idem,
        ...cell.options,
      });
      expect([key, first.status < 300]).toEqual([key, true]);
      // The same subject and key: the plan gone from the claim, or the council changed.
      const revoked = await w.api.as('family', COUNCIL, [], member.sub);
      const otherCouncil = await w.api.as('family', 'LA-002', [w.planId], member.sub);
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
