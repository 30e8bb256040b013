import type { BudgetInput } from '../domain/budget.js';
import type { NewPlanInput } from '../domain/plan.js';

/** The plan, budget and first spend of DESIGN.md section 8: the demo seed and every level of test use these. */

export const COUNCIL = 'LA-001';
export const ICB = 'ICB-01';
export const BROKER = 'BRK-7';

export const planInput = (): NewPlanInput => ({
  councilId: COUNCIL,
  child: { reference: 'CYP-0042', dateOfBirth: '2015-03-02' },
  outcomes: [
    { id: 'O1', domain: 'education', description: 'Reads at age level', targetDate: '2027-07-31' },
    { id: 'O2', domain: 'community_participation', description: 'Joins a weekend club' },
  ],
  provisions: [
    {
      id: 'F1',
      section: 'F',
      stream: 'education',
      description: '1:1 tuition',
      outcomeIds: ['O1'],
      categories: ['tuition'],
    },
    {
      id: 'H1',
      section: 'H2',
      stream: 'social_care',
      description: 'Short breaks',
      outcomeIds: ['O2'],
      categories: ['short_breaks', 'personal_assistant'],
    },
    {
      id: 'G1',
      section: 'G',
      stream: 'health',
      description: 'SALT',
      outcomeIds: ['O1'],
      categories: ['therapy'],
    },
  ],
});

export const budgetInput = (): BudgetInput => ({
  period: { start: '2026-04-01', end: '2027-03-31' },
  pots: [
    { potId: 'EDU', stream: 'education', funderId: COUNCIL, mode: 'notional', allocation: '6000.00' },
    {
      potId: 'SC',
      stream: 'social_care',
      funderId: COUNCIL,
      mode: 'direct_payment',
      allocation: '5000.00',
      schedule: { frequency: 'four_weekly', firstDate: '2026-04-01' },
    },
    {
      potId: 'HL',
      stream: 'health',
      funderId: ICB,
      mode: 'third_party',
      holderId: BROKER,
      allocation: '3000.00',
      schedule: { frequency: 'monthly', firstDate: '2026-04-01' },
    },
  ],
});

export const spendInput = () => ({
  potId: 'SC',
  amount: '45.00',
  date: '2026-05-03',
  payee: 'Sunshine Play CIC',
  category: 'short_breaks',
  outcomeId: 'O2',
  provisionId: 'H1',
  paid: true,
  evidence: 'receipt 1182',
});

/** The direct-payment agreement section 8 records before SC's first instalment (section 9a). */
export const agreementInput = () => ({
  holder: { kind: 'parent' as const, name: 'A. Parent' },
  signedOn: '2026-03-20',
  accountReference: '****1234',
});
