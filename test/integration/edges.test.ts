// Proves, over HTTP on DynamoDB Local, the edges an outside test found: movements dated outside
// their budget period are refused and write nothing, cross-field rules hold, a suspended pot takes
// no new approvals, HTTP manners (405 with Allow, HEAD) and the token tool's refusals.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';
import { BROKER, COUNCIL, planInput, spendInput } from '../support/section8.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const run = promisify(execFile);

describe('dates of movements', () => {
  it('refuses a payment dated outside the period or before its spend, and writes nothing', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    const spend = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), paid: false });
    const before = await api.itemCount();
    for (const date of ['2030-01-01', '2020-06-01', '2027-04-01', '2026-05-02']) {
      const r = await family('POST', `/v1/plans/${planId}/spends/${spend.json.spendId}/pay`, { date });
      expect([date, r.status, r.json.code]).toEqual([date, 422, 'OUTSIDE_BUDGET_PERIOD']);
    }
    expect(await api.itemCount()).toBe(before);
    const paid = await family('POST', `/v1/plans/${planId}/spends/${spend.json.spendId}/pay`, {
      date: '2026-05-03',
    });
    expect(paid.json.status).toBe('paid');
  });

  it('refuses an adjustment dated outside the period', async () => {
    const { planId, officer } = await api.section8Plan();
    const before = await api.itemCount();
    for (const effectiveDate of ['2026-03-31', '2027-04-01', '2099-12-31']) {
      const r = await officer('POST', `/v1/plans/${planId}/pots/SC/adjustments`, {
        amount: '-10.00',
        reason: 'review',
        effectiveDate,
      });
      expect([effectiveDate, r.status, r.json.code]).toEqual([effectiveDate, 422, 'OUTSIDE_BUDGET_PERIOD']);
    }
    expect(await api.itemCount()).toBe(before);
  });

  it('dates a recovery after the period ends on the last day of the period (a year-end recovery)', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const planId = String((await officer('POST', '/v1/plans', planInput())).json.planId);
    await officer('POST', `/v1/plans/${planId}/budgets`, {
      period: { start: '2025-04-01', end: '2026-03-31' },
      pots: [
        { potId: 'EDU', stream: 'education', funderId: COUNCIL, mode: 'notional', allocation: '100.00' },
      ],
    });
    const r = await officer('POST', `/v1/plans/${planId}/pots/EDU/recoveries`, {
      amount: '40.00',
      reason: 'surplus',
      dueDate: '2026-04-30',
    });
    expect(r.status).toBe(201);
    const audit = await officer('GET', `/v1/plans/${planId}/audit`);
    const recovery = (audit.json.entries as Array<{ kind: string; effectiveDate: string }>).find(
      (e) => e.kind === 'recover',
    );
    expect(recovery?.effectiveDate).toBe('2026-03-31');
  });

  it('refuses a recovery due before 2000 or after 2099', async () => {
    const { planId, officer } = await api.section8Plan('2026-06-30');
    for (const dueDate of ['1900-01-01', '1999-12-31', '2100-01-01']) {
      const r = await officer('POST', `/v1/plans/${planId}/pots/SC/recoveries`, {
        amount: '1.00',
        reason: 'surplus',
        dueDate,
      });
      expect([dueDate, r.status, r.json.code]).toEqual([dueDate, 400, 'VALIDATION_FAILED']);
    }
  });
});

