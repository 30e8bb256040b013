import { randomUUID } from 'node:crypto';
import { canSeePlan, canSeePot } from '../../domain/access.js';
import { appDeps } from '../../functions/deps.js';
import { agreementInput, BROKER, COUNCIL, ICB, planInput, spendInput } from '../support/section8.js';
import { moneyOutCells, readsRunPayments } from './isolation-money-out.js';
import { secondRoundCells } from './isolation-second-round.js';
import { statementCells } from './isolation-statements.js';
import { accessRules, type Cell, freshLine, type IsolationWorld } from './isolation-world.js';

/** The isolation matrix's cells for every route: where to call it, with what, and who may. */
export function cells(w: IsolationWorld): Record<string, Cell> {
  const { api, planId, ids, pots } = w;
  const { pot, plan, onPot, onPlan, onOrg, seesPot } = accessRules(w);
  const p = `/v1/plans/${planId}`;
  return {
    'POST /v1/plans': {
      path: '/v1/plans',
      body: planInput(),
      allowed: onOrg('plan:create', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/plans/{planId}': { path: p, allowed: onPlan('plan:read') },
    'POST /v1/plans/{planId}/budgets': {
      path: `${p}/budgets`,
      body: {
        period: { start: '2027-04-01', end: '2028-03-31' },
        pots: [
          {
            potId: `N${randomUUID().slice(0, 6)}`,
            stream: 'education',
            funderId: COUNCIL,
            mode: 'notional',
            allocation: '1.00',
          },
        ],
      },
      allowed: onPlan('budget:create'),
    },
    'POST /v1/plans/{planId}/pots/{potId}/adjustments': {
      path: `${p}/pots/SC/adjustments`,
      body: { amount: '1.00', reason: 'r' },
      allowed: onPot('pot:adjust', 'SC'),
    },
    'POST /v1/plans/{planId}/pots/{potId}/recoveries': {
      path: `${p}/pots/SC/recoveries`,
      body: { amount: '0.01', reason: 'surplus', dueDate: '2026-12-31' },
      allowed: onPot('pot:recover', 'SC'),
    },
    ...Object.fromEntries(
      (['settle', 'withdraw'] as const).map((action) => [
        `POST /v1/plans/{planId}/pots/{potId}/recoveries/{recoveryId}/${action}`,
        {
          path: `${p}/pots/SC/recoveries/${ids.notice}/${action}`,
          allowed: onPot('pot:recover', 'SC'),
        },
      ]),
    ),
    'GET /v1/councils/{councilId}/recoveries': {
      path: `/v1/councils/${COUNCIL}/recoveries`,
      allowed: onOrg('council:report', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/funders/{funderId}/recoveries': {
      path: `/v1/funders/${ICB}/recoveries`,
      allowed: onOrg('funder:report', { kind: 'funder', funderId: ICB }),
    },
    'POST /v1/plans/{planId}/pots/{potId}/resumption': {
      path: `${p}/pots/HL/resumption`,
      body: { reason: 'r', missedInstalments: 'release' },
      allowed: onPot('pot:suspend', 'HL'),
      // A suspended pot to resume, each time.
      before: async () => {
        const health = await api.as('health_officer', ICB);
        await health('POST', `${p}/pots/HL/suspension`, { reason: 'matrix' });
      },
    },
    'POST /v1/plans/{planId}/pots/{potId}/cessation': {
      path: `${p}/pots/EDU/cessation`,
      body: { reason: 'plan_ceased', date: '2027-03-31' },
      allowed: onPot('pot:suspend', 'EDU'),
    },
    'POST /v1/plans/{planId}/pots/{potId}/suspension': {
      path: `${p}/pots/HL/suspension`,
      body: { reason: 'r' },
      allowed: onPot('pot:suspend', 'HL'),
    },
    'DELETE /v1/plans/{planId}/pots/{potId}/suspension': {
      path: `${p}/pots/HL/suspension`,
      body: {},
      allowed: onPot('pot:suspend', 'HL'),
    },
    'POST /v1/plans/{planId}/pots/{potId}/agreement': {
      path: `${p}/pots/SC/agreement`,
      body: agreementInput(),
      allowed: onPot('pot:agree', 'SC'),
    },
    'GET /v1/plans/{planId}/events': { path: `${p}/events`, allowed: onPlan('events:read') },
    'POST /v1/plans/{planId}/pots/{potId}/returns': {
      path: `${p}/pots/SC/returns`,
      body: { quarter: '2026-Q1', bankBalance: '0.00', declaration: true },
      allowed: onPot('spend:account', 'SC'),
    },
    'POST /v1/plans/{planId}/members': {
      path: `${p}/members`,
      body: { sub: 'added-by-matrix', name: 'M. Atrix', relation: 'parent', canSpend: false },
      allowed: onPlan('members:manage'),
    },
    'GET /v1/plans/{planId}/members': { path: `${p}/members`, allowed: onPlan('events:read') },
    'DELETE /v1/plans/{planId}/members/{sub}': {
      path: `${p}/members/victim`,
      allowed: onPlan('members:manage'),
      // Someone to remove each time, so every allowed caller finds one.
      before: async () => {
        const officer = await api.as('council_officer', COUNCIL);
        await officer('POST', `${p}/members`, {
          sub: 'victim',
          name: 'V. Ictim',
          relation: 'parent',
          canSpend: false,
        });
        w.members = (await appDeps().store.getPlan(planId))?.members ?? [];
      },
    },
    'POST /v1/plans/{planId}/spends': {
      path: `${p}/spends`,
      body: { ...spendInput(), amount: '0.01' },
      allowed: onPot('spend:create', 'SC'),
    },
    'GET /v1/plans/{planId}/spends/{spendId}': {
      path: `${p}/spends/${ids.paid}`,
      allowed: (a) => canSeePlan(a, plan(), pots) && canSeePot(a, plan(), pot('SC')),
    },
    'POST /v1/plans/{planId}/spends/{spendId}/approve': {
      path: `${p}/spends/${ids.pending}/approve`,
      body: {},
      allowed: onPot('spend:approve', 'SC'),
    },
    'POST /v1/plans/{planId}/spends/{spendId}/reject': {
      path: `${p}/spends/${ids.pending}/reject`,
      body: { reason: 'r' },
      allowed: onPot('spend:approve', 'SC'),
    },
    'POST /v1/plans/{planId}/spends/{spendId}/pay': {
      path: `${p}/spends/${ids.approved}/pay`,
      body: { amount: '0.01' },
      allowed: onPot('spend:pay', 'SC'),
    },
    'POST /v1/plans/{planId}/spends/{spendId}/void': {
      path: `${p}/spends/${ids.approved}/void`,
      body: {},
      allowed: onPot('spend:void', 'SC'),
    },
    'POST /v1/plans/{planId}/spends/{spendId}/evidence': {
      path: `${p}/spends/${ids.paid}/evidence`,
      body: { evidence: 'receipt 2' },
      allowed: onPot('spend:account', 'SC'),
    },
    'POST /v1/plans/{planId}/entries/{entryId}/reverse': {
      path: `${p}/entries/${ids.entry}/reverse`,
      body: { reason: 'r' },
      allowed: onPot('entry:reverse', 'SC'),
    },
    'GET /v1/approvals': { path: '/v1/approvals', allowed: onOrg('approvals:list', { kind: 'none' }) },
    'POST /v1/instalment-runs': {
      path: '/v1/instalment-runs',
      body: { councilId: COUNCIL, upTo: '2026-04-01' },
      allowed: onOrg('instalments:run', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/instalment-runs/{runId}': {
      path: `/v1/instalment-runs/${ids.run}`,
      // The council's auditors read a run too: its payments and downloads (section 11b).
      allowed: (a) =>
        onOrg('instalments:run', { kind: 'council', councilId: COUNCIL })(a) || readsRunPayments(a),
    },
    'GET /v1/councils/{councilId}/instalment-runs': {
      path: `/v1/councils/${COUNCIL}/instalment-runs`,
      allowed: (a) =>
        onOrg('instalments:run', { kind: 'council', councilId: COUNCIL })(a) || readsRunPayments(a),
    },
    'GET /v1/plans/{planId}/audit': { path: `${p}/audit`, allowed: onPlan('audit:read') },
    'GET /v1/plans/{planId}/statement': { path: `${p}/statement`, allowed: onPlan('statement:read') },
    'GET /v1/councils/{councilId}/reconciliation': {
      path: `/v1/councils/${COUNCIL}/reconciliation`,
      allowed: onOrg('council:report', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/councils/{councilId}/monitoring-returns': {
      path: `/v1/councils/${COUNCIL}/monitoring-returns?quarter=2026-Q1`,
      allowed: onOrg('council:report', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/councils/{councilId}/surpluses': {
      path: `/v1/councils/${COUNCIL}/surpluses`,
      allowed: onOrg('council:report', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/councils/{councilId}/journal': {
      path: `/v1/councils/${COUNCIL}/journal?format=hledger`,
      allowed: onOrg('journal:export', { kind: 'council', councilId: COUNCIL }),
    },
    'GET /v1/funders/{funderId}/reconciliation': {
      path: `/v1/funders/${ICB}/reconciliation`,
      allowed: onOrg('funder:report', { kind: 'funder', funderId: ICB }),
    },
    'GET /v1/brokers/{brokerId}/client-money': {
      path: `/v1/brokers/${BROKER}/client-money`,
      allowed: onOrg('broker:report', { kind: 'broker', brokerId: BROKER }),
    },
    'GET /v1/openapi.json': { path: '/v1/openapi.json', allowed: () => true },
    ...secondRoundCells(planId, ids, { onPlan, onOrg }),
    ...moneyOutCells(ids),
    ...statementCells(planId, ids, { onPot, seesPot }, () => freshLine(w)),
  };
}
