// Proves the rules of DESIGN.md section 11a that are not about the schedule, in memory: dates of
// things that happened lie on or before today, who may hold a direct payment by stream and age,
// the transition at 18 ends only social care, sufficiency holds after set-up, plans are bounded,
// and a return waits for its quarter to end.
import { describe, expect, it } from 'vitest';
import { recordAgreement } from '../../../domain/app/agreements.js';
import { amend } from '../../../domain/app/amendments.js';
import { cease } from '../../../domain/app/cessation.js';
import {
  adjustAllocation,
  createPlan,
  recover,
  requestSpend,
  setUpBudget,
} from '../../../domain/app/commands.js';
import { runInstalments } from '../../../domain/app/instalments.js';
import { councilReconciliation } from '../../../domain/app/reconciliations.js';
import { submitReturn } from '../../../domain/app/returns.js';
import { recordReview } from '../../../domain/app/reviews.js';
import { worklist } from '../../../domain/app/worklist.js';
import type { BudgetInput } from '../../../domain/budget.js';
import { endOfCompulsorySchoolAge } from '../../../domain/holding.js';
import type { Provision } from '../../../domain/model.js';
import { planOutcomesMax, planProvisionsMax } from '../../../domain/plan-bounds.js';
import { memoryWorld, section8Budget } from '../../support/harness.js';
import { actors, agreementInput, COUNCIL, planInput, spendInput } from '../../support/section8.js';

/** The section 8 plan, its child born on `dateOfBirth`, on 29 November 2026. */
async function world(dateOfBirth = '2015-03-02', costs: Record<string, string> = {}) {
  const w = memoryWorld('2026-11-29T10:00:00.000Z');
  const input = planInput();
  input.child.dateOfBirth = dateOfBirth;
  input.provisions = input.provisions.map((p) =>
    costs[p.id] === undefined ? p : { ...p, annualCost: costs[p.id] },
  );
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), input);
  return { ...w, planId: plan.planId };
}

const monthly = { frequency: 'monthly' as const };

/** Direct payments of every stream, for the whole financial year 2026–27. */
const directPayments = (): BudgetInput => ({
  period: { start: '2026-04-01', end: '2027-03-31' },
  pots: [
    {
      potId: 'EDU',
      stream: 'education',
      funderId: COUNCIL,
      mode: 'direct_payment',
      allocation: '1200.00',
      schedule: monthly,
    },
    {
      potId: 'SC',
      stream: 'social_care',
      funderId: COUNCIL,
      mode: 'direct_payment',
      allocation: '1200.00',
      schedule: monthly,
    },
    {
      potId: 'HL',
      stream: 'health',
      funderId: 'ICB-01',
      mode: 'direct_payment',
      allocation: '1200.00',
      schedule: monthly,
    },
  ],
});

