// Proves the officer's worklist and review clock (DESIGN.md section 9b): open work appears when it is
// due to be seen and leaves when it is done, oldest due first, paged; reviews move the clock and the
// monitoring flag; budget requests are decided with reasons; and the transitions at 16 and 18.
import { describe, expect, it } from 'vitest';
import { recordAgreement } from '../../../domain/app/agreements.js';
import {
  decideBudgetRequest,
  listCouncilBudgetRequests,
  listPlanBudgetRequests,
  requestBudget,
} from '../../../domain/app/budget-requests.js';
import { cease } from '../../../domain/app/cessation.js';
import { actOnSpend, createPlan, requestSpend, setUpBudget } from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { closeRecovery, recover } from '../../../domain/app/recoveries.js';
import { councilMonitoringReturns } from '../../../domain/app/reports.js';
import { submitReturn } from '../../../domain/app/returns.js';
import { recordReview } from '../../../domain/app/reviews.js';
import { worklist } from '../../../domain/app/worklist.js';
import type { Actor } from '../../../domain/model.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, agreementInput, COUNCIL, ICB, planInput, spendInput } from '../../support/section8.js';

async function world(dateOfBirth = '2015-03-02') {
  const w = memoryWorld('2026-11-29T10:00:00.000Z');
  const input = planInput();
  input.child.dateOfBirth = dateOfBirth;
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), input);
  await section8Budget(w, plan.planId);
  await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-11-29' });
  const list = async (
    who: Actor = actors.officer,
    scope: { councilId: string } | { funderId: string } = { councilId: COUNCIL },
  ) =>
    (await worklist(w.deps, who, scope, { limit: 100 })).items.map(
      (i) => `${i.kind} ${i.due}${i.overdue ? ' overdue' : ''}`,
    );
  return { ...w, planId: plan.planId, family: actors.family(plan.planId), list };
}

