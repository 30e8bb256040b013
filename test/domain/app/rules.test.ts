// Proves the rules of DESIGN.md section 11a that are not about the schedule, in memory: dates of
// things that happened lie on or before today, who may hold a direct payment by stream and age,
// and the transition at 18 ends only social care (the plan's size and figures: rules-figures.test.ts).
import { describe, expect, it } from 'vitest';
import { recordAgreement } from '../../../domain/app/agreements.js';
import { cease } from '../../../domain/app/cessation.js';
import { adjustAllocation, recover, setUpBudget } from '../../../domain/app/commands.js';
import { recordReview } from '../../../domain/app/reviews.js';
import { worklist } from '../../../domain/app/worklist.js';
import type { BudgetInput } from '../../../domain/budget.js';
import { endOfCompulsorySchoolAge } from '../../../domain/holding.js';
import { section8Budget, section8World } from '../../support/harness.js';
import { actors, agreementInput, COUNCIL } from '../../support/section8.js';

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
    const w = await section8World();
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
    const w = await section8World();
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
    const w = await section8World();
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
    const w = await section8World();
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
    const w = await section8World('2010-10-15');
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
    const w = await section8World('2008-06-01');
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
    const w = await section8World('2008-12-15');
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
    const w = await section8World('2008-12-15');
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
