// Proves each rule of DESIGN.md section 3a gives the decision or code it names, with council overrides.
import { describe, expect, it } from 'vitest';
import { newPots } from '../../domain/budget.js';
import type { Actor, Plan, Pot } from '../../domain/model.js';
import { newPlan } from '../../domain/plan.js';
import {
  approverOf,
  defaultPolicy,
  evaluateSpend,
  policyFor,
  type SpendRequest,
} from '../../domain/policy.js';
import { actors, budgetInput, ICB, planInput } from '../support/section8.js';

function world() {
  const plan: Plan = newPlan(planInput(), 'PLAN1', 'officer-1', new Date('2026-11-29T00:00:00Z'));
  const pots = newPots(plan, [], budgetInput(), '2026-04-01').map((p) =>
    p.mode === 'direct_payment' ? { ...p, agreement: signed } : p,
  );
  const pot = (id: string) => pots.find((p) => p.potId === id) as Pot;
  return { plan, pot, family: actors.family('PLAN1') };
}

const signed: NonNullable<Pot['agreement']> = {
  agreementId: 'A1',
  version: 1,
  holder: { kind: 'parent', name: 'A. Parent' },
  signedOn: '2026-03-20',
  accountReference: '****1234',
  recordedAt: '2026-03-20T10:00:00.000Z',
  recordedBy: { sub: 'officer-1', role: 'council_officer', org: 'LA-001' },
};

const request = (over: Partial<SpendRequest> = {}): SpendRequest => ({
  potId: 'SC',
  amount: '45.00',
  date: '2026-05-03',
  category: 'short_breaks',
  outcomeId: 'O2',
  provisionId: 'H1',
  ...over,
});

