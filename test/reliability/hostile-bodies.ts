import { agreementInput, budgetInput, COUNCIL, planInput, spendInput } from '../support/section8.js';

/** A valid body for every changing route: the hostile-input suite mutates each one. */

type Body = Record<string, unknown>;

export function mutatingRoutes(ids: {
  planId: string;
  spendId: string;
  entryId: string;
  requestId: string;
}): Array<{
  method: string;
  path: string;
  body: Body;
  amounts: string[];
  dates: string[];
}> {
  const { planId, spendId, entryId, requestId } = ids;
  return [
    { method: 'POST', path: '/v1/plans', body: planInput() as unknown as Body, amounts: [], dates: [] },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/budgets`,
      body: budgetInput() as unknown as Body,
      amounts: [],
      dates: [],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/pots/SC/adjustments`,
      body: { amount: '-10.00', reason: 'review', effectiveDate: '2026-12-01', noticeGiven: '2026-11-01' },
      amounts: ['amount'],
      dates: ['effectiveDate', 'noticeGiven'],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/pots/SC/recoveries`,
      body: { amount: '1.00', reason: 'surplus', dueDate: '2026-12-31', noticeGiven: '2026-11-01' },
      amounts: ['amount'],
      dates: ['dueDate', 'noticeGiven'],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/pots/SC/suspension`,
      body: { reason: 'overdue' },
      amounts: [],
      dates: [],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/pots/EDU/cessation`,
      body: { reason: 'plan_ceased', date: '2027-03-31' },
      amounts: [],
      dates: ['date'],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/pots/SC/resumption`,
      body: { reason: 'done', missedInstalments: 'withhold' },
      amounts: [],
      dates: [],
    },
    {
      method: 'DELETE',
      path: `/v1/plans/${planId}/pots/SC/suspension`,
      body: { reason: 'done' },
      amounts: [],
      dates: [],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/pots/SC/agreement`,
      body: agreementInput() as unknown as Body,
      amounts: [],
      dates: ['signedOn'],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/pots/SC/returns`,
      body: { quarter: '2026-Q1', bankBalance: '593.48', declaration: true },
      amounts: ['bankBalance'],
      dates: [],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/members`,
      body: { sub: 'nominee-9', name: 'N. Nominee', relation: 'nominee', canSpend: true },
      amounts: [],
      dates: [],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/spends`,
      body: spendInput() as unknown as Body,
      amounts: ['amount'],
      dates: ['date'],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/spends/${spendId}/approve`,
      body: { reason: 'fine' },
      amounts: [],
      dates: [],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/spends/${spendId}/reject`,
      body: { reason: 'no' },
      amounts: [],
      dates: [],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/spends/${spendId}/pay`,
      body: { amount: '1.00', evidence: 'r', date: '2026-05-03' },
      amounts: ['amount'],
      dates: ['date'],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/spends/${spendId}/void`,
      body: { reason: 'x' },
      amounts: [],
      dates: [],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/spends/${spendId}/evidence`,
      body: { evidence: 'receipt 2' },
      amounts: [],
      dates: [],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/entries/${entryId}/reverse`,
      body: { reason: 'x' },
      amounts: [],
      dates: [],
    },
    {
      method: 'POST',
      path: '/v1/instalment-runs',
      body: { councilId: COUNCIL, upTo: '2026-06-30' },
      amounts: [],
      dates: ['upTo'],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/amendments`,
      body: { reason: 'review', effectiveFrom: '2026-10-01', retireProvisionIds: ['H1'] },
      amounts: [],
      dates: ['effectiveFrom'],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/reviews`,
      body: { kind: 'annual', date: '2026-11-01', notes: 'fine' },
      amounts: [],
      dates: ['date'],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/budget-requests`,
      body: { streams: ['education'], notes: 'please' },
      amounts: [],
      dates: [],
    },
    {
      method: 'POST',
      path: `/v1/plans/${planId}/budget-requests/${requestId}/decision`,
      body: { decision: 'refused', reason: 'no', reviewRightsExplained: true },
      amounts: [],
      dates: [],
    },
    {
      method: 'PUT',
      path: `/v1/councils/${COUNCIL}/policy`,
      body: { requireAgreement: true, offsetSurplus: false },
      amounts: [],
      dates: [],
    },
  ];
}