describe('the worklist', () => {
  it('lists open work oldest due first and drops each item when the work is done', async () => {
    // Prepare: the return for April–June was due on 28 July; nothing else is due yet.
    const w = await world();
    expect(await w.list()).toEqual(['return_overdue 2026-07-28 overdue']);
    // Act: a spend above the limit, money on notice, a request for a budget, a broker's large spend.
    const pending = await requestSpend(w.deps, w.ctx(w.family), w.planId, {
      ...spendInput(),
      amount: '700.00',
    });
    const notice = await recover(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '10.00',
      reason: 'surplus',
      dueDate: '2026-12-10',
    });
    const request = await requestBudget(w.deps, w.ctx(w.family), w.planId, { streams: ['education'] });
    const health = await requestSpend(w.deps, w.ctx(actors.broker), w.planId, {
      ...spendInput(),
      potId: 'HL',
      amount: '1200.00',
      category: 'therapy',
      outcomeId: 'O1',
      provisionId: 'G1',
      paid: false,
    });
    w.clock.set('2026-12-11T09:00:00.000Z');
    // Assess
    expect(await w.list()).toEqual([
      'return_overdue 2026-07-28 overdue',
      'recovery_overdue 2026-12-10 overdue',
      'budget_request 2026-12-27',
      'approval 2026-12-29',
    ]);
    expect(await w.list(actors.health, { funderId: ICB })).toEqual(['approval 2026-12-29']);
    // Act: each piece of work done.
    await actOnSpend(w.deps, w.ctx(actors.officer), w.planId, pending.result.spendId, 'approve', {});
    await actOnSpend(w.deps, w.ctx(actors.health), w.planId, health.result.spendId, 'reject', {
      reason: 'no',
    });
    await closeRecovery(w.deps, w.ctx(actors.officer), w.planId, 'SC', notice.result.recoveryId, 'settle');
    await decideBudgetRequest(w.deps, w.ctx(actors.officer), w.planId, request.result.requestId, {
      decision: 'agreed',
      reviewRightsExplained: true,
    });
    await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', {
      quarter: '2026-Q1',
      bankBalance: '0.00',
      declaration: true,
    });
    // Assess: the return item moved on to the next quarter still without a return.
    expect(await w.list()).toEqual(['return_overdue 2026-10-28 overdue']);
    await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', {
      quarter: '2026-Q2',
      bankBalance: '0.00',
      declaration: true,
    });
    expect(await w.list()).toEqual([]);
    expect(await w.list(actors.health, { funderId: ICB })).toEqual([]);
  });

  it('pages oldest due first with a cursor, and is the council’s and the funder’s own', async () => {
    // Prepare: three requests and the overdue return.
    const w = await world();
    for (const streams of [['education'], ['health'], ['social_care']] as const)
      await requestBudget(w.deps, w.ctx(w.family), w.planId, { streams: [...streams] });
    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await worklist(w.deps, actors.auditor, { councilId: COUNCIL }, { limit: 2, cursor });
      seen.push(...page.items.map((i) => i.kind));
      cursor = page.next ?? undefined;
      pages++;
    } while (cursor);
    // Assess
    expect(seen).toEqual(['return_overdue', 'budget_request', 'budget_request', 'budget_request']);
    expect(pages).toBe(2);
    await expect(
      worklist(w.deps, actors.otherOfficer, { councilId: COUNCIL }, { limit: 10 }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(worklist(w.deps, w.family, { councilId: COUNCIL }, { limit: 10 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      worklist(w.deps, actors.otherHealth, { funderId: ICB }, { limit: 10 }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      worklist(w.deps, actors.officer, { councilId: COUNCIL }, { limit: 1, cursor: 'bm90LWEtY3Vyc29y' }),
    ).rejects.toThrow('cursor');
  });
});

describe('the review clock', () => {
  it('shows the budget and annual reviews within 30 days of due, flags them when late, and moves on when held', async () => {
    // Prepare: the budget was set up on 29 November, so its review is due three months on.
    const w = await world();
    await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', {
      quarter: '2026-Q1',
      bankBalance: '0.00',
      declaration: true,
    });
    await submitReturn(w.deps, w.ctx(w.family), w.planId, 'SC', {
      quarter: '2026-Q2',
      bankBalance: '0.00',
      declaration: true,
    });
    const flag = async () =>
      (await councilMonitoringReturns(w.deps, actors.officer, COUNCIL, '2026-Q3', { limit: 10 })).items[0]
        ?.flags.reviewOverdue;
    // Act and assess
    w.clock.set('2027-01-28T09:00:00.000Z');
    expect(await w.list()).toEqual([]);
    w.clock.set('2027-02-01T09:00:00.000Z');
    expect(await w.list()).toEqual(['return_overdue 2027-01-28 overdue', 'budget_review 2027-02-28']);
    expect(await flag()).toBe(false);
    w.clock.set('2027-03-01T09:00:00.000Z');
    expect(await flag()).toBe(true);
    const budgetReview = await recordReview(w.deps, w.ctx(actors.officer), w.planId, {
      kind: 'budget',
      date: '2027-03-01',
    });
    expect(budgetReview.result.nextDue).toBeNull();
    expect(await flag()).toBe(false);
    w.clock.set('2027-11-01T09:00:00.000Z');
    expect((await w.list()).filter((i) => i.includes('review'))).toEqual(['annual_review 2027-11-29']);
    const annual = await recordReview(w.deps, w.ctx(actors.officer), w.planId, {
      kind: 'annual',
      date: '2027-11-01',
    });
    expect(annual.result.nextDue).toBe('2028-11-01');
    expect((await w.list()).filter((i) => i.includes('review'))).toEqual([]);
  });

  it('takes reviews only from the council (or the funder for its pot), and an adult review names a pot', async () => {
    const w = await world();
    await expect(
      recordReview(w.deps, w.ctx(w.family), w.planId, { kind: 'annual', date: '2026-11-29' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      recordReview(w.deps, w.ctx(actors.officer), w.planId, {
        kind: 'adult_direct_payment',
        date: '2026-11-29',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'potId' }] });
    await expect(
      recordReview(w.deps, w.ctx(actors.health), w.planId, {
        kind: 'budget',
        potId: 'HL',
        date: '2026-11-29',
      }),
    ).resolves.toMatchObject({ result: { kind: 'budget', nextDue: null } });
  });
});

describe('budget requests', () => {
  it('are decided with reasons and review rights, and show overdue once past the decision date', async () => {
    // Prepare
    const w = await world();
    const asked = await requestBudget(w.deps, w.ctx(w.family), w.planId, {
      streams: ['social_care'],
      preferredModes: { social_care: 'direct_payment' },
    });
    // Act and assess
    expect(asked.result).toMatchObject({ status: 'open', decisionDue: '2026-12-27', overdue: false });
    w.clock.set('2026-12-28T09:00:00.000Z');
    const open = await listCouncilBudgetRequests(w.deps, actors.officer, COUNCIL, 'open', { limit: 10 });
    expect(open.items.map((r) => [r.requestId, r.overdue])).toEqual([[asked.result.requestId, true]]);
    const id = asked.result.requestId;
    await expect(
      decideBudgetRequest(w.deps, w.ctx(actors.officer), w.planId, id, {
        decision: 'refused',
        reviewRightsExplained: true,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'reason' }] });
    await expect(
      decideBudgetRequest(w.deps, w.ctx(actors.officer), w.planId, id, {
        decision: 'agreed',
        reviewRightsExplained: false,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      decideBudgetRequest(w.deps, w.ctx(w.family), w.planId, id, {
        decision: 'agreed',
        reviewRightsExplained: true,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const refused = await decideBudgetRequest(w.deps, w.ctx(actors.officer), w.planId, id, {
      decision: 'refused',
      reason: 'The provision is already commissioned in full',
      reviewRightsExplained: true,
    });
    expect(refused.result).toMatchObject({ status: 'decided', overdue: false, version: 2 });
    await expect(
      decideBudgetRequest(w.deps, w.ctx(actors.officer), w.planId, id, {
        decision: 'agreed',
        reviewRightsExplained: true,
      }),
    ).rejects.toMatchObject({ code: 'REQUEST_STATE_CONFLICT' });
    const mine = await listPlanBudgetRequests(w.deps, w.family, w.planId);
    expect(mine.requests[0]?.decision).toMatchObject({
      decision: 'refused',
      reason: 'The provision is already commissioned in full',
      reviewRightsExplained: true,
    });
    expect(
      (await listCouncilBudgetRequests(w.deps, actors.officer, COUNCIL, 'open', { limit: 10 })).items,
    ).toEqual([]);
    expect(
      (await listCouncilBudgetRequests(w.deps, actors.officer, COUNCIL, 'decided', { limit: 10 })).items,
    ).toHaveLength(1);
  });
});

describe('transitions at 16 and 18', () => {
  it('let a young person hold the direct payment only from 16', async () => {
    const w = await world('2012-01-10');
    // Agreements are dated on or before today (section 11a): the officer records them on the day.
    w.clock.set('2028-01-10T09:00:00.000Z');
    const young = recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...agreementInput(),
      holder: { kind: 'young_person', name: 'C. Young' },
      signedOn: '2027-01-09',
    });
    await expect(young).rejects.toMatchObject({ code: 'HOLDER_TOO_YOUNG' });
    const sixteen = await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...agreementInput(),
      holder: { kind: 'young_person', name: 'C. Young' },
      signedOn: '2028-01-10',
    });
    expect(sixteen.result.holder.kind).toBe('young_person');
  });

  it('prompt the 18th birthday, end children’s social care the day before, and review the adult direct payment', async () => {
    // Prepare: a young person who turns 18 on 15 December 2026.
    const w = await world('2008-12-15');
    expect(await w.list()).toContain('birthday_18 2026-12-15');
    // Act
    const wrongDay = cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'transition_to_adult',
      date: '2026-12-15',
    });
    await expect(wrongDay).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'date', message: 'must be 2026-12-14' }],
    });
    await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'transition_to_adult',
      date: '2026-12-14',
    });
    await setUpBudget(w.deps, w.ctx(actors.officer), w.planId, {
      period: { start: '2026-12-15', end: '2027-12-14' },
      pots: [
        {
          potId: 'ASC',
          stream: 'social_care',
          funderId: COUNCIL,
          mode: 'direct_payment',
          allocation: '4000.00',
          schedule: { frequency: 'monthly' },
        },
      ],
    });
    w.clock.set('2026-12-20T09:00:00.000Z');
    await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'ASC', {
      ...agreementInput(),
      holder: { kind: 'young_person', name: 'C. Adult' },
      signedOn: '2026-12-20',
    });
    // Assess
    expect((await w.list()).filter((i) => i.startsWith('birthday'))).toEqual([]);
    w.clock.set('2027-06-01T09:00:00.000Z');
    expect(await w.list()).toContain('adult_direct_payment_review 2027-06-20');
    const review = await recordReview(w.deps, w.ctx(actors.officer), w.planId, {
      kind: 'adult_direct_payment',
      potId: 'ASC',
      date: '2027-06-01',
    });
    expect(review.result.nextDue).toBe('2028-06-01');
    expect((await w.list()).filter((i) => i.startsWith('adult'))).toEqual([]);
  });
});