describe('dates of things that happened', () => {
  it('refuses an agreement, a notice or a review dated after today, naming the field', async () => {
    // Prepare
    const w = await world();
    await section8Budget(w, w.planId);
    // Act
    const agreement = recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...agreementInput(),
      signedOn: '2026-11-30',
    });
    const adjustment = adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-10.00',
      reason: 'reduced care',
      effectiveDate: '2027-01-10',
      noticeGiven: '2026-12-01',
    });
    const recovery = recover(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '10.00',
      reason: 'surplus',
      dueDate: '2027-01-10',
      noticeGiven: '2026-12-01',
    });
    const review = recordReview(w.deps, w.ctx(actors.officer), w.planId, {
      kind: 'annual',
      date: '2026-12-01',
    });
    // Assess
    for (const [field, refused] of [
      ['signedOn', agreement],
      ['noticeGiven', adjustment],
      ['noticeGiven', recovery],
      ['date', review],
    ] as const) {
      await expect(refused).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [{ path: field, message: 'after today (2026-11-29)' }],
      });
    }
    const pot = (await w.store.getPots(w.planId)).find((p) => p.potId === 'SC');
    expect(pot?.agreement?.version).toBe(1);
    expect(pot?.scheduledAdjustments).toBeUndefined();
    expect(pot?.committed).toBe('0.00');
  });

  it('accepts the same dates when they are today', async () => {
    const w = await world();
    await section8Budget(w, w.planId);
    const agreement = await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...agreementInput(),
      signedOn: '2026-11-29',
    });
    const review = await recordReview(w.deps, w.ctx(actors.officer), w.planId, {
      kind: 'annual',
      date: '2026-11-29',
    });
    expect(agreement.result.version).toBe(2);
    expect(review.result.date).toBe('2026-11-29');
  });

  it('takes today as the date in Europe/London: at 23:30 UTC in summer it is already the next day', async () => {
    // Prepare: 23:30 UTC on 30 June 2027 is 00:30 BST on 1 July.
    const w = await world();
    w.clock.set('2027-06-30T23:30:00.000Z');
    // Act
    const review = await recordReview(w.deps, w.ctx(actors.officer), w.planId, {
      kind: 'annual',
      date: '2027-07-01',
    });
    const later = recordReview(w.deps, w.ctx(actors.officer), w.planId, {
      kind: 'annual',
      date: '2027-07-02',
    });
    // Assess
    expect(review.result.date).toBe('2027-07-01');
    await expect(later).rejects.toMatchObject({
      fields: [{ path: 'date', message: 'after today (2027-07-01)' }],
    });
  });

  it('keeps the UTC date at 23:30 UTC in winter, when London is on GMT', async () => {
    const w = await world();
    w.clock.set('2026-11-29T23:30:00.000Z');
    const review = recordReview(w.deps, w.ctx(actors.officer), w.planId, {
      kind: 'annual',
      date: '2026-11-30',
    });
    await expect(review).rejects.toMatchObject({
      fields: [{ path: 'date', message: 'after today (2026-11-29)' }],
    });
  });
});

describe('who may hold a direct payment', () => {
  it('finds the end of compulsory school age: the last Friday of June of the school year of the 16th birthday', () => {
    // 16 on 15 October 2026: the school year ends in 2027; 30 June 2027 is a Wednesday.
    expect(endOfCompulsorySchoolAge('2010-10-15')).toBe('2027-06-25');
    // 16 on 10 May 2026: the school year ends in 2026; 30 June 2026 is a Tuesday.
    expect(endOfCompulsorySchoolAge('2010-05-10')).toBe('2026-06-26');
    // 16 on 31 August: the last day of the school year, whose June has passed.
    expect(endOfCompulsorySchoolAge('2010-08-31')).toBe('2026-06-26');
    // 16 on 1 September: the first day of the next school year.
    expect(endOfCompulsorySchoolAge('2010-09-01')).toBe('2027-06-25');
    // 30 June 2028 is itself a Friday.
    expect(endOfCompulsorySchoolAge('2011-12-01')).toBe('2028-06-30');
  });

  it('lets a 16-year-old hold social care and health but not education before the end of compulsory school age', async () => {
    // Prepare: 16 on 15 October 2026, still of compulsory school age until 25 June 2027.
    const w = await world('2010-10-15');
    await setUpBudget(w.deps, w.ctx(actors.officer), w.planId, directPayments());
    const young = { ...agreementInput(), holder: { kind: 'young_person' as const, name: 'C. Young' } };
    // Act
    const education = recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'EDU', {
      ...young,
      signedOn: '2026-11-20',
    });
    const socialCare = await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...young,
      signedOn: '2026-10-15',
    });
    const health = await recordAgreement(w.deps, w.ctx(actors.health), w.planId, 'HL', {
      ...young,
      signedOn: '2026-10-15',
    });
    const sixteenEve = recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...young,
      signedOn: '2026-10-14',
    });
    // Assess
    await expect(education).rejects.toMatchObject({
      code: 'HOLDER_TOO_YOUNG',
      detail: expect.stringContaining('2027-06-25'),
      fields: [{ path: 'holder.kind', message: 'young_person may hold it from 2027-06-25' }],
    });
    await expect(sixteenEve).rejects.toMatchObject({
      code: 'HOLDER_TOO_YOUNG',
      detail: expect.stringContaining('2026-10-15'),
    });
    expect(socialCare.result.holder.kind).toBe('young_person');
    expect(health.result.holder.kind).toBe('young_person');
    const pots = await w.store.getPots(w.planId);
    expect(pots.find((p) => p.potId === 'EDU')?.agreement).toBeUndefined();
  });

  it('refuses a parent as the holder from the 18th birthday, but takes a nominee', async () => {
    // Prepare: 18 on 1 June 2026.
    const w = await world('2008-06-01');
    await setUpBudget(w.deps, w.ctx(actors.officer), w.planId, directPayments());
    // Act
    const parent = recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...agreementInput(),
      signedOn: '2026-06-01',
    });
    const beforeEighteen = await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...agreementInput(),
      signedOn: '2026-05-31',
    });
    const nominee = await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...agreementInput(),
      holder: { kind: 'nominee', name: 'A. Parent' },
      signedOn: '2026-06-01',
    });
    // Assess
    await expect(parent).rejects.toMatchObject({
      code: 'HOLDER_KIND_NOT_ALLOWED',
      fields: [{ path: 'holder.kind' }],
    });
    expect(beforeEighteen.result.version).toBe(1);
    expect(nominee.result).toMatchObject({ version: 2, holder: { kind: 'nominee' } });
  });
});