describe('evaluateSpend', () => {
  const { plan, pot, family } = world();
  const decide = (over: Partial<SpendRequest>, actor: Actor = family, p: Pot = pot('SC'), pl: Plan = plan) =>
    evaluateSpend(pl, p, request(over), actor, defaultPolicy);

  it('posts a spend within policy', () => {
    expect(decide({})).toEqual({ decision: 'post' });
  });

  it('refuses a direct payment without a signed agreement, unless the council does not require one', () => {
    const { agreement: _a, ...unsigned } = pot('SC');
    expect(decide({}, family, unsigned)).toMatchObject({ decision: 'reject', code: 'AGREEMENT_REQUIRED' });
    expect(evaluateSpend(plan, unsigned, request(), family, policyFor({ requireAgreement: false }))).toEqual({
      decision: 'post',
    });
  });

  it('sends a direct payment above 500.00 for approval, but not one of exactly 500.00', () => {
    expect(decide({ amount: '500.01' })).toMatchObject({ decision: 'reserve_for_approval' });
    expect(decide({ amount: '500.00' })).toEqual({ decision: 'post' });
  });

  it('sends a third-party spend above 1000.00 for approval', () => {
    const hl = pot('HL');
    const req = { potId: 'HL', category: 'therapy', outcomeId: 'O1', provisionId: 'G1' };
    expect(decide({ ...req, amount: '1000.00' }, actors.broker, hl)).toEqual({ decision: 'post' });
    expect(decide({ ...req, amount: '1000.01' }, actors.broker, hl)).toMatchObject({
      decision: 'reserve_for_approval',
    });
  });

  it('sends a payment to a household relative for approval', () => {
    expect(decide({ householdRelative: true })).toMatchObject({
      decision: 'reserve_for_approval',
      reasons: ['pays a relative living in the same household'],
    });
  });

  it('lets the funder officer record any amount without approval', () => {
    expect(decide({ amount: '4000.00' }, actors.officer)).toEqual({ decision: 'post' });
  });

  it.each([
    ['CATEGORY_PROHIBITED', { category: 'gambling' }],
    ['CATEGORY_PROHIBITED', { category: 'school_place' }],
    ['OUTCOME_NOT_IN_PLAN', { outcomeId: 'O9' }],
    ['PROVISION_NOT_IN_PLAN', { provisionId: 'X1' }],
    ['PROVISION_STREAM_MISMATCH', { provisionId: 'F1', outcomeId: 'O1', category: 'tuition' }],
    ['PROVISION_OUTCOME_MISMATCH', { outcomeId: 'O1' }],
    ['CATEGORY_NOT_IN_PROVISION', { category: 'therapy' }],
    ['OUTSIDE_BUDGET_PERIOD', { date: '2027-04-01' }],
    ['OUTSIDE_BUDGET_PERIOD', { date: '2026-03-31' }],
  ] as const)('rejects with %s', (code, over) => {
    expect(decide(over)).toMatchObject({ decision: 'reject', code });
  });

  it('prohibits GP, dental and emergency care from health pots only', () => {
    const hl = pot('HL');
    const withCategory = {
      ...plan,
      provisions: plan.provisions.map((p) => ({ ...p, categories: [...p.categories, 'gp_dental'] })),
    };
    const health = { potId: 'HL', category: 'gp_dental', outcomeId: 'O1', provisionId: 'G1' };
    expect(decide(health, actors.broker, hl, withCategory)).toMatchObject({ code: 'CATEGORY_PROHIBITED' });
    expect(decide({ category: 'gp_dental' }, family, pot('SC'), withCategory)).toEqual({ decision: 'post' });
  });

  it.each(['pharmacy', 'surgery', 'vaccination', 'screening'])(
    'prohibits %s from health pots (NHS exclusions) but not from social care',
    (category) => {
      const withCategory = {
        ...plan,
        provisions: plan.provisions.map((p) => ({ ...p, categories: [...p.categories, category] })),
      };
      const health = { potId: 'HL', category, outcomeId: 'O1', provisionId: 'G1' };
      expect(decide(health, actors.broker, pot('HL'), withCategory)).toMatchObject({
        decision: 'reject',
        code: 'CATEGORY_PROHIBITED',
      });
      expect(decide({ category }, family, pot('SC'), withCategory)).toEqual({ decision: 'post' });
    },
  );

  it('rejects a spend on a suspended pot or a ceased plan', () => {
    expect(decide({}, family, { ...pot('SC'), suspended: true })).toMatchObject({ code: 'POT_SUSPENDED' });
    expect(decide({}, family, pot('SC'), { ...plan, status: 'ceased' })).toMatchObject({
      code: 'PLAN_NOT_ACTIVE',
    });
  });

  it('needs the head teacher consent for provision on school premises', () => {
    const onSite = (consent?: string) => ({
      ...plan,
      provisions: plan.provisions.map((p) =>
        p.id === 'H1'
          ? { ...p, onSchoolPremises: true, ...(consent ? { schoolConsentDate: consent } : {}) }
          : p,
      ),
    });
    expect(decide({}, family, pot('SC'), onSite())).toMatchObject({ code: 'SCHOOL_CONSENT_REQUIRED' });
    expect(decide({}, family, pot('SC'), onSite('2026-04-10'))).toEqual({ decision: 'post' });
  });
});

describe('policy overrides and approvers', () => {
  it('lets a council lower the limit, add prohibitions and choose 4–8 surplus weeks', () => {
    const p = policyFor({
      autoApprovalLimitGbp: { direct_payment: '250.00', third_party: '1000.00', notional: null },
      extraProhibitedCategories: ['vapes'],
      surplusWeeks: 4,
    });
    expect(p.autoApprovalLimitGbp.direct_payment).toBe('250.00');
    expect(p.prohibitedCategories).toContain('vapes');
    expect(p.prohibitedCategories).toContain('gambling');
    expect(() => policyFor({ surplusWeeks: 12 })).toThrow(RangeError);
  });

  it('names the funder officer as approver: council for education and social care, ICB for health', () => {
    expect(approverOf({ stream: 'social_care', funderId: 'LA-001' })).toEqual({
      role: 'council_officer',
      org: 'LA-001',
    });
    expect(approverOf({ stream: 'health', funderId: ICB })).toEqual({ role: 'health_officer', org: ICB });
  });
});