describe('cross-field rules', () => {
  it('does not count a head teacher consent given after the support was bought', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const input = planInput();
    const provision = input.provisions.find((p) => p.id === 'H1');
    if (!provision) throw new Error('section 8 plan has H1');
    Object.assign(provision, { onSchoolPremises: true, schoolConsentDate: '2026-06-01' });
    const planId = String((await officer('POST', '/v1/plans', input)).json.planId);
    await api.budget(officer, String(planId));
    await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' });
    const family = await api.as('family', COUNCIL, [planId]);
    const early = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), date: '2026-05-03' });
    expect([early.status, early.json.code]).toEqual([422, 'SCHOOL_CONSENT_REQUIRED']);
    const later = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), date: '2026-06-01' });
    expect(later.status).toBe(201);
  });

  it('refuses a third-party pot held by the council or its funder', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const planId = String((await officer('POST', '/v1/plans', planInput())).json.planId);
    const heldBy = (holderId: string) => ({
      period: { start: '2026-04-01', end: '2027-03-31' },
      pots: [
        {
          potId: 'HL',
          stream: 'health',
          funderId: 'ICB-01',
          mode: 'third_party',
          holderId,
          allocation: '10.00',
          schedule: { frequency: 'monthly' },
        },
      ],
    });
    for (const holderId of [COUNCIL, 'ICB-01']) {
      const r = await officer('POST', `/v1/plans/${planId}/budgets`, heldBy(holderId));
      expect([holderId, r.status, r.json.code]).toEqual([holderId, 422, 'INVALID_BUDGET']);
    }
    const ok = await officer('POST', `/v1/plans/${planId}/budgets`, heldBy(BROKER));
    expect(ok.status).toBe(201);
  });

  it('refuses blank and control-character free text', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    for (const payee of ['   ', '\t', 'a\u0000b', 'x\u001b[2J']) {
      const r = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), payee });
      expect([JSON.stringify(payee), r.status, r.json.code]).toEqual([
        JSON.stringify(payee),
        400,
        'VALIDATION_FAILED',
      ]);
    }
    const trimmed = await family('POST', `/v1/plans/${planId}/spends`, {
      ...spendInput(),
      payee: '  Play CIC  ',
    });
    const spend = await family('GET', `/v1/plans/${planId}/spends/${trimmed.json.spendId}`);
    expect(spend.json.payee).toBe('Play CIC');
  });
});

describe('suspension', () => {
  it('refuses approvals on a suspended pot but still records payment of an approved spend', async () => {
    const { planId, officer, family } = await api.section8Plan('2026-06-30');
    const pending = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), amount: '600.00' });
    const approved = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), paid: false });
    expect([pending.json.status, approved.json.status]).toEqual(['pending_approval', 'approved']);
    await officer('POST', `/v1/plans/${planId}/pots/SC/suspension`, { reason: 'return overdue' });
    const approve = await officer('POST', `/v1/plans/${planId}/spends/${pending.json.spendId}/approve`, {});
    expect([approve.status, approve.json.code]).toEqual([422, 'POT_SUSPENDED']);
    const pay = await family('POST', `/v1/plans/${planId}/spends/${approved.json.spendId}/pay`, {});
    expect([pay.status, pay.json.status]).toEqual([200, 'paid']);
  });
});

describe('HTTP manners', () => {
  it('answers 405 with an Allow header, and HEAD wherever GET works', async () => {
    const { planId, officer } = await api.section8Plan();
    const wrong = await officer('DELETE', `/v1/plans/${planId}`);
    expect([wrong.status, wrong.json.code, wrong.headers.get('allow')]).toEqual([
      405,
      'METHOD_NOT_ALLOWED',
      'GET, HEAD',
    ]);
    const suspension = await officer('GET', `/v1/plans/${planId}/pots/SC/suspension`);
    expect(suspension.headers.get('allow')).toBe('DELETE, POST');
    const head = await fetch(`${api.base}/v1/plans/${planId}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${await api.token('council_officer', COUNCIL)}` },
    });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([
      200,
      'application/json',
      '',
    ]);
    const openapi = await fetch(`${api.base}/v1/openapi.json`, { method: 'HEAD' });
    expect(openapi.status).toBe(200);
  });

  it('words state conflicts in plain English', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    const paid = await family('POST', `/v1/plans/${planId}/spends`, spendInput());
    const again = await family('POST', `/v1/plans/${planId}/spends/${paid.json.spendId}/pay`, {});
    expect(again.json.code).toBe('SPEND_STATE_CONFLICT');
    expect(String(again.json.detail)).toMatch(/is paid, so it cannot be paid now$/);
  });
});

describe('the token tool', () => {
  it('refuses an unknown role, and a plans list for a role that has none', async () => {
    const tsx = ['--import', 'tsx', 'local/token.ts'];
    for (const args of [
      ['--role', 'superuser', '--org', COUNCIL],
      ['--role', 'scheduler', '--org', COUNCIL],
      ['--role', 'council_officer', '--org', 'LA 001'],
      ['--role', 'broker', '--org', BROKER, '--plans', 'p1'],
    ]) {
      const failed = await run(process.execPath, [...tsx, ...args]).then(
        () => undefined,
        (e: { code?: number; stderr?: string }) => e,
      );
      expect([args.join(' '), failed?.code]).toEqual([args.join(' '), 2]);
      expect(failed?.stderr).toMatch(/usage: npm run token/);
    }
  });
});