describe('the transition at 18', () => {
  it('ends only a social care pot, and the prompt closes when the last children’s social care direct payment ends', async () => {
    // Prepare: 18 on 15 December 2026.
    const w = await world('2008-12-15');
    await setUpBudget(w.deps, w.ctx(actors.officer), w.planId, directPayments());
    const prompts = async () =>
      (await worklist(w.deps, actors.officer, { councilId: COUNCIL }, { limit: 100 })).items
        .filter((i) => i.kind === 'birthday_18')
        .map((i) => i.due);
    expect(await prompts()).toEqual(['2026-12-15']);
    // Act
    const education = cease(w.deps, w.ctx(actors.officer), w.planId, 'EDU', {
      reason: 'transition_to_adult',
      date: '2026-12-14',
    });
    await expect(education).rejects.toMatchObject({
      code: 'TRANSITION_NOT_APPLICABLE',
      fields: [{ path: 'reason' }],
    });
    expect((await w.store.getPots(w.planId)).find((p) => p.potId === 'EDU')?.ceased).toBeUndefined();
    await cease(w.deps, w.ctx(actors.officer), w.planId, 'EDU', {
      reason: 'holder_request',
      date: '2026-12-14',
    });
    // Assess: an education pot ending answers nothing about the 18th birthday.
    expect(await prompts()).toEqual(['2026-12-15']);
    await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'transition_to_adult',
      date: '2026-12-14',
    });
    expect(await prompts()).toEqual([]);
  });

  it('keeps the prompt open when a social care direct payment ends before the birthday', async () => {
    // Prepare: 18 on 15 December 2026; the social care direct payment ends on 31 October.
    const w = await world('2008-12-15');
    await setUpBudget(w.deps, w.ctx(actors.officer), w.planId, {
      period: { start: '2026-04-01', end: '2026-10-31' },
      pots: [
        {
          potId: 'SC',
          stream: 'social_care',
          funderId: COUNCIL,
          mode: 'direct_payment',
          allocation: '700.00',
          schedule: { frequency: 'monthly' as const },
        },
      ],
    });
    // Act
    await cease(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      reason: 'holder_request',
      date: '2026-10-01',
    });
    // Assess
    const items = (await worklist(w.deps, actors.officer, { councilId: COUNCIL }, { limit: 100 })).items;
    expect(items.filter((i) => i.kind === 'birthday_18')).toHaveLength(1);
  });
});

