import { councilReconciliation, funderReconciliation } from '../domain/app/reconciliations.js';
import { listRecoveries } from '../domain/app/recoveries.js';
import {
  brokerClientMoney,
  councilJournal,
  councilMonitoringReturns,
  councilSurpluses,
  planStatement,
} from '../domain/app/reports.js';
import { toHledger } from '../domain/hledger.js';
import { appDeps } from './deps.js';
import { toCsv } from './http/csv.js';
import { type Event, handler, pageOf, type Reply } from './http/route.js';

/** Monitoring reports (DESIGN.md section 6): JSON by default, CSV on `?format=csv` or `Accept: text/csv`. */

const wantsCsv = (event: Event, format: string | undefined) =>
  format === 'csv' || (format === undefined && /\btext\/csv\b/.test(event.headers?.accept ?? ''));

function answer(event: Event, format: string | undefined, body: unknown, csv: () => string): Reply {
  return wantsCsv(event, format) ? { body, contentType: 'text/csv; charset=utf-8', text: csv() } : { body };
}

const bucketColumns = ['allocated', 'unreleased', 'available', 'committed', 'spent', 'recovered'];

export const statement = /* @__PURE__ */ handler(
  'GET /v1/plans/{planId}/statement',
  async ({ actor, params, query, event }) => {
    const s = await planStatement(appDeps(), actor, params.planId ?? '', query);
    return answer(event, query.format, s, () =>
      toCsv(
        [
          'potId',
          'stream',
          'mode',
          'allocated',
          'received',
          'committed',
          'spent',
          'available',
          'recovered',
          'receivedInRange',
          'spentInRange',
          'burnRatePerWeek',
          'projectedYearEndSpend',
          'projectedPosition',
          'summary',
        ],
        s.pots as unknown as Array<Record<string, unknown>>,
      ),
    );
  },
);

export const councilReconciliationReport = /* @__PURE__ */ handler(
  'GET /v1/councils/{councilId}/reconciliation',
  async ({ actor, params, query, event }) => {
    const { verify, ...range } = query;
    const r = await councilReconciliation(
      appDeps(),
      actor,
      params.councilId ?? '',
      range,
      verify ? { verify } : {},
    );
    return answer(event, query.format, r, () =>
      toCsv(
        ['funderId', 'stream', 'mode', 'pots', ...bucketColumns],
        [
          ...(r.rows as unknown as Array<Record<string, unknown>>),
          { funderId: 'TOTAL', pots: r.pots, ...r.totals },
        ],
      ),
    );
  },
);

export const funderReconciliationReport = /* @__PURE__ */ handler(
  'GET /v1/funders/{funderId}/reconciliation',
  async ({ actor, params, query, event }) => {
    const r = await funderReconciliation(appDeps(), actor, params.funderId ?? '', query);
    return answer(event, query.format, r, () =>
      toCsv(
        ['councilId', 'mode', 'pots', 'allocated', 'spent', 'held'],
        r.byCouncil as unknown as Array<Record<string, unknown>>,
      ),
    );
  },
);

export const clientMoneyReport = /* @__PURE__ */ handler(
  'GET /v1/brokers/{brokerId}/client-money',
  async ({ actor, params, query, event }) => {
    const r = await brokerClientMoney(appDeps(), actor, params.brokerId ?? '');
    return answer(event, query.format, r, () =>
      toCsv(
        ['planId', 'councilId', 'potId', 'held'],
        [
          ...r.clients.flatMap((c) =>
            c.pots.map((p) => ({ planId: c.planId, councilId: c.councilId, potId: p.potId, held: p.held })),
          ),
          { planId: 'TOTAL', held: r.total },
        ],
      ),
    );
  },
);

export const monitoringReturns = /* @__PURE__ */ handler(
  'GET /v1/councils/{councilId}/monitoring-returns',
  async ({ actor, params, query, event }) => {
    const r = await councilMonitoringReturns(
      appDeps(),
      actor,
      params.councilId ?? '',
      query.quarter,
      pageOf(query),
    );
    return answer(event, query.format, r, () =>
      toCsv(
        [
          'planId',
          'potId',
          'quarter',
          'opening',
          'received',
          'spent',
          'recovered',
          'closing',
          'threshold',
          'surplusAboveThreshold',
          'noSpending',
          'rejectedSpends',
          'spendsWithoutEvidence',
          'prohibitedAttempts',
          'refusedAttempts',
          'reviewOverdue',
          'returnStatus',
          'returnOverdue',
          'spentByCategory',
          'unexplainedLines',
          'unexplainedAmount',
        ],
        r.items.map((i) => ({
          ...i,
          ...i.flags,
          spentByCategory: i.spentByCategory.map((c) => `${c.category}=${c.spent}`).join('; '),
          spendsWithoutEvidence: i.flags.spendsWithoutEvidence,
        })),
      ),
    );
  },
);

export const surpluses = /* @__PURE__ */ handler(
  'GET /v1/councils/{councilId}/surpluses',
  async ({ actor, params, query, event }) => {
    const r = await councilSurpluses(appDeps(), actor, params.councilId ?? '');
    return answer(event, query.format, r, () =>
      toCsv(
        ['planId', 'potId', 'available', 'threshold', 'recoverable', 'weeks'],
        r.items as unknown as Array<Record<string, unknown>>,
      ),
    );
  },
);

export const journal = /* @__PURE__ */ handler(
  'GET /v1/councils/{councilId}/journal',
  async ({ actor, params }) => {
    const councilId = params.councilId ?? '';
    const { entries, pots } = await councilJournal(appDeps(), actor, councilId);
    return {
      body: null,
      contentType: 'text/plain; charset=utf-8',
      text: toHledger(councilId, entries, pots),
    };
  },
);

export const councilRecoveries = /* @__PURE__ */ handler(
  'GET /v1/councils/{councilId}/recoveries',
  async ({ actor, params, query }) => ({
    body: await listRecoveries(appDeps(), actor, { councilId: params.councilId ?? '' }, query.status),
  }),
);

export const funderRecoveries = /* @__PURE__ */ handler(
  'GET /v1/funders/{funderId}/recoveries',
  async ({ actor, params, query }) => ({
    body: await listRecoveries(appDeps(), actor, { funderId: params.funderId ?? '' }, query.status),
  }),
);
