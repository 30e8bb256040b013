// Proves plan and budget validation: references, sections, funders, modes, holders and schedules.
import { describe, expect, it } from 'vitest';
import { budgetIssues, newPots } from '../../domain/budget.js';
import { DomainError } from '../../domain/errors.js';
import type { Plan } from '../../domain/model.js';
import { newPlan, planIssues } from '../../domain/plan.js';
import { budgetInput, COUNCIL, ICB, planInput } from '../support/section8.js';

const today = '2026-11-29';
const plan = (): Plan => newPlan(planInput(), 'PLAN1', 'officer-1', new Date('2026-11-29T00:00:00Z'));

describe('plan validation', () => {
  it('accepts the section 8 plan as active', () => {
    expect(plan().status).toBe('active');
    expect(planIssues(planInput(), today)).toEqual([]);
  });

  it('rejects a provision that refers to an unknown outcome', () => {
    const input = planInput();
    input.provisions[0]?.outcomeIds.push('O9');
    expect(planIssues(input, today)).toEqual([
      { path: 'provisions.0.outcomeIds', message: 'unknown outcome O9' },
    ]);
  });

  it('rejects duplicate outcome and provision ids', () => {
    const input = planInput();
    input.outcomes.push({ ...input.outcomes[0]! });
    input.provisions.push({ ...input.provisions[1]! });
    expect(planIssues(input, today).map((i) => i.path)).toEqual(['outcomes', 'provisions']);
  });

  it.each([
    ['F', 'health'],
    ['G', 'education'],
    ['H1', 'health'],
    ['H2', 'education'],
  ] as const)('rejects a section %s provision of stream %s', (section, stream) => {
    const input = planInput();
    input.provisions[0] = { ...input.provisions[0]!, section, stream };
    expect(planIssues(input, today)[0]?.path).toBe('provisions.0.stream');
  });

  it('rejects a child older than 25 or born in the future', () => {
    const old = planInput();
    old.child.dateOfBirth = '2000-11-28';
    expect(planIssues(old, today)[0]?.path).toBe('child.dateOfBirth');
    const unborn = planInput();
    unborn.child.dateOfBirth = '2027-01-01';
    expect(planIssues(unborn, today)[0]?.message).toMatch(/future/);
    const young = planInput();
    young.child.dateOfBirth = '2000-11-30';
    expect(planIssues(young, today)).toEqual([]);
  });

  it('throws INVALID_PLAN with the failing fields', () => {
    const input = planInput();
    input.provisions[0]!.outcomeIds = ['nope'];
    expect(() => newPlan(input, 'P', 's', new Date())).toThrow(
      expect.objectContaining({ code: 'INVALID_PLAN' }),
    );
  });
});

describe('budget validation', () => {
  it('accepts the section 8 budget, giving cash pots their schedule', () => {
    const pots = newPots(plan(), [], budgetInput(), today);
    expect(pots.map((p) => [p.potId, p.schedule?.frequency ?? null])).toEqual([
      ['EDU', null],
      ['SC', 'four_weekly'],
      ['HL', 'monthly'],
    ]);
  });

  it('defaults firstDate to the period start', () => {
    const input = budgetInput();
    delete input.pots[1]!.schedule!.firstDate;
    expect(newPots(plan(), [], input, today)[1]?.schedule?.firstDate).toBe('2026-04-01');
  });

  const broken: Array<[string, (b: ReturnType<typeof budgetInput>) => void, string]> = [
    [
      'a notional pot with a schedule',
      (b) => {
        b.pots[0]!.schedule = { frequency: 'monthly' };
      },
      'pots.0.schedule',
    ],
    [
      'a cash pot without a schedule',
      (b) => {
        delete b.pots[1]!.schedule;
      },
      'pots.1.schedule',
    ],
    [
      'a third-party pot without a broker',
      (b) => {
        delete b.pots[2]!.holderId;
      },
      'pots.2.holderId',
    ],
    [
      'a direct payment with a broker',
      (b) => {
        b.pots[1]!.holderId = 'BRK-7';
      },
      'pots.1.holderId',
    ],
    [
      'a health pot funded by the council',
      (b) => {
        b.pots[2]!.funderId = COUNCIL;
      },
      'pots.2.funderId',
    ],
    [
      'an education pot funded by the ICB',
      (b) => {
        b.pots[0]!.funderId = ICB;
      },
      'pots.0.funderId',
    ],
    [
      'two pots of one stream and mode',
      (b) => {
        b.pots.push({ ...b.pots[0]!, potId: 'EDU2' });
      },
      'pots.3.mode',
    ],
    [
      'a repeated pot id',
      (b) => {
        b.pots[1]!.potId = 'EDU';
      },
      'pots.1.potId',
    ],
    [
      'a first date outside the period',
      (b) => {
        b.pots[1]!.schedule!.firstDate = '2027-04-01';
      },
      'pots.1.schedule.firstDate',
    ],
    [
      'a zero allocation',
      (b) => {
        b.pots[0]!.allocation = '0.00';
      },
      'pots.0.allocation',
    ],
    [
      'a period ending before it starts',
      (b) => {
        b.period.end = '2026-03-31';
      },
      'period',
    ],
    [
      'a period over a year',
      (b) => {
        b.period.end = '2027-04-02';
      },
      'period',
    ],
  ];

  it.each(broken)('rejects %s', (_what, breakIt, path) => {
    const input = budgetInput();
    breakIt(input);
    expect(budgetIssues(plan(), [], input).map((i) => i.path)).toContain(path);
    expect(() => newPots(plan(), [], input, today)).toThrow(DomainError);
  });

  it('refuses a budget for a plan that is not active', () => {
    const ceased = { ...plan(), status: 'ceased' as const };
    expect(() => newPots(ceased, [], budgetInput(), today)).toThrow(
      expect.objectContaining({ code: 'PLAN_NOT_ACTIVE' }),
    );
  });

  it('allows a later period with new pot ids, and refuses an overlapping one', () => {
    const first = newPots(plan(), [], budgetInput(), today);
    const next = budgetInput();
    next.period = { start: '2027-04-01', end: '2028-03-31' };
    next.pots = next.pots.map((p) => ({
      ...p,
      potId: `${p.potId}27`,
      schedule: p.schedule && { frequency: p.schedule.frequency },
    }));
    expect(budgetIssues(plan(), first, next)).toEqual([]);
    next.period.start = '2027-03-01';
    expect(budgetIssues(plan(), first, next).some((i) => i.path.endsWith('.mode'))).toBe(true);
  });
});