describe('sufficiency after set-up', () => {
  it('refuses a cut below the pro-rata cost of the stream’s costed provisions unless a shortfall reason is given, and lists it', async () => {
    // Prepare: short breaks cost 4,500.00 a year; SC holds 5,000.00 for the whole year.
    const w = await world('2015-03-02', { H1: '4500.00' });
    await section8Budget(w, w.planId);
    // Act
    const cut = adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-600.00',
      reason: 'fewer sessions',
      effectiveDate: '2026-11-29',
    });
    await expect(cut).rejects.toMatchObject({
      code: 'ALLOCATION_BELOW_COST',
      fields: [{ path: 'amount' }],
    });
    expect((await w.store.getPots(w.planId)).find((p) => p.potId === 'SC')?.allocated).toBe('5000.00');
    const small = await adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-500.00',
      reason: 'fewer sessions',
      effectiveDate: '2026-11-29',
    });
    const explained = await adjustAllocation(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      amount: '-100.00',
      reason: 'fewer sessions',
      effectiveDate: '2026-11-29',
      shortfallReason: 'The family asked for fewer sessions',
    });
    // Assess
    expect(small.result.pot.allocated).toBe('4500.00');
    expect(explained.result.pot.allocated).toBe('4400.00');
    const sc = (await w.store.getPots(w.planId)).find((p) => p.potId === 'SC');
    expect(sc?.shortfall).toEqual({
      cost: '4500.00',
      allocation: '4400.00',
      shortfall: '100.00',
      reason: 'The family asked for fewer sessions',
    });
    const council = await councilReconciliation(w.deps, actors.officer, COUNCIL, {
      from: '2026-04-01',
      to: '2027-03-31',
    });
    expect(council.shortfalls).toEqual([
      expect.objectContaining({
        planId: w.planId,
        potId: 'SC',
        shortfall: '100.00',
        reason: 'The family asked for fewer sessions',
      }),
    ]);
  });

  it('refuses an amendment that raises a provision’s cost above the allocation unless a shortfall reason is given', async () => {
    // Prepare
    const w = await world('2015-03-02', { H1: '4500.00' });
    await section8Budget(w, w.planId);
    const raise = {
      reason: 'More short breaks',
      effectiveFrom: '2026-12-01',
      updateProvisions: [{ id: 'H1', annualCost: '5400.00' }],
    };
    // Act
    const refused = amend(w.deps, w.ctx(actors.officer), w.planId, raise);
    await expect(refused).rejects.toMatchObject({ code: 'ALLOCATION_BELOW_COST' });
    expect((await w.store.getPlan(w.planId))?.version).toBe(1);
    const done = await amend(w.deps, w.ctx(actors.officer), w.planId, {
      ...raise,
      shortfallReason: 'Funding agreed from January',
    });
    // Assess
    expect(done.result.version).toBe(2);
    expect((await w.store.getPots(w.planId)).find((p) => p.potId === 'SC')?.shortfall).toMatchObject({
      cost: '5400.00',
      allocation: '5000.00',
      shortfall: '400.00',
      reason: 'Funding agreed from January',
    });
  });
});

describe('bounded plans', () => {
  const provisions = (from: number, count: number, description = 'Tuition'): Provision[] =>
    Array.from({ length: count }, (_, i) => ({
      id: `P${from + i}`,
      section: 'F',
      stream: 'education',
      description,
      outcomeIds: ['O1'],
      categories: ['tuition'],
    }));

  it(`holds at most ${planProvisionsMax} provisions and ${planOutcomesMax} outcomes over all versions`, async () => {
    // Prepare: the plan holds 3 provisions; 197 more make 200, retired ones included.
    const w = await world();
    await amend(w.deps, w.ctx(actors.officer), w.planId, {
      reason: 'More tuition',
      effectiveFrom: '2026-12-01',
      addProvisions: provisions(0, 100),
    });
    await amend(w.deps, w.ctx(actors.officer), w.planId, {
      reason: 'More tuition',
      effectiveFrom: '2026-12-01',
      addProvisions: provisions(100, 97),
      retireProvisionIds: ['P0', 'P1'],
    });
    // Act
    const past = amend(w.deps, w.ctx(actors.officer), w.planId, {
      reason: 'One more',
      effectiveFrom: '2026-12-01',
      addProvisions: provisions(200, 1),
    });
    // Assess
    await expect(past).rejects.toMatchObject({ code: 'PLAN_TOO_LARGE', fields: [{ path: 'addProvisions' }] });
    const plan = await w.store.getPlan(w.planId);
    expect([plan?.version, plan?.provisions.length]).toEqual([3, planProvisionsMax]);
  });

  it('refuses the amendment that would pass what one stored item holds, with PLAN_TOO_LARGE', async () => {
    // Prepare: amendments of about 55 KB each (the body limit is 64 KB).
    const w = await world();
    const outcomes: string[] = [];
    // Act
    for (let round = 0; round < 7; round++) {
      const large = amend(w.deps, w.ctx(actors.officer), w.planId, {
        reason: `Large amendment ${round + 1}`,
        effectiveFrom: '2026-12-01',
        addProvisions: provisions(round * 28, 28, 'x'.repeat(990)).map((p) => ({
          ...p,
          categories: Array.from({ length: 30 }, (_, i) => `category_${i}_${'y'.repeat(20)}`),
        })),
      });
      outcomes.push(
        await large.then(
          () => 'ok',
          (e: { code?: string }) => String(e.code),
        ),
      );
    }
    // Assess: the first ones fit; from the one that would pass the item limit on, each is refused.
    const firstRefused = outcomes.indexOf('PLAN_TOO_LARGE');
    expect(firstRefused).toBeGreaterThan(3);
    expect(outcomes.slice(0, firstRefused).every((o) => o === 'ok')).toBe(true);
    expect(outcomes.slice(firstRefused).every((o) => o === 'PLAN_TOO_LARGE')).toBe(true);
    expect((await w.store.getPlan(w.planId))?.version).toBe(firstRefused + 1);
  });
});

describe('returns', () => {
  it('refuses a return for a quarter not yet ended, and takes one for the quarter just ended', async () => {
    // Prepare: 29 November 2026 is inside 2026-Q3 (October to December).
    const w = await world();
    await section8Budget(w, w.planId);
    const family = actors.family(w.planId);
    const input = { bankBalance: '0.00', declaration: true as const };
    // Act
    const current = submitReturn(w.deps, w.ctx(family), w.planId, 'SC', { ...input, quarter: '2026-Q3' });
    const ended = await submitReturn(w.deps, w.ctx(family), w.planId, 'SC', { ...input, quarter: '2026-Q2' });
    // Assess
    await expect(current).rejects.toMatchObject({
      code: 'QUARTER_NOT_ENDED',
      fields: [{ path: 'quarter', message: 'not ended on 2026-11-29' }],
    });
    expect(ended.result.quarter).toBe('2026-Q2');
    expect((await w.store.listReturns(w.planId)).map((r) => r.quarter)).toEqual(['2026-Q2']);
  });
});

describe('spend by outcome domain', () => {
  it('counts only the spends dated inside the report’s range, from the figures and from the pots alike', async () => {
    // Prepare: community participation support bought in May, June and on 3 July.
    const w = await world();
    await section8Budget(w, w.planId);
    await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo: '2026-07-31' });
    const family = actors.family(w.planId);
    for (const [date, amount] of [
      ['2026-05-03', '45.00'],
      ['2026-06-12', '30.00'],
      ['2026-07-03', '20.00'],
    ] as const)
      await requestSpend(w.deps, w.ctx(family), w.planId, { ...spendInput(), date, amount });
    for (const [range, spent] of [
      [{ from: '2026-06-01', to: '2026-06-30' }, '30.00'],
      [{ from: '2026-06-10', to: '2026-07-02' }, '30.00'],
      [{ from: '2026-05-01', to: '2026-07-31' }, '95.00'],
      [{ from: '2026-08-01', to: '2026-09-30' }, undefined],
    ] as const) {
      // Act
      const quick = await councilReconciliation(w.deps, actors.officer, COUNCIL, range);
      const verified = await councilReconciliation(w.deps, actors.officer, COUNCIL, range, {
        verify: 'pots',
      });
      // Assess
      const expected = spent === undefined ? [] : [{ domain: 'community_participation', spent }];
      expect([range, quick.spendByOutcomeDomain]).toEqual([range, expected]);
      expect([range, verified.spendByOutcomeDomain]).toEqual([range, expected]);
      expect(verified.figuresAgree).toBe(true);
    }
  });
});
